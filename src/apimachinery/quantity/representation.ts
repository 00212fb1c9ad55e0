/**
 * The internal form of a quantity and how arithmetic changes it. Upstream keeps a value
 * either as an int64 with a scale or as a big decimal, and the two behave differently in
 * ways a client can see in the last bit of AsApproximateFloat64 (which is computed from the
 * mantissa and scale as stored). These rules reproduce which form upstream ends up with and
 * at which scale; the value itself is always exact.
 */
import { alignPow10, divPow10AwayFromZero, MAX_INT64, MIN_INT64, pow10 } from './decimal.js';

/** value = m * 10^s; `big` marks upstream's big-decimal form. */
export interface Repr {
  readonly m: bigint;
  readonly s: number;
  readonly big: boolean;
}

function fits(v: bigint): boolean {
  return v >= MIN_INT64 && v <= MAX_INT64;
}

/**
 * a + b. In int64 form a zero operand leaves the other as it is; otherwise both are brought
 * to the finer scale, and an overflow on the way moves the result to the big form, as does
 * a big operand. Throws `QuantityError` (Range) when the scales differ by more than
 * MAX_ALIGN_DIGITS.
 */
export function addRepr(a: Repr, b: Repr): Repr {
  if (!a.big && !b.big) {
    if (b.m === 0n) return a;
    if (a.m === 0n) return b;
  }
  const s = Math.min(a.s, b.s);
  const ma = a.s === s ? a.m : a.m * alignPow10(a.s - s);
  const mb = b.s === s ? b.m : b.m * alignPow10(b.s - s);
  const m = ma + mb;
  const big = a.big || b.big || !fits(ma) || !fits(mb) || !fits(m);
  return { m, s, big };
}

/** -a, same form and scale. */
export function negRepr(a: Repr): Repr {
  return { m: -a.m, s: a.s, big: a.big };
}

/**
 * a * n. The int64 form stays only when the product, scaled to a whole number of units,
 * still fits an int64 exactly; otherwise the product moves to the big form at the same scale.
 */
export function mulRepr(a: Repr, n: bigint): Repr {
  if (!a.big) {
    if (a.m === 0n) return a;
    if (n === 0n) return { m: 0n, s: 0, big: false };
    const c = a.m * n;
    if (fits(c)) {
      if (a.s === 0) return { m: c, s: 0, big: false };
      if (a.s > 0 && a.s <= 19 && fits(c * pow10(a.s))) return { m: c, s: a.s, big: false };
      if (a.s < 0 && divPow10AwayFromZero(c, -a.s)[1]) return { m: c, s: a.s, big: false };
    }
  }
  return { m: a.m * n, s: a.s, big: true };
}

/**
 * a rounded away from zero to a multiple of 10^scale, and whether nothing was lost. The
 * int64 form leaves a value that is already coarser untouched; the big form always ends up
 * at exactly `scale` (padding the mantissa when needed, bounded by MAX_ALIGN_DIGITS).
 */
export function roundUpRepr(a: Repr, scale: number): { repr: Repr; exact: boolean } {
  if (a.s >= scale) {
    if (!a.big || a.s === scale) return { repr: a, exact: true };
    return { repr: { m: a.m * alignPow10(a.s - scale), s: scale, big: true }, exact: true };
  }
  const [m, exact] = divPow10AwayFromZero(a.m, scale - a.s);
  return { repr: { m, s: scale, big: a.big }, exact };
}
