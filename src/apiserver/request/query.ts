import { goQuote } from '../../apimachinery/field/index.js';

/** Decoded query parameters: every value of every key, in request order (Go's `url.Values`). */
export type Query = ReadonlyMap<string, readonly string[]>;

/**
 * Go's `url.QueryUnescape`: `%XX` escapes and `+` as space. Returns undefined for a malformed
 * escape, which makes Go drop the whole pair. Decodes bytes as UTF-8 (invalid bytes become U+FFFD,
 * as they do once Go turns them into JSON or messages).
 */
export function goQueryUnescape(s: string, plusIsSpace = true): string | undefined {
  if (!s.includes('%') && !(plusIsSpace && s.includes('+'))) return s;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
    } else if (c === '+' && plusIsSpace) {
      bytes.push(0x20);
      i += 1;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      for (const b of enc.encode(ch)) bytes.push(b);
      i += ch.length;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * Parses a raw query string (without `?`) as Go's `url.ParseQuery` does for `req.URL.Query()`:
 * pairs split on `&`, a pair containing `;` or a malformed escape is dropped, a key without `=`
 * has the value ''. Pure; never throws.
 */
export function parseQuery(raw: string): Query {
  const out = new Map<string, string[]>();
  for (const pair of raw.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    const k = goQueryUnescape(eq < 0 ? pair : pair.slice(0, eq));
    const v = goQueryUnescape(eq < 0 ? '' : pair.slice(eq + 1));
    if (k === undefined || v === undefined) continue;
    const list = out.get(k);
    if (list === undefined) out.set(k, [v]);
    else list.push(v);
  }
  return out;
}

/** The first value of `key`, or undefined when the key is absent (Go's `Values.Get` without the ''). */
export function first(q: Query, key: string): string | undefined {
  return q.get(key)?.[0];
}

/** A query value that cannot be converted; the message is what upstream's conversion reports. */
export class QueryConversionError extends Error {
  override readonly name = 'QueryConversionError';
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/**
 * Go's `strconv.ParseInt(s, 10, 64)`: optional sign, decimal digits only. Throws
 * QueryConversionError with Go's text (`strconv.ParseInt: parsing "x": invalid syntax` or
 * `... value out of range`). Values past 2^53 lose precision in the returned number.
 */
export function goParseInt64(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    throw new QueryConversionError(`strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`);
  }
  const n = BigInt(s);
  if (n < int64Min || n > int64Max) {
    throw new QueryConversionError(`strconv.ParseInt: parsing ${goQuote(s)}: value out of range`);
  }
  return Number(n);
}

/**
 * A boolean query parameter as upstream converts it: absent → undefined; `0` or any case of
 * `false` → false; every other value (including '') → true. Never fails.
 */
export function queryBool(q: Query, key: string): boolean | undefined {
  const v = first(q, key);
  if (v === undefined) return undefined;
  return !(v === '0' || v.toLowerCase() === 'false');
}

/** An int64 query parameter: absent → undefined; else goParseInt64 (throws QueryConversionError). */
export function queryInt64(q: Query, key: string): number | undefined {
  const v = first(q, key);
  return v === undefined ? undefined : goParseInt64(v);
}

/** Go's `strconv.ParseBool`: the accepted spellings, undefined otherwise. */
export function goParseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/**
 * Splits a request target into its raw path and raw query: origin form (`/path?query`) or
 * absolute form (`https://host:6443/path?query`, as sent through proxies). Pure.
 */
export function splitTarget(target: string): { rawPath: string; rawQuery: string } {
  const hash = target.indexOf('#');
  let t = hash < 0 ? target : target.slice(0, hash);
  const abs = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?]*/.exec(t);
  if (abs !== null) t = t.slice(abs[0].length);
  const q = t.indexOf('?');
  return q < 0 ? { rawPath: t, rawQuery: '' } : { rawPath: t.slice(0, q), rawQuery: t.slice(q + 1) };
}
