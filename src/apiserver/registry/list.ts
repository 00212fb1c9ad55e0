import { fieldsOf, type FieldSelector } from '../../apimachinery/fields/index.js';
import type { Selector } from '../../apimachinery/labels/index.js';
import { continueExpired, listStart, nextPage, parseResourceVersion } from '../request/index.js';
import { isCompacted, type KeyValue } from '../../storage/index.js';
import { listKeyPrefix } from './keys.js';
import { isJsonObject } from './object-meta.js';
import { decode, type Resource, storeFailure, tooLargeResourceVersion } from './resource.js';
import type { JsonObject, RequestContext } from './types.js';

/** The list parameters the registry reads (decoded and validated by the request layer). */
export interface ListOptions {
  readonly labelSelector?: Selector;
  readonly fieldSelector?: FieldSelector;
  /** At most this many items; 0 or absent: all. */
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
}

/** A list object: `{apiVersion, kind: <Kind>List, metadata: {resourceVersion, continue?, remainingItemCount?}, items}`. */
export type ListObject = JsonObject & { items: JsonObject[] };

function labelsOf(obj: JsonObject): Record<string, string> {
  const m = obj['metadata'];
  const l = isJsonObject(m) ? m['labels'] : undefined;
  const out: Record<string, string> = {};
  if (isJsonObject(l)) for (const [k, v] of Object.entries(l)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Whether an object passes the list's selectors (label selector over metadata.labels, field
 * selector over the resource's selectable fields). Pure.
 */
export function matches(res: Resource, obj: JsonObject, o: ListOptions): boolean {
  if (o.labelSelector !== undefined && !o.labelSelector.matches(labelsOf(obj))) return false;
  if (o.fieldSelector !== undefined && !o.fieldSelector.matches(fieldsOf(res.gr, obj))) return false;
  return true;
}

/**
 * Lists objects as upstream's storage list: at the latest revision, or at the one pinned by
 * resourceVersion (Exact, or a limited legacy list) or by the continue token; selectors filter
 * after reading; with `limit`, the answer carries `metadata.continue` (and
 * `remainingItemCount` for unfiltered lists) when more remain. Errors: 400 for a bad continue
 * token or resourceVersion, 410 Expired for a compacted revision (with a fresh token for a
 * continued list), 504 for a resourceVersion the store has not reached. Rejects only with
 * StatusError; never writes.
 */
export async function listObjects(
  res: Resource,
  ctx: RequestContext,
  o: ListOptions = {},
): Promise<ListObject> {
  const pre = listKeyPrefix(res.prefix, res.info.namespaced, ctx.namespace);
  if (!pre.ok) throw pre.error;
  const prefix = pre.key;
  const limit = o.limit !== undefined && o.limit > 0 ? o.limit : 0;
  const start = listStart(
    {
      continue: o.continue ?? '',
      resourceVersion: o.resourceVersion ?? '',
      resourceVersionMatch: o.resourceVersionMatch ?? '',
      limit,
    },
    prefix,
  );
  if (!start.ok) throw start.error;
  const filtered = o.labelSelector !== undefined && !o.labelSelector.empty();
  const fieldFiltered = o.fieldSelector !== undefined && !o.fieldSelector.empty();
  const unfiltered = !filtered && !fieldFiltered;
  try {
    const current = await res.store.currentRevision();
    const rv = parseResourceVersion(o.resourceVersion ?? '');
    if (rv.ok && rv.value > current && (o.continue ?? '') === '')
      throw tooLargeResourceVersion(rv.value, current);
    let revision = start.value.withRev > 0 ? start.value.withRev : undefined;
    let startKey = start.value.continueKey === '' ? undefined : start.value.continueKey;
    const items: JsonObject[] = [];
    let lastKey: string | undefined;
    let more = false;
    let remaining = 0;
    for (;;) {
      const page = await res.store.list(prefix, {
        ...(revision === undefined ? {} : { revision }),
        ...(startKey === undefined ? {} : { startKey }),
        ...(limit > 0 ? { limit } : {}),
      });
      revision = page.revision;
      // Keys of this page left unread when the limit filled up before its end.
      let unread = 0;
      const kvs: readonly KeyValue[] = page.kvs;
      for (let i = 0; i < kvs.length; i++) {
        const kv = kvs[i] as KeyValue;
        lastKey = kv.key;
        const obj = decode(kv);
        if (matches(res, obj, o)) items.push(obj);
        if (limit > 0 && items.length >= limit) {
          unread = kvs.length - 1 - i;
          break;
        }
      }
      more = unread > 0 || page.more;
      remaining = page.remaining + unread;
      if (limit === 0 || items.length >= limit || !page.more || lastKey === undefined) break;
      startKey = `${lastKey}\x00`;
    }
    const metadata: JsonObject = { resourceVersion: String(revision) };
    if (limit > 0 && more && lastKey !== undefined) {
      Object.assign(metadata, nextPage({ lastKey, keyPrefix: prefix, rv: revision, remaining, unfiltered }));
    }
    return { apiVersion: res.apiVersion, kind: res.info.listKind ?? `${res.info.kind}List`, metadata, items };
  } catch (e) {
    if (isCompacted(e) && start.value.continueKey !== '')
      throw continueExpired(start.value.continueKey, prefix);
    throw storeFailure(e);
  }
}
