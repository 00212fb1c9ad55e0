import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import type { JsonObject } from './types.js';

/** Whether `v` is a plain JSON object (not an array, not null). Pure. */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The `metadata` object of `obj`, created (empty) when absent or not an object. Mutates `obj`
 * only in that case; the validator has already reported a metadata of the wrong type.
 */
export function metaOf(obj: JsonObject): JsonObject {
  const m = obj['metadata'];
  if (isJsonObject(m)) return m;
  const fresh: JsonObject = {};
  obj['metadata'] = fresh;
  return fresh;
}

/** A string field of `metadata`, '' when absent or not a string. Pure. */
export function metaString(obj: JsonObject, field: string): string {
  const m = obj['metadata'];
  if (!isJsonObject(m)) return '';
  const v = m[field];
  return typeof v === 'string' ? v : '';
}

/** A number field of `metadata`, undefined when absent or not a number. Pure. */
export function metaNumber(obj: JsonObject, field: string): number | undefined {
  const m = obj['metadata'];
  if (!isJsonObject(m)) return undefined;
  const v = m[field];
  return typeof v === 'number' ? v : undefined;
}

/** `metadata.finalizers` as strings (non-strings skipped). Pure. */
export function finalizersOf(obj: JsonObject): string[] {
  const m = obj['metadata'];
  const f = isJsonObject(m) ? m['finalizers'] : undefined;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
}

/** Sets `metadata.finalizers`, removing the field when empty. Mutates `obj`. */
export function setFinalizers(obj: JsonObject, finalizers: readonly string[]): void {
  const m = metaOf(obj);
  if (finalizers.length === 0) delete m['finalizers'];
  else m['finalizers'] = [...finalizers];
}

/** Sets or removes (undefined) one metadata field. Mutates `obj`. */
export function setMeta(obj: JsonObject, field: string, value: unknown): void {
  const m = metaOf(obj);
  if (value === undefined) delete m[field];
  else m[field] = value;
}

/** Metadata fields only the server sets; a client's values are dropped on create. */
const SERVER_SET_ON_CREATE = [
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
  'uid',
  'creationTimestamp',
];

/**
 * Fills the system fields of a new object as upstream's BeforeCreate does: drops client-set
 * deletionTimestamp, deletionGracePeriodSeconds, selfLink; sets uid and creationTimestamp
 * (whole seconds). Mutates `obj`.
 */
export function fillCreateMeta(obj: JsonObject, uid: string, now: Date): void {
  const m = metaOf(obj);
  for (const f of SERVER_SET_ON_CREATE) delete m[f];
  m['uid'] = uid;
  m['creationTimestamp'] = formatRFC3339(now);
}

/**
 * Restores what an update may not change, as upstream's BeforeUpdate: generation, an absent uid,
 * creationTimestamp, deletionTimestamp, and a removed deletionGracePeriodSeconds come from the
 * stored object; selfLink is dropped. A changed uid is left for validation to reject. Mutates `obj`.
 */
export function restoreUpdateMeta(obj: JsonObject, old: JsonObject): void {
  const m = metaOf(obj);
  const o = metaOf(structuredClone(old));
  delete m['selfLink'];
  setOrDelete(m, 'generation', o['generation']);
  if (metaString(obj, 'uid') === '') setOrDelete(m, 'uid', o['uid']);
  if (o['creationTimestamp'] !== undefined) m['creationTimestamp'] = o['creationTimestamp'];
  if (o['deletionTimestamp'] !== undefined && o['deletionTimestamp'] !== null) {
    m['deletionTimestamp'] = o['deletionTimestamp'];
  }
  if (o['deletionGracePeriodSeconds'] !== undefined && m['deletionGracePeriodSeconds'] === undefined) {
    m['deletionGracePeriodSeconds'] = o['deletionGracePeriodSeconds'];
  }
}

function setOrDelete(m: JsonObject, field: string, v: unknown): void {
  if (v === undefined) delete m[field];
  else m[field] = v;
}

/** The top-level fields that are neither type, metadata nor status: what `generation` tracks. */
export function specFields(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && k !== 'status') out[k] = v;
  }
  return out;
}
