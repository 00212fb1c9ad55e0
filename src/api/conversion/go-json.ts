// Reading and writing JSON the way Go's encoding/json does for the HPA round-trip
// annotations: keys match exactly or else case-insensitively, and output escapes
// HTML-significant characters.

/** A JSON object as parsed. */
export type Obj = { [key: string]: unknown };

/** Whether a value is a JSON object (not null, not an array). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A member looked up as Go does: exact key first, then a case-insensitive match; null counts as absent. */
export function field(o: Obj, key: string): unknown {
  if (Object.hasOwn(o, key)) return o[key] ?? undefined;
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === lower) return v ?? undefined;
  return undefined;
}

/** Thrown while decoding an annotation whose JSON does not fit the Go type. */
export class ShapeError extends Error {}

/** A string field (absent → undefined); throws ShapeError for other JSON types. */
export function str(o: Obj, key: string): string | undefined {
  const v = field(o, key);
  if (v === undefined || typeof v === 'string') return v;
  throw new ShapeError(key);
}

/** An int32 field (absent → undefined); throws ShapeError for non-integers or overflow. */
export function int32(o: Obj, key: string): number | undefined {
  const v = field(o, key);
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31) return v;
  throw new ShapeError(key);
}

/** An int64 field (absent → undefined); throws ShapeError for non-integers. */
export function int64(o: Obj, key: string): number | undefined {
  const v = field(o, key);
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new ShapeError(key);
}

/** A quantity field: a string or number (absent → undefined); throws ShapeError otherwise. */
export function quantity(o: Obj, key: string): string | number | undefined {
  const v = field(o, key);
  if (v === undefined || typeof v === 'string' || typeof v === 'number') return v;
  throw new ShapeError(key);
}

/** An object field (absent → undefined); throws ShapeError for other JSON types. */
export function obj(o: Obj, key: string): Obj | undefined {
  const v = field(o, key);
  if (v === undefined || isObj(v)) return v;
  throw new ShapeError(key);
}

/** An array field (absent → undefined); throws ShapeError for other JSON types. */
export function arr(o: Obj, key: string): unknown[] | undefined {
  const v = field(o, key);
  if (v === undefined || Array.isArray(v)) return v;
  throw new ShapeError(key);
}

/** Elements of an array that must each be an object; throws ShapeError otherwise. */
export function objects(list: readonly unknown[]): Obj[] {
  return list.map((x) => {
    if (x === null) return {};
    if (!isObj(x)) throw new ShapeError('item');
    return x;
  });
}

/** Builds an object from entries, leaving out undefined values (Go's omitempty on pointers). */
export function compact(entries: ReadonlyArray<readonly [string, unknown]>): Obj {
  const out: Obj = {};
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return out;
}

/** JSON text as Go's json.Marshal writes it: no spaces, `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function goMarshal(v: unknown): string {
  return JSON.stringify(v).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Parses annotation JSON; undefined when it is not valid JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
