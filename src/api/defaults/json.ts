/**
 * Helpers for defaulting plain JSON objects with the same "is it set?" rules the Go API types have.
 *
 * A Go pointer field is unset when the JSON value is absent or null; a Go string, number or boolean
 * field is unset when absent, null or its zero value (`""`, `0`). Nested structs held by value exist
 * even when the JSON omits them, so defaulting creates them. Values of the wrong JSON type are left
 * alone: validation reports them, defaulting must never crash on them.
 */

/** A decoded JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not null, not an array). Pure. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property lookup that ignores anything inherited from the prototype chain. Pure. */
export function own(o: JsonObject, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/**
 * Writes an own enumerable property. Used for keys that come from user data (map keys), where a
 * plain assignment to `__proto__` would change the prototype instead of adding a key.
 */
export function setOwn(o: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The nested object at `key`, or undefined when it is absent, null or not an object. Pure. */
export function child(o: JsonObject, key: string): JsonObject | undefined {
  const v = own(o, key);
  return isObject(v) ? v : undefined;
}

/**
 * The nested struct at `key`, created as `{}` when absent or null (a Go struct held by value, or a
 * pointer that the defaulter allocates). Returns undefined, and changes nothing, for a non-object.
 */
export function ensure(o: JsonObject, key: string): JsonObject | undefined {
  const v = own(o, key);
  if (v === undefined || v === null) {
    const created: JsonObject = {};
    o[key] = created;
    return created;
  }
  return isObject(v) ? v : undefined;
}

/**
 * Calls `fn` for every element of the array of structs at `key`. A null element becomes `{}` first,
 * as Go decodes null into the element's zero struct. Non-object elements and non-arrays are skipped.
 */
export function eachObject(o: JsonObject, key: string, fn: (item: JsonObject, index: number) => void): void {
  const list = own(o, key);
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    let item: unknown = list[i];
    if (item === null) {
      item = {};
      list[i] = item;
    }
    if (isObject(item)) fn(item, i);
  }
}

/** Sets a pointer-typed field when it is absent or null. Mutates `o`. */
export function defaultPtr(o: JsonObject, key: string, value: unknown): void {
  const v = own(o, key);
  if (v === undefined || v === null) o[key] = value;
}

/** Sets a string field when it is absent, null or `""`. Mutates `o`. */
export function defaultString(o: JsonObject, key: string, value: string): void {
  const v = own(o, key);
  if (v === undefined || v === null || v === '') o[key] = value;
}

/** Sets a numeric field when it is absent, null or `0`. Mutates `o`. */
export function defaultNumber(o: JsonObject, key: string, value: number): void {
  const v = own(o, key);
  if (v === undefined || v === null || v === 0) o[key] = value;
}

/** Go's `len(x) == 0` for a string, slice or map field: absent, null, `""`, `[]` or `{}`. Pure. */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** A deep copy of a JSON value, so that defaulted fields never alias other parts of the object. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Go's `len(list) == 0` for a slice field: absent, null or `[]` (a non-array is not empty). Pure. */
export function isEmptyList(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}
