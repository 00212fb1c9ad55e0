import type { WatchBatch, WatchEvent, WatchOptions } from '../store.js';
import { CompactedError, StoreError } from '../store.js';
import type { EtcdClient } from './client.js';
import type { KeyCodec } from './codec.js';
import { parseRevision } from './codec.js';
import { classifyRpcError } from './errors.js';
import { revisionOf, toWatchEvent } from './events.js';
import type { WatchResponse } from './messages.js';

/** What a watch needs from its store. */
export interface WatchContext {
  readonly client: EtcdClient;
  readonly codec: KeyCodec;
  /** How long a broken watch keeps trying to re-open before it fails. */
  readonly retryBudgetMs: number;
  /** Aborted when the store closes. */
  readonly closed: AbortSignal;
}

type Item =
  | { readonly t: 'resp'; readonly r: WatchResponse }
  | { readonly t: 'error'; readonly err: unknown }
  | { readonly t: 'end' }
  | { readonly t: 'progress'; readonly revision: number }
  | { readonly t: 'wake' };

/** A queue between gRPC stream callbacks and the generator; pauses the stream when it backs up. */
class Inbox {
  private readonly items: Item[] = [];
  private waiter: (() => void) | undefined;
  constructor(private readonly onLength: (n: number) => void) {}
  push(item: Item): void {
    this.items.push(item);
    this.onLength(this.items.length);
    this.waiter?.();
  }
  async take(): Promise<Item> {
    while (this.items.length === 0) await new Promise<void>((resolve) => (this.waiter = resolve));
    this.waiter = undefined;
    const item = this.items.shift()!;
    this.onLength(this.items.length);
    return item;
  }
}

const HIGH_WATER = 256;
const LOW_WATER = 16;
/** A progress answer is held at most this long before it is delivered (see below). */
const MAX_PROGRESS_GRACE_MS = 150;
/** etcd replays history to a new watcher in a sync pass that runs every 100 ms. */
const CATCH_UP_MS = 250;

/**
 * Watches a key prefix after a revision, re-opening the etcd stream (on another endpoint when
 * one fails) from the last delivered revision, so the consumer sees every change exactly once
 * and in order. Ends quietly when `opts.signal` aborts; throws CompactedError when etcd no longer
 * holds the next revision, StoreError('closed') when the store closes, and StoreError
 * ('unavailable') when no endpoint serves the watch for the retry budget.
 *
 * Progress: older etcd releases (Debian's 3.4.23 among them) may answer a progress request
 * ahead of events they have not yet sent: the reply bypasses the watcher's queue, most visibly
 * while a new watcher is still replaying history. So progress is asked for only after that
 * replay has had time to finish, each answer is held for a short grace period so that events
 * racing it are delivered first, and the resume point only ever advances on delivered events.
 */
