import { goPanicError } from './errors.js';
import { goTypeName } from './go-format.js';

/**
 * JSON value helpers shared by the patch engines: own-property access safe for any
 * key, deep copy and equality, and Go's `==` and map-key rules on decoded values
 * (upstream works on Go's `map[string]interface{}` trees).
 */

/** A decoded JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A decoded JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a JSON object (not an array, not null). Pure. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own-property read: never returns inherited members such as `__proto__`. Pure. */
export function getOwn(o: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** True when `key` is an own property of `o`. Pure. */
export function hasOwn(o: JsonObject, key: string): boolean {
  return Object.hasOwn(o, key);
}

/**
 * Sets an own property, safe for the key `__proto__` (a plain assignment would
 * change the prototype instead). Mutates `o`.
 */
export function setOwn(o: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    o[key] = value;
  }
}

/** Deep copy of a JSON value. Pure. */
export function deepClone<T extends JsonValue>(v: T): T {
  if (Array.isArray(v)) return v.map((e) => deepClone(e)) as T;
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setOwn(out, k, deepClone(v[k] as JsonValue));
    return out as T;
  }
  return v;
}

/** Structural equality of two JSON values (key order ignored). Pure. */
export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!hasOwn(b, k) || !deepEqual(a[k], b[k])) return false;
    }
    return true;
  }
  return false;
}

/**
 * Go's `==` on two interface values holding decoded JSON values (undefined stands
 * for a missing map entry, Go's nil). Values of different dynamic types are unequal;
 * two maps or two slices make Go panic, reported as goPanicError().
 */
export function goScalarEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  const ta = goTypeName(a ?? null);
  const tb = goTypeName(b ?? null);
  if (ta !== tb) return false;
  // Go's == on two maps or two slices held in interfaces panics.
  if (typeof a === 'object' && a !== null) throw goPanicError();
  return a === b || (a === undefined && b === null) || (a === null && b === undefined);
}

/** Go map keys must be hashable: a map or slice used as a key panics. Throws like goScalarEqual. */
export function requireHashable(v: JsonValue | undefined): void {
  if (typeof v === 'object' && v !== null) throw goPanicError();
}

/** Size in bytes of Go's `json.Marshal` output for a value (HTML-escaping included). */
export function goJsonSize(v: JsonValue | undefined): number {
  const text = JSON.stringify(v ?? null);
  let size = Buffer.byteLength(text, 'utf8');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Go writes <, > and & as \u003c etc. (6 bytes for 1) and U+2028/U+2029 as \u2028 (6 bytes for 3).
    if (c === 0x3c || c === 0x3e || c === 0x26) size += 5;
    else if (c === 0x2028 || c === 0x2029) size += 3;
  }
  return size;
}
