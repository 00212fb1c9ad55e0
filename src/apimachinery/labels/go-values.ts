/**
 * Helpers that reproduce how upstream renders values inside error messages and how it reads
 * integers, so that kite's messages and Gt/Lt comparisons match byte for byte.
 */

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A value already rendered as upstream's JSON encoder would render it. Field errors print
 * objects through their own `toString`, so wrapping keeps the text exact (for instance a nil
 * list prints as `null`, unquoted).
 */
export class GoJson {
  constructor(private readonly text: string) {}

  toString(): string {
    return this.text;
  }

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * Renders a string list as Go's encoding/json does: `null` for a nil list, HTML-sensitive
 * characters and line/paragraph separators escaped, ill-formed text replaced by U+FFFD.
 */
export function goJsonStrings(values: readonly string[] | null): GoJson {
  if (values === null) return new GoJson('null');
  return new GoJson(`[${values.map(goJsonString).join(',')}]`);
}

/** One string as Go's encoding/json renders it (see goJsonStrings). */
export function goJsonString(s: string): string {
  return JSON.stringify(s.replace(loneSurrogate, '\ufffd'))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/**
 * Reads a base-10 64-bit signed integer as Go's `strconv.ParseInt(s, 10, 64)` does: an
 * optional sign, then one or more ASCII digits, nothing else; out of range is a failure.
 * Returns undefined when the text is not such an integer. Never throws.
 */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n < int64Min || n > int64Max) return undefined;
  return n;
}
