// Per-key exponential backoff with the clock injected (client-go's flowcontrol.Backoff), used to
// slow down the deletion of daemon pods that keep failing on a node.
import type { Clock } from '../../client/clock.js';

interface Entry {
  backoff: number;
  lastUpdate: number;
}

/**
 * Backoff per key: the first `next` sets `initialMs`, each further one doubles it up to `maxMs`;
 * an entry idle for more than twice `maxMs` starts over. Entries are dropped lazily once expired.
 */
export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  private expired(e: Entry, now: number): boolean {
    return now - e.lastUpdate > 2 * this.maxMs;
  }

  /** The current delay of `key` (0 when it has none). */
  get(key: string): number {
    return this.entries.get(key)?.backoff ?? 0;
  }

  /** Counts one more failure of `key` at the clock's now. */
  next(key: string): void {
    const now = this.clock.now();
    for (const [k, e] of this.entries) if (this.expired(e, now)) this.entries.delete(k);
    const e = this.entries.get(key);
    if (e === undefined) this.entries.set(key, { backoff: this.initialMs, lastUpdate: now });
    else {
      e.backoff = Math.min(e.backoff * 2, this.maxMs);
      e.lastUpdate = now;
    }
  }

  /** Whether less than the current delay has passed since the last `next` of `key`. */
  isInBackOffSinceUpdate(key: string): boolean {
    const e = this.entries.get(key);
    return e !== undefined && this.clock.now() - e.lastUpdate < e.backoff;
  }
}
