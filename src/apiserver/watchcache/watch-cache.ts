import { BugError, type Status, type StatusError, tooManyRequests } from '../../apimachinery/errors/index.js';
import { isCompacted, type WatchEvent } from '../../storage/index.js';
import { type Clock, systemClock } from './clock.js';
import { parseRequestedVersion, tooLargeResourceVersion, tooOldResourceVersion } from './errors.js';
import { EventWindow } from './event-window.js';
import { bookmarkObject, DecodeError, decodeStored, withResourceVersion } from './objects.js';
import { lowerBound, selectPage } from './page.js';
import type { CacheListRequest, CacheListResult, CacheWatchRequest, WatchCacheOptions } from './requests.js';
import { RevisionWaiters } from './revision-waiters.js';
import type { ApiObject, CacheEvent, WatchEventOut } from './types.js';
import { CacheWatch, eventForWatcher } from './watcher.js';

/** Seconds an unready cache asks clients to wait: e^(0.06 s⁻¹ · downtime), within 1..30. */
export function retryAfterForUnreadyCache(downtimeMs: number): number {
  return Math.trunc(Math.min(30, Math.max(1, Math.exp(0.06 * (downtimeMs / 1000)))));
}

/**
 * The watch cache of one resource: the current objects under a key prefix and a window of
 * recent events, kept up to date by one store watch, so that LIST and WATCH rarely reach the
 * store.
 *
 *   start ─▶ list prefix @L ─▶ ready ─▶ watch after L ─▶ apply events / progress ─┐
 *              ▲  (every watch ends 'reset')                                       │
 *              └──── compacted: at once; other failure or end: after a backoff ◀──┘
 *
 * Served objects are frozen and shared: callers must not mutate them. All methods may be
 * called concurrently from the event loop.
 */
