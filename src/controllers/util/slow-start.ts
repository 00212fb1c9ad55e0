// Slow start: do `count` calls in batches of 1, 2, 4, ... so that a request bound to fail (quota,
// admission) fails once rather than hundreds of times.

/** Upstream's SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** What a slow-start run did. */
export interface SlowStartResult {
  /** Calls that resolved. */
  readonly successes: number;
  /** The first failure of the batch that stopped the run; undefined when every call succeeded. */
  readonly error: unknown;
  /** Whether a call failed (so `error` is meaningful even when a call rejected with undefined). */
  readonly failed: boolean;
}

/**
 * Calls `fn` `count` times: batches start at `initialBatchSize` and double while whole batches
 * succeed; the calls of a batch run concurrently. After a batch with a failure no further batch is
 * started (the batch itself runs to completion). Never rejects.
 */
export async function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: () => Promise<void>,
): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, async () => fn()));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += size - failures.length;
    const first = failures[0];
    if (first !== undefined) return { successes, error: first.reason, failed: true };
    remaining -= size;
  }
  return { successes, error: undefined, failed: false };
}
