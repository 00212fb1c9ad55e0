// JSON-value helpers. Both functions see a value the way JSON.stringify would: object members
// that are undefined, functions or symbols do not exist, such array elements are null, non-finite
// numbers are null, and objects with a toJSON method (Date) stand for what toJSON returns.

type Dict = Record<string, unknown>;

function isAbsentType(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

// The value JSON would write, one level deep: primitives normalised, containers left as they are.
function jsonView(v: unknown, inArray: boolean): unknown {
  if (isAbsentType(v)) return inArray ? null : undefined;
  // JSON writes -0 as 0 and has no NaN or Infinity.
  if (typeof v === 'number') return Number.isFinite(v) ? v + 0 : null;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return jsonView((v as { toJSON: (k: string) => unknown }).toJSON(''), inArray);
  }
  return v;
}

function equalViews(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aArr = Array.isArray(a);
  if (aArr !== Array.isArray(b)) return false;
  if (aArr) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      if (!equalViews(jsonView(x[i], true), jsonView(y[i], true))) return false;
    }
    return true;
  }
  const x = a as Dict;
  const y = b as Dict;
  let present = 0;
  for (const k of Object.keys(x)) {
    const xv = jsonView(x[k], false);
    if (xv === undefined) continue;
    present++;
    if (!Object.hasOwn(y, k) || !equalViews(xv, jsonView(y[k], false))) return false;
  }
  for (const k of Object.keys(y)) if (jsonView(y[k], false) !== undefined) present--;
  return present === 0;
}

/**
 * Whether two values are equal as JSON: member order is ignored, array order is not, a member
 * holding undefined equals a missing member (JSON drops it), `-0` equals `0`. Pure, never throws
 * on acyclic input; bigints compare by value.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  return equalViews(jsonView(a, false), jsonView(b, false));
}

function copyValue(v: unknown, inArray: boolean): unknown {
  const j = jsonView(v, inArray);
  if (j === null || typeof j !== 'object') {
    if (typeof j === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
    return j;
  }
  if (Array.isArray(j)) {
    const out: unknown[] = new Array(j.length);
    for (let i = 0; i < j.length; i++) out[i] = copyValue(j[i], true);
    return out;
  }
  const out: Dict = {};
  for (const k of Object.keys(j)) {
    const c = copyValue((j as Dict)[k], false);
    if (c === undefined) continue;
    // A plain assignment to "__proto__" would change the prototype instead of adding a member.
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}

/**
 * A deep copy equal to `JSON.parse(JSON.stringify(v))` but faster and without the text round
 * trip: plain objects and arrays are copied, primitives shared. The input must be acyclic;
 * throws TypeError for bigints as JSON.stringify does. Never mutates its input.
 */
export function deepCopy<T>(v: T): T {
  return copyValue(v, false) as T;
}

/**
 * Canonical JSON text: members sorted by key (UTF-16 code-unit order), no whitespace, the same
 * value rules as JSON.stringify. Equal JSON values (deepEqual) always give the same text. Throws
 * TypeError for a top-level value JSON cannot write, for bigints and for cycles.
 */
export function canonicalJSON(value: unknown): string {
  const out = writeCanonical(value, false, new Set());
  if (out === undefined) throw new TypeError('value has no JSON representation');
  return out;
}

function writeCanonical(v: unknown, inArray: boolean, ancestors: Set<object>): string | undefined {
  const j = jsonView(v, inArray);
  if (j === undefined) return undefined;
  if (j === null) return 'null';
  switch (typeof j) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(j);
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
  }
  const o = j as object;
  if (ancestors.has(o)) throw new TypeError('Converting circular structure to JSON');
  ancestors.add(o);
  let out: string;
  if (Array.isArray(o)) {
    out = `[${o.map((e) => writeCanonical(e, true, ancestors)).join(',')}]`;
  } else {
    const parts: string[] = [];
    for (const k of Object.keys(o).sort()) {
      const s = writeCanonical((o as Dict)[k], false, ancestors);
      if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
    }
    out = `{${parts.join(',')}}`;
  }
  ancestors.delete(o);
  return out;
}
