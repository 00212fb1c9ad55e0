import { goPanicError, internalPatchError, type PatchError, smpErrors } from './errors.js';
import { goSort, goStableSort } from './go-sort.js';
import type { JsonObject, JsonValue } from './values.js';
import { getOwn, goScalarEqual, hasOwn, isObject, requireHashable } from './values.js';
import { compareGoStrings, goFormat, goFormatS, goTypeName } from './go-format.js';

/** The directive key of a map or list item. */
export const DIRECTIVE_MARKER = '$patch';
/** `$patch: delete` */
export const DELETE_DIRECTIVE = 'delete';
/** `$patch: replace`, also the `replace` patch strategy. */
export const REPLACE_DIRECTIVE = 'replace';
/** `$patch: merge`, also the `merge` patch strategy. */
export const MERGE_DIRECTIVE = 'merge';
/** The `retainKeys` patch strategy. */
export const RETAIN_KEYS_STRATEGY = 'retainKeys';
/** Prefix of the parallel list naming primitives to delete from a list. */
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
/** The list of keys a retainKeys map keeps. */
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
/** Prefix of the parallel list giving the order of a merging list. */
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/** Element kind of a list, as upstream's reflection sees it. */
export type ElementKind = 'map' | 'scalar';

/** `mergepatch.ErrBadArgType`: the Go type expected versus the one found. */
export function errBadArgType(expected: string, actual: JsonValue | undefined): PatchError {
  const actualName = actual === undefined || actual === null ? '%!s(<nil>)' : goTypeName(actual);
  return internalPatchError(`expected a ${expected}, but received a ${actualName}`);
}

/** Go's name of a decoded JSON object type, as printed in upstream's errors. */
export const MAP_TYPE = 'map[string]interface {}';
/** Go's name of a decoded JSON array type. */
export const SLICE_TYPE = '[]interface {}';

/** `mergepatch.ErrNoMergeKey`. */
export function errNoMergeKey(m: JsonObject, key: string): PatchError {
  return internalPatchError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

/** `mergepatch.ErrBadPatchType`. */
export function errBadPatchType(t: JsonValue | undefined, m: JsonObject): PatchError {
  return internalPatchError(`unknown patch type: ${goFormatS(t)} in map: ${goFormat(m)}`);
}

/**
 * Splits declared strategies into the retainKeys flag and the other strategy.
 * Throws for combinations upstream rejects.
 */
export function extractRetainKeysPatchStrategy(strategies: readonly string[]): {
  retainKeys: boolean;
  strategy: string;
} {
  const fail = () => internalPatchError(`unexpected patch strategy: [${strategies.join(' ')}]`);
  if (strategies.length === 0) return { retainKeys: false, strategy: '' };
  if (strategies.length === 1) {
    const s = strategies[0] as string;
    return s === RETAIN_KEYS_STRATEGY
      ? { retainKeys: true, strategy: '' }
      : { retainKeys: false, strategy: s };
  }
  if (strategies.length === 2) {
    if (strategies[0] === RETAIN_KEYS_STRATEGY)
      return { retainKeys: true, strategy: strategies[1] as string };
    if (strategies[1] === RETAIN_KEYS_STRATEGY)
      return { retainKeys: true, strategy: strategies[0] as string };
  }
  throw fail();
}

/**
 * The common element kind of the given lists. Throws for lists of lists, mixed
 * element types, or when every list is empty, with upstream's texts.
 */
export function sliceElementKind(...slices: JsonValue[][]): ElementKind {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = goTypeName(v);
      if (prev === undefined) {
        // Upstream asks a nil reflect.Type for its kind here and panics.
        if (v === null) throw goPanicError();
        prev = t;
        if (t === SLICE_TYPE) throw smpErrors.noListOfLists();
      } else if (prev !== t) {
        throw internalPatchError(`list element types are not identical: ${goFormat(slices)}`);
      }
    }
  }
  if (prev === undefined) throw internalPatchError('no elements in any of the given slices');
  return prev === MAP_TYPE ? 'map' : 'scalar';
}

const lessByString = (a: string, b: string) => compareGoStrings(a, b) <= 0;

