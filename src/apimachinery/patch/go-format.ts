import type { JsonObject, JsonValue } from './values.js';

/**
 * Go's views of decoded JSON values that leak into upstream's results and error
 * texts: dynamic type names, `fmt` renderings and byte-wise string order.
 */

function isMap(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const INT64_LIMIT = 2 ** 63;

/** True when Kubernetes' JSON decoder would hold this number as an int64. */
function isInt64(n: number): boolean {
  return Number.isInteger(n) && n >= -INT64_LIMIT && n < INT64_LIMIT;
}

/**
 * The Go dynamic type upstream's decoder gives a value: `string`, `bool`, `int64`,
 * `float64`, `[]interface {}`, `map[string]interface {}`, or `<nil>` for null.
 * Integral numbers count as int64 because the apimachinery JSON decoder converts them.
 */
export function goTypeName(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isInt64(v) ? 'int64' : 'float64';
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
}

/** Go's `reflect.Kind` name for a value's dynamic type. */
export function goKindName(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (isMap(v)) return 'map';
  return goTypeName(v);
}

/** Go's shortest `%v` rendering of a non-integral float64 (`1.5e+06`, `1.5`, `1e-05`). */
function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exp = n.toExponential();
  const at = exp.indexOf('e');
  const mantissa = exp.slice(0, at);
  const e = Number(exp.slice(at + 1));
  if (e < -4 || e >= 6) {
    const sign = e < 0 ? '-' : '+';
    const digits = String(Math.abs(e)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/**
 * Go's `fmt` `%v` rendering of a decoded JSON value: `<nil>`, `map[a:1 b:x]`
 * (keys sorted), `[1 2]`. Used where upstream embeds values in messages or
 * compares values by their printed form. Pure.
 */
export function goFormat(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return isInt64(v) ? BigInt(v).toString() : goFloat(v);
  if (Array.isArray(v)) return `[${v.map((e) => goFormat(e)).join(' ')}]`;
  const keys = Object.keys(v).sort(compareGoStrings);
  return `map[${keys.map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
}

/**
 * Go's `fmt` `%s` rendering of a decoded JSON value: strings as they are, other
 * scalars as `%!s(int64=1)`, applied element-wise inside lists and maps. Pure.
 */
export function goFormatS(v: JsonValue | undefined, nested = false): string {
  // A nil nested in a list or map prints as <nil>; only a nil operand is flagged.
  if (v === null || v === undefined) return nested ? '<nil>' : '%!s(<nil>)';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map((e) => goFormatS(e, true)).join(' ')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort(compareGoStrings);
    return `map[${keys.map((k) => `${k}:${goFormatS(v[k], true)}`).join(' ')}]`;
  }
  return `%!s(${goTypeName(v)}=${goFormat(v)})`;
}

/**
 * Orders strings as Go does (byte-wise over UTF-8, which is code-point order),
 * not by UTF-16 code units as `<` on JS strings does. Pure.
 */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const surrogateA = ca >= 0xd800 && ca <= 0xdfff;
    const surrogateB = cb >= 0xd800 && cb <= 0xdfff;
    // A surrogate half belongs to a code point above U+FFFF, which sorts after every BMP character.
    if (surrogateA !== surrogateB) return surrogateA ? 1 : -1;
    return ca < cb ? -1 : 1;
  }
  return a.length - b.length;
}
