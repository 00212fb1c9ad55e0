/**
 * Canonical printing of a quantity, as upstream's CanonicalizeBytes: no fractional digits,
 * the largest suffix that loses nothing, and the format's suffix family where it can be used.
 */
import { abs, cmpDecimal, divPow10AwayFromZero, pow10, stripTrailingZeros } from './decimal.js';
import { binarySISuffix, decimalSISuffix, type QuantityFormat } from './scan.js';

/**
 * The canonical text of mantissa*10^scale in format:
 *  - zero prints "0";
 *  - BinarySI values strictly between -1024 and 1024, or not whole numbers, print as DecimalSI;
 *  - DecimalSI uses n u m "" k M G T P E, DecimalExponent uses "e<exp>" with exp a multiple of 3.
 * Where no suffix of the family exists (DecimalSI beyond E or below n, BinarySI beyond Ei)
 * the exponent form is printed instead of dropping the magnitude: this follows the current
 * upstream fix; Kubernetes 1.36 and older printed the bare number there, changing the value.
 */
export function canonicalString(mantissa: bigint, scale: number, format: QuantityFormat): string {
  if (mantissa === 0n) return '0';
  if (format === 'BinarySI') {
    const binary = binaryCanonical(mantissa, scale);
    if (binary !== undefined) return binary;
  }
  const [number, exponent] = canonicalBase10(mantissa, scale);
  if (format !== 'DecimalExponent') {
    const suffix = decimalSISuffix(exponent);
    if (suffix !== undefined) return number + suffix;
  }
  return exponent === 0 ? number : `${number}e${exponent}`;
}

/**
 * Moves every factor of ten into the exponent, then lowers the exponent to a multiple of 3:
 * 1.1e5 gives ["110", 3].
 */
export function canonicalBase10(mantissa: bigint, scale: number): [string, number] {
  let [m, exponent] = stripTrailingZeros(mantissa);
  exponent += scale;
  const rem = ((exponent % 3) + 3) % 3;
  if (rem !== 0) {
    m *= pow10(rem);
    exponent -= rem;
  }
  return [m.toString(), exponent];
}

/**
 * The BinarySI text, or undefined when the value must print as decimal instead: a value in
 * (-1024, 1024), a fractional value, or one whose power of 1024 is past Ei.
 */
function binaryCanonical(mantissa: bigint, scale: number): string | undefined {
  if (cmpDecimal(mantissa, scale, -1024n, 0) > 0 && cmpDecimal(mantissa, scale, 1024n, 0) < 0)
    return undefined;
  let whole: bigint;
  if (scale < 0) {
    const [rounded, exact] = divPow10AwayFromZero(mantissa, -scale);
    if (!exact) return undefined;
    whole = rounded;
  } else {
    // 10^scale holds `scale` factors of two; past Ei (2^60 = 1024^6) no suffix exists, so
    // large scales never need the integer itself.
    if (twoAdicValuation(mantissa) + scale >= 70) return undefined;
    whole = mantissa * pow10(scale);
  }
  let power = 0;
  let magnitude = abs(whole);
  while (magnitude >= 1024n && (magnitude & 1023n) === 0n) {
    magnitude >>= 10n;
    power++;
  }
  const suffix = binarySISuffix(power);
  if (suffix === undefined) return undefined;
  return (whole < 0n ? '-' : '') + magnitude.toString() + suffix;
}

/** The exponent of the largest power of two dividing v (0 for zero). */
function twoAdicValuation(v: bigint): number {
  if (v === 0n) return 0;
  const m = abs(v);
  return (m & -m).toString(2).length - 1;
}