/**
 * Sorts by a derived key, computing each element's key at most once (and only when
 * the sort asks for it, as the comparator upstream would). In place.
 */
function sortByKey<K>(s: JsonValue[], key: (v: JsonValue) => K, less: (a: K, b: K) => boolean): JsonValue[] {
  const boxes = s.map((v) => ({ v, k: undefined as K | undefined, done: false }));
  const get = (b: (typeof boxes)[number]): K => {
    if (!b.done) {
      b.k = key(b.v);
      b.done = true;
    }
    return b.k as K;
  };
  goSort(boxes, (a, b) => less(get(a), get(b)));
  for (let i = 0; i < boxes.length; i++) s[i] = (boxes[i] as (typeof boxes)[number]).v;
  return s;
}

/** Sorts scalars by their `%v` text (upstream's order). In place; returns the list. */
export function sortScalars(s: JsonValue[]): JsonValue[] {
  return sortByKey(s, goFormat, lessByString);
}

/** Removes duplicate scalars the way upstream does (the order changes). In place; returns the list. */
export function deduplicateScalars(s: JsonValue[]): JsonValue[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goScalarEqual(s[i], s[j])) {
        s[j] = s[length] as JsonValue;
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** Deduplicates then sorts scalars. In place. */
export function deduplicateAndSortScalars(s: JsonValue[]): JsonValue[] {
  return sortScalars(deduplicateScalars(s));
}

/** Sorts maps by the `%v` text of a field. In place. */
export function sortMapsBasedOnField(m: JsonValue[], field: string): JsonValue[] {
  return sortByKey(m, (v) => goFormat(isObject(v) ? getOwn(v, field) : undefined), lessByString);
}

function keyOf(item: JsonValue, mergeKey: string, kind: ElementKind): JsonValue {
  if (kind !== 'map') return item;
  return isObject(item) ? (getOwn(item, mergeKey) ?? null) : null;
}

/** Position of an item in a list (by merge key for maps), or -1. Pure. */
export function indexOf(
  l: readonly JsonValue[],
  item: JsonValue,
  mergeKey: string,
  kind: ElementKind,
): number {
  const want = keyOf(item, mergeKey, kind);
  for (let i = 0; i < l.length; i++) {
    if (goScalarEqual(want, keyOf(l[i] as JsonValue, mergeKey, kind))) return i;
  }
  return -1;
}

/** Checks every element is a map holding the merge key. Throws otherwise. */
export function validateMergeKeyInLists(mergeKey: string, ...lists: JsonValue[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObject(item)) throw errBadArgType(MAP_TYPE, item);
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Splits map items into those kept and those carrying `$patch: delete`. Throws on non-maps. */
export function extractToDeleteItems(l: readonly JsonValue[]): { keep: JsonValue[]; toDelete: JsonValue[] } {
  const keep: JsonValue[] = [];
  const toDelete: JsonValue[] = [];
  for (const v of l) {
    if (!isObject(v)) throw errBadArgType(MAP_TYPE, v);
    if (getOwn(v, DIRECTIVE_MARKER) === DELETE_DIRECTIVE) toDelete.push(v);
    else keep.push(v);
  }
  return { keep, toDelete };
}

/** Sorts `toSort` by the positions in `order`; deletions go last. Returns a new list. */
export function normalizeSliceOrder(
  toSort: JsonValue[],
  order: JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  let items = toSort.slice();
  let toDelete: JsonValue[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, items, order);
    ({ keep: items, toDelete } = extractToDeleteItems(items));
  }
  // Positions are looked up lazily and once per element: the comparator is called often.
  const boxes = items.map((v) => ({ v, at: -2 }));
  const at = (b: (typeof boxes)[number]) => {
    if (b.at === -2) b.at = indexOf(order, b.v, mergeKey, kind);
    return b.at;
  };
  goStableSort(boxes, (a, b) => {
    const ia = at(a);
    if (ia >= 0) {
      const ib = at(b);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return boxes.map((b) => b.v).concat(toDelete);
}

/**
 * Interleaves server-only items (`left`) into patch items (`right`), keeping the
 * relative order of each and using the live order to place server-only items.
 */
function mergeSortedSlice(
  left: JsonValue[],
  right: JsonValue[],
  serverOrder: JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  const size = left.length + right.length;
  for (let k = 0; k < size; k++) {
    if (i >= left.length && j < right.length) {
      out.push(right[j++] as JsonValue);
    } else if (j >= right.length && i < left.length) {
      out.push(left[i++] as JsonValue);
    } else {
      const li = indexOf(serverOrder, left[i] as JsonValue, mergeKey, kind);
      const ri = indexOf(serverOrder, right[j] as JsonValue, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++] as JsonValue);
      else out.push(right[j++] as JsonValue);
    }
  }
  return out;
}

/**
 * Orders patch items by `patchOrder`, server-only items by `serverOrder`, then
 * interleaves them (order precedence: patch, then live object).
 */
export function normalizeElementOrder(
  patch: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: JsonValue[],
  serverOrder: JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** Finds the first map whose `key` equals `value` (Go `==`). Throws on non-map elements. */
export function findMapInSliceBasedOnKeyValue(
  m: readonly JsonValue[],
  key: string,
  value: JsonValue | undefined,
): { map: JsonObject; index: number } | undefined {
  for (let k = 0; k < m.length; k++) {
    const v = m[k];
    if (!isObject(v)) throw internalPatchError(`value for key ${k} is not a map`);
    if (hasOwn(v, key) && goScalarEqual(v[key], value)) return { map: v, index: k };
  }
  return undefined;
}

/** Splits scalars into those present in `partitionBy` and the rest. Pure. */
export function partitionPrimitivesByPresentInList(
  original: readonly JsonValue[],
  partitionBy: readonly JsonValue[],
): { patch: JsonValue[]; serverOnly: JsonValue[] } {
  const patch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  // Upstream builds a Go map keyed by the values: maps and lists there make it panic.
  for (const v of partitionBy) requireHashable(v);
  for (const v of original) {
    requireHashable(v);
    if (partitionBy.some((p) => goScalarEqual(p, v))) patch.push(v);
    else serverOnly.push(v);
  }
  return { patch, serverOnly };
}

/** Splits maps by whether their merge key value appears in `partitionBy`. Throws on bad items. */
export function partitionMapsByPresentInList(
  original: readonly JsonValue[],
  partitionBy: readonly JsonValue[],
  mergeKey: string,
): { patch: JsonValue[]; serverOnly: JsonValue[] } {
  const patch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const v of original) {
    if (!isObject(v)) throw errBadArgType(MAP_TYPE, v);
    if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    if (findMapInSliceBasedOnKeyValue(partitionBy, mergeKey, v[mergeKey])) patch.push(v);
    else serverOnly.push(v);
  }
  return { patch, serverOnly };
}

/**
 * Strips directive-bearing maps from a value: returns the cleaned value, or
 * `keep: false` when the value itself is a directive map. Mutates maps in place.
 */
export function removeDirectives(obj: JsonValue): { value: JsonValue; keep: boolean } {
  if (isObject(obj)) {
    if (hasOwn(obj, DIRECTIVE_MARKER)) return { value: null, keep: false };
    for (const k of Object.keys(obj)) {
      const r = removeDirectives(obj[k] as JsonValue);
      if (r.keep) obj[k] = r.value;
      else delete obj[k];
    }
    return { value: obj, keep: true };
  }
  if (Array.isArray(obj)) {
    const res: JsonValue[] = [];
    for (const v of obj) {
      const r = removeDirectives(v);
      if (r.keep) res.push(r.value);
    }
    return { value: res, keep: true };
  }
  return { value: obj, keep: true };
}

/** Go `==` of two maps' merge key values ('' merge key: the items themselves). */
export function mergeKeyValueEqual(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return goScalarEqual(left, right);
  if (!isObject(left)) throw errBadArgType(MAP_TYPE, left);
  if (!isObject(right)) throw errBadArgType(MAP_TYPE, right);
  if (!hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return goScalarEqual(left[mergeKey], right[mergeKey]);
}
