/**
 * Tolerant readers over decoded JSON objects. Printers see whatever the store holds, so every read
 * falls back to the Go zero value of the field (`''`, `0`, `false`, empty list or map) when the
 * value is absent, null or of the wrong JSON type, instead of throwing.
 */

/** A decoded JSON object. */
export type Obj = Record<string, unknown>;

/** True for a JSON object (not null, not an array). Pure. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` (own properties only), or undefined. Pure. */
export function at(o: unknown, ...path: readonly string[]): unknown {
  let cur: unknown = o;
  for (const key of path) {
    if (!isObj(cur) || !Object.hasOwn(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** The object at `path`, or undefined when absent, null or not an object (a nil Go pointer). */
export function obj(o: unknown, ...path: readonly string[]): Obj | undefined {
  const v = at(o, ...path);
  return isObj(v) ? v : undefined;
}

/** The string at `path`, `''` when unset or not a string. */
export function str(o: unknown, ...path: readonly string[]): string {
  const v = at(o, ...path);
  return typeof v === 'string' ? v : '';
}

/** The string at `path`, undefined when unset (a nil `*string`). */
export function optStr(o: unknown, ...path: readonly string[]): string | undefined {
  const v = at(o, ...path);
  return typeof v === 'string' ? v : undefined;
}

/** The integer at `path` (fraction dropped), undefined when unset or not a finite number. */
export function optInt(o: unknown, ...path: readonly string[]): number | undefined {
  const v = at(o, ...path);
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : undefined;
}

/** The integer at `path`, `0` when unset. */
export function int(o: unknown, ...path: readonly string[]): number {
  return optInt(o, ...path) ?? 0;
}

/** The boolean at `path`, undefined when unset (a nil `*bool`). */
export function optBool(o: unknown, ...path: readonly string[]): boolean | undefined {
  const v = at(o, ...path);
  return typeof v === 'boolean' ? v : undefined;
}

/** The boolean at `path`, `false` when unset. */
export function bool(o: unknown, ...path: readonly string[]): boolean {
  return optBool(o, ...path) ?? false;
}

/** The array at `path`, `[]` when unset or not an array. */
export function list(o: unknown, ...path: readonly string[]): readonly unknown[] {
  const v = at(o, ...path);
  return Array.isArray(v) ? v : [];
}

/**
 * The array of structs at `path`; an element that is not an object reads as `{}`, the zero struct
 * Go would hold in its place, so positions and counts are kept.
 */
export function objList(o: unknown, ...path: readonly string[]): Obj[] {
  return list(o, ...path).map((item) => (isObj(item) ? item : {}));
}

/** The array of strings at `path`; non-string elements read as `''`. */
export function strList(o: unknown, ...path: readonly string[]): string[] {
  return list(o, ...path).map((item) => (typeof item === 'string' ? item : ''));
}

/** The string map at `path` (entries whose value is not a string are dropped). */
export function strMap(o: unknown, ...path: readonly string[]): Record<string, string> {
  const v = obj(o, ...path);
  const out: Record<string, string> = {};
  if (v === undefined) return out;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string')
      Object.defineProperty(out, k, { value: val, enumerable: true, writable: true });
  }
  return out;
}

/** The number of keys of the map at `path`, `0` when unset. */
export function mapSize(o: unknown, ...path: readonly string[]): number {
  const v = obj(o, ...path);
  return v === undefined ? 0 : Object.keys(v).length;
}

/** True when the value at `path` is present and not null (a non-nil Go pointer). */
export function isSet(o: unknown, ...path: readonly string[]): boolean {
  const v = at(o, ...path);
  return v !== undefined && v !== null;
}
