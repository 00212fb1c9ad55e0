import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { ENDPOINT_SLICES, ENDPOINTS, SERVICES } from '../../client/resources.js';
import { newTestEnv, testService } from '../endpointslice/testing.js';
import { EndpointSliceMirroringController } from './controller.js';

function custom(name = 'ext', extra: Partial<Endpoints> = {}): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-ep-${name}`,
      labels: { team: 'x' },
      annotations: { note: 'y', 'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-01T00:00:00Z' },
    },
    subsets: [
      {
        addresses: [{ ip: '192.0.2.10' }, { ip: '192.0.2.11', nodeName: 'n1' }],
        notReadyAddresses: [{ ip: '192.0.2.12' }],
        ports: [{ name: 'db', port: 5432, protocol: 'TCP' }],
      },
    ],
    ...extra,
  };
}

function setup() {
  const env = newTestEnv();
  const c = new EndpointSliceMirroringController(env.ctx);
  env.cache(SERVICES, testService('ext', { selector: undefined }));
  return { env, c };
}

function slices(env: ReturnType<typeof newTestEnv>): EndpointSlice[] {
  return env.client.objects(ENDPOINT_SLICES, 'ns');
}

describe('EndpointSliceMirroringController.sync', () => {
  it('mirrors custom Endpoints into a slice', async () => {
    const { env, c } = setup();
    env.cache(ENDPOINTS, custom());
    await c.sync('ns/ext');
    const [s, ...rest] = slices(env);
    assert.equal(rest.length, 0);
    assert.ok(s);
    assert.equal(s.addressType, 'IPv4');
    assert.deepEqual(s.metadata?.labels, {
      team: 'x',
      'kubernetes.io/service-name': 'ext',
      'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
    });
    assert.deepEqual(s.metadata?.annotations, { note: 'y' });
    assert.equal(s.metadata?.ownerReferences?.[0]?.kind, 'Endpoints');
    assert.deepEqual(s.ports, [{ name: 'db', port: 5432, protocol: 'TCP' }]);
    assert.deepEqual(
      s.endpoints?.map((e) => [e.addresses[0], e.conditions?.ready, e.nodeName]),
      [
        ['192.0.2.10', true, undefined],
        ['192.0.2.11', true, 'n1'],
        ['192.0.2.12', false, undefined],
      ],
    );
  });

  it('writes nothing when the mirror is current, and updates it in place on change', async () => {
    const { env, c } = setup();
    env.cache(ENDPOINTS, custom());
    await c.sync('ns/ext');
    env.refresh(ENDPOINT_SLICES);
    env.client.clearActions();
    await c.sync('ns/ext');
    assert.deepEqual(
      env.client.actions().filter((a) => a.verb !== 'get'),
      [],
    );
    const changed = custom();
    changed.subsets![0]!.addresses = [{ ip: '192.0.2.20' }];
    env.cache(ENDPOINTS, changed);
    await c.sync('ns/ext');
    assert.deepEqual(
      env.client.actions().map((a) => a.verb),
      ['update'],
    );
    assert.deepEqual(
      slices(env)[0]?.endpoints?.map((e) => e.addresses[0]),
      ['192.0.2.20', '192.0.2.12'],
    );
  });

  it('reuses the slice of a port set that went away for the new one', async () => {
    const { env, c } = setup();
    env.cache(ENDPOINTS, custom());
    await c.sync('ns/ext');
    env.refresh(ENDPOINT_SLICES);
    const name = slices(env)[0]?.metadata?.name;
    env.client.clearActions();
    const moved = custom();
    moved.subsets![0]!.ports = [{ name: 'db', port: 6432, protocol: 'TCP' }];
    env.cache(ENDPOINTS, moved);
    await c.sync('ns/ext');
    assert.deepEqual(
      env.client.actions().map((a) => `${a.verb} ${a.name}`),
      [`update ${name}`],
    );
    assert.deepEqual(slices(env)[0]?.ports, [{ name: 'db', port: 6432, protocol: 'TCP' }]);
  });

  it('honours skip-mirror and removes existing mirrors', async () => {
    const { env, c } = setup();
    env.cache(ENDPOINTS, custom());
    await c.sync('ns/ext');
    env.refresh(ENDPOINT_SLICES);
    const skip = custom();
    env.cache(ENDPOINTS, {
      ...skip,
      metadata: { ...skip.metadata, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    });
    await c.sync('ns/ext');
    assert.deepEqual(slices(env), []);
  });

  it('does not mirror Endpoints of services with a selector', async () => {
    const { env, c } = setup();
    env.cache(SERVICES, testService('ext'));
    env.cache(ENDPOINTS, custom());
    await c.sync('ns/ext');
    assert.deepEqual(slices(env), []);
  });

  it('mirrors at most 1000 addresses per subset and warns', async () => {
    const { env, c } = setup();
    const addresses = Array.from({ length: 1005 }, (_, i) => ({
      ip: `10.1.${Math.floor(i / 250)}.${i % 250}`,
    }));
    env.cache(
      ENDPOINTS,
      custom('ext', { subsets: [{ addresses: [...addresses, { ip: 'not-an-ip' }], ports: [{ port: 80 }] }] }),
    );
    await c.sync('ns/ext');
    assert.equal(slices(env)[0]?.endpoints?.length, 1000);
    assert.deepEqual(
      env.events.events.map((e) => [e.component, e.reason, e.message]),
      [
        [
          'endpoint-slice-mirroring-controller',
          'TooManyAddressesToMirror',
          'A max of 1000 addresses can be mirrored to EndpointSlices per Endpoints subset. 6 addresses were skipped',
        ],
      ],
    );
  });

  it('warns about invalid addresses', async () => {
    const { env, c } = setup();
    env.cache(
      ENDPOINTS,
      custom('ext', {
        subsets: [{ addresses: [{ ip: 'bad' }, { ip: '192.0.2.1' }], ports: [{ port: 80 }] }],
      }),
    );
    await c.sync('ns/ext');
    assert.deepEqual(
      env.events.events.map((e) => [e.reason, e.message]),
      [['InvalidIPAddress', 'Skipped 1 invalid IP addresses when mirroring to EndpointSlices']],
    );
  });

  it('splits IPv4 and IPv6 addresses', async () => {
    const { env, c } = setup();
    env.cache(
      ENDPOINTS,
      custom('ext', {
        subsets: [{ addresses: [{ ip: '192.0.2.1' }, { ip: '2001:db8::1' }], ports: [{ port: 80 }] }],
      }),
    );
    await c.sync('ns/ext');
    assert.deepEqual(
      slices(env)
        .map((s) => s.addressType)
        .sort(),
      ['IPv4', 'IPv6'],
    );
  });

  it('deletes mirrors of deleted Endpoints', async () => {
    const { env, c } = setup();
    env.cache(ENDPOINTS, custom());
    await c.sync('ns/ext');
    env.refresh(ENDPOINT_SLICES);
    env.informers.informerFor(ENDPOINTS).indexer.replace([]);
    await c.sync('ns/ext');
    assert.deepEqual(slices(env), []);
  });
});
