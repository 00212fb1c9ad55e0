import { type FieldError, type FieldPath, typeInvalid } from '../../../apimachinery/field/index.js';
import { jsonTypeName } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';

// Validators here read decoded JSON of any shape. A member of the wrong JSON type yields one
// `must be of type X` error at its path and then reads as absent, so one bad member never hides
// the checks on its siblings; `null` reads as unset, as it does when upstream decodes JSON.

/** `<path>: Invalid value: "<actual type>": must be of type <want>`. Pure. */
export function wrongType(fldPath: FieldPath, v: unknown, want: string): FieldError {
  return typeInvalid(fldPath, jsonTypeName(v), `must be of type ${want}`);
}

/** Whether a value is a JSON object (not null, not an array). */
export function isObj(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Length in UTF-8 bytes, which is what upstream's `len` counts. */
export function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const int64Limit = 2 ** 63;

/**
 * Typed reads of the members of decoded objects. Each read appends a type error to `errs` for a
 * member of the wrong type and returns the "absent" value instead; it never throws.
 */
export class Reader {
  constructor(readonly errs: FieldError[]) {}

  /** A string member: absent/null → ''. */
  str(o: JsonObject | undefined, key: string, p: FieldPath): string {
    return this.optStr(o, key, p) ?? '';
  }

  /** A string member that upstream keeps as a pointer: absent/null → undefined. */
  optStr(o: JsonObject | undefined, key: string, p: FieldPath): string | undefined {
    const v = o?.[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    this.errs.push(wrongType(p, v, 'string'));
    return undefined;
  }

  /** An integer member: absent/null → undefined. */
  int(o: JsonObject | undefined, key: string, p: FieldPath): number | undefined {
    const v = o?.[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= -int64Limit && v < int64Limit) return v;
    this.errs.push(wrongType(p, v, 'integer'));
    return undefined;
  }

  /** A boolean member: absent/null → undefined. */
  bool(o: JsonObject | undefined, key: string, p: FieldPath): boolean | undefined {
    const v = o?.[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    this.errs.push(wrongType(p, v, 'boolean'));
    return undefined;
  }

  /** An object member: absent/null → undefined. */
  obj(o: JsonObject | undefined, key: string, p: FieldPath): JsonObject | undefined {
    const v = o?.[key];
    if (v === undefined || v === null) return undefined;
    if (isObj(v)) return v;
    this.errs.push(wrongType(p, v, 'object'));
    return undefined;
  }

  /** An array member: absent/null → undefined (so callers can tell unset from empty). */
  optArr(o: JsonObject | undefined, key: string, p: FieldPath): readonly unknown[] | undefined {
    const v = o?.[key];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v;
    this.errs.push(wrongType(p, v, 'array'));
    return undefined;
  }

  /** An array member: absent/null → []. */
  arr(o: JsonObject | undefined, key: string, p: FieldPath): readonly unknown[] {
    return this.optArr(o, key, p) ?? [];
  }

  /**
   * An array of objects, as [element, index] pairs; a null element reads as an empty object
   * (Go decodes it as the zero struct), another non-object element gets a type error and is skipped.
   */
  objs(o: JsonObject | undefined, key: string, p: FieldPath): Array<[JsonObject, number]> {
    const out: Array<[JsonObject, number]> = [];
    this.arr(o, key, p).forEach((e, i) => {
      if (e === null) out.push([{}, i]);
      else if (isObj(e)) out.push([e, i]);
      else this.errs.push(wrongType(p.index(i), e, 'object'));
    });
    return out;
  }

  /** An array of strings: null elements read as '', other non-strings get a type error and are skipped. */
  strs(o: JsonObject | undefined, key: string, p: FieldPath): string[] {
    return this.strList(this.arr(o, key, p), p);
  }

  /** {@link strs} for an array already read. */
  strList(list: readonly unknown[], p: FieldPath): string[] {
    const out: string[] = [];
    list.forEach((e, i) => {
      if (e === null) out.push('');
      else if (typeof e === 'string') out.push(e);
      else this.errs.push(wrongType(p.index(i), e, 'string'));
    });
    return out;
  }

  /** A map of strings as entries in member order: null values read as '', others get a type error. */
  strMap(o: JsonObject | undefined, key: string, p: FieldPath): Array<[string, string]> {
    const d = this.obj(o, key, p);
    if (d === undefined) return [];
    const out: Array<[string, string]> = [];
    for (const [k, v] of Object.entries(d)) {
      if (v === null) out.push([k, '']);
      else if (typeof v === 'string') out.push([k, v]);
      else this.errs.push(wrongType(p.key(k), v, 'string'));
    }
    return out;
  }
}

/** Reads without reporting: for stored (old) objects, whose shape problems are not this request's. */
export function quietReader(): Reader {
  return new Reader([]);
}
