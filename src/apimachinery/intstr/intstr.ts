/**
 * IntOrString as it appears in JSON: an int32 or a string (ports, maxSurge, maxUnavailable,
 * minAvailable...). Behaviour follows upstream's k8s.io/apimachinery/pkg/util/intstr.
 */
import { goQuote } from '../field/index.js';
import { goAtoi } from './go-strconv.js';

/** An int32 or a string, exactly as the JSON holds it. */
export type IntOrString = number | string;

/** The one error class of this package; messages are upstream's texts. */
export class IntOrStringError extends Error {
  override readonly name = 'IntOrStringError';
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** True for an integer in the int32 range. */
export function isInt32(v: number): boolean {
  return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
}

/**
 * Reads a decoded JSON value into an IntOrString: strings as they are, integral numbers in
 * the int32 range as numbers. `null` reads as 0, as upstream decodes it into a non-pointer
 * field (pointer fields should treat null as absent before calling). Anything else throws
 * `IntOrStringError` with the decoder's message, e.g.
 * `json: cannot unmarshal number 1.5 into Go value of type int32`.
 */
export function intOrStringFromJSON(value: unknown): IntOrString {
  if (typeof value === 'string') return value;
  if (value === null) return 0;
  if (typeof value === 'number' && isInt32(value)) return value === 0 ? 0 : value;
  const kind =
    typeof value === 'number'
      ? `number ${String(value)}`
      : typeof value === 'boolean'
        ? 'bool'
        : Array.isArray(value)
          ? 'array'
          : 'object';
  throw new IntOrStringError(`json: cannot unmarshal ${kind} into Go value of type int32`);
}

/**
 * Upstream `intstr.Parse`: the int32 the string spells (optional sign, ASCII digits), or the
 * string itself when it is not one ("25%", "http", "2147483648").
 */
export function parseIntOrString(value: string): IntOrString {
  const r = goAtoi(value);
  if (r.ok && r.value >= BigInt(INT32_MIN) && r.value <= BigInt(INT32_MAX)) return Number(r.value);
  return value;
}

/**
 * The number, or the integer a string spells, as upstream IntValue(): 0 when the string
 * spells none, the nearest int64 bound when its digits overflow (as Go's Atoi leaves it).
 */
export function intOrStringIntValue(v: IntOrString): number {
  if (typeof v === 'number') return v;
  return Number(goAtoi(v).value);
}

/** The text form: the string, or the decimal digits of the number. */
export function intOrStringToString(v: IntOrString): string {
  return typeof v === 'string' ? v : String(intOrStringIntValue(v));
}

/** v when present, else the default (upstream ValueOrDefault). */
export function intOrStringValueOrDefault(
  v: IntOrString | undefined | null,
  fallback: IntOrString,
): IntOrString {
  return v ?? fallback;
}

type Amount = { value: number; percent: boolean };

function checkedInt(v: number): number {
  if (!isInt32(v)) throw invalid('invalid type: neither int nor percentage');
  return v;
}

function invalid(detail: string): IntOrStringError {
  return new IntOrStringError(`invalid value for IntOrString: ${detail}`);
}

function percentOf(amount: Amount, total: number, roundUp: boolean): number {
  if (!amount.percent) return amount.value;
  const scaled = (amount.value * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * An int as is, or a percent string ("25%") of total, rounded up or down. A string without
 * a trailing '%' is an error. Throws `IntOrStringError` with upstream's messages:
 * `nil value for IntOrString`, `invalid value for IntOrString: invalid type: string is not a
 * percentage`, `invalid value for IntOrString: invalid value "a%": strconv.Atoi: parsing "a": invalid syntax`.
 */
export function getScaledValueFromIntOrPercent(
  v: IntOrString | undefined | null,
  total: number,
  roundUp: boolean,
): number {
  if (v === undefined || v === null) throw new IntOrStringError('nil value for IntOrString');
  if (typeof v === 'number') return checkedInt(v);
  if (!v.endsWith('%')) throw invalid('invalid type: string is not a percentage');
  const r = goAtoi(v.slice(0, -1));
  if (!r.ok) throw invalid(`invalid value ${goQuote(v)}: ${r.message}`);
  return percentOf({ value: Number(r.value), percent: true }, total, roundUp);
}

/**
 * The older rule (upstream's deprecated GetValueFromIntOrPercent): every string is a
 * percentage once all '%' signs are removed, so "50" means 50%. Same errors otherwise.
 */
export function getValueFromIntOrPercent(
  v: IntOrString | undefined | null,
  total: number,
  roundUp: boolean,
): number {
  if (v === undefined || v === null) throw new IntOrStringError('nil value for IntOrString');
  if (typeof v === 'number') return checkedInt(v);
  const r = goAtoi(v.replaceAll('%', ''));
  if (!r.ok) throw invalid(`invalid value ${goQuote(v)}: ${r.message}`);
  return percentOf({ value: Number(r.value), percent: true }, total, roundUp);
}
