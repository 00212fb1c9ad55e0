/**
 * `Quantity`: an exact, immutable resource amount with upstream `resource.Quantity`
 * semantics — parsing, canonical printing, arithmetic and comparison.
 */
import { canonicalString } from './canonical.js';
import {
  cmpDecimal,
  decimalString,
  digitCount,
  divPow10AwayFromZero,
  MAX_INT64,
  MIN_INT64,
  pow10,
  saturateInt64,
} from './decimal.js';
import { QuantityError } from './errors.js';
import { approximateFloat } from './float.js';
import { parseQuantityParts } from './parse.js';
import { addRepr, mulRepr, negRepr, type Repr, roundUpRepr } from './representation.js';
import type { QuantityFormat } from './scan.js';

/** Base-10 scales with names, as upstream's `resource.Scale` constants. */
export const Scale = {
  Nano: -9,
  Micro: -6,
  Milli: -3,
  Kilo: 3,
  Mega: 6,
  Giga: 9,
  Tera: 12,
  Peta: 15,
  Exa: 18,
} as const;

/**
 * An exact amount `mantissa * 10^scale` with the suffix family it prints in. Instances are
 * immutable; every operation returns a new Quantity. Safe to share across callers.
 */
export class Quantity {
  readonly #repr: Repr;
  /** The suffix family `toString()` prints in (it may fall back, see `toString`). */
  readonly format: QuantityFormat;
  /** The parsed text when upstream would print it back unchanged (it may be non-canonical, e.g. "+1"). */
  readonly #text: string | undefined;

  private constructor(repr: Repr, format: QuantityFormat, text?: string) {
    this.#repr = repr;
    this.format = format;
    this.#text = text;
  }

