import type { WatchBatch, WatchEvent, WatchOptions } from '../store.js';
import { CompactedError, StoreError } from '../store.js';
import type { KeyRange } from './keys.js';
import { prefixRange, show } from './keys.js';

/** What the hub needs from the store: revisions and the revision log. All synchronous. */
export interface HistorySource {
  currentRevision(): number;
  compactedRevision(): number;
  /** Events under `range` with after < revision <= upTo, in revision order. */
  readHistory(after: number, upTo: number, range: KeyRange): WatchEvent[];
}

/** Tuning of a WatchHub. */
export interface WatchHubLimits {
  /** Revisions read from the log per step while a watcher catches up (default 5000). */
  readonly historyStep?: number;
  /** Live batches a watcher may have queued before it falls back to the log (default 4096). */
  readonly maxQueued?: number;
}

/**
 *   replay: scan the log from `scanned` in steps; no live batches are queued meanwhile
 *           (the log has them). When a step reaches the current revision in the same tick
 *           as it reads, the watcher turns live: every later commit is pushed to it.
 *   live:   batches are queued by `publish`; a watcher whose queue overflows drops the queue
 *           and goes back to replay from the last revision it delivered.
 */
interface Watcher {
  readonly range: KeyRange;
  replaying: boolean;
  scanned: number;
  delivered: number;
  queue: WatchEvent[][];
  closed: boolean;
  wake: (() => void) | undefined;
}

function eventRevision(e: WatchEvent): number {
  return e.type === 'delete' ? e.revision : e.kv.modRevision;
}

function eventKey(e: WatchEvent): string {
  return e.type === 'delete' ? e.key : e.kv.key;
}

/**
 * Fans committed events out to watchers, right after each commit (no polling). Single-threaded:
 * `publish` must be called in the same synchronous block as the commit it reports.
 */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private readonly historyStep: number;
  private readonly maxQueued: number;

  constructor(
    private readonly source: HistorySource,
    limits: WatchHubLimits = {},
  ) {
    this.historyStep = limits.historyStep ?? 5000;
    this.maxQueued = limits.maxQueued ?? 4096;
  }

  /** Number of open watches. */
  get size(): number {
    return this.watchers.size;
  }

  /** Hands the events of one commit (in revision order) to every live watcher they match. */
  publish(events: readonly WatchEvent[]): void {
    if (events.length === 0) return;
    for (const w of this.watchers) {
      if (w.replaying) continue;
      const mine = events.filter((e) => {
        const k = eventKey(e);
        return k >= w.range.start && k < w.range.end;
      });
      if (mine.length === 0) continue;
      if (w.queue.length >= this.maxQueued) {
        w.queue = [];
        w.replaying = true;
        w.scanned = w.delivered;
      } else {
        w.queue.push(mine);
      }
      w.wake?.();
    }
  }

  /** Ends every watch with StoreError('closed'). Idempotent. */
  closeAll(): void {
    for (const w of this.watchers) {
      w.closed = true;
      w.wake?.();
    }
    this.watchers.clear();
  }

  /** The Store.watch of the sqlite backend; see the Store contract. */
  async *watch(opts: WatchOptions): AsyncGenerator<WatchBatch> {
    const range = prefixRange(opts.prefix);
    const after = opts.afterRevision;
    if (!Number.isSafeInteger(after) || after < 0) {
      throw new StoreError('invalid', `afterRevision must be a non-negative integer, got ${show(after)}`);
    }
    const interval = opts.progressIntervalMs;
    if (interval !== undefined && (!Number.isFinite(interval) || interval <= 0)) {
      throw new StoreError('invalid', `progressIntervalMs must be positive, got ${show(interval)}`);
    }
    const w: Watcher = {
      range,
      replaying: true,
      scanned: after,
      delivered: after,
      queue: [],
      closed: false,
      wake: undefined,
    };
    this.watchers.add(w);
    const onAbort = (): void => w.wake?.();
    opts.signal.addEventListener('abort', onAbort);
    try {
      while (!opts.signal.aborted) {
        if (w.closed) throw new StoreError('closed', 'store is closed');
        if (w.replaying) {
          const events = this.replayStep(w);
          if (events.length > 0) {
            w.delivered = eventRevision(events[events.length - 1]!);
            yield { type: 'events', events };
          }
          continue;
        }
        const batch = w.queue.shift();
        if (batch !== undefined) {
          // A batch may overlap what replay already delivered; keep only newer revisions.
          const events = batch.filter((e) => eventRevision(e) > w.delivered);
          if (events.length > 0) {
            w.delivered = eventRevision(events[events.length - 1]!);
            yield { type: 'events', events };
          }
          continue;
        }
        const woken = await this.sleep(w, interval);
        if (!woken && !opts.signal.aborted && !w.closed && !w.replaying && w.queue.length === 0) {
          // Idle and live: every change up to the current revision has been delivered.
          yield { type: 'progress', revision: this.source.currentRevision() };
        }
      }
    } finally {
      opts.signal.removeEventListener('abort', onAbort);
      this.watchers.delete(w);
    }
  }

  private replayStep(w: Watcher): WatchEvent[] {
    const compacted = this.source.compactedRevision();
    if (w.scanned < compacted) throw new CompactedError(w.scanned + 1, compacted);
    const current = this.source.currentRevision();
    const upTo = Math.min(current, w.scanned + this.historyStep);
    const events = upTo > w.scanned ? this.source.readHistory(w.scanned, upTo, w.range) : [];
    w.scanned = upTo;
    if (upTo === current) {
      w.replaying = false;
      w.queue = [];
    }
    return events;
  }

  /** Waits for a wake-up; resolves false when `ms` passed first. */
  private sleep(w: Watcher, ms: number | undefined): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => done(false), ms);
      const done = (woken: boolean): void => {
        if (timer !== undefined) clearTimeout(timer);
        w.wake = undefined;
        resolve(woken);
      };
      w.wake = () => done(true);
    });
  }
}
