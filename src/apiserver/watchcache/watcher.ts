import type { Clock, TimerHandle } from './clock.js';
import { bookmarkObject, type TypeMeta, withResourceVersion } from './objects.js';
import type { ApiObject, CacheEvent, ObjectPredicate, WatchEventOut } from './types.js';

/** Why a cache watch ended. */
export type WatchEndReason =
  /** The client stopped it (return(), its signal, or stop()). */
  | 'stopped'
  /** Its timeoutSeconds ran out. */
  | 'timeout'
  /** It fell more than its buffer behind and was dropped so that others are not held up. */
  | 'slow'
  /** The cache relisted (after compaction or a broken store watch); the client re-watches. */
  | 'reset'
  /** It could not start; its only event is an ERROR carrying the Status. */
  | 'error';

/** What a watcher selects: objects under `keyPrefix` that pass `predicate` (absent: all). */
export interface WatchFilter {
  readonly keyPrefix: string;
  readonly predicate: ObjectPredicate | undefined;
}

/**
 * Turns a cache event into what one watcher sees, as upstream's watchers do with selectors:
 * an object that starts matching arrives as ADDED, one that stops matching as DELETED (its
 * previous state with the event's resourceVersion), and unrelated changes are dropped
 * (undefined). Pure.
 */
export function eventForWatcher(ev: CacheEvent, f: WatchFilter): WatchEventOut | undefined {
  if (!ev.key.startsWith(f.keyPrefix)) return undefined;
  const matches = (o: ApiObject): boolean => f.predicate === undefined || f.predicate(o);
  const now = ev.type !== 'DELETED' && matches(ev.object);
  const before = ev.prev !== undefined && matches(ev.prev);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: ev.object };
  if (!before || ev.prev === undefined) return undefined;
  return {
    type: 'DELETED',
    object: ev.type === 'DELETED' ? ev.object : withResourceVersion(ev.prev, ev.revision),
  };
}

/** Settings of one watcher, fixed by the cache at watch time. */
export interface WatcherSettings extends WatchFilter {
  readonly clock: Clock;
  readonly type: TypeMeta;
  readonly allowBookmarks: boolean;
  /** Live events this watcher may lag behind before it is dropped. */
  readonly bufferSize: number;
  readonly bookmarkIntervalMs: number;
  /** Clock time at which the watch ends with 'timeout'; undefined: never. */
  readonly deadline: number | undefined;
  /** Revision the cache has reached (for bookmarks). */
  readonly cacheRevision: () => number;
  /** Called once when the watcher ends, whatever the reason. */
  readonly onEnd: (w: CacheWatch) => void;
}

/**
 * One watch served from the cache: an async iterable of events, first the prepared backlog
 * (initial events or history), then live events. Live events wait in a bounded buffer; a
 * watcher that lets it overflow ends with reason 'slow' after yielding what it buffered, so
 * one slow client never blocks the cache or other watchers. Iterate it once.
 */
export class CacheWatch implements AsyncIterable<WatchEventOut>, AsyncIterator<WatchEventOut> {
  private readonly backlog: readonly WatchEventOut[];
  private backlogAt = 0;
  private readonly queue: WatchEventOut[] = [];
  private waiting: ((r: IteratorResult<WatchEventOut>) => void) | undefined;
  private bookmarkTimer: TimerHandle | undefined;
  private deadlineTimer: TimerHandle | undefined;
  /** Newest revision handed to this watcher (events and bookmarks). */
  private sent: number;
  private ended: WatchEndReason | undefined;
  private preDeadlineDone = false;

  /** Use WatchCache.watch. */
  constructor(
    private readonly s: WatcherSettings,
    /** Revision the backlog brings the watcher to; live events at or below it are skipped. */
    private readonly startRevision: number,
    backlog: readonly WatchEventOut[],
  ) {
    this.backlog = backlog;
    this.sent = startRevision;
    if (s.deadline !== undefined) {
      this.deadlineTimer = s.clock.after(Math.max(0, s.deadline - s.clock.now()), () => this.stop('timeout'));
    }
    this.scheduleBookmark();
  }

  /** Why the watch ended, or undefined while it runs. */
  get endReason(): WatchEndReason | undefined {
    return this.ended;
  }

  /** Live events buffered and not yet taken. */
  get buffered(): number {
    return this.queue.length;
  }

  /** Offers a live cache event (the cache calls this in revision order). Mutates. */
  deliver(ev: CacheEvent): void {
    if (this.ended !== undefined || ev.revision <= this.startRevision) return;
    const out = eventForWatcher(ev, this.s);
    if (out === undefined) return;
    this.sent = Math.max(this.sent, ev.revision);
    this.enqueue(out);
  }

  /** Ends the watch (idempotent); buffered events are still yielded, then iteration ends. */
  stop(reason: WatchEndReason = 'stopped'): void {
    if (this.ended !== undefined) return;
    this.ended = reason;
    this.bookmarkTimer?.cancel();
    this.deadlineTimer?.cancel();
    this.s.onEnd(this);
    this.wake();
  }

  /** The next event; `done` once the watch ended and everything buffered was taken. */
  next(): Promise<IteratorResult<WatchEventOut>> {
    const item = this.take();
    if (item !== undefined) return Promise.resolve({ done: false, value: item });
    if (this.ended !== undefined) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** Stops the watch (as `for await` does on break). */
  return(): Promise<IteratorResult<WatchEventOut>> {
    this.stop('stopped');
    this.queue.length = 0;
    this.backlogAt = this.backlog.length;
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEventOut> {
    return this;
  }

  private take(): WatchEventOut | undefined {
    if (this.backlogAt < this.backlog.length) return this.backlog[this.backlogAt++];
    return this.queue.shift();
  }

  private enqueue(out: WatchEventOut): void {
    if (this.queue.length >= this.s.bufferSize) {
      this.stop('slow');
      return;
    }
    this.queue.push(out);
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    if (w === undefined) return;
    const item = this.take();
    if (item !== undefined) {
      this.waiting = undefined;
      w({ done: false, value: item });
    } else if (this.ended !== undefined) {
      this.waiting = undefined;
      w({ done: true, value: undefined });
    }
  }

  // Bookmarks go out every interval and once more two seconds before the deadline, so that a
  // client whose watch times out can resume from a recent revision.
  private scheduleBookmark(): void {
    if (!this.s.allowBookmarks || this.ended !== undefined) return;
    const now = this.s.clock.now();
    let at = now + this.s.bookmarkIntervalMs;
    if (this.s.deadline !== undefined) {
      const pre = this.s.deadline - 2_000;
      if (pre < at) {
        if (this.preDeadlineDone || pre < now) return;
        this.preDeadlineDone = true;
        at = pre;
      }
    }
    this.bookmarkTimer = this.s.clock.after(at - now, () => {
      const rev = this.s.cacheRevision();
      if (this.ended === undefined && rev > this.sent) {
        this.sent = rev;
        this.enqueue({ type: 'BOOKMARK', object: bookmarkObject(this.s.type, rev) });
      }
      this.scheduleBookmark();
    });
  }
}
