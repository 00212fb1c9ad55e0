// The etcd backend when etcd misbehaves: an outage of the only member, oversized watch responses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreError } from '../../src/storage/index.js';
import { startEtcd } from '../support/etcd-cluster.js';
import { mustCreate, open, record } from '../support/etcd-helpers.js';

const T = { timeout: 30_000 };

test('watch responses split into fragments are put back together', T, async () => {
  // A small request limit makes etcd split the catch-up response into many fragments.
  const small = await startEtcd({ members: 1, extraArgs: ['--max-request-bytes=65536'] });
  const store = await open(small);
  try {
    const start = await store.currentRevision();
    const values = Array.from({ length: 20 }, (_, i) => `${i}:`.padEnd(30_000, String.fromCharCode(97 + i)));
    for (const [i, v] of values.entries())
      await mustCreate(store, `/registry/big/k${String(i).padStart(2, '0')}`, v);
    const w = record(store, '/registry/big/', start);
    try {
      await w.until(20, 10_000);
      assert.equal(w.error(), undefined);
      assert.deepEqual(
        w.events.map((e) => (e.type === 'put' ? e.kv.value : '')),
        values,
      );
    } finally {
      await w.stop();
    }
  } finally {
    await store.close();
    await small.stop();
  }
});

test(
  'while etcd is down: requests fail as unavailable, watches still abort promptly, then all recovers',
  T,
  async () => {
    const down = await startEtcd({ members: 1 });
    const store = await open(down, { retryBudgetMs: 1_000, dialTimeoutMs: 300, requestTimeoutMs: 500 });
    try {
      await mustCreate(store, '/registry/down/a', 'v');
      await down.kill(0);
      const started = Date.now();
      await assert.rejects(store.get('/registry/down/a'), (err: unknown) => {
        assert.ok(err instanceof StoreError, String(err));
        assert.ok(err.code === 'unavailable' || err.code === 'timeout', err.code);
        return true;
      });
      assert.ok(Date.now() - started < 5_000, 'gave up within about the retry budget');
      // A write whose attempt never reached etcd is retried within the budget, then refused.
      await assert.rejects(store.create('/registry/down/b', 'v'), StoreError);

      const w = record(store, '/registry/down/', 0);
      await new Promise((r) => setTimeout(r, 200));
      const aborting = Date.now();
      await w.stop();
      assert.ok(Date.now() - aborting < 1_500, `abort took ${Date.now() - aborting} ms`);
      assert.equal(w.error(), undefined);

      await down.restart(0);
      assert.equal((await store.get('/registry/down/a')).kv?.value, 'v');
      await mustCreate(store, '/registry/down/c', 'v');
    } finally {
      await store.close();
      await down.stop();
    }
  },
);
