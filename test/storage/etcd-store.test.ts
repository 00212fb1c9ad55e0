// The etcd backend's own behaviour on real etcd: key layout, leases, prefixes, endpoints, watch
// resumption, compaction. (The shared suite is etcd-conformance; outages are etcd-resilience.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type EtcdStoreOptions, openEtcdStore } from '../../src/storage/etcd/index.js';
import { CompactedError, StoreError } from '../../src/storage/index.js';
import { type EtcdCluster, startEtcd } from '../support/etcd-cluster.js';
import { etcdctl, mustCreate, open, record, revOf } from '../support/etcd-helpers.js';

const T = { timeout: 30_000 };

let shared: EtcdCluster;
before(async () => {
  shared = await startEtcd({ members: 1 });
});
after(async () => {
  await shared?.stop();
});

describe('etcd store on one member', () => {
  test('keys are stored exactly as given, as etcdctl shows them', T, async () => {
    const store = await open(shared);
    try {
      await mustCreate(store, '/registry/pods/default/web-0', '{"kind":"Pod"}');
      await mustCreate(store, '/registry/namespaces/default', '{"kind":"Namespace"}');
      const keys = etcdctl(shared, 'get', '/registry/pods', '--prefix', '--keys-only')
        .split('\n')
        .filter(Boolean);
      assert.deepEqual(keys, ['/registry/pods/default/web-0']);
      assert.equal(
        etcdctl(shared, 'get', '/registry/namespaces/default', '--print-value-only').trim(),
        '{"kind":"Namespace"}',
      );
    } finally {
      await store.close();
    }
  });

  test('writes with a TTL share a lease as kube-apiserver does; plain writes carry none', T, async () => {
    const store = await open(shared);
    const lease = (key: string): bigint => {
      // Lease IDs are 64-bit: read them as text, not through JSON numbers.
      const m = /"lease":(\d+)/.exec(etcdctl(shared, 'get', key, '-w', 'json'));
      return m === null ? 0n : BigInt(m[1]!);
    };
    try {
      await mustCreate(store, '/registry/events/ns/e1', 'a', 3600);
      await new Promise((r) => setTimeout(r, 5));
      await mustCreate(store, '/registry/events/ns/e2', 'b', 3600);
      await mustCreate(store, '/registry/events/ns/short', 'c', 60);
      await mustCreate(store, '/registry/configmaps/ns/plain', 'd');
      assert.notEqual(lease('/registry/events/ns/e1'), 0n);
      assert.equal(lease('/registry/events/ns/e2'), lease('/registry/events/ns/e1'), 'same TTL, same window');
      assert.notEqual(lease('/registry/events/ns/short'), lease('/registry/events/ns/e1'));
      assert.equal(lease('/registry/configmaps/ns/plain'), 0n);
      const ttl = etcdctl(shared, 'lease', 'timetolive', lease('/registry/events/ns/e1').toString(16));
      assert.match(ttl, /granted with TTL\(3660s\)/, 'one hour plus the 60 s reuse window');
    } finally {
      await store.close();
    }
  });

  test('a key prefix keeps stores on one etcd apart', T, async () => {
    const a = await open(shared, { prefix: '/tenant-a' });
    const b = await open(shared, { prefix: '/tenant-b' });
    const wa = record(a, '/registry/', await a.currentRevision());
    try {
      await mustCreate(a, '/registry/pods/ns/p', 'from a');
      await mustCreate(b, '/registry/pods/ns/p', 'from b');
      await mustCreate(a, '/registry/pods/ns/q', 'from a');
      assert.equal((await a.get('/registry/pods/ns/p')).kv?.value, 'from a');
      assert.equal((await b.get('/registry/pods/ns/p')).kv?.value, 'from b');
      assert.deepEqual(
        (await a.list('/registry/')).kvs.map((kv) => kv.key),
        ['/registry/pods/ns/p', '/registry/pods/ns/q'],
      );
      assert.equal(await b.count(''), 1);
      await wa.until(2, 5_000);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(
        wa.events.map((e) => (e.type === 'put' ? `${e.kv.key}=${e.kv.value}` : e.key)),
        ['/registry/pods/ns/p=from a', '/registry/pods/ns/q=from a'],
      );
      const raw = etcdctl(shared, 'get', '/tenant-', '--prefix', '--keys-only').split('\n').filter(Boolean);
      assert.deepEqual(raw, [
        '/tenant-a/registry/pods/ns/p',
        '/tenant-a/registry/pods/ns/q',
        '/tenant-b/registry/pods/ns/p',
      ]);
    } finally {
      await wa.stop();
      await a.close();
      await b.close();
    }
  });

  test('bad arguments are refused with precise errors and write nothing', T, async () => {
    const store = await open(shared);
    const before = await store.currentRevision();
    const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
      ['empty key', () => store.create('', 'v'), /key must not be empty/],
      [
        'zero TTL',
        () => store.create('/registry/x/a', 'v', { ttlSeconds: 0 }),
        /ttlSeconds must be a positive integer/,
      ],
      ['fractional TTL', () => store.create('/registry/x/a', 'v', { ttlSeconds: 1.5 }), /ttlSeconds/],
      ['negative expected revision', () => store.update('/registry/x/a', 'v', -1), /expectedModRevision/],
      [
        'NaN revision',
        () => store.get('/registry/x/a', Number.NaN),
        /revision must be a non-negative integer/,
      ],
      [
        'negative limit',
        () => store.list('/registry/', { limit: -1 }),
        /limit must be a non-negative integer/,
      ],
      ['fractional limit', () => store.list('/registry/', { limit: 2.5 }), /limit/],
      ['start key outside', () => store.list('/registry/a/', { startKey: '/registry/b' }), /outside prefix/],
      ['negative compact', () => store.compact(-3), /revision must be a non-negative integer/],
    ];
    try {
      for (const [name, call, message] of cases) {
        await assert.rejects(call(), (err: unknown) => {
          assert.ok(err instanceof StoreError, `${name}: ${String(err)}`);
          assert.equal(err.code, 'invalid', name);
          assert.match(err.message, message, name);
          return true;
        });
      }
      assert.throws(
        () => store.watch({ prefix: '/', afterRevision: -1, signal: new AbortController().signal }),
        (err: unknown) => err instanceof StoreError && err.code === 'invalid',
      );
      assert.equal(await store.currentRevision(), before);
    } finally {
      await store.close();
    }
  });

  test('bad options are refused before connecting', T, async () => {
    const ok = ['http://127.0.0.1:2379'];
    const cases: Array<[string, EtcdStoreOptions, RegExp]> = [
      ['no endpoints', { endpoints: [] }, /no etcd endpoints given/],
      ['unix socket', { endpoints: ['unix:///run/etcd.sock'] }, /unsupported scheme/],
      ['no port', { endpoints: ['http://127.0.0.1'] }, /missing port/],
      ['zero request timeout', { endpoints: ok, requestTimeoutMs: 0 }, /requestTimeoutMs must be a positive/],
      [
        'negative interval',
        { endpoints: ok, compactionIntervalMs: -1 },
        /compactionIntervalMs must be zero or/,
      ],
      ['NaN dial timeout', { endpoints: ok, dialTimeoutMs: Number.NaN }, /dialTimeoutMs/],
    ];
    for (const [name, opts, message] of cases) {
      await assert.rejects(openEtcdStore(opts), (err: unknown) => {
        assert.ok(err instanceof StoreError && err.code === 'invalid', name);
        assert.match(err.message, message, name);
        return true;
      });
    }
  });

  test('an unreachable cluster fails to open with unavailable, within the retry budget', T, async () => {
    const started = Date.now();
    await assert.rejects(
      openEtcdStore({ endpoints: ['http://127.0.0.1:1'], retryBudgetMs: 500, dialTimeoutMs: 200 }),
      (err: unknown) =>
        err instanceof StoreError && err.code === 'unavailable' && /127\.0\.0\.1:1/.test(err.message),
    );
    assert.ok(Date.now() - started < 5_000);
  });

  test('a dead endpoint first in the list is passed over', T, async () => {
    const store = await open(shared, {
      endpoints: ['http://127.0.0.1:1', ...shared.endpoints],
      dialTimeoutMs: 300,
    });
    try {
      await mustCreate(store, '/registry/failover/a', 'v');
      assert.equal((await store.get('/registry/failover/a')).kv?.value, 'v');
    } finally {
      await store.close();
    }
  });

  test('closing the store ends its open watches with a closed error', T, async () => {
    const store = await open(shared);
    const w = record(store, '/registry/closing/', await store.currentRevision());
    await mustCreate(store, '/registry/closing/a', 'v');
    await w.until(1, 5_000);
    await store.close();
    await w.ended(5_000);
    const err = w.error();
    assert.ok(err instanceof StoreError && err.code === 'closed', `got ${String(err)}`);
  });
});

