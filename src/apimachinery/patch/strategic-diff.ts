import { internalPatchError, PatchConflictError, PreconditionFailedError, smpErrors } from './errors.js';
import type { PatchPrecondition } from './merge-patch.js';
import { toYaml } from './merge-patch.js';
import type { PatchSchema } from './schema.js';
import { lookupSlice, lookupStruct } from './schema.js';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  deduplicateAndSortScalars,
  deduplicateScalars,
  errBadArgType,
  errNoMergeKey,
  extractRetainKeysPatchStrategy,
  MAP_TYPE,
  MERGE_DIRECTIVE,
  mergeKeyValueEqual,
  normalizeSliceOrder,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  sliceElementKind,
  sortMapsBasedOnField,
  sortScalars,
} from './strategic-common.js';
import { mergeMap } from './strategic-merge.js';
import type { JsonObject, JsonValue } from './values.js';
import { deepClone, deepEqual, hasOwn, isObject, setOwn } from './values.js';
import { compareGoStrings, goFormat, goFormatS, goTypeName } from './go-format.js';

/** Knobs of the diff (upstream's DiffOptions). */
interface DiffOptions {
  readonly setElementOrder: boolean;
  readonly ignoreChangesAndAdditions: boolean;
  readonly ignoreDeletions: boolean;
  readonly buildRetainKeysDirective: boolean;
}

const NO_DIFF_OPTIONS: DiffOptions = {
  setElementOrder: false,
  ignoreChangesAndAdditions: false,
  ignoreDeletions: false,
  buildRetainKeysDirective: false,
};

function hasAdditionalNewField(original: JsonObject, modified: JsonObject): boolean {
  return Object.keys(original).some((k) => original[k] !== null && !hasOwn(modified, k));
}

/**
 * The strategic patch turning `original` into `modified`. Sorts primitive lists of
 * `original` in place, as upstream does (this is observable: reorder-only changes
 * of such lists may produce no patch).
 */
function diffMaps(
  original: JsonObject,
  modified: JsonObject,
  schema: PatchSchema | undefined,
  opts: DiffOptions,
): JsonObject {
  const patch: JsonObject = {};
  const retainKeysList: JsonValue[] = [];
  for (const key of Object.keys(modified)) {
    const modifiedValue = modified[key] as JsonValue;
    if (opts.buildRetainKeysDirective && modifiedValue !== null) retainKeysList.push(key);
    if (!hasOwn(original, key)) {
      if (!opts.ignoreChangesAndAdditions) setOwn(patch, key, modifiedValue);
      continue;
    }
    const originalValue = original[key] as JsonValue;
    if (key === DIRECTIVE_MARKER) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') {
        throw internalPatchError(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      }
      if (originalValue !== modifiedValue) setOwn(patch, DIRECTIVE_MARKER, modifiedValue);
      continue;
    }
    if (goTypeName(originalValue) !== goTypeName(modifiedValue)) {
      if (!opts.ignoreChangesAndAdditions) setOwn(patch, key, modifiedValue);
      continue;
    }
    if (isObject(originalValue)) {
      handleMapDiff(key, originalValue, modifiedValue as JsonObject, patch, schema, opts);
    } else if (Array.isArray(originalValue)) {
      handleSliceDiff(key, originalValue, modifiedValue as JsonValue[], patch, schema, opts);
    } else if (!opts.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) {
      setOwn(patch, key, modifiedValue);
    }
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) {
      if (!hasOwn(modified, key)) setOwn(patch, key, null);
    }
  }
  if (
    retainKeysList.length > 0 &&
    (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))
  ) {
    setOwn(patch, RETAIN_KEYS_DIRECTIVE, sortScalars(retainKeysList));
  }
  return patch;
}

function handleMapDiff(
  key: string,
  originalValue: JsonObject,
  modifiedValue: JsonObject,
  patch: JsonObject,
  schema: PatchSchema | undefined,
  opts: DiffOptions,
): void {
  const found = lookupStruct(schema, key);
  if (!found.ok) {
    if (deepEqual(originalValue, modifiedValue)) return;
    throw internalPatchError(found.message);
  }
  const { retainKeys, strategy } = extractRetainKeysPatchStrategy(found.meta.patchStrategies);
  if (strategy === REPLACE_DIRECTIVE) {
    if (!opts.ignoreChangesAndAdditions) setOwn(patch, key, modifiedValue);
    return;
  }
  const sub = diffMaps(originalValue, modifiedValue, found.schema, {
    ...opts,
    buildRetainKeysDirective: retainKeys,
  });
  if (Object.keys(sub).length > 0) setOwn(patch, key, sub);
}

