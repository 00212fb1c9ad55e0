import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeClock } from './testing.js';
import type { ApiObject, CacheEvent } from './types.js';
import { CacheWatch, eventForWatcher } from './watcher.js';

const obj = (app: string, rv: number): ApiObject => ({
  metadata: { name: 'a', labels: { app }, resourceVersion: String(rv) },
});
const isX = (o: ApiObject): boolean => (o.metadata as { labels: { app: string } }).labels.app === 'x';

function ev(
  type: CacheEvent['type'],
  now: string | undefined,
  before: string | undefined,
  rev = 9,
  key = '/r/ns/a',
): CacheEvent {
  const prev = before === undefined ? undefined : obj(before, rev - 1);
  const object = type === 'DELETED' ? obj(before ?? '', rev) : obj(now ?? '', rev);
  return { type, key, revision: rev, object, prev, recordedAt: 0 };
}

describe('eventForWatcher', () => {
  const cases: { name: string; ev: CacheEvent; want: string | undefined; prefix?: string }[] = [
    { name: 'added and matching', ev: ev('ADDED', 'x', undefined), want: 'ADDED x@9' },
    { name: 'added, not matching', ev: ev('ADDED', 'y', undefined), want: undefined },
    { name: 'modified, matching both', ev: ev('MODIFIED', 'x', 'x'), want: 'MODIFIED x@9' },
    { name: 'modified into the selector', ev: ev('MODIFIED', 'x', 'y'), want: 'ADDED x@9' },
    {
      name: 'modified out of the selector: old state, new revision',
      ev: ev('MODIFIED', 'y', 'x'),
      want: 'DELETED x@9',
    },
    { name: 'modified, matching neither', ev: ev('MODIFIED', 'y', 'z'), want: undefined },
    { name: 'deleted, matching', ev: ev('DELETED', undefined, 'x'), want: 'DELETED x@9' },
    { name: 'deleted, not matching', ev: ev('DELETED', undefined, 'y'), want: undefined },
    {
      name: 'outside the key prefix',
      ev: ev('ADDED', 'x', undefined, 9, '/r/other/a'),
      want: undefined,
      prefix: '/r/ns/',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const out = eventForWatcher(c.ev, { keyPrefix: c.prefix ?? '/r/', predicate: isX });
      const m = out?.object.metadata as { labels: { app: string }; resourceVersion: string } | undefined;
      assert.equal(
        out === undefined ? undefined : `${out.type} ${m?.labels.app}@${m?.resourceVersion}`,
        c.want,
      );
    });
  }

  test('no predicate selects everything', () => {
    assert.equal(
      eventForWatcher(ev('MODIFIED', 'y', 'z'), { keyPrefix: '/r/', predicate: undefined })?.type,
      'MODIFIED',
    );
  });
});

describe('CacheWatch', () => {
  function watcher(
    clock: FakeClock,
    over: Partial<ConstructorParameters<typeof CacheWatch>[0]> = {},
    start = 5,
  ) {
    let rev = start;
    const ended: CacheWatch[] = [];
    const w = new CacheWatch(
      {
        keyPrefix: '/r/',
        predicate: undefined,
        clock,
        type: { apiVersion: 'v1', kind: 'Pod' },
        allowBookmarks: true,
        bufferSize: 2,
        bookmarkIntervalMs: 60_000,
        deadline: undefined,
        cacheRevision: () => rev,
        onEnd: (x) => ended.push(x),
        ...over,
      },
      start,
      [],
    );
    return { w, ended, setRev: (r: number) => (rev = r) };
  }

  test('skips live events the backlog already covers', async () => {
    const { w } = watcher(new FakeClock());
    w.deliver(ev('ADDED', 'x', undefined, 5));
    w.deliver(ev('ADDED', 'x', undefined, 6));
    assert.equal(w.buffered, 1);
  });

  test('overflowing the buffer ends it as slow, once', () => {
    const { w, ended } = watcher(new FakeClock());
    for (let r = 6; r <= 9; r++) w.deliver(ev('ADDED', 'x', undefined, r));
    assert.equal(w.endReason, 'slow');
    assert.equal(w.buffered, 2);
    assert.equal(ended.length, 1);
  });

  test('no bookmark while the cache has not moved past what was sent', () => {
    const clock = new FakeClock();
    const { w, setRev } = watcher(clock);
    clock.advance(60_000);
    assert.equal(w.buffered, 0);
    setRev(8);
    clock.advance(60_000);
    assert.equal(w.buffered, 1);
  });

  test('a deadline shorter than two seconds gets no pre-deadline bookmark', () => {
    const clock = new FakeClock();
    const { w, setRev } = watcher(clock, { deadline: clock.now() + 1_500 });
    setRev(9);
    clock.advance(1_499);
    assert.equal(w.buffered, 0);
    clock.advance(1);
    assert.equal(w.endReason, 'timeout');
    assert.equal(clock.pending, 0);
  });

  test('return() ends it and drops what was buffered', async () => {
    const { w } = watcher(new FakeClock());
    w.deliver(ev('ADDED', 'x', undefined, 6));
    await w.return();
    assert.equal(w.endReason, 'stopped');
    assert.deepEqual(await w.next(), { done: true, value: undefined });
  });

  test('a pending next() is woken by an event and by the end', async () => {
    const { w } = watcher(new FakeClock());
    const first = w.next();
    w.deliver(ev('ADDED', 'x', undefined, 6));
    assert.equal((await first).done, false);
    const second = w.next();
    w.stop();
    assert.equal((await second).done, true);
  });
});
