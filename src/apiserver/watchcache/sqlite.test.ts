import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteStore } from '../../storage/sqlite/index.js';
import { decodeStored } from './objects.js';
import { podJSON } from './testing.js';
import { WatchCache } from './watch-cache.js';

const P = '/registry/pods/';

test('sqlite: under concurrent writes the cache LIST equals the store LIST at the same revision', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kite-watchcache-'));
  const store = await openSqliteStore({ dir, compactionRetentionMs: 0, synchronous: 'NORMAL' });
  const ac = new AbortController();
  try {
    for (let i = 0; i < 20; i++) await store.create(`${P}ns/p${i}`, podJSON(`p${i}`, { gen: '0' }));
    const cache = new WatchCache({
      store,
      prefix: P,
      type: { apiVersion: 'v1', kind: 'Pod' },
      progressIntervalMs: 20,
      watcherBufferSize: 1000,
    });
    const running = cache.start(ac.signal);
    await cache.ready;
    const watch = await cache.watch({ resourceVersion: String(cache.revision) });
    let written = 0;
    const writers = Array.from({ length: 4 }, async (_, wi) => {
      for (let round = 0; round < 25; round++) {
        const name = `p${(wi * 7 + round) % 25}`;
        const key = `${P}ns/${name}`;
        const cur = await store.get(key);
        const r =
          cur.kv === undefined
            ? await store.create(key, podJSON(name, { gen: String(round) }))
            : round % 5 === 4
              ? await store.delete(key, cur.kv.modRevision)
              : await store.update(key, podJSON(name, { gen: String(round) }), cur.kv.modRevision);
        if (r.ok) written++;
        await store.create(`/registry/services/ns/s${wi}-${round}`, '{}');
      }
    });
    const checks = (async () => {
      for (let i = 0; i < 10; i++) {
        const r = await cache.list({ resourceVersion: '' });
        assert.equal(r.type, 'list');
        if (r.type !== 'list') return;
        const atStore = await store.list(P, { revision: r.resourceVersion });
        const want = atStore.kvs.map((kv) => decodeStored(kv.key, kv.value, kv.modRevision));
        assert.deepEqual(r.items, want, `list at ${r.resourceVersion}`);
        await new Promise((res) => setTimeout(res, 5));
      }
    })();
    await Promise.all([...writers, checks]);
    const final = await cache.list({ resourceVersion: '' });
    assert.ok(final.type === 'list');
    assert.equal(final.resourceVersion, await store.currentRevision());
    // The watcher saw every change under the prefix, in order, without gaps.
    const seen: number[] = [];
    while (watch.buffered > 0) {
      const r = await watch.next();
      if (r.done === true) break;
      seen.push(Number((r.value.object.metadata as { resourceVersion: string }).resourceVersion));
    }
    assert.equal(watch.endReason, undefined);
    assert.equal(seen.length, written);
    assert.deepEqual(
      seen,
      [...new Set(seen)].sort((a, b) => a - b),
    );
    ac.abort();
    await running;
  } finally {
    ac.abort();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
