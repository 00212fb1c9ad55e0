import type { ServerResponse } from 'node:http';
import type { ResourceInfo } from '../../api/index.js';
import { fieldsOf } from '../../apimachinery/fields/index.js';
import type { Store } from '../../storage/index.js';
import type { ListOptions } from '../request/index.js';
import { encodeContinue } from '../request/index.js';
import {
  type JsonObject,
  listKeyPrefix,
  type RegistryStore,
  type RequestContext,
} from '../registry/index.js';
import { type ApiObject, type ObjectPredicate, WatchCache } from '../watchcache/index.js';
import { objectJSON } from './responses.js';

// The framing of one watch event line around its object's JSON, per event type.
const eventHeads = new Map<string, Buffer>();
const EVENT_TAIL = Buffer.from('}\n');

function eventLine(type: string, object: unknown): Buffer {
  let head = eventHeads.get(type);
  if (head === undefined) {
    head = Buffer.from(`{"type":${JSON.stringify(type)},"object":`);
    eventHeads.set(type, head);
  }
  // A cached object's JSON is made once and shared by every watcher (and LIST) that sends it.
  const body =
    typeof object === 'object' && object !== null ? objectJSON(object) : Buffer.from(JSON.stringify(object));
  return Buffer.concat([head, body, EVENT_TAIL]);
}

/**
 * LIST and WATCH served from one watch cache per resource, as kube-apiserver's cacher does, so
 * that most read traffic never reaches the store. Caches start on first use and stop with the
 * server. Requests the cache cannot answer (exact revisions, continue tokens) go to the registry.
 */
export class CachedReads {
  private readonly caches = new Map<string, WatchCache>();
  private readonly ready = new Set<WatchCache>();

  constructor(
    private readonly store: Store,
    private readonly stopping: AbortSignal,
  ) {}

  private cacheFor(info: ResourceInfo, registry: RegistryStore): WatchCache {
    const apiVersion = info.group === '' ? info.version : `${info.group}/${info.version}`;
    const key = `${registry.prefix}|${apiVersion}`;
    let cache = this.caches.get(key);
    if (cache === undefined) {
      cache = new WatchCache({
        store: this.store,
        prefix: registry.prefix,
        type: { apiVersion, kind: info.kind },
      });
      const c = cache;
      c.start(this.stopping).catch(() => undefined);
      c.ready.then(
        () => this.ready.add(c),
        () => undefined,
      );
      this.caches.set(key, cache);
    }
    return cache;
  }

  /** A list object for the request, from the cache when it can serve it. */
  async list(
    info: ResourceInfo,
    registry: RegistryStore,
    ctx: RequestContext,
    opts: ListOptions,
  ): Promise<JsonObject> {
    const prefix = listKeyPrefix(registry.prefix, info.namespaced, ctx.namespace);
    if (!prefix.ok) throw prefix.error;
    const cache = this.cacheFor(info, registry);
    // Until the cache has its first full list, the store answers (as upstream delegates).
    if (!this.ready.has(cache)) return registry.list(ctx, opts);
    const predicate = predicateFor(info, opts);
    const r = await cache.list({
      resourceVersion: opts.resourceVersion,
      resourceVersionMatch: opts.resourceVersionMatch as '' | 'Exact' | 'NotOlderThan',
      keyPrefix: prefix.key,
      ...(predicate === undefined ? {} : { predicate }),
      limit: opts.limit,
      hasContinue: opts.continue !== '',
    });
    if (r.type === 'delegate') return registry.list(ctx, opts);
    const metadata: JsonObject = { resourceVersion: String(r.resourceVersion) };
    if (r.continueKey !== undefined)
      metadata['continue'] = encodeContinue(r.continueKey, prefix.key, r.resourceVersion);
    if (r.remainingItemCount !== undefined && r.continueKey !== undefined)
      metadata['remainingItemCount'] = r.remainingItemCount;
    const apiVersion = info.group === '' ? info.version : `${info.group}/${info.version}`;
    return {
      kind: info.listKind ?? `${info.kind}List`,
      apiVersion,
      metadata,
      items: r.items as JsonObject[],
    };
  }

  /**
   * Streams a watch from the cache: one JSON event per line, until timeout, disconnect or stop.
   * `transform`, when given, turns each event's object (ERROR statuses excepted) into what is
   * sent, e.g. a Table.
   */
  async watch(
    res: ServerResponse,
    info: ResourceInfo,
    registry: RegistryStore,
    ctx: RequestContext,
    opts: ListOptions,
    transform?: (obj: JsonObject) => unknown,
  ): Promise<void> {
    const prefix = listKeyPrefix(registry.prefix, info.namespaced, ctx.namespace);
    if (!prefix.ok) throw prefix.error;
    const cache = this.cacheFor(info, registry);
    const stop = new AbortController();
    const onStop = () => stop.abort();
    res.on('close', onStop);
    this.stopping.addEventListener('abort', onStop, { once: true });
    const predicate = predicateFor(info, opts);
    try {
      await cache.ready;
      const w = await cache.watch({
        resourceVersion: opts.resourceVersion,
        ...(opts.sendInitialEvents === undefined ? {} : { sendInitialEvents: opts.sendInitialEvents }),
        allowWatchBookmarks: opts.allowWatchBookmarks,
        keyPrefix: prefix.key,
        ...(predicate === undefined ? {} : { predicate }),
        // Upstream picks a random timeout between the minimum request timeout and twice it.
        timeoutSeconds: opts.timeoutSeconds ?? Math.round(1800 * (1 + Math.random())),
        signal: stop.signal,
      });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      // Headers go out now, as upstream flushes them: clients wait for them before they write.
      res.flushHeaders();
      for await (const ev of w) {
        const object =
          transform === undefined || ev.type === 'ERROR' ? ev.object : transform(ev.object as JsonObject);
        res.write(eventLine(ev.type, object));
        if (ev.type === 'ERROR') break;
      }
    } finally {
      res.off('close', onStop);
      this.stopping.removeEventListener('abort', onStop);
      if (res.headersSent && !res.writableEnded) res.end();
    }
  }
}

function predicateFor(info: ResourceInfo, opts: ListOptions): ObjectPredicate | undefined {
  const labels =
    opts.labelSelector !== undefined && !opts.labelSelector.empty() ? opts.labelSelector : undefined;
  const fields =
    opts.fieldSelector !== undefined && !opts.fieldSelector.empty() ? opts.fieldSelector : undefined;
  if (labels === undefined && fields === undefined) return undefined;
  const gr = { group: info.group, resource: info.plural };
  return (obj: ApiObject) => {
    const meta = (obj['metadata'] ?? {}) as { labels?: Record<string, string> };
    if (labels !== undefined && !labels.matches(meta.labels ?? {})) return false;
    if (fields !== undefined && !fields.matches(fieldsOf(gr, obj as JsonObject))) return false;
    return true;
  };
}