function handleSliceDiff(
  key: string,
  originalValue: JsonValue[],
  modifiedValue: JsonValue[],
  patch: JsonObject,
  schema: PatchSchema | undefined,
  opts: DiffOptions,
): void {
  const found = lookupSlice(schema, key);
  if (!found.ok) {
    if (deepEqual(originalValue, modifiedValue)) return;
    throw internalPatchError(found.message);
  }
  const { retainKeys, strategy } = extractRetainKeysPatchStrategy(found.meta.patchStrategies);
  if (strategy !== MERGE_DIRECTIVE) {
    if (!opts.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) {
      setOwn(patch, key, modifiedValue);
    }
    return;
  }
  const lists = diffLists(originalValue, modifiedValue, found.schema, found.meta.patchMergeKey, {
    ...opts,
    buildRetainKeysDirective: retainKeys,
  });
  if (lists.patch.length > 0) setOwn(patch, key, lists.patch);
  if (lists.deletions.length > 0)
    setOwn(patch, `${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`, lists.deletions);
  if (lists.setOrder.length > 0) setOwn(patch, `${SET_ELEMENT_ORDER_PREFIX}/${key}`, lists.setOrder);
}

interface ListDiff {
  patch: JsonValue[];
  deletions: JsonValue[];
  setOrder: JsonValue[];
}

function isOrderSame(original: JsonValue[], modified: JsonValue[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => mergeKeyValueEqual(original[i] as JsonValue, m, mergeKey));
}

function diffLists(
  original: JsonValue[],
  modified: JsonValue[],
  schema: PatchSchema | undefined,
  mergeKey: string,
  opts: DiffOptions,
): ListDiff {
  if (original.length === 0) {
    if (modified.length === 0 || opts.ignoreChangesAndAdditions)
      return { patch: [], deletions: [], setOrder: [] };
    return { patch: modified, deletions: [], setOrder: [] };
  }
  const kind = sliceElementKind(original, modified);
  if (kind === 'map') {
    const maps = diffListsOfMaps(original, modified, schema, mergeKey, opts);
    let patchList = normalizeSliceOrder(maps.patch, modified, mergeKey, kind);
    const orderSame = isOrderSame(original, modified, mergeKey);
    patchList = patchList.concat(maps.deletions);
    let setOrder: JsonValue[] = [];
    if (
      opts.setElementOrder &&
      ((!opts.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
        (!opts.ignoreDeletions && patchList.length > 0))
    ) {
      setOrder = modified.map((v) => {
        const entry: JsonObject = {};
        setOwn(entry, mergeKey, (v as JsonObject)[mergeKey] ?? null);
        return entry;
      });
    }
    return { patch: patchList, deletions: [], setOrder };
  }
  const scalars = diffListsOfScalars(original, modified, opts);
  const patchList = normalizeSliceOrder(scalars.add, modified, mergeKey, kind);
  let setOrder: JsonValue[] = [];
  if (
    opts.setElementOrder &&
    ((!opts.ignoreDeletions && scalars.deletions.length > 0) ||
      (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)))
  ) {
    setOrder = modified;
  }
  return { patch: patchList, deletions: scalars.deletions, setOrder };
}

function diffListsOfScalars(
  original: JsonValue[],
  modified: JsonValue[],
  opts: DiffOptions,
): { add: JsonValue[]; deletions: JsonValue[] } {
  // Upstream sorts the original list in place here; the caller's later comparison sees it sorted.
  const originalScalars = sortScalars(original);
  const modifiedScalars = sortScalars(modified.slice());
  let oi = 0;
  let mi = 0;
  const add: JsonValue[] = [];
  const deletions: JsonValue[] = [];
  for (;;) {
    const oIn = oi < originalScalars.length;
    const mIn = mi < modifiedScalars.length;
    if (!oIn && !mIn) break;
    const oStr = oIn ? goFormat(originalScalars[oi]) : '';
    const mStr = mIn ? goFormat(modifiedScalars[mi]) : '';
    const cmp = compareGoStrings(oStr, mStr);
    if (oIn && mIn && cmp === 0) {
      oi++;
      mi++;
    } else if (!oIn || (oIn && mIn && cmp > 0)) {
      if (!opts.ignoreChangesAndAdditions) add.push(modifiedScalars[mi] as JsonValue);
      mi++;
    } else {
      if (!opts.ignoreDeletions) deletions.push(originalScalars[oi] as JsonValue);
      oi++;
    }
  }
  return { add, deletions: deduplicateScalars(deletions) };
}

