import { type FieldError, type FieldPath, typeInvalid } from '../../../apimachinery/field/index.js';
import { jsonTypeName } from '../../../apimachinery/validation/index.js';

// Pod validation reads decoded JSON of any shape. A member of the wrong JSON type gives one type
// error at its path and then reads as unset, so the checks on its siblings still run. `null` reads
// as unset, as it does when upstream decodes JSON. Readers that only look (a second pass over a
// field already reported) pass `quiet()` so each type error is reported once.

/** A decoded JSON object. */
export type Dict = Record<string, unknown>;

/** Whether a value is a JSON object (not null, not an array). */
export function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `<path>: Invalid value: "<actual type>": must be of type <want>`. */
export function wrongType(fldPath: FieldPath, v: unknown, want: string): FieldError {
  return typeInvalid(fldPath, jsonTypeName(v), `must be of type ${want}`);
}

/** A sink for type errors that were already reported by an earlier pass. */
export function quiet(): FieldError[] {
  return [];
}

/** Whether a member is present and not null (a Go pointer that is set). */
export function has(d: Dict | undefined, key: string): boolean {
  return d !== undefined && d[key] !== undefined && d[key] !== null;
}

/** A string member: unset → '', another type → a type error and ''. */
export function str(d: Dict | undefined, key: string, fldPath: FieldPath, errs: FieldError[]): string {
  const v = d?.[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  errs.push(wrongType(fldPath.child(key), v, 'string'));
  return '';
}

/** A string member kept as a pointer: unset → undefined, another type → a type error. */
export function optStr(
  d: Dict | undefined,
  key: string,
  fldPath: FieldPath,
  errs: FieldError[],
): string | undefined {
  const v = d?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  errs.push(wrongType(fldPath.child(key), v, 'string'));
  return undefined;
}

const int64Limit = 2 ** 63;

/** An integer member: unset → undefined, a non-integer → a type error. */
export function int(
  d: Dict | undefined,
  key: string,
  fldPath: FieldPath,
  errs: FieldError[],
): number | undefined {
  const v = d?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -int64Limit && v < int64Limit) return v;
  errs.push(wrongType(fldPath.child(key), v, 'integer'));
  return undefined;
}

/** A boolean member: unset → undefined, another type → a type error. */
export function bool(
  d: Dict | undefined,
  key: string,
  fldPath: FieldPath,
  errs: FieldError[],
): boolean | undefined {
  const v = d?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  errs.push(wrongType(fldPath.child(key), v, 'boolean'));
  return undefined;
}

/** An object member: unset → undefined, another type → a type error. */
export function obj(
  d: Dict | undefined,
  key: string,
  fldPath: FieldPath,
  errs: FieldError[],
): Dict | undefined {
  const v = d?.[key];
  if (v === undefined || v === null) return undefined;
  if (isDict(v)) return v;
  errs.push(wrongType(fldPath.child(key), v, 'object'));
  return undefined;
}

/** An array member: unset → [], another type → a type error and []. */
export function arr(d: Dict | undefined, key: string, fldPath: FieldPath, errs: FieldError[]): unknown[] {
  const v = d?.[key];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  errs.push(wrongType(fldPath.child(key), v, 'array'));
  return [];
}

/**
 * The object elements of an array member with their indexes. A null element reads as an empty
 * object (as Go decodes it into a struct); another non-object element gives a type error at
 * `key[i]` and is skipped.
 */
export function objList(
  d: Dict | undefined,
  key: string,
  fldPath: FieldPath,
  errs: FieldError[],
): Array<{ item: Dict; index: number }> {
  const out: Array<{ item: Dict; index: number }> = [];
  arr(d, key, fldPath, errs).forEach((e, index) => {
    if (e === null) out.push({ item: {}, index });
    else if (isDict(e)) out.push({ item: e, index });
    else errs.push(wrongType(fldPath.child(key).index(index), e, 'object'));
  });
  return out;
}

/** A list of strings: a null element reads as '', another non-string gives a type error. */
export function strList(d: Dict | undefined, key: string, fldPath: FieldPath, errs: FieldError[]): string[] {
  const out: string[] = [];
  arr(d, key, fldPath, errs).forEach((e, i) => {
    if (e === null) out.push('');
    else if (typeof e === 'string') out.push(e);
    else errs.push(wrongType(fldPath.child(key).index(i), e, 'string'));
  });
  return out;
}

/** A list of integers: a non-integer element gives a type error and is skipped. */
export function intList(d: Dict | undefined, key: string, fldPath: FieldPath, errs: FieldError[]): number[] {
  const out: number[] = [];
  arr(d, key, fldPath, errs).forEach((e, i) => {
    if (typeof e === 'number' && Number.isInteger(e)) out.push(e);
    else if (e !== null) errs.push(wrongType(fldPath.child(key).index(i), e, 'integer'));
  });
  return out;
}

/** A map of strings as entries in member order; a null value reads as ''. */
export function strMap(
  d: Dict | undefined,
  key: string,
  fldPath: FieldPath,
  errs: FieldError[],
): Array<[string, string]> {
  const m = obj(d, key, fldPath, errs);
  if (m === undefined) return [];
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(m)) {
    if (v === null) out.push([k, '']);
    else if (typeof v === 'string') out.push([k, v]);
    else errs.push(wrongType(fldPath.child(key).key(k), v, 'string'));
  }
  return out;
}

/** Length in UTF-8 bytes, which is what upstream's `len` counts on strings. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
