import type { ServerResponse } from 'node:http';
import type { ResourceInfo } from '../../api/index.js';
import { resourceExpired } from '../../apimachinery/errors/index.js';
import { fieldsOf } from '../../apimachinery/fields/index.js';
import { isCompacted, type KeyValue, type Store } from '../../storage/index.js';
import type { ListOptions, OutputMediaType } from '../request/index.js';
import {
  type JsonObject,
  listKeyPrefix,
  type RegistryStore,
  type RequestContext,
} from '../registry/index.js';

/** What a watch request streams from. */
export interface WatchSource {
  readonly store: Store;
  readonly registry: RegistryStore;
  readonly ctx: RequestContext;
  readonly opts: ListOptions;
  readonly info: ResourceInfo;
  readonly out: OutputMediaType;
  /** Aborts when the server stops. */
  readonly signal: AbortSignal;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * Streams a watch as kube-apiserver does: one JSON event per line (`{"type":..,"object":..}`),
 * from the requested resourceVersion, or from a fresh list (initial ADDED events) for `''`/`0`,
 * with selector transitions (an object that stops matching is DELETED, one that starts matching
 * ADDED), bookmarks when asked, and a 410 ERROR event when the revision is compacted. Ends on
 * timeoutSeconds, client disconnect or server stop.
 */
export async function streamWatch(res: ServerResponse, src: WatchSource): Promise<void> {
  const { opts, info } = src;
  const gr = { group: info.group, resource: info.plural };
  const prefix = listKeyPrefix(src.registry.prefix, info.namespaced, src.ctx.namespace);
  if (!prefix.ok) throw prefix.error;

  const stop = new AbortController();
  const onClose = () => stop.abort();
  res.on('close', onClose);
  src.signal.addEventListener('abort', onClose, { once: true });
  // Upstream picks a random timeout between the minimum request timeout and twice it.
  const timeoutMs = (opts.timeoutSeconds ?? 1800 * (1 + Math.random())) * 1000;
  const timer = setTimeout(onClose, timeoutMs);

  const matches = (obj: JsonObject): boolean => {
    const meta = (obj['metadata'] ?? {}) as { labels?: Record<string, string> };
    if (opts.labelSelector !== undefined && !opts.labelSelector.matches(meta.labels ?? {})) return false;
    if (opts.fieldSelector !== undefined && !opts.fieldSelector.matches(fieldsOf(gr, obj))) return false;
    return true;
  };
  res.writeHead(200, {
    'Content-Type': src.out.mediaType === 'application/yaml' ? 'application/json' : 'application/json',
    'Transfer-Encoding': 'chunked',
  });
  const emit = (type: EventType, object: unknown) => {
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const bookmark = (rv: number, extra: Record<string, string> = {}) => {
    const apiVersion = info.group === '' ? info.version : `${info.group}/${info.version}`;
    const metadata: JsonObject = { resourceVersion: String(rv) };
    if (Object.keys(extra).length > 0) metadata['annotations'] = extra;
    emit('BOOKMARK', { kind: info.kind, apiVersion, metadata });
  };

  try {
    let after: number;
    const rv = opts.resourceVersion;
    if (rv === '' || rv === '0' || opts.sendInitialEvents === true) {
      const list = await src.registry.list(src.ctx, {
        ...(opts.labelSelector === undefined ? {} : { labelSelector: opts.labelSelector }),
        ...(opts.fieldSelector === undefined ? {} : { fieldSelector: opts.fieldSelector }),
      });
      for (const item of list.items) emit('ADDED', item);
      after = Number((list['metadata'] as { resourceVersion?: string }).resourceVersion ?? '0');
      if (opts.sendInitialEvents === true && opts.allowWatchBookmarks) {
        bookmark(after, { 'k8s.io/initial-events-end': 'true' });
      }
    } else {
      after = Number(rv);
    }
    const batches = src.store.watch({
      prefix: prefix.key,
      afterRevision: after,
      signal: stop.signal,
      ...(opts.allowWatchBookmarks ? { progressIntervalMs: 60_000 } : {}),
    });
    for await (const batch of batches) {
      if (batch.type === 'progress') {
        if (opts.allowWatchBookmarks) bookmark(batch.revision);
        continue;
      }
      for (const ev of batch.events) {
        if (ev.type === 'delete') {
          const last = decodeAt(ev.prev, ev.revision);
          if (matches(last)) emit('DELETED', last);
          continue;
        }
        const obj = decodeAt(ev.kv, ev.kv.modRevision);
        const now = matches(obj);
        const before = ev.prev !== undefined && matches(decodeAt(ev.prev, ev.prev.modRevision));
        if (now && before) emit('MODIFIED', obj);
        else if (now) emit('ADDED', obj);
        else if (before) emit('DELETED', obj);
      }
    }
  } catch (err) {
    if (isCompacted(err)) {
      const e = resourceExpired(
        `too old resource version: ${opts.resourceVersion} (${err.compactRevision + 1})`,
      );
      emit('ERROR', e.toJSON());
    } else if (!stop.signal.aborted) {
      throw err;
    }
  } finally {
    clearTimeout(timer);
    res.off('close', onClose);
    src.signal.removeEventListener('abort', onClose);
    if (!res.writableEnded) res.end();
  }
}

function decodeAt(kv: KeyValue, revision: number): JsonObject {
  const obj = JSON.parse(kv.value) as JsonObject;
  const meta = (obj['metadata'] ?? {}) as JsonObject;
  obj['metadata'] = { ...meta, resourceVersion: String(revision) };
  return obj;
}
