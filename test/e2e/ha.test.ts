// Two `kite server` processes on one real etcd, as an HA control plane runs: reads, lists and
// watches on one server see writes made through the other; Services created through both at once
// get distinct ClusterIPs and node ports; deletes release them; the `kubernetes` Endpoints list
// every live server and drop one that stops.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type EtcdCluster, startEtcd } from '../support/etcd-cluster.js';
import { type KiteServer, rawRequest, startKiteServer } from '../support/kite-server.js';
import { tempDir } from '../support/temp-dir.js';

const T = { timeout: 90_000 };
// biome-ignore lint/suspicious/noExplicitAny: decoded JSON answers; the assertions check their shape.
type Json = any;
// Documentation addresses (TEST-NET-1): only ever written into Endpoints, never contacted.
const ADDRESS_A = '192.0.2.201';
const ADDRESS_B = '192.0.2.202';

let etcd: EtcdCluster;
let a: KiteServer;
let b: KiteServer | undefined;
const dirs = tempDir('ha');

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, host, () => {
      const got = (s.address() as { port: number }).port;
      s.close(() => resolve(got));
    });
  });
}

// One port free on both loopback addresses: HA servers share the port the Endpoints carry.
async function sharedFreePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await listenOnce('127.0.0.1', 0);
    try {
      await listenOnce('127.0.0.2', p);
      return p;
    } catch {
      // taken on the second address: try another
    }
  }
  throw new Error('no port free on both 127.0.0.1 and 127.0.0.2');
}

