import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCompacted } from '../store.js';
import type { StoreFactory } from './harness.js';
import {
  assertStrictlyIncreasing,
  describeEvent,
  eventRevision,
  mustCreate,
  mustDelete,
  mustUpdate,
  sleep,
  WatchRecorder,
  withStore,
} from './harness.js';

const T = { timeout: 60_000 };

/** Registers the watch cases: history then live, event shapes, fan-out, compaction, progress. */
export function registerWatch(newStore: StoreFactory): void {
  describe('watch', () => {
    test('live events: create, update and delete with their previous state', T, async () => {
      await withStore(newStore, async (store) => {
        const w = new WatchRecorder(store, { prefix: '/registry/pods/', afterRevision: 0 });
        try {
          await mustCreate(store, '/registry/pods/ns/a', 'a1'); // 1
          await mustCreate(store, '/registry/podsX/ns/a', 'noise'); // 2
          await mustUpdate(store, '/registry/pods/ns/a', 'a2', 1); // 3
          await mustDelete(store, '/registry/pods/ns/a'); // 4
          await w.until((r) => r.events.length >= 3, 10_000, 'three events');
          await sleep(50);
          assert.deepEqual(w.events.map(describeEvent), [
            'put /registry/pods/ns/a @1 cr=1 v=a1 prev=-',
            'put /registry/pods/ns/a @3 cr=1 v=a2 prev=1:a1',
            'delete /registry/pods/ns/a @4 prev=3:a2',
          ]);
          const del = w.events[2];
          assert.ok(del?.type === 'delete');
          assert.deepEqual(del.prev, {
            key: '/registry/pods/ns/a',
            value: 'a2',
            createRevision: 1,
            modRevision: 3,
          });
        } finally {
          await w.stop();
        }
        assert.equal(w.error, undefined);
      });
    });

    test('from an old revision: history first, then live, no gaps or duplicates', T, async () => {
      await withStore(newStore, async (store) => {
        for (let i = 0; i < 100; i++) await mustCreate(store, `/registry/w/k${i}`, `v${i}`);
        // Writers keep going while the watch replays history.
        const writers = (async () => {
          for (let i = 100; i < 200; i++) await mustCreate(store, `/registry/w/k${i}`, `v${i}`);
        })();
        const w = new WatchRecorder(store, { prefix: '/registry/w/', afterRevision: 40 });
        try {
          await writers;
          await w.until((r) => r.events.length >= 160, 20_000, '160 events');
          await sleep(50);
          assert.equal(w.events.length, 160);
          assert.deepEqual(
            w.events.map(eventRevision),
            Array.from({ length: 160 }, (_, i) => i + 41),
          );
          assertStrictlyIncreasing(w.events, 'replay');
        } finally {
          await w.stop();
        }
      });
    });

    test('from the current revision: only later changes', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/c/a', '1');
        await mustCreate(store, '/registry/c/b', '1');
        const w = new WatchRecorder(store, { prefix: '/registry/c/', afterRevision: 2 });
        try {
          await sleep(30);
          await mustUpdate(store, '/registry/c/b', '2', 2);
          await w.until((r) => r.events.length >= 1, 10_000, 'one event');
          await sleep(30);
          assert.deepEqual(w.events.map(describeEvent), ['put /registry/c/b @3 cr=2 v=2 prev=2:1']);
        } finally {
          await w.stop();
        }
      });
    });

    test('history replays updates and deletes with prev, only under the prefix', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/h/a', 'a1'); // 1
        await mustUpdate(store, '/registry/h/a', 'a2', 1); // 2
        await mustCreate(store, '/registry/h/b', 'b1'); // 3
        await mustCreate(store, '/registry/hX/noise', 'n'); // 4
        await mustDelete(store, '/registry/h/a'); // 5
        await mustCreate(store, '/registry/h/a', 'a3'); // 6
        const w = new WatchRecorder(store, { prefix: '/registry/h/', afterRevision: 1 });
        try {
          await w.until((r) => r.events.length >= 4, 10_000, 'four events');
          await sleep(30);
          assert.deepEqual(w.events.map(describeEvent), [
            'put /registry/h/a @2 cr=1 v=a2 prev=1:a1',
            'put /registry/h/b @3 cr=3 v=b1 prev=-',
            'delete /registry/h/a @5 prev=2:a2',
            'put /registry/h/a @6 cr=6 v=a3 prev=-',
          ]);
        } finally {
          await w.stop();
        }
      });
    });

    test('many concurrent watchers all see the same complete sequence', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/m/seed', 's');
        const watchers = Array.from(
          { length: 40 },
          (_, i) => new WatchRecorder(store, { prefix: '/registry/m/', afterRevision: i % 2 }),
        );
        try {
          await sleep(50);
          await Promise.all(
            Array.from({ length: 60 }, (_, i) => mustCreate(store, `/registry/m/k${i}`, 'v')),
          );
          for (const [i, w] of watchers.entries()) {
            const want = i % 2 === 0 ? 61 : 60;
            await w.until((r) => r.events.length >= want, 20_000, `watcher ${i}`);
          }
          await sleep(50);
          for (const [i, w] of watchers.entries()) {
            const from = (i % 2) + 1;
            assert.deepEqual(
              w.events.map(eventRevision),
              Array.from({ length: 62 - from }, (_, j) => j + from),
              `watcher ${i}`,
            );
          }
        } finally {
          await Promise.all(watchers.map((w) => w.stop()));
        }
      });
    });

    test('aborting ends the watch without an error', T, async () => {
      await withStore(newStore, async (store) => {
        const w = new WatchRecorder(store, { prefix: '/registry/a/', afterRevision: 0 });
        await sleep(20);
        await w.stop();
        assert.equal(w.ended, true);
        assert.equal(w.error, undefined);
      });
    });

    test('a watch below the compacted revision fails with CompactedError', T, async () => {
      await withStore(newStore, async (store) => {
        for (let i = 0; i < 6; i++) await mustCreate(store, `/registry/x/k${i}`, 'v');
        await store.compact(4);
        const gone = new WatchRecorder(store, { prefix: '/registry/x/', afterRevision: 2 });
        await gone.ending(10_000, 'compacted watch ends');
        assert.ok(isCompacted(gone.error), `expected CompactedError, got ${String(gone.error)}`);
        assert.equal(gone.events.length, 0);
        await gone.stop();
        const ok = new WatchRecorder(store, { prefix: '/registry/x/', afterRevision: 4 });
        try {
          await ok.until((r) => r.events.length >= 2, 10_000, 'events after the compacted revision');
          assert.deepEqual(ok.events.map(eventRevision), [5, 6]);
        } finally {
          await ok.stop();
        }
        assert.equal(ok.error, undefined);
      });
    });

    test('progress notices arrive while idle and carry the current revision', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/idle/a', 'v'); // 1
        const w = new WatchRecorder(store, {
          prefix: '/registry/idle/',
          afterRevision: 1,
          progressIntervalMs: 100,
        });
        try {
          await w.until((r) => r.batches.some((b) => b.type === 'progress'), 10_000, 'a progress notice');
          const first = w.batches.find((b) => b.type === 'progress');
          assert.deepEqual(first, { type: 'progress', revision: 1 });
          // Writes elsewhere move the revision a progress notice reports.
          await mustCreate(store, '/registry/other/a', 'v'); // 2
          await w.until(
            (r) => r.batches.some((b) => b.type === 'progress' && b.revision === 2),
            10_000,
            'progress at revision 2',
          );
          assert.equal(w.events.length, 0);
          // A progress notice never claims a revision before an event it has not yet delivered.
          await mustCreate(store, '/registry/idle/b', 'v'); // 3
          await w.until((r) => r.events.length === 1, 10_000, 'the event at 3');
          let sawEvent = false;
          for (const b of w.batches) {
            if (b.type === 'events') sawEvent = true;
            else if (b.revision >= 3) assert.ok(sawEvent, 'progress at 3 came before the event at 3');
          }
        } finally {
          await w.stop();
        }
      });
    });
  });
}
