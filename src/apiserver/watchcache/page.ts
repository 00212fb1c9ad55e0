import type { ApiObject, ObjectPredicate } from './types.js';

/** A page of cached objects in key order. */
export interface Page {
  readonly items: readonly ApiObject[];
  /** Where the next page starts (the last key + NUL), when keys remain after this page. */
  readonly continueKey: string | undefined;
  /** Keys left after the page, before filtering; only when no predicate filters the list. */
  readonly remainingItemCount: number | undefined;
}

/** What to take from the sorted keys. */
export interface PageRequest {
  readonly keyPrefix: string;
  readonly predicate: ObjectPredicate | undefined;
  /** 0: everything. */
  readonly limit: number;
}

/** First index in sorted `keys` whose key is >= `key`. Pure. */
export function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Selects a page from sorted `keys` (looked up in `objects`), as a store list would: keys under
 * the prefix in order, filtered, at most `limit` items. Like upstream's storage, a page that
 * stops early offers a continuation even if no later key would match. Pure.
 */
export function selectPage(
  keys: readonly string[],
  objects: ReadonlyMap<string, ApiObject>,
  req: PageRequest,
): Page {
  const items: ApiObject[] = [];
  let i = lowerBound(keys, req.keyPrefix);
  let lastKey: string | undefined;
  for (; i < keys.length; i++) {
    const key = keys[i] ?? '';
    if (!key.startsWith(req.keyPrefix)) break;
    if (req.limit > 0 && items.length === req.limit) break;
    const obj = objects.get(key);
    lastKey = key;
    if (obj !== undefined && (req.predicate === undefined || req.predicate(obj))) items.push(obj);
  }
  const more = i < keys.length && (keys[i] ?? '').startsWith(req.keyPrefix);
  if (!more || lastKey === undefined) {
    return { items, continueKey: undefined, remainingItemCount: undefined };
  }
  let remaining = 0;
  if (req.predicate === undefined) {
    while (i + remaining < keys.length && (keys[i + remaining] ?? '').startsWith(req.keyPrefix)) remaining++;
  }
  return {
    items,
    continueKey: `${lastKey}\x00`,
    remainingItemCount: req.predicate === undefined ? remaining : undefined,
  };
}
