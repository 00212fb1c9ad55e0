import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
} from './rate-limiter.js';

describe('rate limiters', () => {
  it('exponential per item, capped, independent per item', () => {
    const r = new ItemExponentialFailureRateLimiter<string>(5, 60_000);
    const a = Array.from({ length: 16 }, () => r.when('a'));
    assert.deepEqual(a.slice(0, 5), [5, 10, 20, 40, 80]);
    assert.equal(a[13], 40_960);
    assert.equal(a[14], 60_000);
    assert.equal(r.when('b'), 5);
    r.forget('a');
    assert.equal(r.when('a'), 5);
    for (let i = 0; i < 2000; i++) r.when('c');
    assert.equal(r.when('c'), 60_000, 'no overflow');
  });

  it('the bucket allows a burst then spaces retries at the rate', () => {
    let t = 0;
    const r = new BucketRateLimiter<string>(10, 3, () => t);
    assert.deepEqual([r.when('a'), r.when('b'), r.when('c')], [0, 0, 0]);
    assert.equal(r.when('d'), 100);
    assert.equal(r.when('e'), 200);
    t = 1000;
    assert.equal(r.when('f'), 0);
  });

  it('max-of takes the longest delay', () => {
    let t = 0;
    const r = new MaxOfRateLimiter<string>(
      new ItemExponentialFailureRateLimiter(5, 1000),
      new BucketRateLimiter(10, 1, () => t),
    );
    assert.equal(r.when('a'), 5);
    assert.equal(r.when('a'), 100);
    t = 10_000;
    assert.equal(r.numRequeues('a'), 2);
  });

  it('the default controller limiter tops out at 1000 s', () => {
    const d = defaultControllerRateLimiter<string>(() => 0);
    let dl = 0;
    for (let i = 0; i < 40; i++) {
      dl = d.when('a');
    }
    assert.equal(dl, 1_000_000);
  });
});
