import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../testing/manual-clock.js';
import { ExponentialBackoff, jitter, REFLECTOR_BACKOFF, sleep } from './wait.js';

describe('ExponentialBackoff', () => {
  it('doubles from 800 ms to a 30 s cap and starts over after 2 quiet minutes', () => {
    const clock = new ManualClock();
    const b = new ExponentialBackoff(clock, { ...REFLECTOR_BACKOFF, jitter: 0 });
    const delays = Array.from({ length: 8 }, () => b.next());
    assert.deepEqual(delays, [800, 1600, 3200, 6400, 12800, 25600, 30000, 30000]);
    clock.advance(120_000);
    assert.equal(b.next(), 30000);
    clock.advance(120_001);
    assert.equal(b.next(), 800);
  });

  it('adds up to jitter × the delay', () => {
    const clock = new ManualClock();
    const b = new ExponentialBackoff(clock, { ...REFLECTOR_BACKOFF, random: () => 0.5 });
    assert.equal(b.next(), 1200);
    assert.equal(b.next(), 2400);
    assert.equal(
      jitter(2000, 1.2, () => 1),
      4400,
    );
  });
});

describe('sleep', () => {
  it('resolves when the clock passes, or at once on abort leaving no timer', async () => {
    const clock = new ManualClock();
    let done = false;
    const p = sleep(clock, 1000, new AbortController().signal).then(() => {
      done = true;
    });
    clock.advance(999);
    await Promise.resolve();
    assert.equal(done, false);
    clock.advance(1);
    await p;
    assert.equal(done, true);

    const ac = new AbortController();
    const q = sleep(clock, 1000, ac.signal);
    assert.equal(clock.pending(), 1);
    ac.abort();
    await q;
    assert.equal(clock.pending(), 0);
  });
});
