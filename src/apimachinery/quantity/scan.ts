/**
 * The lexical half of quantity parsing: splitting a string into sign, integer digits,
 * fraction digits and suffix, and interpreting the suffix. The scanner reproduces upstream's
 * hand-written scanner step by step, because its quirks decide which strings are accepted
 * (".5", "5.", "1.G" and "." are; "1.1.M" and " 1" are not).
 */
import { formatWrong } from './errors.js';

/** Suffix families: decimal SI letters, binary SI (Ki..Ei), or an explicit decimal exponent. */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** The pieces of a scanned quantity string. */
export interface ScannedQuantity {
  readonly positive: boolean;
  /** The number as written (sign, leading zeros, point), used for exact decimal reading. */
  readonly value: string;
  /** Integer digits without leading zeros ("0" when there are none). */
  readonly num: string;
  /** Fraction digits as written (may be empty). */
  readonly denom: string;
  readonly suffix: string;
}

const SUFFIX_LETTERS = 'eEinumkKMGTP';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Splits str into its parts. Throws `QuantityError` (FormatWrong) when a character after
 * the suffix letters and exponent digits remains. Never throws anything else.
 */
export function scanQuantity(str: string): ScannedQuantity {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end) {
    const c = str[0];
    if (c === '-') {
      positive = false;
      pos++;
    } else if (c === '+') {
      pos++;
    }
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };

  const numStart = pos;
  while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
  if (pos >= end) return { positive, value: str, num: str.slice(numStart), denom: '', suffix: '' };
  const num = pos > numStart ? str.slice(numStart, pos) : '0';

  let denom = '';
  if (str[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
    denom = str.slice(denomStart, pos);
    if (pos >= end) return { positive, value: str, num, denom, suffix: '' };
  }
  const value = str.slice(0, pos);

  const suffixStart = pos;
  while (pos < end && SUFFIX_LETTERS.includes(str[pos] as string)) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
  if (pos < end) throw formatWrong();
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

/** What a suffix means: value = number * base^exponent, printed back in `format`. */
export interface SuffixMeaning {
  readonly base: 2 | 10;
  readonly exponent: number;
  readonly format: QuantityFormat;
}

const KNOWN_SUFFIXES: ReadonlyMap<string, SuffixMeaning> = new Map<string, SuffixMeaning>([
  ['', { base: 10, exponent: 0, format: 'DecimalSI' }],
  ['n', { base: 10, exponent: -9, format: 'DecimalSI' }],
  ['u', { base: 10, exponent: -6, format: 'DecimalSI' }],
  ['m', { base: 10, exponent: -3, format: 'DecimalSI' }],
  ['k', { base: 10, exponent: 3, format: 'DecimalSI' }],
  ['M', { base: 10, exponent: 6, format: 'DecimalSI' }],
  ['G', { base: 10, exponent: 9, format: 'DecimalSI' }],
  ['T', { base: 10, exponent: 12, format: 'DecimalSI' }],
  ['P', { base: 10, exponent: 15, format: 'DecimalSI' }],
  ['E', { base: 10, exponent: 18, format: 'DecimalSI' }],
  ['Ki', { base: 2, exponent: 10, format: 'BinarySI' }],
  ['Mi', { base: 2, exponent: 20, format: 'BinarySI' }],
  ['Gi', { base: 2, exponent: 30, format: 'BinarySI' }],
  ['Ti', { base: 2, exponent: 40, format: 'BinarySI' }],
  ['Pi', { base: 2, exponent: 50, format: 'BinarySI' }],
  ['Ei', { base: 2, exponent: 60, format: 'BinarySI' }],
]);

const INT64_TEXT = /^[+-]?[0-9]+$/;
const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

/**
 * Interprets a suffix, or returns undefined when it is unknown. An exponent ("e3", "E-3",
 * "e+3") must be a valid int64; like upstream it is then truncated to 32 bits, so
 * "e4294967297" means e1.
 */
export function interpretSuffix(suffix: string): SuffixMeaning | undefined {
  const known = KNOWN_SUFFIXES.get(suffix);
  if (known) return known;
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const digits = suffix.slice(1);
    if (!INT64_TEXT.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (parsed > MAX_INT64 || parsed < MIN_INT64) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** The suffix printed for a base-10 exponent in DecimalSI, or undefined outside n..E. */
export function decimalSISuffix(exponent: number): string | undefined {
  switch (exponent) {
    case -9:
      return 'n';
    case -6:
      return 'u';
    case -3:
      return 'm';
    case 0:
      return '';
    case 3:
      return 'k';
    case 6:
      return 'M';
    case 9:
      return 'G';
    case 12:
      return 'T';
    case 15:
      return 'P';
    case 18:
      return 'E';
    default:
      return undefined;
  }
}

/** The suffix printed for a power of 1024, or undefined beyond Ei. Power 0 prints nothing. */
export function binarySISuffix(power: number): string | undefined {
  return ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][power];
}