  get #mantissa(): bigint {
    return this.#repr.m;
  }

  get #scale(): number {
    return this.#repr.s;
  }

  /**
   * Parses a quantity string ("100m", "1.5Gi", "1e3", ".5", "5."). Throws `QuantityError`
   * with upstream's message for anything upstream rejects. No surrounding whitespace is
   * allowed (see `quantityFromJSON` for the lenient JSON form).
   */
  static parse(str: string): Quantity {
    const p = parseQuantityParts(str);
    return new Quantity({ m: p.mantissa, s: p.scale, big: p.big }, p.format, p.text);
  }

  /**
   * The exact value `mantissa * 10^scale` in the given format, held like upstream's
   * NewDecimalQuantity (a big decimal). Throws `QuantityError` (Range) if scale is not a
   * safe integer.
   */
  static fromDecimal(mantissa: bigint, scale: number, format: QuantityFormat): Quantity {
    return Quantity.#of(mantissa, scale, format, true);
  }

  /** A zero in the given format (upstream `Quantity{Format: f}`); prints "0". */
  static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity({ m: 0n, s: 0, big: false }, format);
  }

  /** Builds from parts; `big` picks upstream's form (false: the int64 form of NewQuantity & co). */
  static #of(mantissa: bigint, scale: number, format: QuantityFormat, big: boolean): Quantity {
    if (!Number.isSafeInteger(scale)) throw new QuantityError('Range', `scale ${scale} is not an integer`);
    return new Quantity(
      { m: mantissa, s: scale, big: big || mantissa > MAX_INT64 || mantissa < MIN_INT64 },
      format,
    );
  }

  /**
   * value * 10^scale held in upstream's int64 form (NewQuantity, NewMilliQuantity,
   * NewScaledQuantity). Throws `QuantityError` (Range) for a number that is not a safe integer.
   */
  static fromScaledInt(value: bigint | number, scale: number, format: QuantityFormat): Quantity {
    return Quantity.#of(toBigInt(value), scale, format, false);
  }

  /** The exact mantissa of the internal representation (value = mantissa * 10^scale). */
  get mantissa(): bigint {
    return this.#mantissa;
  }

  /** The base-10 scale of the internal representation. */
  get scale(): number {
    return this.#scale;
  }

  /** This value printed in another format; the value is unchanged. */
  withFormat(format: QuantityFormat): Quantity {
    return format === this.format ? this : new Quantity(this.#repr, format);
  }

  /** True when the value is zero. */
  isZero(): boolean {
    return this.#mantissa === 0n;
  }

  /** -1, 0 or 1 by the sign of the value. */
  sign(): -1 | 0 | 1 {
    return this.#mantissa === 0n ? 0 : this.#mantissa < 0n ? -1 : 1;
  }

  /** Exact comparison: -1 when this < y, 0 when equal, 1 when greater. Formats are ignored. */
  cmp(y: Quantity): -1 | 0 | 1 {
    return cmpDecimal(this.#mantissa, this.#scale, y.#mantissa, y.#scale);
  }

  /** Exact comparison with an integer. */
  cmpInt64(y: bigint | number): -1 | 0 | 1 {
    return cmpDecimal(this.#mantissa, this.#scale, toBigInt(y), 0);
  }

  /** True when both values are equal (formats are ignored). */
  equal(y: Quantity): boolean {
    return this.cmp(y) === 0;
  }

  /**
   * this + y, exact. A zero left operand takes y's format, as upstream's Add does.
   * Throws `QuantityError` (Range) only when the scales differ by more than MAX_ALIGN_DIGITS.
   */
  add(y: Quantity): Quantity {
    return new Quantity(addRepr(this.#repr, y.#repr), this.isZero() ? y.format : this.format);
  }

  /** this - y, exact; a zero left operand takes y's format. Same Range bound as `add`. */
  sub(y: Quantity): Quantity {
    return new Quantity(addRepr(this.#repr, negRepr(y.#repr)), this.isZero() ? y.format : this.format);
  }

  /** -this, same format. */
  neg(): Quantity {
    return new Quantity(negRepr(this.#repr), this.format);
  }

  /** this * y for an integer y, exact (upstream reports overflow of int64; kite has none), same format. */
  mul(y: bigint | number): Quantity {
    return new Quantity(mulRepr(this.#repr, toBigInt(y)), this.format);
  }

  /**
   * The value rounded away from zero to a multiple of 10^scale, and whether that was exact
   * (upstream RoundUp: "9.01" at scale 0 is 10, "-9.01" is -10). A value already coarser
   * than scale is returned as is.
   */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    const { repr, exact } = roundUpRepr(this.#repr, scale);
    return { quantity: repr === this.#repr ? this : new Quantity(repr, this.format), exact };
  }

  /**
   * ceil(|value| / 10^scale) with the sign of the value (rounding away from zero), as an
   * int64: results beyond int64 saturate at its bounds. Upstream returns 0 or a wrapped
   * number there, and its big-decimal form rounds negative values inconsistently; kite
   * keeps the documented rule for every value.
   */
  scaledValue(scale: number): bigint {
    const m = this.#mantissa;
    if (m === 0n) return 0n;
    const shift = this.#scale - scale;
    if (shift >= 0) {
      if (digitCount(m) + shift > 19) return m < 0n ? MIN_INT64 : MAX_INT64;
      return saturateInt64(m * pow10(shift));
    }
    return saturateInt64(divPow10AwayFromZero(m, -shift)[0]);
  }

  /** The value as an int64 count of units, rounded away from zero (upstream Value()). */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** The value in thousandths, rounded away from zero (upstream MilliValue()). */
  milliValue(): bigint {
    return this.scaledValue(Scale.Milli);
  }

  /** The value when it is an integer that fits int64, else undefined. */
  asInt64(): bigint | undefined {
    const m = this.#mantissa;
    if (this.#scale < 0) {
      const [whole, exact] = divPow10AwayFromZero(m, -this.#scale);
      return exact && whole >= MIN_INT64 && whole <= MAX_INT64 ? whole : undefined;
    }
    if (m === 0n) return 0n;
    if (digitCount(m) + this.#scale > 19) return undefined;
    const v = m * pow10(this.#scale);
    return v >= MIN_INT64 && v <= MAX_INT64 ? v : undefined;
  }

  /** A float64 approximation, bit-identical to upstream's AsApproximateFloat64 (±Inf on overflow). */
  asApproximateFloat64(): number {
    return approximateFloat(this.#mantissa, this.#scale);
  }

  /** The exact value as a plain decimal ("1536", "0.5", "-9223372036854775808.1"). */
  toDecimalString(): string {
    return decimalString(this.#mantissa, this.#scale);
  }

  /** The canonical text upstream prints ("1536Mi", "100m", "1k"), or the parsed text upstream keeps. */
  toString(): string {
    return this.#text ?? canonicalString(this.#mantissa, this.#scale, this.format);
  }

  /** JSON form: the same string as `toString()`. */
  toJSON(): string {
    return this.toString();
  }
}

function toBigInt(v: bigint | number): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) throw new QuantityError('Range', `${v} is not a safe integer`);
  return BigInt(v);
}

/** Parses a quantity string; see `Quantity.parse`. Throws `QuantityError`. */
export function parseQuantity(str: string): Quantity {
  return Quantity.parse(str);
}

/** The outcome of `tryParseQuantity`: a value, or the error upstream would return. */
export type QuantityParseResult = { ok: true; quantity: Quantity } | { ok: false; error: QuantityError };

/** Parses without throwing: bad input is an expected outcome, returned as `{ ok: false }`. */
export function tryParseQuantity(str: string): QuantityParseResult {
  try {
    return { ok: true, quantity: Quantity.parse(str) };
  } catch (e) {
    if (e instanceof QuantityError) return { ok: false, error: e };
    throw e;
  }
}

/** value units in the given format (upstream NewQuantity). */
export function newQuantity(value: bigint | number, format: QuantityFormat): Quantity {
  return Quantity.fromScaledInt(value, 0, format);
}

/** value thousandths in the given format (upstream NewMilliQuantity). */
export function newMilliQuantity(value: bigint | number, format: QuantityFormat): Quantity {
  return Quantity.fromScaledInt(value, Scale.Milli, format);
}

/** value * 10^scale in DecimalSI (upstream NewScaledQuantity). */
export function newScaledQuantity(value: bigint | number, scale: number): Quantity {
  return Quantity.fromScaledInt(value, scale, 'DecimalSI');
}

/** Equality of two optional quantities: both absent, or both present and equal. */
export function quantityPtrEqual(a: Quantity | undefined, b: Quantity | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.equal(b);
}
