import { stringify } from 'yaml';
import { PatchConflictError, PatchError, PreconditionFailedError } from './errors.js';
import type { JsonObject, JsonValue } from './values.js';
import { deepClone, deepEqual, getOwn, hasOwn, isObject, setOwn } from './values.js';

/**
 * RFC 7386 JSON Merge Patch as kube-apiserver applies it (evanphx/json-patch v4
 * MergePatch): null deletes, objects merge recursively, everything else replaces.
 * One upstream detail kept: nulls inside objects are pruned from values that are
 * added, including objects nested in arrays that replace a non-object.
 */

/** A check a computed patch must pass (`mergepatch.PreconditionFunc`). */
export type PatchPrecondition = (patch: JsonObject) => boolean;

function pruneNulls(v: JsonValue): JsonValue {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      const e = v[k] as JsonValue;
      if (e === null) delete v[k];
      else pruneNulls(e);
    }
  } else if (Array.isArray(v)) {
    for (const e of v) if (e !== null) pruneNulls(e);
  }
  return v;
}

function mergeInto(cur: JsonValue, patch: JsonValue): JsonValue {
  if (!isObject(cur)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k] as JsonValue;
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = getOwn(doc, k);
    if (cur === undefined || cur === null) setOwn(doc, k, pruneNulls(v));
    else setOwn(doc, k, mergeInto(cur, v));
  }
}

/**
 * Applies a merge patch to a document and returns the result. Pure (works on
 * copies). A patch that is an array replaces the document (nulls pruned); a patch
 * that is null or a scalar is rejected with PatchError('BadRequest', 'Invalid JSON
 * Patch'), as upstream does.
 */
export function applyMergePatch(doc: JsonValue, patch: JsonValue): JsonValue {
  if (patch === null || typeof patch !== 'object') {
    throw new PatchError('BadRequest', 'Invalid JSON Patch');
  }
  if (doc === null) throw new PatchError('Unknown', 'Invalid JSON Document');
  const p = deepClone(patch);
  if (Array.isArray(p)) return pruneNulls(p);
  if (!isObject(doc)) return pruneNulls(p);
  const d = deepClone(doc);
  mergeDocs(d, p);
  return d;
}

/**
 * Computes the merge patch that turns `original` into `modified` (two-way diff):
 * added and changed keys with their new values, removed keys as null, arrays
 * whole. Pure.
 */
export function createMergePatch(original: JsonObject, modified: JsonObject): JsonObject {
  const into: JsonObject = {};
  for (const key of Object.keys(modified)) {
    const bv = modified[key] as JsonValue;
    if (!hasOwn(original, key)) {
      setOwn(into, key, deepClone(bv));
      continue;
    }
    const av = original[key] as JsonValue;
    if (isObject(av) && isObject(bv)) {
      const sub = createMergePatch(av, bv);
      if (Object.keys(sub).length > 0) setOwn(into, key, sub);
    } else if (!deepEqual(av, bv)) {
      setOwn(into, key, deepClone(bv));
    }
  }
  for (const key of Object.keys(original)) {
    if (!hasOwn(modified, key)) setOwn(into, key, null);
  }
  return into;
}

/** Keeps only the nulls of a patch (deletions), or only its non-null values (additions and changes). */
function keepOrDeleteNull(m: JsonObject, keepNull: boolean): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(m)) {
    const val = m[key] as JsonValue;
    if (val === null) {
      if (keepNull) setOwn(out, key, null);
    } else if (isObject(val)) {
      // An explicitly empty map is a value, not an empty patch.
      if (Object.keys(val).length === 0) {
        if (!keepNull) setOwn(out, key, val);
        continue;
      }
      const sub = keepOrDeleteNull(val, keepNull);
      if (Object.keys(sub).length > 0) setOwn(out, key, sub);
    } else if (!keepNull) {
      setOwn(out, key, val);
    }
  }
  return out;
}

/**
 * True when two JSON-merge-style patches touch the same key with different values
 * (`mergepatch.HasConflicts`): maps recurse, lists must match element-wise. Pure.
 */
export function mergePatchesHaveConflicts(left: JsonValue, right: JsonValue): boolean {
  if (isObject(left)) {
    if (!isObject(right)) return true;
    for (const key of Object.keys(left)) {
      if (!hasOwn(right, key)) continue;
      if (mergePatchesHaveConflicts(left[key] as JsonValue, right[key] as JsonValue)) return true;
    }
    return false;
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return true;
    return left.some((e, i) => mergePatchesHaveConflicts(e, right[i] as JsonValue));
  }
  return !deepEqual(left, right);
}

/** Serialises a value as sigs.k8s.io/yaml does for conflict messages (sorted keys, unindented lists). */
export function toYaml(v: JsonValue): string {
  return stringify(v, { sortMapEntries: true, indentSeq: false });
}

/**
 * The three-way JSON merge patch kubectl sends for types without a strategic
 * schema (custom resources): additions and changes from `current` to `modified`
 * plus deletions from `original` (last applied) to `modified`. Pure. Throws
 * PatchConflictError when an addition collides with a deletion, and
 * PreconditionFailedError when a precondition rejects the patch.
 */
export function createThreeWayJSONMergePatch(
  original: JsonObject | null,
  modified: JsonObject | null,
  current: JsonObject | null,
  preconditions: readonly PatchPrecondition[] = [],
): JsonObject {
  const o = original ?? {};
  const m = modified ?? {};
  const c = current ?? {};
  const addAndChange = keepOrDeleteNull(createMergePatch(c, m), false);
  const deletions = keepOrDeleteNull(createMergePatch(o, m), true);
  if (mergePatchesHaveConflicts(addAndChange, deletions)) {
    throw new PatchConflictError(toYaml(addAndChange), toYaml(deletions));
  }
  // Applying additions onto the deletions keeps the deletions' explicit nulls.
  const patch = applyMergePatch(deletions, addAndChange) as JsonObject;
  for (const fn of preconditions) {
    if (!fn(patch)) throw new PreconditionFailedError(patch);
  }
  return patch;
}