describe('etcd store on a member of its own', () => {
  let own: EtcdCluster;
  before(async () => {
    own = await startEtcd({ members: 1 });
  });
  after(async () => {
    await own?.stop();
  });

  test('a fresh member is at revision 1 and the first write gets 2 (etcd counts that way)', T, async () => {
    const store = await open(own);
    try {
      assert.equal(await store.currentRevision(), 1);
      assert.equal(await store.compactedRevision(), 0);
      assert.equal(await mustCreate(store, '/registry/first', 'v'), 2);
    } finally {
      await store.close();
    }
  });

  test('a watch carries on across a kill -9 and restart of its member, without gaps', T, async () => {
    const store = await open(own);
    const start = await store.currentRevision();
    const w = record(store, '/registry/restart/', start);
    try {
      for (let i = 0; i < 5; i++) await mustCreate(store, `/registry/restart/a${i}`, 'v');
      await w.until(5, 5_000);
      await own.restart(0);
      for (let i = 0; i < 5; i++) await mustCreate(store, `/registry/restart/b${i}`, 'v');
      await w.until(10, 10_000);
      assert.equal(w.error(), undefined);
      assert.deepEqual(
        w.events.map(revOf),
        Array.from({ length: 10 }, (_, i) => start + 1 + i),
      );
    } finally {
      await w.stop();
      await store.close();
    }
  });

  test('compacted reads name the revision asked for and the compacted revision', T, async () => {
    const store = await open(own);
    try {
      const r1 = await mustCreate(store, '/registry/cmp/a', 'v1');
      const u = await store.update('/registry/cmp/a', 'v2', r1);
      assert.ok(u.ok);
      await store.compact(u.kv.modRevision - 1);
      assert.equal(await store.compactedRevision(), u.kv.modRevision - 1);
      await assert.rejects(store.get('/registry/cmp/a', r1), (err: unknown) => {
        assert.ok(err instanceof CompactedError);
        assert.equal(err.requestedRevision, r1);
        assert.equal(err.compactRevision, u.kv.modRevision - 1);
        assert.equal(
          err.message,
          `required revision ${r1} has been compacted (compacted revision ${u.kv.modRevision - 1})`,
        );
        return true;
      });
      assert.equal((await store.get('/registry/cmp/a', u.kv.modRevision)).kv?.value, 'v2');
    } finally {
      await store.close();
    }
  });

  test('compacting the current revision moves the revision on, then compacts it', T, async () => {
    const store = await open(own);
    try {
      await mustCreate(store, '/registry/cmpnow/a', 'v1');
      const now = await store.currentRevision();
      await store.compact(now);
      assert.equal(await store.compactedRevision(), now, 'the compacted revision itself is gone');
      await assert.rejects(store.get('/registry/cmpnow/a', now), CompactedError);
      assert.equal(await store.currentRevision(), now + 1, 'one write to compact_rev_key moved it on');
      assert.equal((await store.get('/registry/cmpnow/a')).kv?.value, 'v1');
      assert.equal(
        (await store.list('/registry/cmpnow/')).kvs.length,
        1,
        'compact_rev_key is outside the prefix',
      );
      await assert.rejects(store.compact(now + 2), (err: unknown) => {
        assert.ok(err instanceof StoreError && err.code === 'future-revision');
        assert.equal(err.message, `required revision ${now + 2} is a future revision`);
        return true;
      });
      await store.compact(Math.max(1, now - 5));
      assert.equal(await store.compactedRevision(), now, 'compacting below is a no-op');
    } finally {
      await store.close();
    }
  });

  test('the periodic compactor compacts to the revision of the previous round', T, async () => {
    const store = await open(own, { compactionIntervalMs: 300 });
    try {
      const before = await store.compactedRevision();
      for (let i = 0; i < 5; i++) await mustCreate(store, `/registry/periodic/k${i}`, 'v');
      const deadline = Date.now() + 10_000;
      while ((await store.compactedRevision()) <= before) {
        assert.ok(Date.now() < deadline, 'no periodic compaction within 10 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      const recorded = Number(etcdctl(own, 'get', 'compact_rev_key', '--print-value-only').trim());
      assert.ok(recorded > before, `compact_rev_key holds ${recorded}`);
      assert.ok(
        (await store.compactedRevision()) < (await store.currentRevision()),
        'never compacts the present',
      );
    } finally {
      await store.close();
    }
  });
});
