// The etcd backend over TLS with client certificates, as kube-apiserver talks to etcd.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openEtcdStore } from '../../src/storage/etcd/index.js';
import { StoreError } from '../../src/storage/index.js';
import { opensslPath } from '../support/etcd-certs.js';
import { type EtcdCluster, startEtcd } from '../support/etcd-cluster.js';

const T = { timeout: 30_000 };
const skip = opensslPath() === undefined ? 'openssl is not installed: no certificates to test with' : false;

let cluster: EtcdCluster | undefined;
before(async () => {
  if (skip === false) cluster = await startEtcd({ members: 1, tls: true });
});
after(async () => {
  await cluster?.stop();
});

test('reads, writes and watches over TLS with a client certificate', { ...T, skip }, async () => {
  assert.ok(cluster?.clientTls !== undefined);
  assert.match(cluster.endpoints[0]!, /^https:\/\//);
  const store = await openEtcdStore({
    endpoints: cluster.endpoints,
    tls: cluster.clientTls,
    compactionIntervalMs: 0,
  });
  const ac = new AbortController();
  try {
    const start = await store.currentRevision();
    const watch = (async () => {
      for await (const b of store.watch({
        prefix: '/registry/tls/',
        afterRevision: start,
        signal: ac.signal,
      })) {
        if (b.type === 'events') return b.events[0];
      }
      return undefined;
    })();
    const r = await store.create('/registry/tls/a', 'secret');
    assert.ok(r.ok);
    assert.equal((await store.get('/registry/tls/a')).kv?.value, 'secret');
    const first = await watch;
    assert.ok(first?.type === 'put' && first.kv.value === 'secret');
  } finally {
    ac.abort();
    await store.close();
  }
});

test('without a client certificate etcd turns the client away', { ...T, skip }, async () => {
  assert.ok(cluster?.clientTls !== undefined);
  const cases: Array<[string, Parameters<typeof openEtcdStore>[0]]> = [
    ['CA only', { endpoints: cluster.endpoints, tls: { ca: cluster.clientTls.ca } }],
    [
      'plain text to a TLS port',
      { endpoints: cluster.endpoints.map((e) => e.replace('https://', 'http://')) },
    ],
  ];
  for (const [name, opts] of cases) {
    await assert.rejects(
      openEtcdStore({ ...opts, compactionIntervalMs: 0, retryBudgetMs: 1_000, dialTimeoutMs: 500 }),
      (err: unknown) => {
        assert.ok(err instanceof StoreError, `${name}: ${String(err)}`);
        assert.equal(err.code, 'unavailable', name);
        return true;
      },
    );
  }
});