export async function* watchPrefix(ctx: WatchContext, opts: WatchOptions): AsyncGenerator<WatchBatch> {
  const { signal } = opts;
  const range = ctx.codec.range(opts.prefix);
  const interval = opts.progressIntervalMs;
  const grace = interval === undefined ? 0 : Math.min(MAX_PROGRESS_GRACE_MS, Math.max(10, interval / 4));
  let after = opts.afterRevision;
  let reported = after;
  let lastYield = Date.now();
  let failingSince: number | undefined;
  let lastFailure = '';

  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) return;
    if (ctx.closed.aborted) throw new StoreError('closed', 'store is closed');
    let opened: Awaited<ReturnType<EtcdClient['openWatch']>>;
    try {
      opened = await ctx.client.openWatch(() => signal.aborted || ctx.closed.aborted);
    } catch (err) {
      if (signal.aborted) return;
      if (ctx.closed.aborted) throw new StoreError('closed', 'store is closed');
      throw err;
    }
    const { stream, demote } = opened;
    let paused = false;
    const inbox = new Inbox((n) => {
      if (!paused && n > HIGH_WATER) {
        paused = true;
        stream.pause();
      } else if (paused && n < LOW_WATER) {
        paused = false;
        stream.resume();
      }
    });
    stream.on('data', (r: WatchResponse) => inbox.push({ t: 'resp', r }));
    stream.on('error', (err: unknown) => inbox.push({ t: 'error', err }));
    stream.on('end', () => inbox.push({ t: 'end' }));
    const wake = (): void => {
      inbox.push({ t: 'wake' });
      if (signal.aborted) stream.cancel();
    };
    signal.addEventListener('abort', wake);
    ctx.closed.addEventListener('abort', wake);
    let createdAt: number | undefined;
    // When the last progress request went out and is still unanswered (etcd may not answer).
    let progressAskedAt: number | undefined;
    const timers = new Set<NodeJS.Timeout>();
    const ticker =
      interval === undefined
        ? undefined
        : setInterval(
            () => {
              // Ask only once the watcher has had time to catch up on history, and only when idle.
              const now = Date.now();
              if (createdAt === undefined || now - createdAt < CATCH_UP_MS) return;
              if (progressAskedAt !== undefined && now - progressAskedAt < Math.max(interval, 1_000)) return;
              if (now - lastYield + grace + 25 < interval) return;
              progressAskedAt = now;
              stream.write({ progress_request: {} });
            },
            Math.max(10, Math.floor(interval / 4)),
          );
    stream.write({
      create_request: {
        key: range.key,
        range_end: range.rangeEnd,
        start_revision: after + 1,
        prev_kv: true,
        progress_notify: interval !== undefined,
        fragment: true,
      },
    });
    let fragments: WatchResponse['events'][number][] = [];
    try {
      for (;;) {
        const item = await inbox.take();
        if (signal.aborted) return;
        if (ctx.closed.aborted) throw new StoreError('closed', 'store is closed');
        if (item.t === 'wake') continue;
        if (item.t === 'progress') {
          // Repeating the last reported revision is a keep-alive; going below it would be a lie.
          if (item.revision >= reported) {
            reported = item.revision;
            lastYield = Date.now();
            yield { type: 'progress', revision: item.revision };
          }
          continue;
        }
        if (item.t === 'end' || item.t === 'error') {
          const failure = item.t === 'error' ? classifyRpcError(item.err) : undefined;
          if (failure === undefined) {
            lastFailure = 'stream ended';
            break;
          }
          if (failure.kind === 'fatal') throw failure.error;
          if (failure.kind !== 'not-processed' && failure.kind !== 'outcome-unknown') {
            throw new StoreError('unavailable', `etcd watch failed: ${failure.kind}`);
          }
          lastFailure = failure.detail;
          break;
        }
        const r = item.r;
        if (r.compact_revision !== '0') {
          const c = parseRevision(r.compact_revision, 'compact_revision');
          throw new CompactedError(after + 1, c - 1);
        }
        if (r.canceled) {
          const reason = r.cancel_reason;
          if (reason.includes('future revision')) {
            throw new StoreError('future-revision', `required revision ${after + 1} is a future revision`);
          }
          if (reason.includes('no leader')) {
            lastFailure = reason;
            break;
          }
          throw new StoreError('unavailable', `etcd canceled the watch: ${reason || 'no reason given'}`);
        }
        if (r.created) {
          createdAt = Date.now();
          failingSince = undefined;
          attempt = 0;
          continue;
        }
        if (r.fragment) {
          fragments.push(...r.events);
          continue;
        }
        const raw = fragments.length > 0 ? [...fragments, ...r.events] : r.events;
        fragments = [];
        if (raw.length === 0) {
          progressAskedAt = undefined;
          const revision = r.header === null ? 0 : parseRevision(r.header.revision, 'revision');
          // Progress goes only to watches that asked for it.
          if (interval === undefined || revision <= 0) continue;
          const t = setTimeout(() => {
            timers.delete(t);
            inbox.push({ t: 'progress', revision });
          }, grace);
          timers.add(t);
          continue;
        }
        const events: WatchEvent[] = [];
        for (const e of raw) {
          const ev = toWatchEvent(e, ctx.codec);
          const rev = revisionOf(ev);
          // A re-opened stream starts after the last delivered revision; never repeat one.
          if (rev <= after) continue;
          events.push(ev);
        }
        if (events.length === 0) continue;
        after = revisionOf(events[events.length - 1]!);
        reported = Math.max(reported, after);
        lastYield = Date.now();
        yield { type: 'events', events };
      }
    } finally {
      if (ticker !== undefined) clearInterval(ticker);
      for (const t of timers) clearTimeout(t);
      signal.removeEventListener('abort', wake);
      ctx.closed.removeEventListener('abort', wake);
      stream.removeAllListeners('data');
      stream.on('error', () => undefined);
      stream.cancel();
    }
    demote();
    failingSince ??= Date.now();
    if (Date.now() - failingSince > ctx.retryBudgetMs) {
      throw new StoreError('unavailable', `etcd watch could not be re-established: ${lastFailure}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 500)));
  }
}
