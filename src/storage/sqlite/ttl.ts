import type { Statements } from './schema.js';

const MAX_TIMER_MS = 2 ** 31 - 1;
/** Expired keys deleted per sweep; a longer backlog is taken in further sweeps at once. */
const SWEEP_BATCH = 1000;

/**
 * Deletes keys whose TTL has passed. Expiry times live in the `kv` table, so they survive a
 * restart; one timer is armed for the earliest. Deletes go through `remove` (the normal write
 * path, conditional on the revision that set the TTL) so watchers see them.
 */
export class TtlSweeper {
  private timer: NodeJS.Timeout | undefined;
  private armedFor: number | undefined;
  private stopped = false;

  constructor(
    private readonly st: Statements,
    private readonly now: () => number,
    private readonly remove: (key: string, modRevision: number) => Promise<unknown>,
  ) {}

  /** Arms the timer for the earliest stored expiry. */
  start(): void {
    const next = this.st.nextExpiry.get();
    if (typeof next === 'number') this.schedule(next);
  }

  /** Makes sure a sweep runs no later than `at` (ms since the epoch). Idempotent. */
  schedule(at: number): void {
    if (this.stopped || (this.armedFor !== undefined && this.armedFor <= at)) return;
    clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(() => void this.sweep(), Math.min(MAX_TIMER_MS, Math.max(0, at - this.now())));
    this.timer.unref();
  }

  /** Disarms the timer for good. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async sweep(): Promise<void> {
    this.timer = undefined;
    this.armedFor = undefined;
    if (this.stopped) return;
    const due = this.st.expired.all(this.now(), SWEEP_BATCH);
    // A failed conditional delete means the key was rewritten meanwhile (new expiry or none).
    await Promise.all(due.map((r) => this.remove(r.key, r.mod_rev).catch(() => undefined)));
    if (!this.stopped) this.start();
  }
}