export class WatchCache {
  /** Resolves after the first complete list; rejects if the cache stops before. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private failReady!: (err: Error) => void;
  private readonly o: WatchCacheOptions;
  private readonly clock: Clock;
  private readonly window: EventWindow;
  private readonly waiters: RevisionWaiters;
  private readonly watchers = new Set<CacheWatch>();
  private objects = new Map<string, ApiObject>();
  private sortedKeys: string[] | undefined;
  private revisionReached = 0;
  private state: 'pending' | 'ready' | 'stopped' = 'pending';
  private stateSince: number;
  private started = false;
  private relists = 0;

  /** Throws BugError when the prefix does not end in '/'. Starts nothing. */
  constructor(opts: WatchCacheOptions) {
    if (!opts.prefix.endsWith('/')) throw new BugError(`watch cache prefix ${opts.prefix} must end in '/'`);
    this.o = opts;
    this.clock = opts.clock ?? systemClock;
    this.stateSince = this.clock.now();
    this.window = new EventWindow(opts.window);
    this.waiters = new RevisionWaiters(this.clock, opts.blockTimeoutMs ?? 3_000);
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve;
      this.failReady = reject;
    });
    this.ready.catch(() => {});
  }

  /** The revision the cache has caught up to. */
  get revision(): number {
    return this.revisionReached;
  }

  /** How many times the cache listed the store (1 after a clean start). */
  get listCount(): number {
    return this.relists;
  }

  /** Watches being served. */
  get watcherCount(): number {
    return this.watchers.size;
  }

  /**
   * Runs until `signal` aborts: list, watch, relist on failure. Resolves when stopped; every
   * watch then ends with 'stopped'. Throws BugError when called twice.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new BugError('watch cache started twice');
    this.started = true;
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.setState('pending');
        // Compaction calls for a relist at once; anything else may be a store in trouble.
        if (!isCompacted(err)) await this.sleep(this.o.relistBackoffMs ?? 1_000, signal);
      }
    }
    this.setState('stopped');
    this.failReady(new Error('apiserver cacher is stopped'));
    for (const w of [...this.watchers]) w.stop('stopped');
    this.waiters.cancelAll();
  }

  /**
   * Serves a LIST with upstream's resourceVersion semantics, or says the store must. Throws a
   * 400 StatusError for a malformed resourceVersion, 429 `storage is (re)initializing` while the
   * cache (re)lists (unfiltered pages go to the store instead), 504 `Too large resource
   * version` when the cache does not reach a requested revision in time, and the signal's
   * reason when aborted while waiting.
   */
  async list(req: CacheListRequest): Promise<CacheListResult> {
    const rv = parseRequestedVersion(req.resourceVersion);
    const match = req.resourceVersionMatch ?? '';
    const limit = req.limit ?? 0;
    if (match === 'Exact') return { type: 'delegate', reason: 'exact' };
    if (match === '') {
      // A limit with a revision meant "exactly that revision" before resourceVersionMatch.
      if (limit > 0 && rv.kind === 'at') return { type: 'delegate', reason: 'exact' };
      if (req.hasContinue === true) return { type: 'delegate', reason: 'continue' };
    }
    if (this.state !== 'ready') {
      if (req.predicate === undefined && limit > 0) return { type: 'delegate', reason: 'not-ready' };
      throw this.unready();
    }
    if (rv.kind === 'latest') {
      const target = await this.o.store.currentRevision();
      const reached = await this.waiters.wait(target, req.signal);
      req.signal?.throwIfAborted();
      if (!reached) return { type: 'delegate', reason: 'stale' };
    } else if (rv.kind === 'at') {
      await this.waitOrTooLarge(rv.revision, req.signal);
    }
    const page = selectPage(this.keys(), this.objects, {
      keyPrefix: req.keyPrefix ?? this.o.prefix,
      predicate: req.predicate,
      // Upstream's cache serves resourceVersion=0 lists whole.
      limit: req.resourceVersion === '0' ? 0 : limit,
    });
    return { type: 'list', resourceVersion: this.revisionReached, ...page };
  }

  /**
   * Starts a WATCH. Throws a 400 StatusError for a malformed resourceVersion, 429 while the
   * cache (re)lists, and the signal's reason when aborted while waiting. A start that is too
   * old (410 Expired `too old resource version: R (M)`) or a revision not reached in time (504)
   * is not thrown: as upstream, the watch yields one ERROR event carrying that Status, then ends.
   */
  async watch(req: CacheWatchRequest): Promise<CacheWatch> {
    const rv = parseRequestedVersion(req.resourceVersion);
    if (this.state !== 'ready') throw this.unready();
    const initial = req.sendInitialEvents ?? rv.kind !== 'at';
    let from = rv.kind === 'at' ? rv.revision : 0;
    if (rv.kind === 'latest' && req.sendInitialEvents !== undefined) {
      from = await this.o.store.currentRevision();
    }
    // Only a watch that wants the initial state waits for the cache to catch up; others start
    // at once and skip what they asked to skip when it arrives.
    if (req.sendInitialEvents === true && !(await this.waiters.wait(from, req.signal))) {
      req.signal?.throwIfAborted();
      return this.failedWatch(tooLargeResourceVersion(from, this.revisionReached).status);
    }
    const filter = { keyPrefix: req.keyPrefix ?? this.o.prefix, predicate: req.predicate };
    if (this.state !== 'ready') {
      // A relist began while we waited: the watch would miss what it replaces. Upstream closes
      // such a watch at once and the client starts another.
      const closed = this.register(req, filter, this.revisionReached, []);
      closed.stop('reset');
      return closed;
    }
    const backlog: WatchEventOut[] = [];
    let start = Math.max(this.revisionReached, initial ? 0 : from);
    if (initial) {
      start = this.revisionReached;
      for (const object of selectPage(this.keys(), this.objects, { ...filter, limit: 0 }).items) {
        backlog.push({ type: 'ADDED', object });
      }
      if (req.sendInitialEvents === true && req.allowWatchBookmarks === true) {
        backlog.push({ type: 'BOOKMARK', object: bookmarkObject(this.o.type, start, true) });
      }
    } else if (from > 0) {
      const since = this.window.since(from);
      if (!since.ok) {
        return this.failedWatch(tooOldResourceVersion(from, since.oldestKnown).status);
      }
      for (const ev of since.events) {
        const out = eventForWatcher(ev, filter);
        if (out !== undefined) backlog.push(out);
      }
    }
    return this.register(req, filter, start, backlog);
  }

  private register(
    req: CacheWatchRequest,
    filter: Pick<CacheWatchRequest, 'predicate'> & { keyPrefix: string },
    start: number,
    backlog: WatchEventOut[],
  ): CacheWatch {
    const timeout = req.timeoutSeconds;
    const w = new CacheWatch(
      {
        keyPrefix: filter.keyPrefix,
        predicate: filter.predicate,
        clock: this.clock,
        type: this.o.type,
        allowBookmarks: req.allowWatchBookmarks === true,
        bufferSize: this.o.watcherBufferSize ?? 100,
        bookmarkIntervalMs: this.o.bookmarkIntervalMs ?? 60_000,
        deadline: timeout !== undefined && timeout > 0 ? this.clock.now() + timeout * 1000 : undefined,
        cacheRevision: () => this.revisionReached,
        onEnd: (x) => this.watchers.delete(x),
      },
      start,
      backlog,
    );
    this.watchers.add(w);
    const signal = req.signal;
    if (signal?.aborted === true) w.stop('stopped');
    else signal?.addEventListener('abort', () => w.stop('stopped'), { once: true });
    return w;
  }

  // A watch that only reports why it could not start, as upstream's error watcher does.
  private failedWatch(status: Status): CacheWatch {
    const w = this.register({ resourceVersion: '' }, { keyPrefix: this.o.prefix }, this.revisionReached, [
      { type: 'ERROR', object: status },
    ]);
    w.stop('error');
    return w;
  }

  private unready(): StatusError {
    const message = this.state === 'stopped' ? 'apiserver cacher is stopped' : 'storage is (re)initializing';
    return tooManyRequests(message, retryAfterForUnreadyCache(this.clock.now() - this.stateSince));
  }

  private setState(state: 'pending' | 'ready' | 'stopped'): void {
    if (this.state === state) return;
    this.state = state;
    this.stateSince = this.clock.now();
  }

  private async listAndWatch(signal: AbortSignal): Promise<void> {
    this.setState('pending');
    for (const w of [...this.watchers]) w.stop('reset');
    const listed = await this.o.store.list(this.o.prefix);
    const objects = new Map<string, ApiObject>();
    for (const kv of listed.kvs) {
      const obj = this.decode(kv.key, kv.value, kv.modRevision);
      if (obj !== undefined) objects.set(kv.key, obj);
    }
    this.objects = objects;
    this.sortedKeys = undefined;
    this.window.reset(listed.revision);
    this.relists++;
    this.advance(listed.revision);
    this.setState('ready');
    this.markReady();
    const batches = this.o.store.watch({
      prefix: this.o.prefix,
      afterRevision: listed.revision,
      signal,
      progressIntervalMs: this.o.progressIntervalMs ?? 100,
    });
    for await (const batch of batches) {
      if (batch.type === 'progress') this.advance(batch.revision);
      else for (const ev of batch.events) this.apply(ev);
    }
    if (!signal.aborted) throw new Error('store watch ended');
  }

  private apply(ev: WatchEvent): void {
    const key = ev.type === 'put' ? ev.kv.key : ev.key;
    const revision = ev.type === 'put' ? ev.kv.modRevision : ev.revision;
    const prev = this.objects.get(key);
    // An undecodable value is treated as the key going away.
    const object = ev.type === 'put' ? this.decode(key, ev.kv.value, revision) : undefined;
    let event: CacheEvent | undefined;
    const recordedAt = this.clock.now();
    if (object !== undefined) {
      if (prev === undefined) this.keyAdded(key);
      this.objects.set(key, object);
      event = { type: prev === undefined ? 'ADDED' : 'MODIFIED', key, revision, object, prev, recordedAt };
    } else if (prev !== undefined) {
      this.objects.delete(key);
      this.keyRemoved(key);
      event = {
        type: 'DELETED',
        key,
        revision,
        object: withResourceVersion(prev, revision),
        prev,
        recordedAt,
      };
    }
    if (event !== undefined) {
      this.window.push(event);
      for (const w of [...this.watchers]) w.deliver(event);
    }
    this.advance(revision);
  }

  private decode(key: string, value: string, revision: number): ApiObject | undefined {
    try {
      return decodeStored(key, value, revision);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      this.o.onDecodeError?.(err);
      return undefined;
    }
  }

  private keys(): string[] {
    if (this.sortedKeys === undefined) this.sortedKeys = [...this.objects.keys()].sort();
    return this.sortedKeys;
  }

  // The sorted keys are kept up to date in place (a binary search and a splice) rather than
  // sorted again by the next LIST after every create or delete.
  private keyAdded(key: string): void {
    if (this.sortedKeys === undefined) return;
    this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 0, key);
  }

  private keyRemoved(key: string): void {
    if (this.sortedKeys === undefined) return;
    const at = lowerBound(this.sortedKeys, key);
    if (this.sortedKeys[at] === key) this.sortedKeys.splice(at, 1);
    else this.sortedKeys = undefined;
  }

  private advance(revision: number): void {
    if (revision <= this.revisionReached) return;
    this.revisionReached = revision;
    this.waiters.advance(revision);
  }

  private async waitOrTooLarge(target: number, signal: AbortSignal | undefined): Promise<void> {
    const reached = await this.waiters.wait(target, signal);
    signal?.throwIfAborted();
    if (!reached) throw tooLargeResourceVersion(target, this.revisionReached);
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const t = this.clock.after(ms, done);
      function done(): void {
        t.cancel();
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
