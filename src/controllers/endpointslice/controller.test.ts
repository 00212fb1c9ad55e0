import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { ENDPOINT_SLICES, NODES, PODS, SERVICES } from '../../client/resources.js';
import { EndpointSliceController } from './controller.js';
import { StaleInformerCacheError } from './errors.js';
import { newTestEnv, testPod, testService } from './testing.js';

const node = (name: string, zone?: string): Node => ({
  metadata: { name, ...(zone === undefined ? {} : { labels: { 'topology.kubernetes.io/zone': zone } }) },
});

function setup() {
  const env = newTestEnv();
  const c = new EndpointSliceController(env.ctx);
  env.cache(NODES, node('n1', 'zone-a'), node('n2'));
  return { env, c };
}

function manyPods(n: number, from = 0): Pod[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + from;
    return testPod(`p${i}`, `10.244.${Math.floor(i / 200)}.${(i % 200) + 1}`);
  });
}

function slices(env: ReturnType<typeof newTestEnv>): EndpointSlice[] {
  return env.client.objects(ENDPOINT_SLICES, 'ns');
}

function writes(env: ReturnType<typeof newTestEnv>): string[] {
  return env.client
    .actions()
    .filter((a) => a.verb === 'create' || a.verb === 'update' || a.verb === 'delete')
    .map((a) => `${a.verb} ${a.name}`);
}

