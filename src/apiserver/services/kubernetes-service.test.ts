import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resourceFor } from '../../api/index.js';
import { type JsonObject, RegistryStore } from '../registry/index.js';
import { storeAllocators } from './config.js';
import { serviceHooks } from './hooks.js';
import { systemContext } from './ip-allocator.js';
import { ServiceIPRange } from './ip-range.js';
import { KubernetesServiceController } from './kubernetes-service.js';
import { LeaseEndpointReconciler, MASTER_LEASES_PREFIX } from './lease-reconciler.js';
import { openTestStore, type TestStore } from './test-store.js';

describe('KubernetesServiceController', () => {
  let ts: TestStore;
  let services: RegistryStore;
  let cidrs: RegistryStore;
  let endpoints: RegistryStore;
  let controller: KubernetesServiceController;
  const ctx = systemContext('default');
  const reg = (group: string, resource: string, opts = {}) =>
    new RegistryStore(resourceFor({ group, version: 'v1', resource })!, ts.store, opts);

  before(async () => {
    ts = await openTestStore();
    const al = storeAllocators(
      [ServiceIPRange.parse('10.96.0.0/12')!],
      { base: 30000, size: 2768 },
      ts.store,
    );
    services = reg('', 'services', { hooks: serviceHooks(al, { store: ts.store }) });
    cidrs = reg('networking.k8s.io', 'servicecidrs');
    endpoints = reg('', 'endpoints');
    controller = new KubernetesServiceController({
      services,
      serviceCIDRs: cidrs,
      reconciler: new LeaseEndpointReconciler({
        store: ts.store,
        endpoints,
        endpointSlices: reg('discovery.k8s.io', 'endpointslices'),
      }),
      serviceIP: '10.96.0.1',
      cidrs: ['10.96.0.0/12'],
      advertiseAddress: '192.0.2.3',
      securePort: 6443,
    });
  });
  after(() => ts.close());

  it('creates the Ready ServiceCIDR, the Service and its Endpoints', async () => {
    await controller.ensureObjects();
    await controller.sync();
    const cidr = await cidrs.get(systemContext(), 'kubernetes');
    assert.deepEqual((cidr['spec'] as JsonObject)['cidrs'], ['10.96.0.0/12']);
    const cond = ((cidr['status'] as JsonObject)['conditions'] as JsonObject[])[0]!;
    assert.equal(cond['type'], 'Ready');
    assert.equal(cond['status'], 'True');
    assert.equal(cond['message'], 'Kubernetes default Service CIDR is ready');
    const svc = await services.get(ctx, 'kubernetes');
    const spec = svc['spec'] as JsonObject;
    assert.equal(spec['clusterIP'], '10.96.0.1');
    assert.deepEqual(spec['ports'], [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }]);
    assert.equal(spec['sessionAffinity'], 'None');
    const ep = await endpoints.get(ctx, 'kubernetes');
    assert.deepEqual((ep['subsets'] as JsonObject[])[0]!['addresses'], [{ ip: '192.0.2.3' }]);
  });

  it('puts back ports someone changed', async () => {
    const svc = await services.get(ctx, 'kubernetes');
    (svc['spec'] as JsonObject)['ports'] = [{ name: 'https', protocol: 'TCP', port: 8443, targetPort: 1 }];
    await services.update(ctx, 'kubernetes', svc);
    await controller.sync();
    const back = await services.get(ctx, 'kubernetes');
    assert.deepEqual((back['spec'] as JsonObject)['ports'], [
      { name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 },
    ]);
  });

  it('stops by withdrawing its lease', async () => {
    const stop = new AbortController();
    const running = controller.start(stop.signal);
    await controller.ready;
    stop.abort();
    await running;
    assert.equal((await ts.store.get(`${MASTER_LEASES_PREFIX}192.0.2.3`)).kv, undefined);
    // The last server leaving does not empty the list (upstream refuses to erase every endpoint).
    const ep = await endpoints.get(ctx, 'kubernetes');
    assert.deepEqual((ep['subsets'] as JsonObject[])[0]!['addresses'], [{ ip: '192.0.2.3' }]);
  });
});
