import { type FieldError, type FieldPath, typeInvalid } from '../field/index.js';

// Validators here take decoded JSON, which may hold any shape. A member of the wrong JSON type
// yields one type error at its path and is then treated as absent, so one bad member never hides
// the checks on the others. `null` means "unset", as it does when upstream decodes JSON.

/** A decoded JSON object. */
export type Dict = Record<string, unknown>;

/** The JSON type of a value as OpenAPI names it. */
export function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** `<path>: Invalid value: "<actual type>": must be of type <want>`. */
export function wrongType(fldPath: FieldPath, v: unknown, want: string): FieldError {
  return typeInvalid(fldPath, jsonTypeName(v), `must be of type ${want}`);
}

/** Whether a value is a JSON object (not null, not an array). */
export function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A string member: absent/null → '', another type → a type error and ''. */
export function readString(v: unknown, fldPath: FieldPath, errs: FieldError[]): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  errs.push(wrongType(fldPath, v, 'string'));
  return '';
}

const int64Limit = 2 ** 63;

/** An int64 member: absent/null → undefined, a non-integer or out-of-range value → a type error. */
export function readInt(v: unknown, fldPath: FieldPath, errs: FieldError[]): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -int64Limit && v < int64Limit) return v;
  errs.push(wrongType(fldPath, v, 'integer'));
  return undefined;
}

/** A boolean member: absent/null → undefined, another type → a type error. */
export function readBool(v: unknown, fldPath: FieldPath, errs: FieldError[]): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  errs.push(wrongType(fldPath, v, 'boolean'));
  return undefined;
}

/** An object member: absent/null → undefined, another type → a type error. */
export function readDict(v: unknown, fldPath: FieldPath, errs: FieldError[]): Dict | undefined {
  if (v === undefined || v === null) return undefined;
  if (isDict(v)) return v;
  errs.push(wrongType(fldPath, v, 'object'));
  return undefined;
}

/** An array member: absent/null → [], another type → a type error and []. */
export function readArray(v: unknown, fldPath: FieldPath, errs: FieldError[]): readonly unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  errs.push(wrongType(fldPath, v, 'array'));
  return [];
}

/**
 * A map of strings (labels, annotations) as entries in member order: absent/null → [], a
 * non-object → a type error; a null value reads as '' (as Go decodes it), another non-string value
 * → a type error at `fldPath[key]` and the entry is skipped.
 */
export function readStringMap(v: unknown, fldPath: FieldPath, errs: FieldError[]): Array<[string, string]> {
  const d = readDict(v, fldPath, errs);
  if (d === undefined) return [];
  const out: Array<[string, string]> = [];
  for (const [k, val] of Object.entries(d)) {
    if (val === null) out.push([k, '']);
    else if (typeof val === 'string') out.push([k, val]);
    else errs.push(wrongType(fldPath.key(k), val, 'string'));
  }
  return out;
}

/**
 * A list of strings (finalizers): absent/null → [], a non-array → a type error; a null element
 * reads as '', another non-string element → a type error at `fldPath[i]` and is skipped.
 */
export function readStringList(v: unknown, fldPath: FieldPath, errs: FieldError[]): string[] {
  const out: string[] = [];
  readArray(v, fldPath, errs).forEach((e, i) => {
    if (e === null) out.push('');
    else if (typeof e === 'string') out.push(e);
    else errs.push(wrongType(fldPath.index(i), e, 'string'));
  });
  return out;
}

/** Length in UTF-8 bytes, which is what upstream's `len` limits count. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
