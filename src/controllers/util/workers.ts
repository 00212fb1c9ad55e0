// The worker loop every queue-driven controller here shares: wait for the caches, then hand keys
// to `sync`, forgetting a key's backoff on success and retrying it with backoff on failure.
import type { SharedInformerFactory } from '../../client/informers/types.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Logger } from '../../log/index.js';
import { messageOf } from './errors.js';

/** How a worker pool treats one controller's keys. */
export interface WorkerPool {
  readonly queue: WorkQueue<string>;
  readonly informers: SharedInformerFactory;
  readonly log: Logger;
  /** Log source, e.g. `endpointslice-controller`. */
  readonly source: string;
  /** Retries of one key before it is dropped (upstream's maxRetries); unlimited when absent. */
  readonly maxRetries?: number;
  /** Log line of a failed sync that is retried, and its verbosity (default `Error syncing, retrying`, 2). */
  readonly retryMessage?: string;
  readonly retryLevel?: number;
  /** Log line of a key dropped after maxRetries (default `Dropping key out of the queue`). */
  readonly dropMessage?: string;
  sync(key: string): Promise<void>;
}

/**
 * Runs `workers` workers until `signal` aborts, after the informer caches synced. Resolves once
 * every worker stopped; the queue is shut down on abort.
 */
export async function runWorkers(pool: WorkerPool, workers: number, signal: AbortSignal): Promise<void> {
  const stop = (): void => pool.queue.shutDown();
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  try {
    if (!(await pool.informers.waitForCacheSync(signal))) return;
    await Promise.all(Array.from({ length: Math.max(1, workers) }, () => work(pool)));
  } finally {
    stop();
    signal.removeEventListener('abort', stop);
  }
}

async function work(pool: WorkerPool): Promise<void> {
  for (;;) {
    const key = await pool.queue.get();
    if (key === undefined) return;
    try {
      await pool.sync(key);
      pool.queue.forget(key);
    } catch (e) {
      if (pool.maxRetries === undefined || pool.queue.numRequeues(key) < pool.maxRetries) {
        pool.log.info(pool.retryLevel ?? 2, pool.source, pool.retryMessage ?? 'Error syncing, retrying', {
          key,
          err: messageOf(e),
        });
        pool.queue.addRateLimited(key);
      } else {
        pool.log.info(0, pool.source, pool.dropMessage ?? 'Dropping key out of the queue', {
          key,
          err: messageOf(e),
        });
        pool.queue.forget(key);
      }
    } finally {
      pool.queue.done(key);
    }
  }
}
