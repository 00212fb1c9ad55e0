import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoints, Pod } from 'kubernetes-types/core/v1.js';
import { ENDPOINTS, PODS, SERVICES } from '../../client/resources.js';
import { newTestEnv, testPod, testService } from '../endpointslice/testing.js';
import { EndpointsController } from './controller.js';

function setup() {
  const env = newTestEnv();
  const c = new EndpointsController(env.ctx);
  return { env, c };
}

async function stored(env: ReturnType<typeof newTestEnv>, name = 'web'): Promise<Endpoints> {
  return env.client.resource(ENDPOINTS).get('ns', name);
}

function ips(addrs: { ip: string }[] | undefined): string[] {
  return (addrs ?? []).map((a) => a.ip);
}

describe('EndpointsController.sync', () => {
  it('lists selected pods, ready ones as addresses and others as not ready, on the named port', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService('web', {}));
    env.cache(
      PODS,
      testPod('a', '10.244.0.2'),
      testPod('b', '10.244.0.3', { ready: false }),
      testPod('c', '10.244.0.4'),
      testPod('other', '10.244.0.9', { labels: { app: 'db' } }),
    );
    await c.sync('ns/web');
    const ep = await stored(env);
    assert.equal(ep.subsets?.length, 1);
    const s = ep.subsets![0]!;
    assert.deepEqual(ips(s.addresses), ['10.244.0.2', '10.244.0.4']);
    assert.deepEqual(ips(s.notReadyAddresses), ['10.244.0.3']);
    assert.deepEqual(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(s.addresses![0], {
      ip: '10.244.0.2',
      nodeName: 'n1',
      targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' },
    });
    assert.equal(
      ep.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'],
      '2026-01-01T00:00:00Z',
    );
    assert.equal(ep.metadata?.labels?.['service.kubernetes.io/headless'], undefined);
  });

  it('writes nothing when the stored Endpoints already match', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    env.cache(PODS, testPod('a', '10.244.0.2'));
    await c.sync('ns/web');
    env.refresh(ENDPOINTS);
    env.client.clearActions();
    await c.sync('ns/web');
    assert.deepEqual(
      env.client.actions().filter((a) => a.verb !== 'get' && a.verb !== 'list'),
      [],
    );
  });

  it('updates the Endpoints when a pod turns ready', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    env.cache(PODS, testPod('a', '10.244.0.2', { ready: false }));
    await c.sync('ns/web');
    env.refresh(ENDPOINTS);
    const ready = testPod('a', '10.244.0.2');
    ready.status!.conditions![0]!.lastTransitionTime = '2026-01-01T00:01:00Z';
    env.cache(PODS, ready);
    await c.sync('ns/web');
    const ep = await stored(env);
    assert.deepEqual(ips(ep.subsets?.[0]?.addresses), ['10.244.0.2']);
    assert.equal(ep.subsets?.[0]?.notReadyAddresses, undefined);
    assert.equal(
      ep.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'],
      '2026-01-01T00:01:00Z',
    );
  });

  it('publishes not-ready and terminating pods only with publishNotReadyAddresses', async () => {
    const { env, c } = setup();
    const t = testPod('t', '10.244.0.5');
    const terminating: Pod = { ...t, metadata: { ...t.metadata, deletionTimestamp: '2026-01-01T00:00:30Z' } };
    const done: Pod = testPod('d', '10.244.0.6');
    done.status!.phase = 'Succeeded';
    env.cache(PODS, testPod('a', '10.244.0.2', { ready: false }), terminating, done);
    env.cache(SERVICES, testService());
    await c.sync('ns/web');
    let ep = await stored(env);
    assert.deepEqual(ips(ep.subsets?.[0]?.addresses), []);
    assert.deepEqual(ips(ep.subsets?.[0]?.notReadyAddresses), ['10.244.0.2']);

    env.refresh(ENDPOINTS);
    env.cache(SERVICES, testService('web', { publishNotReadyAddresses: true }));
    await c.sync('ns/web');
    ep = await stored(env);
    assert.deepEqual(ips(ep.subsets?.[0]?.addresses), ['10.244.0.2', '10.244.0.5']);
  });

  it('sets hostnames for pods of the subdomain and labels headless services', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService('web', { clusterIP: 'None', ports: [] }));
    const p = testPod('a', '10.244.0.2');
    p.spec!.hostname = 'a';
    p.spec!.subdomain = 'web';
    env.cache(PODS, p, testPod('b', '10.244.0.3'));
    await c.sync('ns/web');
    const ep = await stored(env);
    assert.equal(ep.metadata?.labels?.['service.kubernetes.io/headless'], '');
    assert.equal(ep.subsets?.length, 1);
    assert.equal(ep.subsets?.[0]?.ports, undefined);
    assert.deepEqual(
      ep.subsets?.[0]?.addresses?.map((a) => [a.ip, a.hostname]),
      [
        ['10.244.0.2', 'a'],
        ['10.244.0.3', undefined],
      ],
    );
  });

  it('skips services without a selector and ExternalName services', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService('manual', { selector: undefined }));
    env.cache(SERVICES, testService('ext', { type: 'ExternalName', externalName: 'example.com' }));
    env.cache(PODS, testPod('a', '10.244.0.2'));
    await c.sync('ns/manual');
    await c.sync('ns/ext');
    assert.deepEqual(env.client.actions(), []);
  });

  it('deletes the Endpoints of a deleted service', async () => {
    const { env, c } = setup();
    env.client.seed(ENDPOINTS, [{ metadata: { name: 'gone', namespace: 'ns' } }]);
    await c.sync('ns/gone');
    assert.deepEqual(env.client.objects(ENDPOINTS), []);
    await c.sync('ns/gone'); // NotFound is fine
  });

  it('truncates to 1000 addresses, ready first, and says so', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    const pods: Pod[] = [];
    for (let i = 0; i < 1010; i++)
      pods.push(testPod(`p${i}`, `10.244.${Math.floor(i / 250)}.${(i % 250) + 1}`, { ready: i % 2 === 0 }));
    env.cache(PODS, ...pods);
    await c.sync('ns/web');
    const ep = await stored(env);
    const s = ep.subsets![0]!;
    assert.equal(s.addresses?.length, 505);
    assert.equal(s.notReadyAddresses?.length, 495);
    assert.equal(ep.metadata?.annotations?.['endpoints.kubernetes.io/over-capacity'], 'truncated');
  });

  it('keeps pods that do not expose a named port out', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService());
    const p = testPod('a', '10.244.0.2');
    p.spec!.containers[0]!.ports = [{ name: 'metrics', containerPort: 9090 }];
    env.cache(PODS, p, testPod('b', '10.244.0.3'));
    await c.sync('ns/web');
    const ep = await stored(env);
    assert.deepEqual(ips(ep.subsets?.[0]?.addresses), ['10.244.0.3']);
  });

  it('queues leftover Endpoints but not leader-election locks', () => {
    const { env, c } = setup();
    env.cache(
      ENDPOINTS,
      { metadata: { name: 'a', namespace: 'ns' } },
      {
        metadata: {
          name: 'lock',
          namespace: 'ns',
          annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' },
        },
      },
    );
    c.checkLeftoverEndpoints();
    assert.equal(c.queue.len(), 1);
  });
});

describe('EndpointsController.run', () => {
  it('follows pod and service events through the informers', async () => {
    const { env, c } = setup();
    env.client.seed(SERVICES, [testService()]);
    env.client.seed(PODS, [testPod('a', '10.244.0.2')]);
    const ac = new AbortController();
    env.informers.start(ac.signal);
    const running = c.run(1, ac.signal);
    const eps = env.client.resource(ENDPOINTS);
    const waitFor = async (check: (e: Endpoints | undefined) => boolean): Promise<void> => {
      for (let i = 0; i < 500; i++) {
        const e = env.client.objects(ENDPOINTS, 'ns')[0];
        if (check(e)) return;
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.fail('condition not reached');
    };
    try {
      await waitFor((e) => e?.subsets?.[0]?.addresses?.length === 1);
      const b = testPod('b', '10.244.0.3');
      await env.client
        .resource(PODS)
        .create('ns', { ...b, metadata: { ...b.metadata, resourceVersion: undefined } });
      await waitFor((e) => e?.subsets?.[0]?.addresses?.length === 2);
      await eps.delete('ns', 'web');
      await waitFor((e) => e?.subsets?.[0]?.addresses?.length === 2);
    } finally {
      ac.abort();
      await running;
    }
  });
});
