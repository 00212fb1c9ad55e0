import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ItemExponentialFailureRateLimiter } from '../../client/workqueue/rate-limiter.js';
import { WorkQueue } from '../../client/workqueue/work-queue.js';
import { Logger } from '../../log/index.js';
import { newTestContext, settle } from '../testing.js';
import { runWorkers } from './workers.js';

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

  it('logs start and stop lines, requeues after a returned delay and works companion queues', async () => {
    const env = newTestContext();
    const lines: string[] = [];
    const log = new Logger({ verbosity: 2, write: (l) => lines.push(l) });
    const queue = new WorkQueue<string>(new ItemExponentialFailureRateLimiter(5, 1000), env.clock);
    const other = new WorkQueue<string>(new ItemExponentialFailureRateLimiter(5, 1000), env.clock);
    const seen: string[] = [];
    const handled: string[] = [];
    const ac = new AbortController();
    const done = runWorkers(
      {
        queue,
        informers: env.informers,
        log,
        source: 'test',
        startMessage: 'Starting test controller',
        stopMessage: 'Shutting down test controller',
        lifecycleKv: { controller: 'test' },
        async sync(key) {
          seen.push(key);
          return seen.length === 1 ? 100 : undefined;
        },
      },
      1,
      ac.signal,
      [
        {
          queue: other,
          informers: env.informers,
          log,
          source: 'test',
          handleError: (key) => handled.push(key),
          async sync() {
            throw new Error('boom');
          },
        },
      ],
    );
    queue.add('a');
    other.add('b');
    await settle();
    assert.deepEqual(seen, ['a']);
    assert.deepEqual(handled, ['b']);
    assert.equal(other.delayed(), 0, 'handleError alone decides on a retry');
    env.clock.advance(100);
    await settle();
    assert.deepEqual(seen, ['a', 'a']);
    ac.abort();
    await done;
    assert.match(lines[0] ?? '', /Starting test controller" controller="test"/);
    assert.match(lines.at(-1) ?? '', /Shutting down test controller" controller="test"/);
  });
});
