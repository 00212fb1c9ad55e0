import { type FieldError, type FieldPath, typeInvalid } from '../../apimachinery/field/index.js';
import { jsonTypeName } from '../../apimachinery/validation/index.js';

// JSON readers the validation areas share. Validation reads decoded JSON of any shape: a member
// of the wrong JSON type gives one type error at its path and then reads as unset, so checks on
// its siblings still run; `null` reads as unset, as when upstream decodes JSON.

/** A decoded JSON object. */
export type Dict = Record<string, unknown>;

// Integers beyond int64 do not decode into Go's integer fields.
const int64Limit = 2 ** 63;

/** An array member: unset → [], another type → a type error and []. */
export function arr(d: Dict | undefined, key: string, fldPath: FieldPath, errs: FieldError[]): unknown[] {
  const v = d?.[key];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  errs.push(wrongType(fldPath.child(key), v, 'array'));
  return [];
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

/** Length in UTF-8 bytes, which is what upstream's `len` counts on strings. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Whether a member is present and not null (a Go pointer that is set). */
export function has(d: Dict | undefined, key: string): boolean {
  return d !== undefined && d[key] !== undefined && d[key] !== null;
}

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

/** Whether a value is a JSON object (not null, not an array). */
export function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
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

/** A sink for type errors that were already reported by an earlier pass. */
export function quiet(): FieldError[] {
  return [];
}

/** `<path>: Invalid value: "<actual type>": must be of type <want>`. */
export function wrongType(fldPath: FieldPath, v: unknown, want: string): FieldError {
  return typeInvalid(fldPath, jsonTypeName(v), `must be of type ${want}`);
}
