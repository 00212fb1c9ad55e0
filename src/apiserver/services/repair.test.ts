import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resourceFor } from '../../api/index.js';
import { RegistryStore, type RequestContext } from '../registry/index.js';
import { storeAllocators } from './config.js';
import { serviceHooks } from './hooks.js';
import { ServiceIPRange } from './ip-range.js';
import { NODE_PORT_PREFIX } from './port-allocator.js';
import { AllocationRepair, REPAIRS_BEFORE_LEAK_CLEANUP } from './repair.js';
import type { Allocators } from './service-alloc.js';
import { openTestStore, type TestStore } from './test-store.js';

const ctx: RequestContext = { namespace: 'default', user: 'alice', now: () => new Date() };

describe('AllocationRepair', () => {
  let ts: TestStore;
  let al: Allocators;
  let services: RegistryStore;
  let repair: AllocationRepair;
  const ipTaken = async (ip: string) => (await ts.store.get(`/registry/ipaddresses/${ip}`)).kv !== undefined;
  const portTaken = async (p: number) => (await ts.store.get(`${NODE_PORT_PREFIX}${p}`)).kv !== undefined;

  before(async () => {
    ts = await openTestStore();
    al = storeAllocators([ServiceIPRange.parse('10.96.0.0/24')!], { base: 30000, size: 100 }, ts.store);
    const info = resourceFor({ group: '', version: 'v1', resource: 'services' })!;
    services = new RegistryStore(info, ts.store, { hooks: serviceHooks(al, { store: ts.store }) });
    repair = new AllocationRepair(ts.store, al);
    await services.create(ctx, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kept' },
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.10',
        selector: { a: 'b' },
        ports: [{ port: 80, nodePort: 30010 }],
      },
    });
  });
  after(() => ts.close());

  it('leaves what Services hold alone', async () => {
    const r = await repair.runOnce();
    assert.deepEqual(r, { restoredIPs: [], restoredPorts: [], releasedIPs: [], releasedPorts: [] });
    assert.equal(await ipTaken('10.96.0.10'), true);
  });

  it('frees leaked records only after the grace rounds', async () => {
    await al.ip.get('IPv4')!.allocate('10.96.0.20', { namespace: 'default', name: 'gone' }, false);
    await al.ports.allocate(30020, { namespace: 'default', name: 'gone' }, false);
    for (let i = 1; i < REPAIRS_BEFORE_LEAK_CLEANUP; i++) {
      const r = await repair.runOnce();
      assert.deepEqual(r.releasedIPs, []);
      assert.equal(await ipTaken('10.96.0.20'), true);
    }
    const r = await repair.runOnce();
    assert.deepEqual(r.releasedIPs, ['10.96.0.20']);
    assert.deepEqual(r.releasedPorts, [30020]);
    assert.equal(await ipTaken('10.96.0.20'), false);
    assert.equal(await portTaken(30020), false);
  });

  it('records again what a Service holds without a record', async () => {
    await ts.store.delete('/registry/ipaddresses/10.96.0.10');
    await ts.store.delete(`${NODE_PORT_PREFIX}30010`);
    const r = await repair.runOnce();
    assert.deepEqual(r.restoredIPs, ['10.96.0.10']);
    assert.deepEqual(r.restoredPorts, [30010]);
    assert.equal(await ipTaken('10.96.0.10'), true);
    assert.equal(await portTaken(30010), true);
  });
});
