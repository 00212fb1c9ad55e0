// The reflector: keeps a sink current with one resource by LIST then WATCH, as client-go's
// tools/cache Reflector.
//
//   list (pages of 500) ──► sink.replace(items) ──► watch from the list's RV
//        ▲                                              │ clean end: rewatch from the last RV
//        │   backoff (800 ms … 30 s), then relist       │ 410 / Expired, other errors
//        └──────────────────────────────────────────────┘
import {
  isGone,
  isResourceExpired,
  isTooManyRequests,
  StatusError,
} from '../../apimachinery/errors/index.js';
import { DISCARD_LOGGER, type Logger } from '../../log/index.js';
import { type Clock, SYSTEM_CLOCK } from '../clock.js';
import { apiVersionOf } from '../resources.js';
import type { KubeObject, ListOptions, ListResult, ResourceClient } from '../types.js';
import { ExponentialBackoff, REFLECTOR_BACKOFF, sleep } from './wait.js';

/** Where a reflector delivers what it observes. Called synchronously, in order. */
export interface ReflectorSink<T> {
  /** The full content after a (re)list. */
  replace(items: T[]): void;
  added(obj: T): void;
  modified(obj: T): void;
  deleted(obj: T): void;
}

/** Options of a Reflector; every member has a default. */
export interface ReflectorOptions {
  clock?: Clock;
  log?: Logger;
  /** Namespace to list and watch; '' (default) for all. */
  namespace?: string;
  /** Page size of a list; default 500. */
  pageSize?: number;
  /** Random number source for jitter and watch timeouts; default Math.random. */
  random?: () => number;
}

const MIN_WATCH_TIMEOUT_SECONDS = 300;
/** A watch that ends sooner than this without any event counts as a failure. */
const SHORT_WATCH_MS = 1000;
/** Guards the page loop against a server that keeps answering with continue tokens. */
const MAX_PAGES = 1_000_000;

/**
 * How a watch failed: its request failed (before any event), it sent an ERROR event, or it closed
 * at once without events.
 */
type WatchFailure = 'request' | 'event' | 'short';

