import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WatchBatch, WatchEvent } from '../store.js';
import { isCompacted, StoreError } from '../store.js';
import type { KeyRange } from './keys.js';
import { WatchHub } from './watch-hub.js';

/** An in-memory revision log standing in for the database. */
class FakeLog {
  events: WatchEvent[] = [];
  compacted = 0;
  reads = 0;

  put(key: string): WatchEvent {
    const rev = this.events.length + 1;
    const e: WatchEvent = {
      type: 'put',
      kv: { key, value: `v${rev}`, createRevision: rev, modRevision: rev },
      prev: undefined,
    };
    this.events.push(e);
    return e;
  }

  source() {
    return {
      currentRevision: () => this.events.length,
      compactedRevision: () => this.compacted,
      readHistory: (after: number, upTo: number, range: KeyRange): WatchEvent[] => {
        this.reads++;
        return this.events
          .slice(after, upTo)
          .filter((e) => e.type === 'put' && e.kv.key >= range.start && e.kv.key < range.end);
      },
    };
  }
}

function revs(batches: readonly WatchBatch[]): number[] {
  return batches.flatMap((b) =>
    b.type === 'events' ? b.events.map((e) => (e.type === 'put' ? e.kv.modRevision : e.revision)) : [],
  );
}

async function take(it: AsyncIterator<WatchBatch>, n: number): Promise<WatchBatch[]> {
  const out: WatchBatch[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('WatchHub', () => {
  test('replays history in steps, then switches to live batches without duplicates', async () => {
    const log = new FakeLog();
    for (let i = 0; i < 25; i++) log.put(`/a/${i}`);
    const hub = new WatchHub(log.source(), { historyStep: 10 });
    const ctl = new AbortController();
    const it = hub.watch({ prefix: '/a/', afterRevision: 3, signal: ctl.signal })[Symbol.asyncIterator]();
    const first = await take(it, 1);
    assert.deepEqual(revs(first), [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    // Live commits while the watcher is still replaying are read from the log, not queued.
    hub.publish([log.put('/a/x')]);
    const rest = await take(it, 2);
    assert.deepEqual(revs(rest), [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26]);
    hub.publish([log.put('/a/y'), log.put('/b/z'), log.put('/a/w')]);
    const live = await take(it, 1);
    assert.deepEqual(revs(live), [27, 29]);
    ctl.abort();
    assert.equal((await it.next()).done, true);
    assert.equal(hub.size, 0);
  });

  test('a watcher whose queue overflows falls back to the log and loses nothing', async () => {
    const log = new FakeLog();
    const hub = new WatchHub(log.source(), { maxQueued: 3 });
    const ctl = new AbortController();
    const it = hub.watch({ prefix: '/a/', afterRevision: 0, signal: ctl.signal })[Symbol.asyncIterator]();
    const pending = it.next();
    hub.publish([log.put('/a/1')]);
    assert.deepEqual(revs([(await pending).value as WatchBatch]), [1]);
    const readsBefore = log.reads;
    // The consumer stalls while ten commits arrive: the queue overflows after three.
    for (let i = 2; i <= 11; i++) hub.publish([log.put(`/a/${i}`)]);
    const got = await take(it, 1);
    assert.ok(log.reads > readsBefore, 'the overflowed watcher read the log');
    assert.deepEqual(revs(got), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    hub.publish([log.put('/a/12')]);
    assert.deepEqual(revs(await take(it, 1)), [12]);
    ctl.abort();
    await it.next();
  });

  test('a start below the compacted revision fails with CompactedError', async () => {
    const log = new FakeLog();
    for (let i = 0; i < 5; i++) log.put(`/a/${i}`);
    log.compacted = 3;
    const hub = new WatchHub(log.source());
    const ctl = new AbortController();
    const it = hub.watch({ prefix: '/a/', afterRevision: 2, signal: ctl.signal })[Symbol.asyncIterator]();
    await assert.rejects(it.next(), (err: unknown) => isCompacted(err));
    const ok = hub.watch({ prefix: '/a/', afterRevision: 3, signal: ctl.signal })[Symbol.asyncIterator]();
    assert.deepEqual(revs(await take(ok, 1)), [4, 5]);
    ctl.abort();
    await ok.next();
  });

  test('a replay that falls below a compaction made meanwhile fails with CompactedError', async () => {
    const log = new FakeLog();
    for (let i = 0; i < 25; i++) log.put(`/a/${i}`);
    const hub = new WatchHub(log.source(), { historyStep: 10 });
    const ctl = new AbortController();
    const it = hub.watch({ prefix: '/a/', afterRevision: 0, signal: ctl.signal })[Symbol.asyncIterator]();
    assert.deepEqual(revs(await take(it, 1)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    log.compacted = 15;
    await assert.rejects(it.next(), (err: unknown) => isCompacted(err));
    assert.equal(hub.size, 0);
  });

  test('progress is sent only while idle and live, at the current revision', async () => {
    const log = new FakeLog();
    log.put('/a/1');
    log.put('/b/2');
    const hub = new WatchHub(log.source());
    const ctl = new AbortController();
    const it = hub
      .watch({ prefix: '/a/', afterRevision: 0, signal: ctl.signal, progressIntervalMs: 20 })
      [Symbol.asyncIterator]();
    const got = await take(it, 2);
    assert.deepEqual(got, [
      { type: 'events', events: [log.events[0]] },
      { type: 'progress', revision: 2 },
    ]);
    ctl.abort();
    await it.next();
  });

  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    ['negative afterRevision', { prefix: '/a/', afterRevision: -1 }, /afterRevision/],
    ['empty prefix', { prefix: '', afterRevision: 0 }, /prefix must not be empty/],
    [
      'zero progress interval',
      { prefix: '/a/', afterRevision: 0, progressIntervalMs: 0 },
      /progressIntervalMs/,
    ],
  ];
  for (const [name, opts, message] of invalid) {
    test(`rejects ${name}`, async () => {
      const hub = new WatchHub(new FakeLog().source());
      const it = hub
        .watch({
          ...(opts as { prefix: string; afterRevision: number }),
          signal: new AbortController().signal,
        })
        [Symbol.asyncIterator]();
      await assert.rejects(
        it.next(),
        (err: unknown) => err instanceof StoreError && message.test(err.message),
      );
    });
  }

  test('closeAll ends open watches with a closed error', async () => {
    const hub = new WatchHub(new FakeLog().source());
    const it = hub
      .watch({ prefix: '/a/', afterRevision: 0, signal: new AbortController().signal })
      [Symbol.asyncIterator]();
    const next = it.next();
    await new Promise((resolve) => setImmediate(resolve));
    hub.closeAll();
    await assert.rejects(next, (err: unknown) => err instanceof StoreError && err.code === 'closed');
  });
});
