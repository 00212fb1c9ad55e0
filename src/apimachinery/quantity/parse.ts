/**
 * Parsing a quantity string into its exact value, following upstream's two paths: a fast
 * path for short numbers that keeps the value as written (and remembers the input text where
 * upstream's shortcut takes it for canonical), and a big-decimal path that rounds sub-nano amounts up and caps
 * binary quantities at 2^63-1.
 */
import { abs, divPow10AwayFromZero, MAX_INT64, pow10 } from './decimal.js';
import { formatWrong, numericError, suffixError } from './errors.js';
import { type QuantityFormat, interpretSuffix, scanQuantity } from './scan.js';

/** The exact outcome of parsing: value = mantissa * 10^scale. */
export interface ParsedQuantity {
  readonly mantissa: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
  /** The input, kept when upstream would print it back unchanged. */
  readonly text: string | undefined;
  /** True when upstream holds the result as a big decimal rather than an int64. */
  readonly big: boolean;
}

/** Digits an int64 always holds; longer numbers take the big-decimal path. */
const MAX_INT64_DIGITS = 18;
const NANO = -9;
/** Beyond this many padding digits a float of the padded mantissa is infinite anyway. */
const MAX_NANO_PADDING = 400;

/**
 * Parses str. Throws `QuantityError` with upstream's message (FormatWrong, Numeric or
 * Suffix) for anything upstream rejects; never throws another error type.
 */
export function parseQuantityParts(str: string): ParsedQuantity {
  if (str.length === 0) throw formatWrong();
  if (str === '0') return { mantissa: 0n, scale: 0, format: 'DecimalSI', text: str, big: false };

  const { positive, value, num, denom, suffix } = scanQuantity(str);
  const meaning = interpretSuffix(suffix);
  if (!meaning) throw suffixError();
  const { base, exponent, format } = meaning;

  let precision: number;
  let scale: number;
  let multiplier = 1n;
  if (format === 'BinarySI') {
    scale = 0;
    if (exponent >= 0 && denom.length === 0) {
      multiplier = 1n << BigInt(exponent);
      // Each power of 1024 uses about three decimal digits of an int64.
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = MAX_INT64_DIGITS - (num.length + denom.length);
  }

  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = num + denom;
      const digits = BigInt(shifted);
      const product = digits * multiplier;
      if (product <= MAX_INT64) {
        const mantissa = positive ? product : -product;
        let text: string | undefined;
        if (format === 'BinarySI') {
          if (exponent % 10 === 0 && (digits & 7n) !== 0n) text = str;
        } else if (scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') {
          text = str;
        }
        return { mantissa, scale, format, text, big: false };
      }
    }
  }
  return parseBigDecimal(value, base, exponent, format);
}

const DECIMAL_TEXT = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/;

function parseBigDecimal(
  value: string,
  base: 2 | 10,
  exponent: number,
  format: QuantityFormat,
): ParsedQuantity {
  const match = DECIMAL_TEXT.exec(value);
  const intDigits = match?.[2] ?? '';
  const fracDigits = match?.[3] ?? '';
  if (!match || intDigits.length + fracDigits.length === 0) throw numericError();
  const negative = match[1] === '-';
  let mantissa = BigInt(intDigits + fracDigits);
  let scale = -fracDigits.length;
  if (base === 10) scale += exponent;
  else mantissa <<= BigInt(exponent);

  if (mantissa !== 0n) {
    // Round the magnitude up to whole nanos: asking for any amount at all yields some.
    if (scale < NANO) {
      [mantissa] = divPow10AwayFromZero(mantissa, NANO - scale);
      scale = NANO;
    } else if (scale > NANO && scale - NANO <= MAX_NANO_PADDING) {
      // Upstream's rounding leaves the value at scale nano; keeping that representation
      // keeps asApproximateFloat64 bit-identical.
      mantissa *= pow10(scale - NANO);
      scale = NANO;
    }
  }
  let outFormat = format;
  if (format === 'BinarySI') {
    if (greaterThanMaxInt64(mantissa, scale)) {
      mantissa = MAX_INT64;
      scale = 0;
    }
    if (mantissa !== 0n && lessThanOne(mantissa, scale)) outFormat = 'DecimalSI';
  }
  return { mantissa: negative ? -mantissa : mantissa, scale, format: outFormat, text: undefined, big: true };
}

function greaterThanMaxInt64(m: bigint, s: number): boolean {
  if (m === 0n) return false;
  if (s >= 0) return s > 19 || m * pow10(s) > MAX_INT64;
  const [whole, exact] = divPow10AwayFromZero(m, -s);
  return exact ? whole > MAX_INT64 : whole - 1n >= MAX_INT64;
}

function lessThanOne(m: bigint, s: number): boolean {
  if (s >= 0) return false;
  return abs(m) < pow10(-s);
}
