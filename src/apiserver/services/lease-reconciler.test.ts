import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resourceFor } from '../../api/index.js';
import { type JsonObject, RegistryStore } from '../registry/index.js';
import { systemContext } from './ip-allocator.js';
import { LeaseEndpointReconciler, MASTER_LEASES_PREFIX, sliceFromEndpoints } from './lease-reconciler.js';
import { openTestStore, type TestStore } from './test-store.js';

const ports = [{ name: 'https', port: 6443, protocol: 'TCP' }];

describe('LeaseEndpointReconciler', () => {
  let ts: TestStore;
  let endpoints: RegistryStore;
  let slices: RegistryStore;
  let a: LeaseEndpointReconciler;
  let b: LeaseEndpointReconciler;
  const ctx = systemContext('default');
  const addresses = async () =>
    (
      ((await endpoints.get(ctx, 'kubernetes'))['subsets'] as JsonObject[])[0]!['addresses'] as JsonObject[]
    ).map((x) => x['ip']);

  before(async () => {
    ts = await openTestStore();
    endpoints = new RegistryStore(
      resourceFor({ group: '', version: 'v1', resource: 'endpoints' })!,
      ts.store,
    );
    slices = new RegistryStore(
      resourceFor({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' })!,
      ts.store,
    );
    const deps = { store: ts.store, endpoints, endpointSlices: slices };
    a = new LeaseEndpointReconciler(deps);
    b = new LeaseEndpointReconciler(deps);
  });
  after(() => ts.close());

  it('lists every server holding a lease, in address order', async () => {
    await a.reconcile('kubernetes', '192.0.2.20', ports);
    assert.deepEqual(await addresses(), ['192.0.2.20']);
    await b.reconcile('kubernetes', '192.0.2.10', ports);
    assert.deepEqual(await addresses(), ['192.0.2.10', '192.0.2.20']);
    const ep = await endpoints.get(ctx, 'kubernetes');
    assert.deepEqual((ep['metadata'] as JsonObject)['labels'], {
      'endpointslice.kubernetes.io/skip-mirror': 'true',
    });
    assert.deepEqual((ep['subsets'] as JsonObject[])[0]!['ports'], ports);
  });

  it('keeps the EndpointSlice in step', async () => {
    const slice = await slices.get(ctx, 'kubernetes');
    assert.deepEqual((slice['metadata'] as JsonObject)['labels'], {
      'kubernetes.io/service-name': 'kubernetes',
    });
    assert.equal(slice['addressType'], 'IPv4');
    assert.deepEqual(slice['endpoints'], [
      { addresses: ['192.0.2.10'], conditions: { ready: true } },
      { addresses: ['192.0.2.20'], conditions: { ready: true } },
    ]);
    assert.deepEqual(slice['ports'], ports);
  });

  it('writes nothing when nothing changed but the lease', async () => {
    const before = (await endpoints.get(ctx, 'kubernetes'))['metadata'] as JsonObject;
    const sliceBefore = (await slices.get(ctx, 'kubernetes'))['metadata'] as JsonObject;
    await a.reconcile('kubernetes', '192.0.2.20', ports);
    const afterMeta = (await endpoints.get(ctx, 'kubernetes'))['metadata'] as JsonObject;
    const sliceAfter = (await slices.get(ctx, 'kubernetes'))['metadata'] as JsonObject;
    assert.equal(afterMeta['resourceVersion'], before['resourceVersion']);
    assert.equal(sliceAfter['resourceVersion'], sliceBefore['resourceVersion']);
  });

  it('gives each lease a time to live and drops a withdrawn server', async () => {
    const kv = (await ts.store.get(`${MASTER_LEASES_PREFIX}192.0.2.10`)).kv;
    assert.ok(kv !== undefined);
    await b.remove('kubernetes', '192.0.2.10', ports);
    assert.deepEqual(await addresses(), ['192.0.2.20']);
    assert.deepEqual(await a.listLeases(), ['192.0.2.20']);
    // A removed reconciler stays quiet.
    await b.reconcile('kubernetes', '192.0.2.10', ports);
    assert.deepEqual(await a.listLeases(), ['192.0.2.20']);
  });
});

describe('sliceFromEndpoints', () => {
  it('marks IPv6 slices and not-ready addresses as upstream', () => {
    const s = sliceFromEndpoints('kubernetes', {
      subsets: [{ addresses: [{ ip: 'fd00::1' }], notReadyAddresses: [{ ip: 'fd00::2' }], ports }],
    });
    assert.equal(s['addressType'], 'IPv6');
    assert.deepEqual(s['endpoints'], [
      { addresses: ['fd00::1'], conditions: { ready: true } },
      { addresses: ['fd00::2'], conditions: { ready: false } },
    ]);
  });
});
