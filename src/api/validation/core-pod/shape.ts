import type { FieldError, FieldPath } from '../../../apimachinery/field/index.js';
import { arr, bool, byteLength, has, int, isDict, obj, optStr, quiet, wrongType } from '../shape.js';

export { arr, bool, byteLength, has, int, isDict, obj, optStr, quiet, wrongType };

// Pod validation reads decoded JSON of any shape. A member of the wrong JSON type gives one type
// error at its path and then reads as unset, so the checks on its siblings still run. `null` reads
// as unset, as it does when upstream decodes JSON. Readers that only look (a second pass over a
// field already reported) pass `quiet()` so each type error is reported once.

/** A decoded JSON object. */
export type Dict = Record<string, unknown>;

/** A string member: unset → '', another type → a type error and ''. */
export function str(d: Dict | undefined, key: string, fldPath: FieldPath, errs: FieldError[]): string {
  const v = d?.[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  errs.push(wrongType(fldPath.child(key), v, 'string'));
  return '';
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
