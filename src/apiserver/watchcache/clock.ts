/** A timer handle returned by a Clock. */
export interface TimerHandle {
  readonly cancel: () => void;
}

/**
 * The time source of the cache and its watchers. Injected so that tests drive bookmarks,
 * timeouts, the event window's age and the freshness waits without real sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds unless cancelled first. */
  after(ms: number, fn: () => void): TimerHandle;
}

/** The real clock: Date.now and setTimeout. Timers do not keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
