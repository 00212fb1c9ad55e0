import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenBucket } from './rate-limiter.js';

describe('TokenBucket', () => {
  it('lets a burst through, then spaces requests by 1/qps', () => {
    let now = 0;
    const b = new TokenBucket(2, 3, () => now);
    assert.deepEqual([b.reserve(), b.reserve(), b.reserve()], [0, 0, 0]);
    assert.equal(b.reserve(), 500);
    assert.equal(b.reserve(), 1000);
    now = 5000;
    // Refilled up to the burst after a long pause.
    assert.equal(b.reserve(), 0);
  });

  it('rejects bad settings', () => {
    assert.throws(() => new TokenBucket(0, 1), RangeError);
    assert.throws(() => new TokenBucket(1, 0), RangeError);
  });

  it('wait rejects when the signal is already aborted and a wait is needed', async () => {
    const b = new TokenBucket(1, 1, () => 0);
    await b.wait();
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await assert.rejects(b.wait(ac.signal), /stop/);
  });
});