/** A watch that ended with an error; `cause` is what the client threw or the server sent. */
class WatchEndedError extends Error {
  constructor(
    readonly failure: WatchFailure,
    override readonly cause: unknown,
  ) {
    super(`watch ${failure} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

function isExpired(err: unknown): boolean {
  return isGone(err) || isResourceExpired(err);
}

/**
 * Runs list+watch of one resource into a sink until aborted. Objects lacking `kind`/`apiVersion`
 * (list items usually do) get them from the resource descriptor before delivery, so that cached
 * objects can be used as involvedObjects and owner references. Never throws; failures are logged
 * and retried with backoff.
 */
export class Reflector<T extends KubeObject> {
  private lastRV = '';
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly namespace: string;
  private readonly pageSize: number;
  private readonly random: () => number;
  private readonly name: string;

  constructor(
    private readonly rc: ResourceClient<T>,
    private readonly sink: ReflectorSink<T>,
    opts: ReflectorOptions = {},
  ) {
    this.clock = opts.clock ?? SYSTEM_CLOCK;
    this.log = opts.log ?? DISCARD_LOGGER;
    this.namespace = opts.namespace ?? '';
    this.pageSize = opts.pageSize ?? 500;
    this.random = opts.random ?? Math.random;
    const r = rc.resource;
    this.name = `${apiVersionOf(r)}, Resource=${r.resource}`;
  }

  /** The resourceVersion of the last list, event or bookmark ('' before the first list). */
  lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  /** Lists and watches until `signal` aborts; resolves then. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = new ExponentialBackoff(this.clock, { ...REFLECTOR_BACKOFF, random: this.random });
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal, backoff);
      } catch (err) {
        if (signal.aborted) break;
        this.logFailure(err);
      }
      if (signal.aborted) break;
      await sleep(this.clock, backoff.next(), signal);
    }
  }

  private logFailure(err: unknown): void {
    const cause = err instanceof WatchEndedError ? err.cause : err;
    if (err instanceof WatchEndedError && isExpired(cause)) {
      this.log.info(4, 'reflector', 'Watch closed', { reflector: this.name, err: cause });
    } else if (err instanceof WatchEndedError) {
      this.log.warning('reflector', 'Watch ended with error', { reflector: this.name, err: cause });
    } else {
      this.log.warning('reflector', 'Failed to list', { reflector: this.name, err });
    }
  }

  /** One list, then watches until a watch fails; throws to make `run` back off and relist. */
  private async listAndWatch(signal: AbortSignal, backoff: ExponentialBackoff): Promise<void> {
    const { items, resourceVersion } = await this.list(signal);
    if (signal.aborted) return;
    this.sink.replace(items);
    this.lastRV = resourceVersion;
    while (!signal.aborted) {
      try {
        await this.watchOnce(signal);
      } catch (err) {
        if (signal.aborted) return;
        // Retriable without a relist: the request itself failed (transport error, e.g. connection
        // refused) or the server asked us to slow down.
        if (
          err instanceof WatchEndedError &&
          err.failure === 'request' &&
          (!(err.cause instanceof StatusError) || isTooManyRequests(err.cause))
        ) {
          this.log.info(4, 'reflector', 'Watch failed, backing off', {
            reflector: this.name,
            err: err.cause,
          });
          await sleep(this.clock, backoff.next(), signal);
          continue;
        }
        throw err;
      }
    }
  }

  private async list(signal: AbortSignal): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    let limit: number | undefined = this.pageSize;
    for (let page = 0; page < MAX_PAGES && !signal.aborted; page++) {
      const opts: ListOptions = {};
      if (limit !== undefined) opts.limit = limit;
      if (cont !== undefined) opts.continue = cont;
      let res: ListResult<T>;
      try {
        res = await this.rc.list(this.namespace, opts);
      } catch (err) {
        // An expired continue token: list everything in one request, as the pager does.
        if (cont !== undefined && isResourceExpired(err)) {
          items.length = 0;
          cont = undefined;
          limit = undefined;
          continue;
        }
        throw err;
      }
      for (const item of res.items) items.push(this.typed(item));
      rv = res.metadata.resourceVersion ?? '';
      cont = res.metadata.continue;
      if (cont === undefined || cont === '') break;
    }
    return { items, resourceVersion: rv };
  }

  /**
   * One watch request from the last resourceVersion. Returns on a clean end (server timeout, or a
   * stream that broke after delivering events: rewatching from the last RV loses nothing); throws
   * a WatchEndedError otherwise.
   */
  private async watchOnce(parent: AbortSignal): Promise<void> {
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    parent.addEventListener('abort', onAbort, { once: true });
    const started = this.clock.now();
    let events = 0;
    try {
      const timeoutSeconds = Math.floor(MIN_WATCH_TIMEOUT_SECONDS * (this.random() + 1));
      const opts = { resourceVersion: this.lastRV, allowWatchBookmarks: true, timeoutSeconds };
      for await (const ev of this.rc.watch(this.namespace, opts, ac.signal)) {
        if (ac.signal.aborted) break;
        if (ev.type === 'ERROR') throw new WatchEndedError('event', new StatusError(ev.object));
        events++;
        this.deliver(ev.type, this.typed(ev.object));
      }
    } catch (err) {
      if (err instanceof WatchEndedError) throw err;
      if (parent.aborted) return;
      if (events > 0 && !(err instanceof StatusError)) {
        this.log.info(4, 'reflector', 'Watch stream broke, rewatching', { reflector: this.name, err });
        return;
      }
      throw new WatchEndedError('request', err);
    } finally {
      parent.removeEventListener('abort', onAbort);
      ac.abort();
    }
    if (!parent.aborted && events === 0 && this.clock.now() - started < SHORT_WATCH_MS) {
      throw new WatchEndedError('short', new Error('very short watch: unexpected watch close'));
    }
  }

  private deliver(type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK', obj: T): void {
    switch (type) {
      case 'ADDED':
        this.sink.added(obj);
        break;
      case 'MODIFIED':
        this.sink.modified(obj);
        break;
      case 'DELETED':
        this.sink.deleted(obj);
        break;
      case 'BOOKMARK':
        break;
    }
    const rv = obj.metadata?.resourceVersion ?? '';
    if (rv !== '') this.lastRV = rv;
  }

  private typed(obj: T): T {
    if (obj.kind !== undefined && obj.apiVersion !== undefined) return obj;
    const r = this.rc.resource;
    return { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(r), kind: obj.kind ?? r.kind };
  }
}
