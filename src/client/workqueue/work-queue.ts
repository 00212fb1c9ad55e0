import type { Clock, Timer } from '../clock.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * A rate-limited, delaying work queue of keys with client-go's workqueue guarantees:
 * - a key is queued at most once however often it is added (dirty set);
 * - a key being processed is never handed out again until `done`; adds meanwhile are kept and
 *   re-queue it on `done`, so no two workers ever hold the same key;
 * - `addAfter` keeps only the earliest pending time per key;
 * - `addRateLimited` waits as the rate limiter says, `forget` resets the key's backoff.
 * After `shutDown`, adds are ignored, pending timers are cancelled and every `get` resolves
 * undefined. Single-threaded (event loop) use only.
 */
export class WorkQueue<K extends string | number> {
  private readonly queue: K[] = [];
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiting = new Map<K, { at: number; timer: Timer }>();
  private readonly getters: ((k: K | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(
    private readonly limiter: RateLimiter<K>,
    private readonly clock: Clock,
  ) {}

  /** Queues `key` now (no-op when it is already queued or the queue is shut down). */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Queues `key` once `ms` milliseconds have passed (or earlier, if already due earlier). */
  addAfter(key: K, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + ms;
    const pending = this.waiting.get(key);
    if (pending !== undefined && pending.at <= at) return;
    pending?.timer.cancel();
    const timer = this.clock.setTimer(() => {
      this.waiting.delete(key);
      this.add(key);
    }, ms);
    this.waiting.set(key, { at, timer });
  }

  /** Queues `key` after the delay its rate limiter gives (one more retry counted). */
  addRateLimited(key: K): void {
    this.addAfter(key, this.limiter.when(key));
  }

  /** Resets the backoff of `key` (after it was processed successfully). */
  forget(key: K): void {
    this.limiter.forget(key);
  }

  /** How many rate-limited retries `key` has had since it was last forgotten. */
  numRequeues(key: K): number {
    return this.limiter.numRequeues(key);
  }

  /** The next key to process (marked processing until `done`), or undefined once shut down. */
  get(): Promise<K | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.queue.shift();
    if (key !== undefined) return Promise.resolve(this.take(key));
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Ends the processing of `key`; a key added meanwhile is queued again. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) this.push(key);
  }

  /** Keys queued and ready (not counting delayed or processing ones). */
  len(): number {
    return this.queue.length;
  }

  /** Keys waiting for their delay to pass. */
  delayed(): number {
    return this.waiting.size;
  }

  /** Whether `shutDown` was called. */
  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Stops the queue: pending delays are dropped and waiting `get`s resolve undefined. Idempotent. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
    for (const g of this.getters.splice(0)) g(undefined);
  }

  private take(key: K): K {
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  private push(key: K): void {
    const getter = this.getters.shift();
    if (getter !== undefined) getter(this.take(key));
    else this.queue.push(key);
  }
}
