/**
 * Go duration strings ("1h2m3.5s", "300ms", "-1.5h") as metav1.Duration and component
 * configuration use them: parsing with Go's exact acceptance rules and error texts, and
 * printing as Go's Duration.String().
 */
import {
  fromMilliseconds,
  MAX_DURATION_NS,
  NS_PER_HOUR,
  NS_PER_MICROSECOND,
  NS_PER_MILLISECOND,
  NS_PER_MINUTE,
  NS_PER_SECOND,
  saturateDuration,
} from './units.js';

/** The error class of `parseGoDuration`; messages are Go's (`time: invalid duration "x"`). */
export class GoDurationError extends Error {
  override readonly name = 'GoDurationError';
}

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', NS_PER_MICROSECOND],
  ['\u00b5s', NS_PER_MICROSECOND],
  ['\u03bcs', NS_PER_MICROSECOND],
  ['ms', NS_PER_MILLISECOND],
  ['s', NS_PER_SECOND],
  ['m', NS_PER_MINUTE],
  ['h', NS_PER_HOUR],
]);

const TWO_63 = 1n << 63n;
const encoder = new TextEncoder();

/**
 * Quotes s as Go's time package does in errors: printable ASCII as is (with `\"` and `\\`),
 * every byte of any other character as `\xHH`.
 */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of encoder.encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      out += cp === 0x22 || cp === 0x5c ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Parses a Go duration string into nanoseconds: an optional sign, then one or more
 * `<number><unit>` parts with units ns, us, µs, μs, ms, s, m, h ("1h2m3.5s", ".5s", "1.s",
 * "-0"). "0" alone needs no unit. Throws `GoDurationError` with Go's message for anything
 * else, including values outside the int64 nanosecond range.
 */
export function parseGoDuration(s: string): bigint {
  const orig = s;
  const invalid = () => new GoDurationError(`time: invalid duration ${goTimeQuote(orig)}`);
  let rest = s;
  let negative = false;
  if (rest !== '' && (rest[0] === '-' || rest[0] === '+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();
  let total = 0n;
  let i = 0;
  while (i < rest.length) {
    if (!(rest[i] === '.' || isDigit(rest[i]))) throw invalid();
    // Integer part: Go stops with an error once it passes 2^63.
    const intStart = i;
    let v = 0n;
    while (isDigit(rest[i])) {
      v = v * 10n + BigInt(rest.charCodeAt(i) - 48);
      if (v > TWO_63) throw invalid();
      i++;
    }
    const pre = i > intStart;
    // Fraction part: digits past int64 precision are read but ignored.
    let f = 0n;
    let scale = 1;
    let post = false;
    if (rest[i] === '.') {
      i++;
      const fracStart = i;
      let overflow = false;
      while (isDigit(rest[i])) {
        if (!overflow) {
          const next = f * 10n + BigInt(rest.charCodeAt(i) - 48);
          if (f > (TWO_63 - 1n) / 10n || next > TWO_63) overflow = true;
          else {
            f = next;
            scale *= 10;
          }
        }
        i++;
      }
      post = i > fracStart;
    }
    if (!pre && !post) throw invalid();
    const unitStart = i;
    while (i < rest.length && !(rest[i] === '.' || isDigit(rest[i]))) i++;
    if (i === unitStart) throw new GoDurationError(`time: missing unit in duration ${goTimeQuote(orig)}`);
    const unitText = rest.slice(unitStart, i);
    const unit = UNITS.get(unitText);
    if (unit === undefined) {
      throw new GoDurationError(
        `time: unknown unit ${goTimeQuote(unitText)} in duration ${goTimeQuote(orig)}`,
      );
    }
    if (v > TWO_63 / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // Go adds the fraction through float64, which is what makes "1.000000001h" exact to the ns.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO_63) throw invalid();
    }
    total += v;
    if (total > TWO_63) throw invalid();
  }
  if (negative) return -total;
  if (total > MAX_DURATION_NS) throw invalid();
  return total;
}

/**
 * Reads a metav1.Duration from a decoded JSON value: a string parsed as a Go duration.
 * `null` decodes to an empty string upstream and so fails as `time: invalid duration ""`;
 * other kinds fail with the decoder's message. Throws `GoDurationError`.
 */
export function goDurationFromJSON(value: unknown): bigint {
  if (typeof value === 'string') return parseGoDuration(value);
  if (value === null) return parseGoDuration('');
  const kind =
    typeof value === 'number'
      ? 'number'
      : typeof value === 'boolean'
        ? 'bool'
        : Array.isArray(value)
          ? 'array'
          : 'object';
  throw new GoDurationError(`json: cannot unmarshal ${kind} into Go value of type string`);
}

/** `parseGoDuration` in (possibly fractional) milliseconds. Throws `GoDurationError`. */
export function parseGoDurationMs(s: string): number {
  return Number(parseGoDuration(s)) / 1e6;
}

function fraction(v: bigint, digits: number): [string, bigint] {
  let text = '';
  let printing = false;
  let rest = v;
  for (let i = 0; i < digits; i++) {
    const digit = rest % 10n;
    printing ||= digit !== 0n;
    if (printing) text = digit.toString() + text;
    rest /= 10n;
  }
  return [printing ? `.${text}` : '', rest];
}

/**
 * Go's Duration.String() of a nanosecond count: "72h3m0.5s", "1.5s", "100ms", "2µs", "1ns",
 * "0s"; hours are the largest unit. Counts outside int64 saturate first. Never throws.
 */
export function formatGoDuration(ns: bigint): string {
  const d = saturateDuration(ns);
  if (d === 0n) return '0s';
  const negative = d < 0n;
  const u = negative ? -d : d;
  let text: string;
  if (u < NS_PER_SECOND) {
    const [prec, unit] =
      u < NS_PER_MICROSECOND ? [0, 'ns'] : u < NS_PER_MILLISECOND ? [3, '\u00b5s'] : [6, 'ms'];
    const [frac, whole] = fraction(u, prec);
    text = `${whole}${frac}${unit}`;
  } else {
    const [frac, wholeSeconds] = fraction(u, 9);
    text = `${wholeSeconds % 60n}${frac}s`;
    const minutes = wholeSeconds / 60n;
    if (minutes > 0n) {
      text = `${minutes % 60n}m${text}`;
      const hours = minutes / 60n;
      if (hours > 0n) text = `${hours}h${text}`;
    }
  }
  return negative ? `-${text}` : text;
}

/** `formatGoDuration` for (possibly fractional) milliseconds, rounded to the nanosecond. */
export function formatGoDurationMs(ms: number): string {
  return formatGoDuration(fromMilliseconds(ms));
}
