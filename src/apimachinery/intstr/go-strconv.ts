/**
 * Go's strconv.Atoi, whose error texts reach clients through IntOrString errors.
 */
import { goQuote } from '../field/index.js';

/**
 * The outcome of `goAtoi`: the value, or Go's full error text together with the value Go
 * returns alongside the error (0 for bad syntax, the nearest int64 bound when out of range),
 * which callers that ignore the error end up using.
 */
export type AtoiResult = { ok: true; value: bigint } | { ok: false; message: string; value: bigint };

const MAX_INT64 = (1n << 63n) - 1n;

/**
 * Go's strconv.Atoi on a 64-bit platform: an optional sign and ASCII digits, nothing else
 * (no spaces, no underscores). Errors read `strconv.Atoi: parsing "x": invalid syntax` or
 * `... value out of range`; like Go, an overflow is reported as soon as the digits read so
 * far exceed the range, even if a bad character follows.
 */
export function goAtoi(s: string): AtoiResult {
  const negative = s[0] === '-';
  const fail = (why: 'invalid syntax' | 'value out of range'): AtoiResult => ({
    ok: false,
    message: `strconv.Atoi: parsing ${goQuote(s)}: ${why}`,
    value: why === 'invalid syntax' ? 0n : negative ? -MAX_INT64 - 1n : MAX_INT64,
  });
  let i = 0;
  if (s[0] === '-' || s[0] === '+') i = 1;
  if (i >= s.length) return fail('invalid syntax');
  let n = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return fail('invalid syntax');
    n = n * 10n + BigInt(c - 48);
    // Go parses into a uint64 first: past 2^64-1 it stops with a range error.
    if (n > 0xffffffffffffffffn) return fail('value out of range');
  }
  if (negative ? n > MAX_INT64 + 1n : n > MAX_INT64) return fail('value out of range');
  return { ok: true, value: negative ? -n : n };
}
