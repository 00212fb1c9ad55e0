import { internalPatchError, smpErrors } from './errors.js';
import { GoSlice } from './go-slice.js';
import type { PatchSchema } from './schema.js';
import { lookupSlice, lookupStruct } from './schema.js';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  errBadArgType,
  errBadPatchType,
  errNoMergeKey,
  extractRetainKeysPatchStrategy,
  extractToDeleteItems,
  findMapInSliceBasedOnKeyValue,
  MAP_TYPE,
  MERGE_DIRECTIVE,
  mergeKeyValueEqual,
  normalizeElementOrder,
  partitionMapsByPresentInList,
  partitionPrimitivesByPresentInList,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  removeDirectives,
  SET_ELEMENT_ORDER_PREFIX,
  SLICE_TYPE,
  sliceElementKind,
  deduplicateScalars,
} from './strategic-common.js';
import type { JsonObject, JsonValue } from './values.js';
import { deepClone, deepEqual, goScalarEqual, hasOwn, isObject, requireHashable, setOwn } from './values.js';
import { goFormat, goTypeName } from './go-format.js';

/**
 * Applying strategic merge patches (upstream: strategicpatch.mergeMap and friends).
 * The functions here mutate the trees they are given; the public entry copies its
 * inputs first.
 */

/** How mergeMap treats directives: server-side apply merges them, three-way diffing keeps them. */
export interface MergeOptions {
  /** Apply `$deleteFromPrimitiveList`, `$setElementOrder` and `$retainKeys` (true when applying a patch). */
  readonly mergeParallelList: boolean;
  /** Drop nulls that match nothing in the original (true when applying a patch). */
  readonly ignoreUnmatchedNulls: boolean;
}

function handleDirectiveInMergeMap(directive: JsonValue, patch: JsonObject): JsonObject {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw errBadPatchType(directive, patch);
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw smpErrors.badPatchFormatForPrimitiveList();
    if (prefix === SET_ELEMENT_ORDER_PREFIX) throw smpErrors.badPatchFormatForSetElementOrderList();
    throw internalPatchError(`fail to find unknown prefix "${prefix}" in ${s}\n`);
  }
  return s.slice(slash + 1);
}

function containsDirectiveMarker(item: JsonValue): boolean {
  return isObject(item) && hasOwn(item, DIRECTIVE_MARKER);
}

function validatePatchWithSetOrderList(
  patchList: JsonValue | undefined,
  setOrderList: JsonValue,
  mergeKey: string,
): void {
  if (!Array.isArray(setOrderList)) throw smpErrors.badPatchFormatForSetElementOrderList();
  // An absent patch list is Go's nil slice, which passes the type check.
  const list = patchList === undefined ? [] : patchList;
  if (!Array.isArray(list)) throw smpErrors.badPatchFormatForSetElementOrderList();
  if (setOrderList.length === 0 || list.length === 0) return;
  const nonDelete = mergeKey !== '' ? extractToDeleteItems(list).keep : list;
  let patchIndex = 0;
  let setOrderIndex = 0;
  while (patchIndex < nonDelete.length && setOrderIndex < setOrderList.length) {
    if (containsDirectiveMarker(nonDelete[patchIndex] as JsonValue)) {
      patchIndex++;
      continue;
    }
    if (
      mergeKeyValueEqual(
        nonDelete[patchIndex] as JsonValue,
        setOrderList[setOrderIndex] as JsonValue,
        mergeKey,
      )
    ) {
      patchIndex++;
    }
    setOrderIndex++;
  }
  if (patchIndex < nonDelete.length && setOrderIndex >= setOrderList.length) {
    throw internalPatchError(
      `The order in patch list:\n${goFormat(list)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goFormat(setOrderList)}\n`,
    );
  }
}

