/**
 * Readers that compute the selectable field values of API objects given as decoded JSON.
 * Every reader is total: a missing or mistyped field reads as upstream's zero value
 * ('' for strings, '0' for counts, 'false' for flags), never as an exception.
 */

type Json = unknown;

function at(obj: Json, ...path: string[]): Json {
  let cur: Json = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, p))
      return undefined;
    cur = (cur as Record<string, Json>)[p];
  }
  return cur;
}

/** A string field, '' when absent or not a string. */
export function str(obj: Json, ...path: string[]): string {
  const v = at(obj, ...path);
  return typeof v === 'string' ? v : '';
}

/** An integer field in decimal, '0' when absent or not an integer. */
export function int(obj: Json, ...path: string[]): string {
  const v = at(obj, ...path);
  return typeof v === 'number' && Number.isInteger(v) ? String(v) : '0';
}

/** A boolean field as `true`/`false`, 'false' when absent or not a boolean. */
export function bool(obj: Json, ...path: string[]): string {
  return at(obj, ...path) === true ? 'true' : 'false';
}

/** The first element of an array field, undefined when absent or empty. */
export function first(obj: Json, ...path: string[]): Json {
  const v = at(obj, ...path);
  return Array.isArray(v) ? v[0] : undefined;
}

/** A sub-object, or undefined when absent or not an object. */
export function object(obj: Json, ...path: string[]): Json {
  const v = at(obj, ...path);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** `metadata.name`, plus `metadata.namespace` when the resource is namespaced. */
export function objectMetaFields(obj: Json, namespaced: boolean): Record<string, string> {
  const out: Record<string, string> = { 'metadata.name': str(obj, 'metadata', 'name') };
  if (namespaced) out['metadata.namespace'] = str(obj, 'metadata', 'namespace');
  return out;
}
