import { BugError } from '../../apimachinery/errors/index.js';
import { tooOldResourceVersion } from './errors.js';
import type { CacheEvent } from './types.js';

/** Sizing of the event window; defaults are upstream's. */
export interface EventWindowOptions {
  /** Smallest capacity (default 100). */
  readonly lowerBound?: number;
  /** Largest capacity (default 102400). */
  readonly upperBound?: number;
  /** Events younger than this are worth growing for (default 75 s: a bookmark period plus slack). */
  readonly freshMs?: number;
}

/** Result of asking the window for the events after a revision. */
export type EventsSince =
  | { readonly ok: true; readonly events: readonly CacheEvent[] }
  | { readonly ok: false; readonly oldestKnown: number };

/**
 * A sliding window of the most recent events, in revision order.
 *
 *   reset(L)         push e1..en            full: evict oldest
 *   [ ]  oldest=L+1   [e1 .. en]  oldest=L+1  [ek .. en]  oldest=rev(ek)
 *
 * A watch may start at any revision >= oldest - 1. Until the first eviction after a reset the
 * window also covers the gap between the list revision L and its first event.
 *
 * Capacity adapts as upstream's does: when full and the oldest event is still fresh the window
 * doubles (up to the upper bound); when full and even the newest quarter is stale it halves
 * (down to the lower bound). Not safe for concurrent mutation (the cache owns it).
 */
export class EventWindow {
  private readonly lower: number;
  private readonly upper: number;
  private readonly freshMs: number;
  private ring: (CacheEvent | undefined)[];
  /** Absolute indexes, as upstream keeps them: start counts evictions since the last reset. */
  private start = 0;
  private end = 0;
  private listRevision = 0;

  constructor(opts: EventWindowOptions = {}) {
    this.lower = opts.lowerBound ?? 100;
    this.upper = opts.upperBound ?? 100 * 1024;
    this.freshMs = opts.freshMs ?? 75_000;
    if (!(this.lower >= 1 && this.upper >= this.lower)) {
      throw new BugError(`event window bounds ${this.lower}..${this.upper} are invalid`);
    }
    this.ring = new Array<CacheEvent | undefined>(this.lower);
  }

  /** Current capacity. */
  get capacity(): number {
    return this.ring.length;
  }

  /** Events held. */
  get size(): number {
    return this.end - this.start;
  }

  /** Forgets every event; the next watch may start at `listRevision`. Mutates. */
  reset(listRevision: number): void {
    this.ring = new Array<CacheEvent | undefined>(this.lower);
    this.start = 0;
    this.end = 0;
    this.listRevision = listRevision;
  }

  /** Appends an event (revisions must increase), resizing or evicting as needed. Mutates. */
  push(ev: CacheEvent): void {
    const last = this.at(this.end - 1);
    if (last !== undefined && last.revision >= ev.revision) {
      throw new BugError(`event window: revision ${ev.revision} after ${last.revision}`);
    }
    this.resize(ev.recordedAt);
    if (this.size === this.capacity) {
      this.ring[this.start % this.capacity] = undefined;
      this.start++;
    }
    this.ring[this.end % this.capacity] = ev;
    this.end++;
  }

  /**
   * The events with revision > `revision`, or the oldest revision a watch may start at when
   * `revision` is older than the window. Pure.
   */
  since(revision: number): EventsSince {
    const oldest = this.start === 0 ? this.listRevision + 1 : this.at(this.start)?.revision;
    if (oldest === undefined) throw new BugError('event window: evicted but empty');
    if (revision < oldest - 1) return { ok: false, oldestKnown: oldest - 1 };
    // Binary search for the first event after `revision`.
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.at(mid)?.revision ?? 0) <= revision) lo = mid + 1;
      else hi = mid;
    }
    const events: CacheEvent[] = [];
    for (let i = lo; i < this.end; i++) {
      const ev = this.at(i);
      if (ev !== undefined) events.push(ev);
    }
    return { ok: true, events };
  }

  /** Like `since`, throwing upstream's 410 Expired when `revision` is too old. Pure. */
  sinceOrExpired(revision: number): readonly CacheEvent[] {
    const r = this.since(revision);
    if (!r.ok) throw tooOldResourceVersion(revision, r.oldestKnown);
    return r.events;
  }

  private at(i: number): CacheEvent | undefined {
    return i < this.start || i >= this.end ? undefined : this.ring[i % this.capacity];
  }

  private resize(now: number): void {
    if (this.size < this.capacity) return;
    const oldest = this.at(this.start);
    if (oldest !== undefined && now - oldest.recordedAt < this.freshMs) {
      const grown = Math.min(this.capacity * 2, this.upper);
      if (grown > this.capacity) this.reshape(grown);
      return;
    }
    const quarter = this.at(this.end - Math.floor(this.capacity / 4));
    if (quarter !== undefined && now - quarter.recordedAt > this.freshMs) {
      const shrunk = Math.max(Math.floor(this.capacity / 2), this.lower);
      if (shrunk < this.capacity) this.reshape(shrunk);
    }
  }

  // Keeps the newest `capacity` events; absolute indexes stay valid.
  private reshape(capacity: number): void {
    const ring = new Array<CacheEvent | undefined>(capacity);
    const from = Math.max(this.start, this.end - capacity);
    for (let i = from; i < this.end; i++) ring[i % capacity] = this.at(i);
    this.start = from;
    this.ring = ring;
  }
}
