// The worker loop every queue-driven controller here shares: wait for the caches, then hand keys
// to `sync`, forgetting a key's backoff on success and retrying it with backoff on failure.
import type { Clock } from '../../client/clock.js';
import type { SharedInformerFactory } from '../../client/informers/types.js';
import { defaultControllerRateLimiter } from '../../client/workqueue/rate-limiter.js';
import { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Logger } from '../../log/index.js';
import { messageOf } from './errors.js';

/** A queue of string keys with upstream's default controller rate limiter, timed by `clock`. */
export function newControllerQueue(clock: Clock): WorkQueue<string> {
  return new WorkQueue<string>(
    defaultControllerRateLimiter(() => clock.now()),
    clock,
  );
}

/** How a worker pool treats one controller's keys. */
export interface WorkerPool {
  readonly queue: WorkQueue<string>;
  readonly informers: SharedInformerFactory;
  readonly log: Logger;
  /** Log source, e.g. `endpointslice-controller`. */
  readonly source: string;
  /** Retries of one key before it is dropped (upstream's maxRetries); unlimited when absent. */
  readonly maxRetries?: number;
  /**
   * Log line of a failed sync that is retried, and its verbosity or `error` for an error line
   * (default `Error syncing, retrying`, 2). The line carries the key and the error's message.
   */
  readonly retryMessage?: string;
  readonly retryLevel?: number | 'error';
  /** Log line of a key dropped after maxRetries (default `Dropping key out of the queue`). */
  readonly dropMessage?: string;
  /** Lines logged (verbosity 0) when the workers start and once they all stopped, with `lifecycleKv`. */
  readonly startMessage?: string;
  readonly stopMessage?: string;
  readonly lifecycleKv?: Readonly<Record<string, unknown>>;
  /** Replaces the retry log line of a failed sync (the key is still requeued with backoff). */
  logRetry?(key: string, err: unknown): void;
  /**
   * Takes over a failed sync entirely: the hook logs, requeues or forgets the key as it sees fit
   * (maxRetries and the log lines above are then not used). The key is marked done afterwards.
   */
  handleError?(key: string, err: unknown): void;
  /**
   * Syncs one key. When it resolves to a number, the key (its backoff forgotten) is queued again
   * after that many milliseconds; any other value is ignored.
   */
  sync(key: string): Promise<unknown>;
}

/**
 * Runs `workers` workers on `pool` until `signal` aborts, after the informer caches synced, and one
 * worker on each of `companions` (further queues of the same controller, e.g. upstream's orphan or
 * claim queues). Resolves once every worker stopped; the queues are shut down on abort. The start
 * and stop lines are those of `pool`.
 */
export async function runWorkers(
  pool: WorkerPool,
  workers: number,
  signal: AbortSignal,
  companions: readonly WorkerPool[] = [],
): Promise<void> {
  const stop = (): void => {
    pool.queue.shutDown();
    for (const c of companions) c.queue.shutDown();
  };
  if (signal.aborted) return stop();
  signal.addEventListener('abort', stop, { once: true });
  if (pool.startMessage !== undefined) pool.log.info(0, pool.source, pool.startMessage, pool.lifecycleKv);
  try {
    if (!(await pool.informers.waitForCacheSync(signal))) return;
    const work = (p: WorkerPool): Promise<void> => drainQueue(p.queue, (key) => syncKey(p, key));
    await Promise.all([
      ...Array.from({ length: Math.max(1, workers) }, () => work(pool)),
      ...companions.map(work),
    ]);
  } finally {
    stop();
    signal.removeEventListener('abort', stop);
    if (pool.stopMessage !== undefined) pool.log.info(0, pool.source, pool.stopMessage, pool.lifecycleKv);
  }
}

/**
 * Takes keys off `queue` one at a time and hands each to `process`, marking it done afterwards,
 * until the queue shuts down. `process` owns the key's backoff (forget / addRateLimited) and must
 * not reject.
 */
export async function drainQueue<K extends string | number>(
  queue: WorkQueue<K>,
  process: (key: K) => Promise<void>,
): Promise<void> {
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    try {
      await process(key);
    } finally {
      queue.done(key);
    }
  }
}

async function syncKey(pool: WorkerPool, key: string): Promise<void> {
  let after: unknown;
  try {
    after = await pool.sync(key);
  } catch (e) {
    if (pool.handleError !== undefined) pool.handleError(key, e);
    else retryOrDrop(pool, key, e);
    return;
  }
  pool.queue.forget(key);
  if (typeof after === 'number') pool.queue.addAfter(key, after);
}

function retryOrDrop(pool: WorkerPool, key: string, e: unknown): void {
  if (pool.maxRetries === undefined || pool.queue.numRequeues(key) < pool.maxRetries) {
    if (pool.logRetry !== undefined) pool.logRetry(key, e);
    else {
      const message = pool.retryMessage ?? 'Error syncing, retrying';
      const kv = { key, err: messageOf(e) };
      if (pool.retryLevel === 'error') pool.log.error(pool.source, message, kv);
      else pool.log.info(pool.retryLevel ?? 2, pool.source, message, kv);
    }
    pool.queue.addRateLimited(key);
  } else {
    pool.log.info(0, pool.source, pool.dropMessage ?? 'Dropping key out of the queue', {
      key,
      err: messageOf(e),
    });
    pool.queue.forget(key);
  }
}