function mapAndMergeKey(
  list: JsonValue[],
  i: number,
  mergeKey: string,
): { map: JsonObject; value: JsonValue } {
  const m = list[i];
  if (!isObject(m)) throw errBadArgType(MAP_TYPE, m);
  if (!hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
  return { map: m, value: m[mergeKey] as JsonValue };
}

function sortedByMergeKey(list: JsonValue[], mergeKey: string): JsonValue[] {
  if (list.length === 0) return list;
  if (sliceElementKind(list) !== 'map') return deduplicateAndSortScalars(list.slice());
  return sortMapsBasedOnField(list.slice(), mergeKey);
}

function diffListsOfMaps(
  original: JsonValue[],
  modified: JsonValue[],
  schema: PatchSchema | undefined,
  mergeKey: string,
  opts: DiffOptions,
): { patch: JsonValue[]; deletions: JsonValue[] } {
  const patch: JsonValue[] = [];
  const deletions: JsonValue[] = [];
  const originalSorted = sortedByMergeKey(original, mergeKey);
  const modifiedSorted = sortedByMergeKey(modified, mergeKey);
  let oi = 0;
  let mi = 0;
  for (;;) {
    const oIn = oi < originalSorted.length;
    const mIn = mi < modifiedSorted.length;
    if (!oIn && !mIn) break;
    const o = oIn ? mapAndMergeKey(originalSorted, oi, mergeKey) : undefined;
    const m = mIn ? mapAndMergeKey(modifiedSorted, mi, mergeKey) : undefined;
    const cmp = o && m ? compareGoStrings(goFormat(o.value), goFormat(m.value)) : 0;
    if (o && m && cmp === 0) {
      const sub = diffMaps(o.map, m.map, schema, opts);
      if (Object.keys(sub).length > 0) {
        setOwn(sub, mergeKey, m.value);
        patch.push(sub);
      }
      oi++;
      mi++;
    } else if (m && (!o || cmp > 0)) {
      if (!opts.ignoreChangesAndAdditions) patch.push(m.map);
      mi++;
    } else if (o) {
      if (!opts.ignoreDeletions) {
        const directive: JsonObject = {};
        setOwn(directive, mergeKey, o.value);
        directive[DIRECTIVE_MARKER] = DELETE_DIRECTIVE;
        deletions.push(directive);
      }
      oi++;
    }
  }
  return { patch, deletions };
}

function parseDoc(v: JsonObject | null | undefined): JsonObject {
  if (v === null || v === undefined) return {};
  if (!isObject(v)) throw smpErrors.badJSONDoc();
  return deepClone(v);
}

/**
 * The two-way strategic merge patch from `original` to `modified` (upstream's
 * CreateTwoWayMergePatch): the patch kubectl computes, with `$setElementOrder`
 * lists, `$deleteFromPrimitiveList`, `$retainKeys` and deletions as null or
 * `$patch: delete`. Pure. Throws PatchError, or PreconditionFailedError when a
 * precondition rejects the patch.
 */
export function createTwoWayMergePatch(
  original: JsonObject | null,
  modified: JsonObject | null,
  schema: PatchSchema | undefined,
  preconditions: readonly PatchPrecondition[] = [],
): JsonObject {
  const patch = diffMaps(parseDoc(original), parseDoc(modified), schema, {
    ...NO_DIFF_OPTIONS,
    setElementOrder: true,
  });
  for (const fn of preconditions) if (!fn(patch)) throw new PreconditionFailedError(patch);
  return patch;
}

/**
 * The three-way strategic merge patch kubectl apply sends: changes from `current`
 * (live) to `modified` (new config) without deletions, plus deletions from
 * `original` (last applied) to `modified`. Pure. With `overwrite` false, throws
 * PatchConflictError when the patch changes something that also changed between
 * original and current. Throws PreconditionFailedError when a precondition fails.
 */
export function createThreeWayMergePatch(
  original: JsonObject | null,
  modified: JsonObject | null,
  current: JsonObject | null,
  schema: PatchSchema | undefined,
  overwrite = true,
  preconditions: readonly PatchPrecondition[] = [],
): JsonObject {
  const originalMap = parseDoc(original);
  const modifiedMap = parseDoc(modified);
  const currentMap = parseDoc(current);
  const deltaMap = diffMaps(currentMap, modifiedMap, schema, {
    ...NO_DIFF_OPTIONS,
    ignoreDeletions: true,
    setElementOrder: true,
  });
  const deletionsMap = diffMaps(originalMap, modifiedMap, schema, {
    ...NO_DIFF_OPTIONS,
    setElementOrder: true,
    ignoreChangesAndAdditions: true,
  });
  const patch = mergeMap(deletionsMap, deltaMap, schema, {
    mergeParallelList: false,
    ignoreUnmatchedNulls: false,
  });
  for (const fn of preconditions) if (!fn(patch)) throw new PreconditionFailedError(patch);
  if (!overwrite) {
    const changed = diffMaps(originalMap, currentMap, schema, NO_DIFF_OPTIONS);
    if (mergingMapsHaveConflicts(patch, changed, schema)) {
      throw new PatchConflictError(toYaml(patch), toYaml(changed));
    }
  }
  return patch;
}

/**
 * True when two strategic patches change the same field differently (upstream's
 * MergingMapsHaveConflicts). Pure. Throws PatchError for malformed lists.
 */
export function mergingMapsHaveConflicts(
  left: JsonObject,
  right: JsonObject,
  schema: PatchSchema | undefined,
): boolean {
  return fieldsHaveConflicts(left, right, schema, '', '');
}

function fieldsHaveConflicts(
  left: JsonValue,
  right: JsonValue,
  schema: PatchSchema | undefined,
  strategy: string,
  mergeKey: string,
): boolean {
  if (isObject(left)) {
    if (!isObject(right)) return true;
    const okLeft = hasOwn(left, DIRECTIVE_MARKER);
    const okRight = hasOwn(right, DIRECTIVE_MARKER);
    if (okLeft || okRight) {
      if (okLeft !== okRight) return true;
      if (!deepEqual(left[DIRECTIVE_MARKER], right[DIRECTIVE_MARKER])) return true;
    }
    if (strategy === REPLACE_DIRECTIVE) return false;
    return mapsHaveConflicts(left, right, schema);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    return slicesHaveConflicts(left, right, schema, strategy, mergeKey);
  }
  return !deepEqual(left, right);
}

function mapsHaveConflicts(left: JsonObject, right: JsonObject, schema: PatchSchema | undefined): boolean {
  for (const key of Object.keys(left)) {
    if (key === DIRECTIVE_MARKER || key === RETAIN_KEYS_DIRECTIVE || !hasOwn(right, key)) continue;
    const leftValue = left[key] as JsonValue;
    let sub: PatchSchema | undefined;
    let strategy = '';
    let mergeKey = '';
    if (Array.isArray(leftValue) || isObject(leftValue)) {
      const found = Array.isArray(leftValue) ? lookupSlice(schema, key) : lookupStruct(schema, key);
      if (!found.ok) throw internalPatchError(found.message);
      sub = found.schema;
      strategy = extractRetainKeysPatchStrategy(found.meta.patchStrategies).strategy;
      mergeKey = found.meta.patchMergeKey;
    }
    if (fieldsHaveConflicts(leftValue, right[key] as JsonValue, sub, strategy, mergeKey)) return true;
  }
  return false;
}

function slicesHaveConflicts(
  left: JsonValue[],
  right: JsonValue[],
  schema: PatchSchema | undefined,
  strategy: string,
  mergeKey: string,
): boolean {
  const kind = sliceElementKind(left, right);
  if (strategy === MERGE_DIRECTIVE) {
    if (kind !== 'map') return false;
    const l = sliceOfMapsToMapOfMaps(left, mergeKey);
    const r = sliceOfMapsToMapOfMaps(right, mergeKey);
    for (const [k, lv] of l) {
      const rv = r.get(k);
      if (rv !== undefined && fieldsHaveConflicts(lv, rv, schema, '', '')) return true;
    }
    return false;
  }
  if (left.length !== right.length) return true;
  const l = kind === 'map' ? left : deduplicateAndSortScalars(left.slice());
  const r = kind === 'map' ? right : deduplicateAndSortScalars(right.slice());
  if (l.length !== r.length) return true;
  return l.some((v, i) => fieldsHaveConflicts(v, r[i] as JsonValue, schema, '', ''));
}

function sliceOfMapsToMapOfMaps(slice: JsonValue[], mergeKey: string): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const v of slice) {
    if (!isObject(v)) throw internalPatchError(`invalid element type in merging list:${goFormat(slice)}`);
    if (!hasOwn(v, mergeKey)) {
      throw internalPatchError(
        `cannot find merge key \`${mergeKey}\` in merging list element:${goFormat(v)}`,
      );
    }
    const mv = v[mergeKey] as JsonValue;
    out.set(goFormatS(mv), v);
  }
  return out;
}
