import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ItemExponentialFailureRateLimiter } from '../../client/workqueue/rate-limiter.js';
import { WorkQueue } from '../../client/workqueue/work-queue.js';
import { newTestContext } from '../testing.js';
import { runWorkers } from './workers.js';

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

describe('runWorkers', () => {
  it('retries a failing key with backoff and forgets it once it succeeds', async () => {
    const env = newTestContext();
    const queue = new WorkQueue<string>(new ItemExponentialFailureRateLimiter(5, 1000), env.clock);
    const seen: string[] = [];
    let failures = 2;
    const ac = new AbortController();
    const done = runWorkers(
      {
        queue,
        informers: env.informers,
        log: env.ctx.log,
        source: 'test',
        maxRetries: 5,
        async sync(key) {
          seen.push(key);
          if (failures-- > 0) throw new Error('boom');
        },
      },
      2,
      ac.signal,
    );
    queue.add('ns/a');
    await settle();
    assert.deepEqual(seen, ['ns/a']);
    env.clock.advance(5);
    await settle();
    env.clock.advance(10);
    await settle();
    assert.deepEqual(seen, ['ns/a', 'ns/a', 'ns/a']);
    assert.equal(queue.numRequeues('ns/a'), 0);
    ac.abort();
    await done;
  });

  it('drops a key after maxRetries', async () => {
    const env = newTestContext();
    const queue = new WorkQueue<string>(new ItemExponentialFailureRateLimiter(1, 1), env.clock);
    let calls = 0;
    const ac = new AbortController();
    const done = runWorkers(
      {
        queue,
        informers: env.informers,
        log: env.ctx.log,
        source: 'test',
        maxRetries: 2,
        async sync() {
          calls++;
          throw new Error('boom');
        },
      },
      1,
      ac.signal,
    );
    queue.add('k');
    for (let i = 0; i < 6; i++) {
      await settle();
      env.clock.advance(1);
    }
    await settle();
    assert.equal(calls, 3);
    assert.equal(queue.delayed(), 0);
    ac.abort();
    await done;
  });
});
