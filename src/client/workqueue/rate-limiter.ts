/**
 * How long to wait before an item is retried, as client-go's workqueue rate limiters decide it.
 * `when` is called once per retry and counts it; `forget` resets the item after a success.
 */
export interface RateLimiter<K> {
  /** The delay in milliseconds before `item` may be processed again; records one more retry. */
  when(item: K): number;
  /** Drops what is remembered about `item` (its failures). */
  forget(item: K): void;
  /** How many times `item` was retried since it was last forgotten. */
  numRequeues(item: K): number;
}

/**
 * Per-item exponential backoff: base·2^failures milliseconds, capped at max (client-go's
 * ItemExponentialFailureRateLimiter). Not safe to share between queues that must not influence
 * each other; otherwise stateless apart from the failure counts.
 */
export class ItemExponentialFailureRateLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {}

  when(item: K): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    // 2^n overflows to Infinity for large n; the cap keeps the result finite.
    const delay = this.baseMs * 2 ** n;
    return Number.isFinite(delay) ? Math.min(delay, this.maxMs) : this.maxMs;
  }

  forget(item: K): void {
    this.failures.delete(item);
  }

  numRequeues(item: K): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * An overall token bucket (`qps` tokens a second, at most `burst` held) shared by all items:
 * each retry takes a token and waits until it is available (client-go's BucketRateLimiter over
 * golang.org/x/time/rate). Items are not remembered.
 */
export class BucketRateLimiter<K> implements RateLimiter<K> {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  when(_item: K): number {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
    this.last = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  forget(_item: K): void {}

  numRequeues(_item: K): number {
    return 0;
  }
}

/** The longest delay of several limiters (client-go's MaxOfRateLimiter). */
export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  private readonly limiters: readonly RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.limiters = limiters;
  }

  when(item: K): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item));
    return max;
  }

  forget(item: K): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: K): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/**
 * client-go's DefaultControllerRateLimiter: per-item backoff from 5 ms to 1000 s, and 10 retries
 * a second overall with bursts of 100.
 */
export function defaultControllerRateLimiter<K>(now: () => number): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ItemExponentialFailureRateLimiter(5, 1_000_000),
    new BucketRateLimiter(10, 100, now),
  );
}
