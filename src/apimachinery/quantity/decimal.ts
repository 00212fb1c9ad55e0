/**
 * Exact base-10 arithmetic on `mantissa * 10^scale` pairs (bigint mantissa, integer scale).
 * Quantities keep such a pair; these helpers never go through floating point.
 */
import { QuantityError } from './errors.js';

/** The largest int64, the bound of integer accessors and of binary quantities. */
export const MAX_INT64 = (1n << 63n) - 1n;
/** The smallest int64. */
export const MIN_INT64 = -(1n << 63n);

/**
 * Aligning two scales multiplies a mantissa by 10^gap. Upstream would materialise any gap
 * (and hang on `1e2000000000 + 1`); kite refuses gaps above this many digits with a
 * `QuantityError` of reason `Range` instead of exhausting memory.
 */
export const MAX_ALIGN_DIGITS = 100_000;

const smallPowers: bigint[] = [];
for (let i = 0, p = 1n; i <= 40; i++, p *= 10n) smallPowers.push(p);

/** 10^n for n >= 0; callers bound n themselves. */
export function pow10(n: number): bigint {
  return smallPowers[n] ?? 10n ** BigInt(n);
}

/** 10^n for an alignment gap; throws `QuantityError` (Range) when n exceeds `MAX_ALIGN_DIGITS`. */
export function alignPow10(n: number): bigint {
  if (n > MAX_ALIGN_DIGITS) {
    throw new QuantityError(
      'Range',
      `quantity scales differ by ${n} digits, more than kite computes exactly`,
    );
  }
  return pow10(n);
}

/** Absolute value of a bigint. */
export function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** Number of decimal digits of |v| (1 for zero). */
export function digitCount(v: bigint): number {
  return abs(v).toString().length;
}

/** Splits trailing decimal zeros off v: returns [v / 10^k, k]; zero gives [0, 0]. */
export function stripTrailingZeros(v: bigint): [bigint, number] {
  if (v === 0n) return [0n, 0];
  const text = abs(v).toString();
  let k = 0;
  while (text.charCodeAt(text.length - 1 - k) === 48) k++;
  if (k === 0) return [v, 0];
  const stripped = BigInt(text.slice(0, text.length - k));
  return [v < 0n ? -stripped : stripped, k];
}

/**
 * Divides v by 10^n (n >= 0) rounding away from zero, as upstream's RoundUp rounder does.
 * Returns the quotient and whether the division was exact.
 */
export function divPow10AwayFromZero(v: bigint, n: number): [bigint, boolean] {
  if (n === 0) return [v, true];
  // A divisor longer than the dividend leaves at most a unit in the last place.
  if (n > digitCount(v)) return v === 0n ? [0n, true] : [v < 0n ? -1n : 1n, false];
  const d = pow10(n);
  const q = v / d;
  const r = v % d;
  if (r === 0n) return [q, true];
  return [v < 0n ? q - 1n : q + 1n, false];
}

/** Compares a = ma*10^sa with b = mb*10^sb exactly without building huge powers. */
export function cmpDecimal(ma: bigint, sa: number, mb: bigint, sb: number): -1 | 0 | 1 {
  const signA = ma === 0n ? 0 : ma < 0n ? -1 : 1;
  const signB = mb === 0n ? 0 : mb < 0n ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  if (signA === 0) return 0;
  if (sa === sb) return ma === mb ? 0 : ma < mb ? -1 : 1;
  const magnitude = cmpMagnitude(abs(ma), sa, abs(mb), sb);
  if (magnitude === 0 || signA > 0) return magnitude;
  return magnitude < 0 ? 1 : -1;
}

function cmpMagnitude(ma: bigint, sa: number, mb: bigint, sb: number): -1 | 0 | 1 {
  // The order of magnitude (digits + scale) decides unless it is equal; when it is equal
  // the scale gap is bounded by the digit counts, so aligning stays cheap.
  const orderA = digitCount(ma) + sa;
  const orderB = digitCount(mb) + sb;
  if (orderA !== orderB) return orderA < orderB ? -1 : 1;
  const [x, y] = sa > sb ? [ma * pow10(sa - sb), mb] : [ma, mb * pow10(sb - sa)];
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Clamps v into the int64 range. */
export function saturateInt64(v: bigint): bigint {
  return v > MAX_INT64 ? MAX_INT64 : v < MIN_INT64 ? MIN_INT64 : v;
}

/**
 * Renders m*10^s as a plain decimal string ("-922337203685477580.8", "100", "0.004").
 * Throws `QuantityError` (Range) when that would take more than MAX_ALIGN_DIGITS digits.
 */
export function decimalString(m: bigint, s: number): string {
  if (m === 0n) return '0';
  if (s >= 0) return (m * alignPow10(s)).toString();
  alignPow10(-s);
  const neg = m < 0n;
  const digits = abs(m)
    .toString()
    .padStart(-s + 1, '0');
  const cut = digits.length + s;
  return `${neg ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}
