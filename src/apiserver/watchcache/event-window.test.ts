import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventWindow } from './event-window.js';
import type { CacheEvent } from './types.js';

function ev(revision: number, recordedAt = 0): CacheEvent {
  return { type: 'ADDED', key: `/k/${revision}`, revision, object: {}, prev: undefined, recordedAt };
}

function revs(w: EventWindow, after: number): number[] | string {
  const r = w.since(after);
  return r.ok ? r.events.map((e) => e.revision) : `expired ${r.oldestKnown}`;
}

describe('EventWindow', () => {
  const cases: {
    name: string;
    list: number;
    pushed: number[];
    cap: number;
    after: number;
    want: number[] | string;
  }[] = [
    { name: 'empty window at the list revision', list: 10, pushed: [], cap: 4, after: 10, want: [] },
    {
      name: 'before the list revision is too old',
      list: 10,
      pushed: [],
      cap: 4,
      after: 9,
      want: 'expired 10',
    },
    {
      name: 'gap between list and first event is covered',
      list: 10,
      pushed: [15, 16],
      cap: 4,
      after: 10,
      want: [15, 16],
    },
    { name: 'inside the window', list: 0, pushed: [1, 2, 3], cap: 4, after: 1, want: [2, 3] },
    { name: 'at the newest event', list: 0, pushed: [1, 2, 3], cap: 4, after: 3, want: [] },
    { name: 'past the newest event', list: 0, pushed: [1, 2, 3], cap: 4, after: 7, want: [] },
    {
      name: 'after eviction the oldest kept event bounds it',
      list: 0,
      pushed: [1, 2, 3, 4, 5, 6],
      cap: 4,
      after: 2,
      want: [3, 4, 5, 6],
    },
    {
      name: 'after eviction, one below the oldest - 1 expires',
      list: 0,
      pushed: [1, 2, 3, 4, 5, 6],
      cap: 4,
      after: 1,
      want: 'expired 2',
    },
    {
      name: 'sparse revisions',
      list: 0,
      pushed: [3, 9, 27, 81, 243],
      cap: 4,
      after: 26,
      want: [27, 81, 243],
    },
    {
      name: 'sparse revisions, before the oldest kept',
      list: 0,
      pushed: [3, 9, 27, 81, 243],
      cap: 4,
      after: 7,
      want: 'expired 8',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      // Old timestamps keep the window from growing, so eviction happens at `cap`.
      const w = new EventWindow({ lowerBound: c.cap, upperBound: c.cap, freshMs: 1 });
      w.reset(c.list);
      for (const r of c.pushed) w.push(ev(r));
      assert.deepEqual(revs(w, c.after), c.want);
    });
  }

  test('grows while the oldest event is fresh, up to the upper bound', () => {
    const w = new EventWindow({ lowerBound: 2, upperBound: 8, freshMs: 1000 });
    for (let r = 1; r <= 20; r++) w.push(ev(r, r));
    assert.equal(w.capacity, 8);
    assert.equal(w.size, 8);
    assert.deepEqual(revs(w, 12), [13, 14, 15, 16, 17, 18, 19, 20]);
    assert.equal(revs(w, 11), 'expired 12');
  });

  test('shrinks when even the newest quarter is stale, down to the lower bound', () => {
    const w = new EventWindow({ lowerBound: 2, upperBound: 8, freshMs: 1000 });
    for (let r = 1; r <= 8; r++) w.push(ev(r, r));
    assert.equal(w.capacity, 8);
    w.push(ev(9, 10_000));
    assert.equal(w.capacity, 4);
    assert.deepEqual(revs(w, 5), [6, 7, 8, 9]);
    assert.equal(revs(w, 4), 'expired 5');
  });

  test('neither grows nor shrinks between the thresholds', () => {
    const w = new EventWindow({ lowerBound: 4, upperBound: 16, freshMs: 100 });
    for (let r = 1; r <= 4; r++) w.push(ev(r, r * 50)); // 50..200
    w.push(ev(5, 200)); // oldest is 150 old (stale), newest quarter 0 old (fresh)
    assert.equal(w.capacity, 4);
    assert.deepEqual(revs(w, 1), [2, 3, 4, 5]);
  });

  test('reset forgets events and capacity', () => {
    const w = new EventWindow({ lowerBound: 2, upperBound: 8, freshMs: 1000 });
    for (let r = 1; r <= 6; r++) w.push(ev(r, r));
    w.reset(30);
    assert.equal(w.capacity, 2);
    assert.deepEqual(revs(w, 30), []);
    assert.equal(revs(w, 29), 'expired 30');
  });

  test('revisions must increase', () => {
    const w = new EventWindow();
    w.push(ev(5));
    assert.throws(() => w.push(ev(5)), { name: 'BugError' });
  });

  test('sinceOrExpired throws 410 Expired with upstream text', () => {
    const w = new EventWindow();
    w.reset(100);
    assert.throws(
      () => w.sinceOrExpired(42),
      (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.equal(e.message, 'too old resource version: 42 (100)');
        assert.equal((e as { code?: number }).code, 410);
        return true;
      },
    );
  });
});
