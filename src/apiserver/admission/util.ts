import { isJsonObject as isObject } from '../registry/object-meta.js';
import { forbidden, type StatusError } from '../../apimachinery/errors/index.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { JsonObject } from '../registry/types.js';

// Whether a value is a plain JSON object: the registry's test, under the name this folder uses.
export { isObject };

/** `obj[key]` when it is an object, else undefined. Pure. */
export function objectAt(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = obj?.[key];
  return isObject(v) ? v : undefined;
}

/** `obj[key]` when it is an object; otherwise a new empty object stored there. Mutates `obj`. */
export function ensureObject(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  if (isObject(v)) return v;
  const fresh: JsonObject = {};
  obj[key] = fresh;
  return fresh;
}

/** The objects of the array `obj[key]` (other entries skipped); [] when absent. Pure. */
export function objectsAt(obj: JsonObject | undefined, key: string): JsonObject[] {
  const v = obj?.[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** `obj[key]` when it is a string, else ''. Pure. */
export function stringAt(obj: JsonObject | undefined, key: string): string {
  const v = obj?.[key];
  return typeof v === 'string' ? v : '';
}

/** `obj[key]` when it is a boolean, else undefined. Pure. */
export function boolAt(obj: JsonObject | undefined, key: string): boolean | undefined {
  const v = obj?.[key];
  return typeof v === 'boolean' ? v : undefined;
}

/** `obj[key]` when it is a number, else undefined. Pure. */
export function numberAt(obj: JsonObject | undefined, key: string): number | undefined {
  const v = obj?.[key];
  return typeof v === 'number' ? v : undefined;
}

/** The string map `obj[key]` (labels, annotations, nodeSelector), non-strings skipped. Pure. */
export function stringMapAt(obj: JsonObject | undefined, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  const m = objectAt(obj, key);
  if (m === undefined) return out;
  for (const [k, v] of Object.entries(m)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** `metadata` of an object (undefined when absent). Pure. */
export function metadataOf(obj: JsonObject | undefined): JsonObject | undefined {
  return objectAt(obj, 'metadata');
}

/** Whether the request is about `group`/`resource` (any version). Pure. */
export function isResource(a: AdmissionAttributes, group: string, resource: string): boolean {
  return a.resource.group === group && a.resource.plural === resource;
}

/**
 * The name upstream's admission errors carry: the request's name, else the object's name, else
 * its generateName, else `Unknown` (names are generated after mutating admission). Pure.
 */
export function admissionName(a: AdmissionAttributes): string {
  if (a.name !== '') return a.name;
  const meta = metadataOf(a.object);
  if (a.object === undefined) return 'Unknown';
  const name = stringAt(meta, 'name');
  if (name !== '') return name;
  const gen = stringAt(meta, 'generateName');
  return gen !== '' ? gen : 'Unknown';
}

/**
 * Upstream's admission.NewForbidden: 403 `pods "x" is forbidden: <why>` about the request's
 * resource and name.
 */
export function admissionForbidden(a: AdmissionAttributes, why: string): StatusError {
  return forbidden({ group: a.resource.group, resource: a.resource.plural }, admissionName(a), why);
}

/**
 * Go's errors.NewAggregate(...).Error(): one message as is, several deduplicated, joined by
 * `, ` and bracketed. Pure.
 */
export function aggregateMessages(msgs: readonly string[]): string {
  const seen = [...new Set(msgs)];
  if (seen.length === 1) return seen[0] ?? '';
  return seen.length === 0 ? '' : `[${seen.join(', ')}]`;
}
