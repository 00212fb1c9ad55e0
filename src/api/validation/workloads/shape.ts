import { type FieldError, type FieldPath, invalid, typeInvalid } from '../../../apimachinery/field/index.js';
import { jsonTypeName } from '../../../apimachinery/validation/index.js';

// Objects reach validation as decoded JSON of any shape. A member of the wrong JSON type yields
// one type error at its path and then reads as absent, so that one bad member does not hide the
// checks on the others; `null` reads as unset, as it does when upstream decodes JSON.

/** A decoded JSON object. */
export type Dict = Record<string, unknown>;

/** `<path>: Invalid value: "<actual type>": must be of type <want>`. */
export function wrongType(fldPath: FieldPath, v: unknown, want: string): FieldError {
  return typeInvalid(fldPath, jsonTypeName(v), `must be of type ${want}`);
}

/** Whether a value is a JSON object (not null, not an array). */
export function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The object itself, or `{}` for anything else (for values already type-checked elsewhere). */
export function asDict(v: unknown): Dict {
  return isDict(v) ? v : {};
}

/** A string member: absent/null → '', another type → a type error and ''. */
export function str(v: unknown, fldPath: FieldPath, errs: FieldError[]): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  errs.push(wrongType(fldPath, v, 'string'));
  return '';
}

/** An optional string member: absent/null → undefined, another type → a type error. */
export function optStr(v: unknown, fldPath: FieldPath, errs: FieldError[]): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  errs.push(wrongType(fldPath, v, 'string'));
  return undefined;
}

const int32Min = -(2 ** 31);
const int32Max = 2 ** 31 - 1;
const int64Limit = 2 ** 63;

/** An int32 member: absent/null → undefined; a non-integer or out-of-range value → a type error. */
export function int32(v: unknown, fldPath: FieldPath, errs: FieldError[]): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= int32Min && v <= int32Max) return v;
  errs.push(wrongType(fldPath, v, 'integer'));
  return undefined;
}

/** An int64 member: absent/null → undefined; a non-integer or out-of-range value → a type error. */
export function int64(v: unknown, fldPath: FieldPath, errs: FieldError[]): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -int64Limit && v < int64Limit) return v;
  errs.push(wrongType(fldPath, v, 'integer'));
  return undefined;
}

/** An object member: absent/null → undefined, another type → a type error. */
export function dict(v: unknown, fldPath: FieldPath, errs: FieldError[]): Dict | undefined {
  if (v === undefined || v === null) return undefined;
  if (isDict(v)) return v;
  errs.push(wrongType(fldPath, v, 'object'));
  return undefined;
}

/** An array member: absent/null → [], another type → a type error and []. */
export function list(v: unknown, fldPath: FieldPath, errs: FieldError[]): readonly unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  errs.push(wrongType(fldPath, v, 'array'));
  return [];
}

/** A map of strings read leniently (type problems are reported by whoever validates the map). */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isDict(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (val === null) out[k] = '';
    else if (typeof val === 'string') out[k] = val;
  }
  return out;
}

/** `Invalid value: -1: must be greater than or equal to 0` when a present number is negative. */
export function nonNegative(v: number | undefined, fldPath: FieldPath, errs: FieldError[]): void {
  if (v !== undefined && v < 0) errs.push(invalid(fldPath, v, 'must be greater than or equal to 0'));
}

/** Reads an int32 member and checks it is ≥ 0; returns the value read. */
export function nonNegativeInt32(v: unknown, fldPath: FieldPath, errs: FieldError[]): number | undefined {
  const n = int32(v, fldPath, errs);
  nonNegative(n, fldPath, errs);
  return n;
}

/** Reads an int64 member and checks it is ≥ 0; returns the value read. */
export function nonNegativeInt64(v: unknown, fldPath: FieldPath, errs: FieldError[]): number | undefined {
  const n = int64(v, fldPath, errs);
  nonNegative(n, fldPath, errs);
  return n;
}
