import type { Clock, TimerHandle } from './clock.js';

interface Waiter {
  readonly target: number;
  readonly settle: (reached: boolean) => void;
}

/**
 * Requests waiting for the cache to reach a revision, each with a timeout. Not safe for use
 * from more than one cache; all calls come from the event loop.
 */
export class RevisionWaiters {
  private readonly waiting = new Set<Waiter>();
  private reached = 0;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  /** Records that the cache reached `revision` and wakes the waits it satisfies. Mutates. */
  advance(revision: number): void {
    this.reached = Math.max(this.reached, revision);
    for (const w of [...this.waiting]) if (w.target <= this.reached) w.settle(true);
  }

  /** Resolves true once `target` is reached; false after the timeout, on abort or on `cancelAll`. */
  wait(target: number, signal: AbortSignal | undefined): Promise<boolean> {
    if (target <= this.reached) return Promise.resolve(true);
    if (signal?.aborted === true) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      let timer: TimerHandle | undefined;
      const onAbort = (): void => waiter.settle(false);
      const waiter: Waiter = {
        target,
        settle: (reached) => {
          timer?.cancel();
          signal?.removeEventListener('abort', onAbort);
          this.waiting.delete(waiter);
          resolve(reached);
        },
      };
      this.waiting.add(waiter);
      timer = this.clock.after(this.timeoutMs, () => waiter.settle(false));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Ends every wait with false (the cache stopped). Mutates. */
  cancelAll(): void {
    for (const w of [...this.waiting]) w.settle(false);
  }
}
