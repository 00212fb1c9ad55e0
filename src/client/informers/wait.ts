// Waiting on the injected clock: abortable sleeps, jitter and client-go's exponential backoff
// manager (as wait.NewExponentialBackoffManager).
import type { Clock } from '../clock.js';

/**
 * Resolves after `ms` on `clock`, or as soon as `signal` aborts (never rejects). The timer is
 * cancelled on abort so nothing is left pending.
 */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = () => {
      timer.cancel();
      resolve();
    };
    const timer = clock.setTimer(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `ms` plus a random part of up to `factor * ms`, as wait.Jitter (factor <= 0 means 1). */
export function jitter(ms: number, factor: number, random: () => number = Math.random): number {
  const f = factor <= 0 ? 1 : factor;
  return ms + random() * f * ms;
}

/** Parameters of an ExponentialBackoff. */
export interface BackoffOptions {
  initialMs: number;
  capMs: number;
  /** Quiet time after which the next delay starts over from `initialMs`. */
  resetMs: number;
  factor: number;
  jitter: number;
  random?: () => number;
}

/** The reflector's backoff: 800 ms doubling to 30 s, jitter 1.0, reset after 2 min of quiet. */
export const REFLECTOR_BACKOFF: BackoffOptions = {
  initialMs: 800,
  capMs: 30_000,
  resetMs: 120_000,
  factor: 2,
  jitter: 1,
};

/**
 * Delays growing by `factor` up to `capMs` (each jittered), starting over once more than `resetMs`
 * passed since the previous delay was handed out. Not safe for concurrent sharing between loops.
 */
export class ExponentialBackoff {
  private current: number;
  private last: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly opts: BackoffOptions = REFLECTOR_BACKOFF,
  ) {
    this.current = opts.initialMs;
  }

  /** The next delay in milliseconds. */
  next(): number {
    const now = this.clock.now();
    if (this.last !== undefined && now - this.last > this.opts.resetMs) this.current = this.opts.initialMs;
    this.last = now;
    const d = this.current;
    this.current = Math.min(this.current * this.opts.factor, this.opts.capMs);
    return this.opts.jitter > 0 ? jitter(d, this.opts.jitter, this.opts.random) : d;
  }
}
