import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resourceFor } from '../../api/index.js';
import { StatusError } from '../../apimachinery/errors/index.js';
import { type JsonObject, RegistryStore, type RequestContext } from '../registry/index.js';
import { storeAllocators } from './config.js';
import { serviceHooks } from './hooks.js';
import { ServiceIPRange } from './ip-range.js';
import { NODE_PORT_PREFIX } from './port-allocator.js';
import type { Allocators } from './service-alloc.js';
import { openTestStore, type TestStore } from './test-store.js';

const ctx: RequestContext = { namespace: 'default', user: 'alice', now: () => new Date() };

function service(name: string, spec: JsonObject): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
  };
}

async function statusOf(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('service hooks', () => {
  let ts: TestStore;
  let al: Allocators;
  let services: RegistryStore;
  const spec = (o: JsonObject) => o['spec'] as JsonObject;
  const ports = (o: JsonObject) => spec(o)['ports'] as JsonObject[];
  const ipTaken = async (ip: string) => (await ts.store.get(`/registry/ipaddresses/${ip}`)).kv !== undefined;
  const portTaken = async (p: number) => (await ts.store.get(`${NODE_PORT_PREFIX}${p}`)).kv !== undefined;

  before(async () => {
    ts = await openTestStore();
    al = storeAllocators([ServiceIPRange.parse('10.96.0.0/24')!], { base: 30000, size: 100 }, ts.store);
    const info = resourceFor({ group: '', version: 'v1', resource: 'services' })!;
    services = new RegistryStore(info, ts.store, { hooks: serviceHooks(al, { store: ts.store }) });
  });
  after(() => ts.close());

  it('gives a ClusterIP Service an address and fills the family fields', async () => {
    const out = (await services.create(ctx, service('a', {}))).object;
    const ip = spec(out)['clusterIP'] as string;
    assert.match(ip, /^10\.96\.0\.[0-9]+$/);
    assert.deepEqual(spec(out)['clusterIPs'], [ip]);
    assert.deepEqual(spec(out)['ipFamilies'], ['IPv4']);
    assert.equal(spec(out)['ipFamilyPolicy'], 'SingleStack');
    assert.equal(await ipTaken(ip), true);
  });

  it('honours a requested address and refuses it a second time with upstream message', async () => {
    await services.create(ctx, service('b', { clusterIP: '10.96.0.5' }));
    const e = await statusOf(services.create(ctx, service('b2', { clusterIP: '10.96.0.5' })));
    assert.equal(e.status.code, 422);
    assert.equal(
      e.status.message,
      'Service "b2" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.5"]: failed to allocate IP 10.96.0.5: provided IP is already allocated',
    );
    const out = await statusOf(services.create(ctx, service('b3', { clusterIP: '10.100.0.5' })));
    assert.match(
      out.status.message ?? '',
      /failed to allocate IP 10\.100\.0\.5: the provided network does not match/,
    );
  });

  it('allocates nothing for headless and ExternalName Services', async () => {
    const h = (await services.create(ctx, service('h', { clusterIP: 'None' }))).object;
    assert.deepEqual(spec(h)['clusterIPs'], ['None']);
    const x = (
      await services.create(ctx, { ...service('x', { type: 'ExternalName', externalName: 'example.com' }) })
    ).object;
    assert.equal(spec(x)['clusterIP'], undefined);
  });

  it('allocates node ports and checks requested ones', async () => {
    const two = [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
    ];
    const out = (await services.create(ctx, service('np', { type: 'NodePort', ports: two }))).object;
    const [p1, p2] = ports(out).map((p) => p['nodePort'] as number);
    assert.ok(p1 !== undefined && p2 !== undefined && p1 !== p2);
    assert.equal(await portTaken(p1), true);
    await services.create(ctx, service('np2', { type: 'NodePort', ports: [{ port: 80, nodePort: 30008 }] }));
    const e = await statusOf(
      services.create(ctx, service('np3', { type: 'NodePort', ports: [{ port: 80, nodePort: 30008 }] })),
    );
    assert.equal(
      e.status.message,
      'Service "np3" is invalid: spec.ports[0].nodePort: Invalid value: 30008: provided port is already allocated',
    );
  });

  it('releases what a failed create reserved', async () => {
    const before = (await ts.store.list('/registry/ipaddresses/')).kvs.length;
    const e = await statusOf(
      services.create(
        ctx,
        service('bad', { type: 'NodePort', ports: [{ port: 80, nodePort: 30009 }], sessionAffinity: 'Nope' }),
      ),
    );
    assert.equal(e.status.code, 422);
    assert.match(e.status.message ?? '', /spec\.sessionAffinity/);
    assert.equal((await ts.store.list('/registry/ipaddresses/')).kvs.length, before);
    assert.equal(await portTaken(30009), false);
  });

  it('reserves nothing on dry run', async () => {
    const before = (await ts.store.list('/registry/ipaddresses/')).kvs.length;
    const out = (
      await services.create(
        ctx,
        service('dry', { type: 'NodePort', ports: [{ port: 80, nodePort: 30010 }] }),
        {
          dryRun: true,
        },
      )
    ).object;
    assert.equal(spec(out)['clusterIP'], '10.96.0.0');
    assert.equal((await ts.store.list('/registry/ipaddresses/')).kvs.length, before);
    assert.equal(await portTaken(30010), false);
  });

  it('gives a Local LoadBalancer a health-check node port', async () => {
    const out = (
      await services.create(ctx, service('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }))
    ).object;
    const hc = spec(out)['healthCheckNodePort'] as number;
    assert.ok(hc >= 30000 && hc < 30100);
    assert.equal(await portTaken(hc), true);
    await services.delete(ctx, 'lb');
    assert.equal(await portTaken(hc), false);
  });

  it('keeps allocated values when an update leaves them out', async () => {
    const cur = await services.get(ctx, 'np');
    const ip = spec(cur)['clusterIP'];
    const nps = ports(cur).map((p) => p['nodePort']);
    const body = service('np', {
      type: 'NodePort',
      ports: [
        { name: 'http', port: 80 },
        { name: 'https', port: 443 },
      ],
    });
    const out = (await services.update(ctx, 'np', body)).object;
    assert.equal(spec(out)['clusterIP'], ip);
    assert.deepEqual(
      ports(out).map((p) => p['nodePort']),
      nps,
    );
  });

  it('releases node ports when the type changes to ClusterIP, and the address on ExternalName', async () => {
    const cur = await services.get(ctx, 'np');
    const nps = ports(cur).map((p) => p['nodePort'] as number);
    const ip = spec(cur)['clusterIP'] as string;
    const asClusterIP = structuredClone(cur);
    spec(asClusterIP)['type'] = 'ClusterIP';
    const out = (await services.update(ctx, 'np', asClusterIP)).object;
    assert.deepEqual(
      ports(out).map((p) => p['nodePort']),
      [undefined, undefined],
    );
    for (const p of nps) assert.equal(await portTaken(p), false);
    const asName = structuredClone(out);
    spec(asName)['type'] = 'ExternalName';
    spec(asName)['externalName'] = 'example.com';
    const named = (await services.update(ctx, 'np', asName)).object;
    assert.equal(spec(named)['clusterIP'], undefined);
    assert.equal(await ipTaken(ip), false);
    const back = structuredClone(named);
    spec(back)['type'] = 'ClusterIP';
    delete spec(back)['externalName'];
    const again = (await services.update(ctx, 'np', back)).object;
    assert.equal(await ipTaken(spec(again)['clusterIP'] as string), true);
  });

  it('does not allocate on a status update', async () => {
    const cur = await services.get(ctx, 'a');
    const body = structuredClone(cur);
    spec(body)['type'] = 'NodePort';
    body['status'] = { loadBalancer: {} };
    const out = (await services.updateStatus(ctx, 'a', body)).object;
    assert.equal(spec(out)['type'], 'ClusterIP');
    assert.equal(ports(out)[0]!['nodePort'], undefined);
  });

  it('releases the address and node ports and removes the Endpoints on delete', async () => {
    const out = (await services.create(ctx, service('gone', { type: 'NodePort' }))).object;
    const ip = spec(out)['clusterIP'] as string;
    const np = ports(out)[0]!['nodePort'] as number;
    await ts.store.create('/registry/services/endpoints/default/gone', '{}');
    await services.delete(ctx, 'gone');
    assert.equal(await ipTaken(ip), false);
    assert.equal(await portTaken(np), false);
    assert.equal((await ts.store.get('/registry/services/endpoints/default/gone')).kv, undefined);
  });

  it('refuses dual-stack on a single-stack cluster', async () => {
    const e = await statusOf(services.create(ctx, service('ds', { ipFamilyPolicy: 'RequireDualStack' })));
    assert.equal(
      e.status.message,
      'Service "ds" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    );
    const f = await statusOf(services.create(ctx, service('v6', { ipFamilies: ['IPv6'] })));
    assert.match(
      f.status.message ?? '',
      /spec\.ipFamilies\[0\]: Invalid value: "IPv6": not configured on this cluster/,
    );
  });
});

describe('service hooks on a dual-stack cluster', () => {
  let ts: TestStore;
  let services: RegistryStore;
  const spec = (o: JsonObject) => o['spec'] as JsonObject;

  before(async () => {
    ts = await openTestStore();
    const al = storeAllocators(
      [ServiceIPRange.parse('10.96.0.0/24')!, ServiceIPRange.parse('fd00:10:96::/112')!],
      { base: 30000, size: 100 },
      ts.store,
    );
    const info = resourceFor({ group: '', version: 'v1', resource: 'services' })!;
    services = new RegistryStore(info, ts.store, { hooks: serviceHooks(al, { store: ts.store }) });
  });
  after(() => ts.close());

  it('keeps single-stack Services in the first family', async () => {
    const out = (await services.create(ctx, service('single', {}))).object;
    assert.deepEqual(spec(out)['ipFamilies'], ['IPv4']);
    assert.equal((spec(out)['clusterIPs'] as string[]).length, 1);
  });

  it('gives PreferDualStack Services an address of each family', async () => {
    const out = (await services.create(ctx, service('dual', { ipFamilyPolicy: 'PreferDualStack' }))).object;
    assert.deepEqual(spec(out)['ipFamilies'], ['IPv4', 'IPv6']);
    const [v4, v6] = spec(out)['clusterIPs'] as string[];
    assert.match(v4 ?? '', /^10\.96\.0\./);
    assert.match(v6 ?? '', /^fd00:10:96::/);
    assert.equal(spec(out)['clusterIP'], v4);
    assert.ok((await ts.store.get(`/registry/ipaddresses/${v6}`)).kv !== undefined);
  });

  it('downgrades to single-stack, releasing the secondary address once written', async () => {
    const cur = await services.get(ctx, 'dual');
    const v6 = (spec(cur)['clusterIPs'] as string[])[1]!;
    spec(cur)['ipFamilyPolicy'] = 'SingleStack';
    const out = (await services.update(ctx, 'dual', cur)).object;
    assert.deepEqual(spec(out)['ipFamilies'], ['IPv4']);
    assert.equal((spec(out)['clusterIPs'] as string[]).length, 1);
    assert.equal((await ts.store.get(`/registry/ipaddresses/${v6}`)).kv, undefined);
  });

  it('puts an IPv6-first Service in IPv6 when asked', async () => {
    const out = (await services.create(ctx, service('six', { ipFamilies: ['IPv6'] }))).object;
    assert.match((spec(out)['clusterIP'] as string) ?? '', /^fd00:10:96::/);
  });
});
