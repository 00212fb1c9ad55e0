import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompactedError } from '../../storage/index.js';
import { k, labelIs, messageOf, P, seeded, startCache, summary, take } from './fixtures.js';
import { FakeClock, MemoryStore, podJSON, settle } from './testing.js';
import type { WatchEventOut } from './types.js';
import { WatchCache } from './watch-cache.js';

describe('WatchCache watch', () => {
  test('from an old resourceVersion delivers exactly the missing events in order', async () => {
    const store = await seeded();
    const { cache, stop } = await startCache(store);
    await store.update(k('a'), podJSON('a', { app: 'x' }, { spec: 1 }), 1); // 4
    await store.delete(k('b')); // 5
    await store.create(k('c'), podJSON('c')); // 6
    await settle();
    const w = await cache.watch({ resourceVersion: '3' });
    assert.deepEqual(summary(await take(w, 3)), ['MODIFIED a@4', 'DELETED b@5', 'ADDED c@6']);
    await store.update(k('c'), podJSON('c', {}, { x: 1 }), 6); // 7
    assert.deepEqual(summary(await take(w, 1)), ['MODIFIED c@7']);
    await stop();
    assert.equal(w.endReason, 'stopped');
  });

  test('DELETED carries the last state with the delete revision', async () => {
    const store = await seeded();
    const { cache, stop } = await startCache(store);
    const w = await cache.watch({ resourceVersion: '3' });
    await store.delete(k('a'));
    const [ev] = await take(w, 1);
    assert.deepEqual(ev?.object, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'a', namespace: 'ns', labels: { app: 'x' }, resourceVersion: '4' },
    });
    await stop();
  });

  test('410 Expired with upstream text when the revision left the window', async () => {
    const store = new MemoryStore();
    const { cache, stop } = await startCache(store, { window: { lowerBound: 4, upperBound: 4 } });
    for (let i = 0; i < 10; i++) await store.create(k(`p${i}`), podJSON(`p${i}`));
    await settle();
    const expired = await cache.watch({ resourceVersion: '2' });
    assert.deepEqual(await take(expired, 2), [
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'too old resource version: 2 (6)',
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
    assert.equal(expired.endReason, 'error');
    assert.equal(cache.watcherCount, 0);
    const ok = await cache.watch({ resourceVersion: '6' });
    assert.deepEqual(summary(await take(ok, 4)), ['ADDED p6@7', 'ADDED p7@8', 'ADDED p8@9', 'ADDED p9@10']);
    await stop();
  });

  test('selector transitions: start matching is ADDED, stop matching is DELETED', async () => {
    const store = await seeded();
    const { cache, stop } = await startCache(store);
    const w = await cache.watch({ resourceVersion: '3', predicate: labelIs('x') });
    await store.update(k('b'), podJSON('b', { app: 'x' }), 2); // 4: b starts matching
    await store.update(k('a'), podJSON('a', { app: 'z' }), 1); // 5: a stops matching
    await store.update(k('a'), podJSON('a', { app: 'q' }), 5); // 6: unrelated
    await store.update(k('b'), podJSON('b', { app: 'x' }, { spec: 2 }), 4); // 7: still matching
    await store.delete(k('b')); // 8
    const evs = await take(w, 4);
    assert.deepEqual(summary(evs), ['ADDED b@4', 'DELETED a@5', 'MODIFIED b@7', 'DELETED b@8']);
    // The DELETED of a transition carries the last matching state.
    assert.deepEqual((evs[1]?.object.metadata as { labels: unknown } | undefined)?.labels, { app: 'x' });
    await stop();
  });

  const initialCases: {
    name: string;
    rv: string;
    sendInitialEvents?: boolean;
    bookmarks?: boolean;
    want: string[];
  }[] = [
    {
      name: 'legacy resourceVersion 0 sends the state, no bookmark',
      rv: '0',
      bookmarks: true,
      want: ['ADDED a@1', 'ADDED b@2'],
    },
    { name: 'legacy empty resourceVersion behaves like 0', rv: '', want: ['ADDED a@1', 'ADDED b@2'] },
    {
      name: 'sendInitialEvents ends with the initial-events-end bookmark',
      rv: '',
      sendInitialEvents: true,
      bookmarks: true,
      want: ['ADDED a@1', 'ADDED b@2', 'BOOKMARK -@3'],
    },
    {
      name: 'sendInitialEvents with a revision',
      rv: '2',
      sendInitialEvents: true,
      bookmarks: true,
      want: ['ADDED a@1', 'ADDED b@2', 'BOOKMARK -@3'],
    },
    {
      name: 'sendInitialEvents=false from 0 starts now',
      rv: '0',
      sendInitialEvents: false,
      want: ['ADDED c@4'],
    },
  ];
  for (const c of initialCases) {
    test(`initial events: ${c.name}`, async () => {
      const store = await seeded();
      const { cache, stop } = await startCache(store);
      const w = await cache.watch({
        resourceVersion: c.rv,
        sendInitialEvents: c.sendInitialEvents,
        allowWatchBookmarks: c.bookmarks,
      });
      await store.create(k('c'), podJSON('c'));
      const evs = await take(w, c.want.length + (c.sendInitialEvents === false ? 0 : 1));
      assert.deepEqual(summary(evs), c.sendInitialEvents === false ? c.want : [...c.want, 'ADDED c@4']);
      const bm = evs.find((e) => e.type === 'BOOKMARK');
      if (bm !== undefined) {
        assert.deepEqual(bm.object, {
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: { resourceVersion: '3', annotations: { 'k8s.io/initial-events-end': 'true' } },
        });
      }
      await stop();
    });
  }

  test('a watch from a revision the cache has not reached starts at once and skips up to it', async () => {
    const store = await seeded();
    const { cache, stop } = await startCache(store);
    const w = await cache.watch({ resourceVersion: '4' });
    await store.create(k('c'), podJSON('c')); // 4
    await store.create(k('d'), podJSON('d')); // 5
    assert.deepEqual(summary(await take(w, 1)), ['ADDED d@5']);
    await stop();
  });

  test('sendInitialEvents from a revision not reached in time: one ERROR 504 event', async () => {
    const { cache, clock, stop } = await startCache(await seeded());
    const pending = cache.watch({ resourceVersion: '9', sendInitialEvents: true, allowWatchBookmarks: true });
    await settle();
    clock.advance(3_000);
    const evs = await take(await pending, 2);
    assert.equal(evs.length, 1);
    assert.equal(evs[0]?.type, 'ERROR');
    assert.equal(messageOf(evs[0]), 'Timeout: Too large resource version: 9, current: 3');
    await stop();
  });

  test('empty resourceVersion with sendInitialEvents=false starts at the store revision', async () => {
    const store = await seeded();
    const { cache, stop } = await startCache(store, { blockTimeoutMs: 10 });
    // The store is ahead of the cache (a write elsewhere); the watch does not wait for it.
    await store.create('/registry/services/ns/t', '{}'); // 4
    const w = await cache.watch({ resourceVersion: '', sendInitialEvents: false });
    await store.create(k('c'), podJSON('c')); // 5
    assert.deepEqual(summary(await take(w, 1)), ['ADDED c@5']);
    await stop();
  });

  test('watch while (re)initializing is 429; after stop it says the cacher is stopped', async () => {
    const store = await seeded();
    const clock = new FakeClock();
    const cache = new WatchCache({ store, prefix: P, type: { apiVersion: 'v1', kind: 'Pod' }, clock });
    await assert.rejects(cache.watch({ resourceVersion: '0' }), {
      message: 'storage is (re)initializing',
      code: 429,
    });
    const ac = new AbortController();
    const done = cache.start(ac.signal);
    await cache.ready;
    ac.abort();
    await done;
    await assert.rejects(cache.watch({ resourceVersion: '0' }), { message: 'apiserver cacher is stopped' });
  });

  test('a slow watcher is dropped; others keep every event', async () => {
    const store = await seeded();
    const { cache, stop } = await startCache(store, { watcherBufferSize: 3 });
    const slow = await cache.watch({ resourceVersion: '3' });
    const fast = await cache.watch({ resourceVersion: '3' });
    const got: WatchEventOut[] = [];
    const reading = (async () => {
      for await (const ev of fast) {
        got.push(ev);
        if (got.length === 6) break;
      }
    })();
    for (let i = 0; i < 6; i++) {
      await store.create(k(`n${i}`), podJSON(`n${i}`));
      await settle(2);
    }
    await reading;
    assert.equal(slow.endReason, 'slow');
    assert.equal(got.length, 6);
    // What the slow watcher had buffered is still handed out, then it ends.
    const rest: WatchEventOut[] = [];
    for await (const ev of slow) rest.push(ev);
    assert.deepEqual(summary(rest), ['ADDED n0@4', 'ADDED n1@5', 'ADDED n2@6']);
    assert.equal(cache.watcherCount, 0);
    await stop();
  });

  test('bookmarks every minute with the cache revision, one before the deadline, then timeout', async () => {
    const store = await seeded();
    const { cache, clock, stop } = await startCache(store);
    const w = await cache.watch({ resourceVersion: '3', allowWatchBookmarks: true, timeoutSeconds: 90 });
    await store.create('/registry/services/ns/t', '{}'); // 4, elsewhere
    store.progress();
    await settle();
    clock.advance(59_999);
    assert.equal(w.buffered, 0);
    clock.advance(1);
    assert.deepEqual(summary(await take(w, 1)), ['BOOKMARK -@4']);
    await store.create(k('c'), podJSON('c')); // 5
    await settle();
    clock.advance(28_000); // 88 s: two seconds before the deadline
    assert.deepEqual(summary(await take(w, 1)), ['ADDED c@5']);
    await store.create('/registry/services/ns/u', '{}');
    store.progress();
    await settle();
    assert.equal(w.endReason, undefined);
    clock.advance(1_999);
    assert.equal(w.endReason, undefined);
    clock.advance(1);
    assert.equal(w.endReason, 'timeout');
    assert.deepEqual(await take(w, 1), []);
    await stop();
  });

  test('no bookmarks unless allowed', async () => {
    const store = await seeded();
    const { cache, clock, stop } = await startCache(store);
    const w = await cache.watch({ resourceVersion: '3' });
    await store.create('/registry/services/ns/t', '{}');
    store.progress();
    await settle();
    clock.advance(120_000);
    assert.equal(w.buffered, 0);
    await stop();
  });

  test('compaction of the store watch relists and resets watchers', async () => {
    const store = await seeded();
    const { cache, stop } = await startCache(store);
    const w = await cache.watch({ resourceVersion: '3' });
    await store.create(k('c'), podJSON('c')); // 4
    await settle();
    store.breakWatches(new CompactedError(2, 3));
    await settle(20);
    assert.equal(cache.listCount, 2);
    assert.deepEqual(summary(await take(w, 2)), ['ADDED c@4']);
    assert.equal(w.endReason, 'reset');
    // The new window starts at the relist revision: older starts are 410.
    const old = await take(await cache.watch({ resourceVersion: '3' }), 2);
    assert.equal(messageOf(old[0]), 'too old resource version: 3 (4)');
    await store.delete(k('c'));
    const w2 = await cache.watch({ resourceVersion: '4' });
    assert.deepEqual(summary(await take(w2, 1)), ['DELETED c@5']);
    await stop();
  });

  test('a broken store watch relists after the backoff', async () => {
    const store = await seeded();
    const { cache, clock, stop } = await startCache(store);
    store.breakWatches(new Error('connection lost'));
    await settle(20);
    assert.equal(cache.listCount, 1);
    await assert.rejects(cache.list({ resourceVersion: '0' }), { code: 429 });
    assert.deepEqual(await cache.list({ resourceVersion: '0', limit: 10 }), {
      type: 'delegate',
      reason: 'not-ready',
    });
    clock.advance(1_000);
    await settle(20);
    assert.equal(cache.listCount, 2);
    assert.equal((await cache.list({ resourceVersion: '0' })).type, 'list');
    await stop();
  });

  test('aborting the request signal stops the watch', async () => {
    const { cache, stop } = await startCache(await seeded());
    const ac = new AbortController();
    const w = await cache.watch({ resourceVersion: '0', signal: ac.signal });
    ac.abort();
    assert.equal(w.endReason, 'stopped');
    assert.equal(cache.watcherCount, 0);
    await stop();
  });

  test('a namespace watch sees only keys under its prefix', async () => {
    const store = await seeded();
    const { cache, stop } = await startCache(store);
    const w = await cache.watch({ resourceVersion: '0', keyPrefix: `${P}other/` });
    await store.create(k('c'), podJSON('c'));
    await store.create(`${P}other/d`, podJSON('d'));
    assert.deepEqual(summary(await take(w, 1)), ['ADDED d@5']);
    assert.equal(w.buffered, 0);
    await stop();
  });

  test('undecodable values are reported and treated as absent', async () => {
    const store = await seeded();
    await store.create(k('bad'), 'not json'); // 4
    const errors: string[] = [];
    const { cache, stop } = await startCache(store, { onDecodeError: (e) => errors.push(e.message) });
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /^\/registry\/pods\/ns\/bad: stored value is not JSON: /);
    const listed = await cache.list({ resourceVersion: '0' });
    assert.equal(listed.type === 'list' && listed.items.length, 2);
    const w = await cache.watch({ resourceVersion: '4' });
    await store.update(k('a'), '[1]', 1); // 5: a good object turns bad
    await store.update(k('bad'), podJSON('bad'), 4); // 6: a bad one turns good
    assert.deepEqual(summary(await take(w, 2)), ['DELETED a@5', 'ADDED bad@6']);
    assert.equal(errors.length, 2);
    await stop();
  });
});
