import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ItemExponentialFailureRateLimiter } from './rate-limiter.js';
import { ManualClock } from '../testing/manual-clock.js';
import { WorkQueue } from './work-queue.js';

function queue() {
  const clock = new ManualClock();
  return { clock, q: new WorkQueue<string>(new ItemExponentialFailureRateLimiter(5, 1000), clock) };
}

describe('WorkQueue', () => {
  it('queues a key once however often it is added', async () => {
    const { q } = queue();
    q.add('a');
    q.add('b');
    q.add('a');
    assert.equal(q.len(), 2);
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), 'b');
  });

  it('never hands out a key being processed; an add meanwhile re-queues it on done', async () => {
    const { q } = queue();
    q.add('a');
    assert.equal(await q.get(), 'a');
    q.add('a');
    assert.equal(q.len(), 0);
    q.done('a');
    assert.equal(q.len(), 1);
    assert.equal(await q.get(), 'a');
    q.done('a');
    assert.equal(q.len(), 0);
  });

  it('addAfter waits for the clock and keeps the earliest time', async () => {
    const { q, clock } = queue();
    q.addAfter('a', 5000);
    q.addAfter('a', 1000);
    q.addAfter('a', 3000);
    assert.equal(clock.pending(), 1);
    clock.advance(999);
    assert.equal(q.len(), 0);
    clock.advance(1);
    assert.equal(q.len(), 1);
    assert.equal(clock.pending(), 0);
  });

  it('addRateLimited backs off exponentially until forgotten', () => {
    const { q, clock } = queue();
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      q.addRateLimited('a');
      delays.push(clock.nextAt()! - clock.now());
      clock.advance(delays[i]!);
    }
    assert.deepEqual(delays, [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
    assert.equal(q.numRequeues('a'), 10);
    q.forget('a');
    assert.equal(q.numRequeues('a'), 0);
  });

  it('a get waiting on an empty queue gets the next add; shutDown releases waiters', async () => {
    const { q, clock } = queue();
    const waiting = q.get();
    q.add('x');
    assert.equal(await waiting, 'x');
    const second = q.get();
    q.addAfter('y', 100);
    q.shutDown();
    assert.equal(await second, undefined);
    assert.equal(clock.pending(), 0, 'pending delays are dropped');
    q.add('z');
    assert.equal(await q.get(), undefined);
  });
});
