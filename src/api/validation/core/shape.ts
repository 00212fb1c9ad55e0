import { type FieldError, type FieldPath, invalid, path } from '../../../apimachinery/field/index.js';
import { type Quantity, QuantityError, quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import { arr, bool, byteLength, has, int, isDict, obj, optStr, quiet, wrongType } from '../shape.js';

export { arr, bool, byteLength, has, int, isDict, obj, optStr, quiet, wrongType };

// The validators here read decoded JSON of any shape. A member of the wrong JSON type gives one
// type error at its path and then reads as unset, so the checks on its siblings still run; `null`
// reads as unset, as it does when upstream decodes JSON into Go structs. A second pass over a
// member already reported passes `quiet()` as the sink so each type error appears once.

/** A decoded JSON object. */
export type Dict = Record<string, unknown>;

/** A string member: unset → '', another type → a type error and ''. */
export function str(d: Dict | undefined, key: string, fldPath: FieldPath, errs: FieldError[]): string {
  return optStr(d, key, fldPath, errs) ?? '';
}

/** A top-level object member (`spec`, `status`) of a whole object; wrong types reported at `key`. */
export function topObj(d: Dict, key: string, errs: FieldError[]): Dict | undefined {
  const v = d[key];
  if (v === undefined || v === null) return undefined;
  if (isDict(v)) return v;
  errs.push(wrongType(path(key), v, 'object'));
  return undefined;
}

/** A top-level string member (`type`, `reason`) of a whole object; '' when unset or of the wrong type. */
export function topStr(d: Dict, key: string, errs: FieldError[]): string {
  const v = d[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  errs.push(wrongType(path(key), v, 'string'));
  return '';
}

/** A top-level array of objects (`subsets`, `secrets`) of a whole object, reported at `key[i]`. */
export function topObjList(d: Dict, key: string, errs: FieldError[]): Dict[] {
  const v = d[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    errs.push(wrongType(path(key), v, 'array'));
    return [];
  }
  return v.map((e, i) => {
    if (isDict(e)) return e;
    if (e !== null) errs.push(wrongType(path(key).index(i), e, 'object'));
    return {};
  });
}

/** An array of objects: elements of another type get a type error at `path[i]` and read as `{}`. */
export function objList(d: Dict | undefined, key: string, fldPath: FieldPath, errs: FieldError[]): Dict[] {
  const p = fldPath.child(key);
  return arr(d, key, fldPath, errs).map((e, i) => {
    if (isDict(e)) return e;
    if (e !== null) errs.push(wrongType(p.index(i), e, 'object'));
    return {};
  });
}

/** An array of strings: a null element reads as '', another type gets a type error and reads as ''. */
export function strList(d: Dict | undefined, key: string, fldPath: FieldPath, errs: FieldError[]): string[] {
  const p = fldPath.child(key);
  return arr(d, key, fldPath, errs).map((e, i) => {
    if (typeof e === 'string') return e;
    if (e !== null) errs.push(wrongType(p.index(i), e, 'string'));
    return '';
  });
}

/** A map of strings as entries in member order; a null value reads as '', another type is reported and skipped. */
export function strMap(
  d: Dict | undefined,
  key: string,
  fldPath: FieldPath,
  errs: FieldError[],
): Array<[string, string]> {
  const m = obj(d, key, fldPath, errs);
  if (m === undefined) return [];
  const p = fldPath.child(key);
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(m)) {
    if (v === null) out.push([k, '']);
    else if (typeof v === 'string') out.push([k, v]);
    else errs.push(wrongType(p.key(k), v, 'string'));
  }
  return out;
}

/**
 * A resource list (`{cpu: "100m"}`) as parsed entries in member order. A value that is not a
 * quantity gets `Invalid value: <v>: <parse error>` at `path[name]` and is skipped; upstream rejects
 * such a body while decoding it, so only the message differs.
 */
export function resourceList(
  d: Dict | undefined,
  key: string,
  fldPath: FieldPath,
  errs: FieldError[],
): Array<[string, Quantity]> {
  const m = obj(d, key, fldPath, errs);
  if (m === undefined) return [];
  const p = fldPath.child(key);
  const out: Array<[string, Quantity]> = [];
  for (const [k, v] of Object.entries(m)) {
    const q = readQuantity(v, p.key(k), errs);
    if (q !== undefined) out.push([k, q]);
  }
  return out;
}

/** One quantity value: a string or number; anything else gets a field error and reads as undefined. */
export function readQuantity(v: unknown, fldPath: FieldPath, errs: FieldError[]): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number' && v !== null) {
    errs.push(wrongType(fldPath, v, 'string'));
    return undefined;
  }
  try {
    return quantityFromJSON(v);
  } catch (e) {
    if (!(e instanceof QuantityError)) throw e;
    errs.push(invalid(fldPath, v, e.message));
    return undefined;
  }
}

/** Whether two decoded JSON values are equal (member order ignored; absent equals null). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isDict(a) && isDict(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}
