/** A timer that can be cancelled; cancelling a fired or cancelled timer does nothing. */
export interface Timer {
  cancel(): void;
}

/**
 * Time as the controller sees it: milliseconds since the epoch and one-shot timers. Injected so
 * that tests decide when time passes.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once, `ms` milliseconds from now (at once for ms <= 0, on a later turn). */
  setTimer(fn: () => void, ms: number): Timer;
}

/** The system clock; timers do not keep the process alive. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
