import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoreFactory } from './harness.js';
import {
  describeEvent,
  mustCreate,
  mustDelete,
  mustUpdate,
  rejectsCompacted,
  rejectsStoreError,
  WatchRecorder,
  withStore,
} from './harness.js';

const T = { timeout: 60_000 };

/** Registers compaction, TTL, durability and close cases. */
export function registerLifecycle(newStore: StoreFactory): void {
  describe('compaction', () => {
    test('drops old history but never the latest value of a live key', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/c/a', 'a1'); // 1
        await mustCreate(store, '/registry/c/b', 'b1'); // 2
        await mustCreate(store, '/registry/c/gone', 'g'); // 3
        await mustUpdate(store, '/registry/c/a', 'a2', 1); // 4
        await mustDelete(store, '/registry/c/gone'); // 5
        await mustCreate(store, '/registry/c/d', 'd1'); // 6
        await mustUpdate(store, '/registry/c/a', 'a3', 4); // 7
        await store.compact(5);
        assert.equal(await store.compactedRevision(), 5);
        await rejectsCompacted(store.get('/registry/c/a', 5), 'get at the compacted revision');
        await rejectsCompacted(store.get('/registry/c/a', 2), 'get below');
        await rejectsCompacted(store.list('/registry/c/', { revision: 3 }), 'list below');
        const at6 = await store.list('/registry/c/', { revision: 6 });
        assert.deepEqual(
          at6.kvs.map((kv) => `${kv.key}=${kv.value}@${kv.createRevision}/${kv.modRevision}`),
          ['/registry/c/a=a2@1/4', '/registry/c/b=b1@2/2', '/registry/c/d=d1@6/6'],
        );
        assert.equal((await store.get('/registry/c/b', 6)).kv?.value, 'b1');
        assert.equal((await store.get('/registry/c/gone', 6)).kv, undefined);
        const now = await store.list('/registry/c/');
        assert.deepEqual(
          now.kvs.map((kv) => `${kv.key}=${kv.value}@${kv.modRevision}`),
          ['/registry/c/a=a3@7', '/registry/c/b=b1@2', '/registry/c/d=d1@6'],
        );
        assert.equal(await store.count('/registry/c/'), 3);
        // The untouched key keeps working for conditional writes.
        await mustUpdate(store, '/registry/c/b', 'b2', 2);
        // A watch right at the compacted revision replays what is left.
        const w = new WatchRecorder(store, { prefix: '/registry/c/', afterRevision: 5 });
        try {
          await w.until((r) => r.events.length >= 3, 10_000, 'events after 5');
          assert.deepEqual(w.events.map(describeEvent), [
            'put /registry/c/d @6 cr=6 v=d1 prev=-',
            'put /registry/c/a @7 cr=1 v=a3 prev=4:a2',
            'put /registry/c/b @8 cr=2 v=b2 prev=2:b1',
          ]);
        } finally {
          await w.stop();
        }
      });
    });

    test('compacting again at or below the compacted revision changes nothing', T, async () => {
      await withStore(newStore, async (store) => {
        for (let i = 0; i < 5; i++) await mustCreate(store, `/registry/c/k${i}`, 'v');
        await store.compact(3);
        await store.compact(3).catch(() => undefined);
        await store.compact(2).catch(() => undefined);
        assert.equal(await store.compactedRevision(), 3);
        assert.equal((await store.get('/registry/c/k0', 4)).kv?.value, 'v');
      });
    });

    test('compacting at the current revision keeps the store fully usable', T, async () => {
      await withStore(newStore, async (store) => {
        for (let i = 0; i < 3; i++) await mustCreate(store, `/registry/c/k${i}`, `v${i}`);
        await store.compact(3);
        assert.equal(await store.compactedRevision(), 3);
        await rejectsCompacted(store.get('/registry/c/k0', 2), 'get below');
        const now = await store.list('/registry/c/');
        assert.deepEqual(
          now.kvs.map((kv) => `${kv.key}=${kv.value}@${kv.modRevision}`),
          ['/registry/c/k0=v0@1', '/registry/c/k1=v1@2', '/registry/c/k2=v2@3'],
        );
        const w = new WatchRecorder(store, { prefix: '/registry/c/', afterRevision: 3 });
        try {
          const next = await mustUpdate(store, '/registry/c/k0', 'again', 1);
          await w.until((r) => r.events.length >= 1, 10_000, 'the write after compaction');
          assert.deepEqual(w.events.map(describeEvent), [
            `put /registry/c/k0 @${next.modRevision} cr=1 v=again prev=1:v0`,
          ]);
        } finally {
          await w.stop();
        }
        assert.equal(w.error, undefined);
      });
    });

    test('compacting a revision not yet written is rejected', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/c/a', 'v');
        await rejectsStoreError(store.compact(10), 'future-revision', 'compact(10)');
        assert.equal(await store.compactedRevision(), 0);
      });
    });
  });

  describe('ttl', () => {
    test('a key with a TTL is deleted by the store and watchers see the delete', T, async () => {
      await withStore(newStore, async (store) => {
        const w = new WatchRecorder(store, { prefix: '/registry/events/', afterRevision: 0 });
        try {
          const created = await store.create('/registry/events/ns/e1', 'event', { ttlSeconds: 1 });
          assert.ok(created.ok);
          await mustCreate(store, '/registry/events/ns/keep', 'stays');
          assert.equal((await store.get('/registry/events/ns/e1')).kv?.value, 'event');
          await w.until((r) => r.events.some((e) => e.type === 'delete'), 15_000, 'the TTL delete');
          const del = w.events.find((e) => e.type === 'delete');
          assert.ok(del?.type === 'delete');
          assert.equal(del.key, '/registry/events/ns/e1');
          assert.equal(del.prev.value, 'event');
          assert.ok(del.revision > 2);
          assert.equal((await store.get('/registry/events/ns/e1')).kv, undefined);
          assert.equal((await store.get('/registry/events/ns/keep')).kv?.value, 'stays');
        } finally {
          await w.stop();
        }
      });
    });

    test('an update without a TTL keeps the key', T, async () => {
      await withStore(newStore, async (store) => {
        const c = await store.create('/registry/events/ns/e', 'v1', { ttlSeconds: 1 });
        assert.ok(c.ok);
        await mustUpdate(store, '/registry/events/ns/e', 'v2', c.kv.modRevision);
        await new Promise((resolve) => setTimeout(resolve, 3500));
        assert.equal((await store.get('/registry/events/ns/e')).kv?.value, 'v2');
      });
    });
  });

  describe('durability and close', () => {
    test('data, revisions and TTLs survive a reopen', T, async (t) => {
      await withStore(newStore, async (store, fixture) => {
        if (fixture.reopen === undefined) {
          t.skip('backend cannot reopen');
          return;
        }
        await mustCreate(store, '/registry/d/a', 'a1'); // 1
        await mustCreate(store, '/registry/d/b', 'b1'); // 2
        await mustUpdate(store, '/registry/d/a', 'a2', 1); // 3
        await mustDelete(store, '/registry/d/b'); // 4
        const ttl = await store.create('/registry/d/ttl', 'short', { ttlSeconds: 1 }); // 5
        assert.ok(ttl.ok);
        await store.close();
        const again = await fixture.reopen();
        try {
          assert.ok((await again.currentRevision()) >= 5);
          assert.deepEqual((await again.get('/registry/d/a')).kv, {
            key: '/registry/d/a',
            value: 'a2',
            createRevision: 1,
            modRevision: 3,
          });
          assert.equal((await again.get('/registry/d/b')).kv, undefined);
          assert.equal((await again.get('/registry/d/b', 2)).kv?.value, 'b1');
          const next = await mustCreate(again, '/registry/d/c', 'c');
          assert.ok(next.modRevision > 5, 'the revision counter continues after a reopen');
          const deadline = Date.now() + 15_000;
          while ((await again.get('/registry/d/ttl')).kv !== undefined) {
            assert.ok(Date.now() < deadline, 'the TTL key outlived its TTL across a reopen');
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        } finally {
          await again.close();
        }
      });
    });

    test('close is idempotent and later calls fail as closed', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/z/a', 'v');
        await store.close();
        await store.close();
        await rejectsStoreError(store.get('/registry/z/a'), 'closed', 'get after close');
        await rejectsStoreError(store.create('/registry/z/b', 'v'), 'closed', 'create after close');
      });
    });
  });
}