async function json(server: KiteServer, method: string, path: string, body?: unknown) {
  const r = await rawRequest(server, method, path, {
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { code: r.code, body: JSON.parse(r.body) as Record<string, Json> };
}

async function eventually<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (let i = 0; i < 400 && Date.now() < end; i++) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
}

async function endpointIPs(server: KiteServer): Promise<string[]> {
  const r = await json(server, 'GET', '/api/v1/namespaces/default/endpoints/kubernetes');
  if (r.code !== 200) return [];
  return (r.body['subsets']?.[0]?.addresses ?? []).map((x: { ip: string }) => x.ip);
}

before(async () => {
  etcd = await startEtcd({ members: 1 });
  const port = await sharedFreePort();
  const common = ['--etcd-servers', etcd.endpoints.join(','), '--secure-port', String(port)];
  a = await startKiteServer({ args: [...common, '--advertise-address', ADDRESS_A] });
  // The second server gets the first one's cluster CA, so one kubeconfig's trust works on both.
  const dataB = join(dirs.path, 'b');
  mkdirSync(join(dataB, 'pki'), { recursive: true, mode: 0o700 });
  for (const f of ['ca.crt', 'ca.key']) copyFileSync(join(a.dataDir, 'pki', f), join(dataB, 'pki', f));
  b = await startKiteServer({
    dataDir: dataB,
    args: [...common, '--bind-address', '127.0.0.2', '--advertise-address', ADDRESS_B],
  });
});

after(async () => {
  await b?.stop();
  await a?.stop();
  await etcd?.stop();
  dirs.remove();
});

describe('two API servers on one etcd', () => {
  test('both serve with one cluster CA', T, async () => {
    assert.deepEqual(b!.admin.ca, a.admin.ca);
    assert.equal((await json(b!, 'GET', '/api/v1/namespaces/default')).code, 200);
  });

  test('an object created through one is read and listed through the other', T, async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared' }, data: { k: 'v' } };
    const created = await json(a, 'POST', '/api/v1/namespaces/default/configmaps', cm);
    assert.equal(created.code, 201);
    const got = await json(b!, 'GET', '/api/v1/namespaces/default/configmaps/shared');
    assert.equal(got.code, 200);
    assert.equal(got.body['metadata'].uid, created.body['metadata'].uid);
    const listed = await eventually('the list on B to hold the ConfigMap', async () => {
      const l = await json(b!, 'GET', '/api/v1/namespaces/default/configmaps');
      return l.body['items'].some((i: Json) => i.metadata.name === 'shared') ? l : undefined;
    });
    assert.equal(listed.code, 200);
  });

  test('a watch on one sees writes made through the other', T, async () => {
    const start = await json(b!, 'GET', '/api/v1/namespaces/default/configmaps');
    const rv = start.body['metadata'].resourceVersion as string;
    const seen = new Promise<Record<string, Json>>((resolve, reject) => {
      const req = request(
        `${b!.url}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&timeoutSeconds=30`,
        { cert: b!.admin.cert, key: b!.admin.key, ca: b!.admin.ca },
        (res) => {
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString();
            for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
              const ev = JSON.parse(buf.slice(0, nl));
              buf = buf.slice(nl + 1);
              if (ev.type === 'ADDED' && ev.object.metadata.name === 'from-a') {
                resolve(ev);
                req.destroy();
              }
            }
          });
          res.on('end', () => reject(new Error('watch ended without the event')));
        },
      );
      req.on('error', (e) => {
        if (!req.destroyed) reject(e);
      });
      req.end();
    });
    // Give the watch a moment to be registered before writing on the other server.
    await new Promise((r) => setTimeout(r, 300));
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-a' } };
    assert.equal((await json(a, 'POST', '/api/v1/namespaces/default/configmaps', cm)).code, 201);
    const ev = await seen;
    assert.equal(ev['object'].metadata.name, 'from-a');
  });

  test('Services created through both at once get distinct ClusterIPs and node ports', T, async () => {
    const n = 16;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        json(i % 2 === 0 ? a : b!, 'POST', '/api/v1/namespaces/default/services', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: `ha-${i}` },
          spec: { type: 'NodePort', selector: { app: `ha-${i}` }, ports: [{ port: 80 }] },
        }),
      ),
    );
    for (const r of results) assert.equal(r.code, 201, JSON.stringify(r.body));
    const ips = results.map((r) => r.body['spec'].clusterIP as string);
    const ports = results.map((r) => r.body['spec'].ports[0].nodePort as number);
    assert.equal(new Set(ips).size, n);
    assert.equal(new Set(ports).size, n);
    const addrs = await json(a, 'GET', '/apis/networking.k8s.io/v1/ipaddresses');
    const names = new Set(addrs.body['items'].map((i: Json) => i.metadata.name));
    for (const ip of ips) assert.ok(names.has(ip), `IPAddress ${ip}`);
    // A port taken through A is refused through B.
    const dup = await json(b!, 'POST', '/api/v1/namespaces/default/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ha-dup' },
      spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80, nodePort: ports[0] }] },
    });
    assert.equal(dup.code, 422);
    assert.equal(
      dup.body['message'],
      `Service "ha-dup" is invalid: spec.ports[0].nodePort: Invalid value: ${ports[0]}: provided port is already allocated`,
    );

    // Deleting through either server releases the address and the port for reuse through the other.
    for (let i = 0; i < n; i++) {
      const del = await json(i % 2 === 0 ? b! : a, 'DELETE', `/api/v1/namespaces/default/services/ha-${i}`);
      assert.equal(del.code, 200);
    }
    const after = await json(b!, 'GET', '/apis/networking.k8s.io/v1/ipaddresses');
    const left = new Set(after.body['items'].map((i: Json) => i.metadata.name));
    for (const ip of ips) assert.ok(!left.has(ip), `IPAddress ${ip} released`);
    const reuse = await json(b!, 'POST', '/api/v1/namespaces/default/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ha-reuse' },
      spec: {
        type: 'NodePort',
        clusterIP: ips[0],
        selector: { app: 'x' },
        ports: [{ port: 80, nodePort: ports[0] }],
      },
    });
    assert.equal(reuse.code, 201, JSON.stringify(reuse.body));
  });

  test('the kubernetes Service and its Endpoints list both servers while both live', T, async () => {
    const svc = await json(a, 'GET', '/api/v1/namespaces/default/services/kubernetes');
    assert.equal(svc.body['spec'].clusterIP, '10.96.0.1');
    assert.equal(svc.body['spec'].ports[0].name, 'https');
    assert.equal(svc.body['spec'].ports[0].port, 443);
    const both = await eventually('both servers in the Endpoints', async () => {
      const ips = await endpointIPs(b!);
      return ips.length === 2 ? ips : undefined;
    });
    assert.deepEqual(both, [ADDRESS_A, ADDRESS_B]);
    const slice = await json(
      a,
      'GET',
      '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes',
    );
    assert.deepEqual(
      slice.body['endpoints'].map((e: Json) => e.addresses[0]),
      [ADDRESS_A, ADDRESS_B],
    );
    assert.equal(slice.body['metadata'].labels['kubernetes.io/service-name'], 'kubernetes');

    // A server that stops withdraws its lease: the Endpoints list the one left.
    await b!.stop();
    b = undefined;
    const one = await eventually('the stopped server to leave the Endpoints', async () => {
      const ips = await endpointIPs(a);
      return ips.length === 1 ? ips : undefined;
    });
    assert.deepEqual(one, [ADDRESS_A]);
  });
});
