import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../client/testing/manual-clock.js';
import { DeadlineQueue } from './deadline-queue.js';

describe('DeadlineQueue', () => {
  it('runs entries in due order on one clock timer', () => {
    const clock = new ManualClock();
    const q = new DeadlineQueue(clock);
    const ran: string[] = [];
    for (const [name, ms] of [
      ['c', 300],
      ['a', 100],
      ['b', 200],
      ['a2', 100],
    ] as const) {
      q.after(ms, () => ran.push(name));
    }
    assert.equal(clock.pending(), 1);
    clock.advance(150);
    assert.deepEqual(ran, ['a', 'a2']);
    clock.advance(1000);
    assert.deepEqual(ran, ['a', 'a2', 'b', 'c']);
    assert.equal(q.size(), 0);
    assert.equal(clock.pending(), 0);
  });

  it('re-arms earlier when an earlier entry arrives, and runs entries added while firing', () => {
    const clock = new ManualClock();
    const q = new DeadlineQueue(clock);
    const ran: number[] = [];
    q.after(1000, () => ran.push(1000));
    q.after(10, () => {
      ran.push(10);
      q.after(0, () => ran.push(11));
    });
    clock.advance(10);
    assert.deepEqual(ran, [10, 11]);
    clock.advance(990);
    assert.deepEqual(ran, [10, 11, 1000]);
  });

  it('keeps order for many entries', () => {
    const clock = new ManualClock();
    const q = new DeadlineQueue(clock);
    const ran: number[] = [];
    const times = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    for (const t of times) q.after(t, () => ran.push(t));
    clock.advance(1000);
    assert.deepEqual(
      ran,
      [...times].sort((a, b) => a - b),
    );
  });

  it('does nothing after stop', () => {
    const clock = new ManualClock();
    const q = new DeadlineQueue(clock);
    let ran = false;
    q.after(5, () => {
      ran = true;
    });
    q.stop();
    clock.advance(10);
    assert.equal(ran, false);
    assert.equal(clock.pending(), 0);
  });
});