describe('EndpointSliceController.sync', () => {
  it('writes one slice with conditions, node, zone, ports, labels and owner', async () => {
    const { env, c } = setup();
    env.cache(
      SERVICES,
      testService('web', { ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] }),
    );
    env.cache(PODS, testPod('a', '10.244.0.2'), testPod('b', '10.244.0.3', { ready: false, node: 'n2' }));
    await c.sync('ns/web');
    const [s, ...rest] = slices(env);
    assert.equal(rest.length, 0);
    assert.ok(s);
    assert.equal(s.addressType, 'IPv4');
    assert.equal(s.metadata?.generateName, 'web-');
    assert.ok(s.metadata?.name?.startsWith('web-'));
    assert.deepEqual(s.metadata?.labels, {
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    assert.deepEqual(s.metadata?.ownerReferences, [
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        uid: 'uid-svc-web',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.deepEqual(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(s.endpoints, [
      {
        addresses: ['10.244.0.2'],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' },
        nodeName: 'n1',
        zone: 'zone-a',
      },
      {
        addresses: ['10.244.0.3'],
        conditions: { ready: false, serving: false, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' },
        nodeName: 'n2',
      },
    ]);
    assert.equal(
      s.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'],
      '2026-01-01T00:00:00Z',
    );
  });

  it('marks terminating endpoints serving but not ready', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    const p = testPod('a', '10.244.0.2');
    env.cache(PODS, { ...p, metadata: { ...p.metadata, deletionTimestamp: '2026-01-01T00:01:00Z' } });
    await c.sync('ns/web');
    assert.deepEqual(slices(env)[0]?.endpoints?.[0]?.conditions, {
      ready: false,
      serving: true,
      terminating: true,
    });
  });

  it('spreads 250 pods over 3 slices of at most 100', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    env.cache(PODS, ...manyPods(250));
    await c.sync('ns/web');
    const all = slices(env);
    assert.equal(all.length, 3);
    assert.deepEqual(
      all.map((s) => s.endpoints?.length ?? 0).sort((a, b) => a - b),
      [50, 100, 100],
    );
    const addresses = new Set(all.flatMap((s) => (s.endpoints ?? []).flatMap((e) => e.addresses)));
    assert.equal(addresses.size, 250);
  });

  it('touches only the slices that change', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    env.cache(PODS, ...manyPods(250));
    await c.sync('ns/web');
    env.refresh(ENDPOINT_SLICES);
    env.client.clearActions();
    await c.sync('ns/web');
    assert.deepEqual(writes(env), [], 'a sync with nothing new writes nothing');

    // One pod goes away and a new one comes: one slice changes, nothing is created.
    const idx = env.informers.informerFor(PODS).indexer;
    idx.delete(idx.get('ns', 'p3')!);
    env.cache(PODS, ...manyPods(1, 900));
    await c.sync('ns/web');
    const w = writes(env);
    assert.equal(w.length, 1, w.join(', '));
    assert.ok(w[0]?.startsWith('update '));
    const addresses = slices(env).flatMap((s) => (s.endpoints ?? []).flatMap((e) => e.addresses));
    assert.equal(addresses.length, 250);
    assert.ok(addresses.includes('10.244.4.101'));
    assert.ok(!addresses.includes('10.244.0.4'));
  });

  it('fills an existing slice before creating one', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    env.cache(PODS, ...manyPods(150));
    await c.sync('ns/web');
    env.refresh(ENDPOINT_SLICES);
    env.client.clearActions();
    env.cache(PODS, ...manyPods(30, 150));
    await c.sync('ns/web');
    assert.deepEqual(
      writes(env).map((w) => w.split(' ')[0]),
      ['update'],
    );
    assert.deepEqual(
      slices(env)
        .map((s) => s.endpoints?.length)
        .sort(),
      [100, 80],
    );
  });

  it('keeps one empty placeholder slice for a service without endpoints', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    await c.sync('ns/web');
    assert.equal(slices(env).length, 1);
    assert.deepEqual(slices(env)[0]?.endpoints, []);
    env.refresh(ENDPOINT_SLICES);
    env.client.clearActions();
    await c.sync('ns/web');
    assert.deepEqual(writes(env), []);
  });

  it('writes the other pods and fails the sync when a pod node is unknown', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    env.cache(PODS, testPod('a', '10.244.0.2'), testPod('b', '10.244.0.3', { node: 'ghost' }));
    await assert.rejects(c.sync('ns/web'), /Node ghost Not Found/);
    assert.deepEqual(
      slices(env)[0]?.endpoints?.map((e) => e.addresses[0]),
      ['10.244.0.2'],
    );
    assert.equal(env.events.events[0]?.reason, 'FailedToUpdateEndpointSlices');
  });

  it('refuses to work from a cache older than its own writes', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    env.cache(PODS, testPod('a', '10.244.0.2'));
    await c.sync('ns/web');
    await assert.rejects(c.sync('ns/web'), StaleInformerCacheError);
  });

  it('writes a slice per IP family of a dual-stack service', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService('web', { ipFamilies: ['IPv4', 'IPv6'] }));
    const p = testPod('a', '10.244.0.2');
    env.cache(PODS, { ...p, status: { ...p.status, podIPs: [{ ip: '10.244.0.2' }, { ip: 'fd00::2' }] } });
    await c.sync('ns/web');
    const byType = Object.fromEntries(slices(env).map((s) => [s.addressType, s.endpoints?.[0]?.addresses]));
    assert.deepEqual(byType, { IPv4: ['10.244.0.2'], IPv6: ['fd00::2'] });
  });

  it('hints endpoints for their zone under trafficDistribution PreferClose', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService('web', { trafficDistribution: 'PreferClose' }));
    env.cache(PODS, testPod('a', '10.244.0.2'));
    await c.sync('ns/web');
    assert.deepEqual(slices(env)[0]?.endpoints?.[0]?.hints, { forZones: [{ name: 'zone-a' }] });
  });

  it('adds node hints for PreferSameNode and drops hints once trafficDistribution is gone', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService('web', { trafficDistribution: 'PreferSameNode' }));
    env.cache(PODS, testPod('a', '10.244.0.2'), testPod('b', '10.244.0.3', { ready: false }));
    await c.sync('ns/web');
    const eps = slices(env)[0]?.endpoints ?? [];
    assert.deepEqual(eps[0]?.hints, { forZones: [{ name: 'zone-a' }], forNodes: [{ name: 'n1' }] });
    assert.equal(eps[1]?.hints, undefined, 'not-ready endpoints get no hints');
    env.refresh(ENDPOINT_SLICES);
    env.client.clearActions();
    env.cache(SERVICES, testService('web'));
    await c.sync('ns/web');
    assert.equal(writes(env).length, 1);
    assert.equal(slices(env)[0]?.endpoints?.[0]?.hints, undefined);
  });

  it('leaves services without a selector alone', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService('web', { selector: undefined }));
    env.cache(PODS, testPod('a', '10.244.0.2'));
    await c.sync('ns/web');
    assert.deepEqual(env.client.actions(), []);
  });

  it('copies service labels and marks headless services', async () => {
    const { env, c } = setup();
    const svc = testService('web', { clusterIP: 'None' });
    env.cache(SERVICES, { ...svc, metadata: { ...svc.metadata, labels: { tier: 'front' } } });
    env.cache(PODS, testPod('a', '10.244.0.2'));
    await c.sync('ns/web');
    assert.deepEqual(slices(env)[0]?.metadata?.labels, {
      tier: 'front',
      'service.kubernetes.io/headless': '',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
  });
});