function applyRetainKeysDirective(original: JsonObject, patch: JsonObject, options: MergeOptions): void {
  if (!hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retainKeysInPatch = patch[RETAIN_KEYS_DIRECTIVE] as JsonValue;
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!options.mergeParallelList) {
    if (hasOwn(original, RETAIN_KEYS_DIRECTIVE)) {
      const inOriginal = original[RETAIN_KEYS_DIRECTIVE] as JsonValue;
      if (!deepEqual(inOriginal, retainKeysInPatch)) {
        throw internalPatchError(
          `${goFormat(inOriginal)} and ${goFormat(retainKeysInPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
      }
    } else {
      setOwn(original, RETAIN_KEYS_DIRECTIVE, retainKeysInPatch);
    }
    return;
  }
  if (!Array.isArray(retainKeysInPatch)) throw smpErrors.badPatchFormatForRetainKeys();
  for (const v of retainKeysInPatch) requireHashable(v);
  const retained = (k: string) => retainKeysInPatch.some((v) => goScalarEqual(v, k));
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (
      v === null ||
      k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
      k.startsWith(SET_ELEMENT_ORDER_PREFIX)
    ) {
      continue;
    }
    if (!retained(k)) throw smpErrors.badPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) {
    if (!retained(k)) delete original[k];
  }
}

function mergePatchIntoOriginal(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchSchema | undefined,
  options: MergeOptions,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const setElementOrderInPatch = patch[key] as JsonValue;
    if (!options.mergeParallelList) {
      if (hasOwn(original, key)) {
        if (!deepEqual(original[key], setElementOrderInPatch))
          throw smpErrors.badPatchFormatForSetElementOrderList();
      } else {
        setOwn(original, key, setElementOrderInPatch);
      }
    }
    delete patch[key];
    if (!Array.isArray(setElementOrderInPatch)) throw errBadArgType(SLICE_TYPE, setElementOrderInPatch);
    const originalKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = hasOwn(original, originalKey);
    const foundPatch = hasOwn(patch, originalKey);
    const originalList = foundOriginal ? (original[originalKey] as JsonValue) : undefined;
    const patchList = foundPatch ? (patch[originalKey] as JsonValue) : undefined;
    let originalFieldValue: JsonValue[] = [];
    let patchFieldValue: JsonValue[] = [];
    if (foundOriginal) {
      if (!Array.isArray(originalList)) throw errBadArgType(SLICE_TYPE, originalList);
      originalFieldValue = originalList;
    }
    if (foundPatch) {
      if (!Array.isArray(patchList)) throw errBadArgType(SLICE_TYPE, patchList);
      patchFieldValue = patchList;
    }
    const found = lookupSlice(schema, originalKey);
    if (!found.ok) throw internalPatchError(found.message);
    const { strategy } = extractRetainKeysPatchStrategy(found.meta.patchStrategies);
    const mergeKey = found.meta.patchMergeKey;
    validatePatchWithSetOrderList(patchList, setElementOrderInPatch, mergeKey);

    let merged: JsonValue[];
    if (foundOriginal && !foundPatch) {
      merged = originalFieldValue;
    } else if (!foundOriginal && foundPatch) {
      merged = removeDirectives(patchFieldValue).value as JsonValue[];
    } else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(
        originalList as JsonValue,
        patchList as JsonValue,
        found.schema,
        strategy,
        mergeKey,
        false,
        options,
      );
    } else {
      continue;
    }
    const parts =
      mergeKey === ''
        ? partitionPrimitivesByPresentInList(merged, setElementOrderInPatch)
        : partitionMapsByPresentInList(merged, setElementOrderInPatch, mergeKey);
    const kind = sliceElementKind(originalFieldValue, patchFieldValue);
    setOwn(
      original,
      originalKey,
      normalizeElementOrder(
        parts.patch,
        parts.serverOnly,
        setElementOrderInPatch,
        originalFieldValue,
        mergeKey,
        kind,
      ),
    );
    delete patch[originalKey];
  }
}

function discardNullValuesFromPatch(v: JsonValue): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      const e = v[k] as JsonValue;
      if (e === null) delete v[k];
      else discardNullValuesFromPatch(e);
    }
  } else if (Array.isArray(v)) {
    for (const e of v) discardNullValuesFromPatch(e);
  }
}

function takePatchValue(original: JsonObject, k: string, patchV: JsonValue, options: MergeOptions): void {
  if (options.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
  const r = removeDirectives(patchV);
  if (r.keep) setOwn(original, k, r.value);
  else delete original[k];
}

/**
 * Merges `patch` into `original` (both mutated) following the schema's strategies
 * and the patch's directives; returns the merged map. Throws PatchError.
 */
export function mergeMap(
  original: JsonObject | null,
  patch: JsonObject,
  schema: PatchSchema | undefined,
  options: MergeOptions,
): JsonObject {
  if (hasOwn(patch, DIRECTIVE_MARKER))
    return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER] as JsonValue, patch);
  const orig: JsonObject = original ?? {};
  applyRetainKeysDirective(orig, patch, options);
  mergePatchIntoOriginal(orig, patch, schema, options);

  for (const patchKey of Object.keys(patch)) {
    const patchV = patch[patchKey] as JsonValue;
    let k = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      if (!options.mergeParallelList) {
        setOwn(orig, patchKey, patchV);
        continue;
      }
      k = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete orig[k];
      if (options.ignoreUnmatchedNulls) continue;
    }
    if (!hasOwn(orig, k)) {
      if (!isDeleteList) takePatchValue(orig, k, patchV, options);
      continue;
    }
    const origV = orig[k] as JsonValue;
    if (goTypeName(origV) !== goTypeName(patchV)) {
      if (!isDeleteList) takePatchValue(orig, k, patchV, options);
      continue;
    }
    if (isObject(origV)) {
      const found = lookupStruct(schema, k);
      if (!found.ok) throw internalPatchError(found.message);
      const { strategy } = extractRetainKeysPatchStrategy(found.meta.patchStrategies);
      setOwn(orig, k, mergeMapHandler(origV, patchV, found.schema, strategy, options));
    } else if (Array.isArray(origV)) {
      const found = lookupSlice(schema, k);
      if (!found.ok) throw internalPatchError(found.message);
      const { strategy } = extractRetainKeysPatchStrategy(found.meta.patchStrategies);
      setOwn(
        orig,
        k,
        mergeSliceHandler(
          origV,
          patchV,
          found.schema,
          strategy,
          found.meta.patchMergeKey,
          isDeleteList,
          options,
        ),
      );
    } else {
      const r = removeDirectives(patchV);
      if (r.keep) setOwn(orig, k, r.value);
      else delete orig[k];
    }
  }
  return orig;
}

function mergeMapHandler(
  original: JsonValue,
  patch: JsonValue,
  schema: PatchSchema | undefined,
  strategy: string,
  options: MergeOptions,
): JsonObject {
  if (!isObject(original)) throw errBadArgType(MAP_TYPE, original);
  if (!isObject(patch)) throw errBadArgType(MAP_TYPE, patch);
  if (strategy !== REPLACE_DIRECTIVE) return mergeMap(original, patch, schema, options);
  return patch;
}

function mergeSliceHandler(
  original: JsonValue,
  patch: JsonValue,
  schema: PatchSchema | undefined,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  options: MergeOptions,
): JsonValue[] {
  if (!Array.isArray(original)) throw errBadArgType(SLICE_TYPE, original);
  if (!Array.isArray(patch)) throw errBadArgType(SLICE_TYPE, patch);
  if (strategy === MERGE_DIRECTIVE || isDeleteList) {
    return mergeSlice(original, patch, schema, mergeKey, options, isDeleteList);
  }
  return patch;
}

function mergeSlice(
  original: JsonValue[],
  patch: JsonValue[],
  schema: PatchSchema | undefined,
  mergeKey: string,
  options: MergeOptions,
  isDeleteList: boolean,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: JsonValue[];
  let orig = original;
  let p = patch;
  if (kind !== 'map') {
    if (options.mergeParallelList && isDeleteList) {
      for (const d of patch) requireHashable(d);
      return original.filter((v) => {
        requireHashable(v);
        return !patch.some((d) => goScalarEqual(d, v));
      });
    }
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') {
      throw internalPatchError(`cannot merge lists without merge key for ${schema?.name ?? ''}`);
    }
    const special = mergeSliceWithSpecialElements(new GoSlice(original), patch, mergeKey);
    // The order of server-only items follows the list as it stood after deletions.
    orig = special.original.toArray();
    p = special.patch;
    merged = mergeSliceWithoutSpecialElements(special.original, p, mergeKey, schema, options);
  }
  const parts =
    mergeKey === ''
      ? partitionPrimitivesByPresentInList(merged, p)
      : partitionMapsByPresentInList(merged, p, mergeKey);
  return normalizeElementOrder(parts.patch, parts.serverOnly, p, orig, mergeKey, kind);
}

function mergeSliceWithSpecialElements(
  original: GoSlice,
  patch: JsonValue[],
  mergeKey: string,
): { original: GoSlice; patch: JsonValue[] } {
  const withoutSpecial: JsonValue[] = [];
  let replace = false;
  for (const v of patch) {
    const typed = v as JsonObject;
    if (!hasOwn(typed, DIRECTIVE_MARKER)) {
      withoutSpecial.push(v);
      continue;
    }
    const directive = typed[DIRECTIVE_MARKER] as JsonValue;
    if (directive === DELETE_DIRECTIVE) {
      if (!hasOwn(typed, mergeKey)) throw errNoMergeKey(typed, mergeKey);
      deleteMatchingEntries(original, mergeKey, typed[mergeKey] as JsonValue);
    } else if (directive === REPLACE_DIRECTIVE) {
      replace = true;
    } else if (directive === MERGE_DIRECTIVE) {
      throw internalPatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, typed);
    }
  }
  if (replace) return { original: new GoSlice(withoutSpecial), patch: [] };
  return { original, patch: withoutSpecial };
}

function deleteMatchingEntries(original: GoSlice, mergeKey: string, value: JsonValue): void {
  for (;;) {
    const found = findMapInSliceBasedOnKeyValue(original.toArray(), mergeKey, value);
    if (!found) return;
    original.removeAt(found.index);
  }
}

function mergeSliceWithoutSpecialElements(
  original: GoSlice,
  patch: JsonValue[],
  mergeKey: string,
  schema: PatchSchema | undefined,
  options: MergeOptions,
): JsonValue[] {
  for (const v of patch) {
    const typed = v as JsonObject;
    if (!hasOwn(typed, mergeKey)) throw errNoMergeKey(typed, mergeKey);
    const found = findMapInSliceBasedOnKeyValue(original.toArray(), mergeKey, typed[mergeKey]);
    if (found) original.set(found.index, mergeMap(found.map, typed, schema, options));
    else original.push(v);
  }
  return original.toArray();
}

/**
 * Applies a strategic merge patch to an object and returns the result (upstream's
 * StrategicMergeMapPatch). Pure: both inputs are copied first. A missing schema
 * gives JSON-merge semantics for every field while directives still apply.
 * Throws PatchError with upstream's text and kube-apiserver's classification.
 */
export function strategicMergePatch(
  original: JsonObject | null,
  patch: JsonObject | null,
  schema: PatchSchema | undefined,
): JsonObject {
  const o = original === null ? {} : deepClone(original);
  if (patch === null) return o;
  return mergeMap(o, deepClone(patch), schema, { mergeParallelList: true, ignoreUnmatchedNulls: true });
}
