import { StoreError } from '../store.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks a key or prefix before it reaches SQL. Keys are compared as UTF-8 bytes (BINARY
 * collation), which matches code point order only for well-formed strings, so lone surrogates
 * are refused rather than silently replaced. Throws StoreError('invalid').
 */
export function checkKey(key: unknown, what: 'key' | 'prefix' | 'start key'): string {
  if (typeof key !== 'string') throw new StoreError('invalid', `${what} must be a string`);
  if (key.length === 0) throw new StoreError('invalid', `${what} must not be empty`);
  if (LONE_SURROGATE.test(key))
    throw new StoreError('invalid', `${what} is not well-formed UTF-16: ${JSON.stringify(key)}`);
  return key;
}

const MAX_CODE_POINT = 0x10ffff;

/**
 * The smallest string greater than every string that starts with `prefix`, in UTF-8 byte order:
 * the prefix with its last code point incremented (dropping trailing U+10FFFF). Undefined when
 * no such bound exists. Pure.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix, (c) => c.codePointAt(0) ?? 0);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last === MAX_CODE_POINT) continue;
    let next = last + 1;
    // Surrogate code points cannot appear in well-formed text; skip over them.
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    points.push(next);
    return String.fromCodePoint(...points);
  }
  return undefined;
}

/** A checked prefix with its exclusive upper bound. */
export interface KeyRange {
  readonly start: string;
  readonly end: string;
}

/** The range of keys under `prefix`. Throws StoreError('invalid') for an unusable prefix. */
export function prefixRange(prefix: unknown): KeyRange {
  const start = checkKey(prefix, 'prefix');
  const end = prefixEnd(start);
  if (end === undefined)
    throw new StoreError('invalid', `prefix ${JSON.stringify(start)} has no upper bound`);
  return { start, end };
}

/** Describes an argument for an error message without calling anything on it. Pure. */
export function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return String(v);
  return `a value of type ${typeof v}`;
}

/**
 * Checks a revision argument: undefined and 0 mean "current"; anything else must be a positive
 * safe integer. Throws StoreError('invalid').
 */
export function checkRevision(rev: unknown, what: string): number | undefined {
  if (rev === undefined || rev === 0) return undefined;
  if (typeof rev !== 'number' || !Number.isSafeInteger(rev) || rev < 0) {
    throw new StoreError('invalid', `${what} must be a non-negative integer, got ${show(rev)}`);
  }
  return rev;
}
