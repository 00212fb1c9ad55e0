import { MetaParseError } from './errors.js';
import { type Instant, parseRFC3339, parseRFC3339Micro } from './time-parse.js';

/** Seconds of Go's zero time (0001-01-01T00:00:00Z), which upstream treats as "unset". */
const zeroTimeSeconds = -62135596800;

/** Converts a Date to an Instant. Throws RangeError for an invalid Date. */
export function instantFromDate(d: Date): Instant {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** Converts an Instant to a Date (sub-millisecond digits are truncated). */
export function instantToDate(t: Instant): Date {
  return new Date(t.seconds * 1000 + Math.floor(t.nanos / 1_000_000));
}

/** True for Go's zero time, which metav1.Time marshals as `null`. */
export function isZeroTime(t: Instant): boolean {
  return t.seconds === zeroTimeSeconds && t.nanos === 0;
}

/** Orders two instants: negative, zero or positive. */
export function compareInstants(a: Instant, b: Instant): number {
  return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

// Go writes years with at least four digits and a leading '-' for years before 0.
function formatYear(y: number): string {
  return y < 0 ? `-${pad(-y, 4)}` : pad(y, 4);
}

function toInstant(t: Date | Instant): Instant {
  return t instanceof Date ? instantFromDate(t) : t;
}

function formatSeconds(t: Instant): string {
  const days = Math.floor(t.seconds / 86400);
  const rem = t.seconds - days * 86400;
  const [y, m, d] = civilFromDays(days);
  const hh = Math.floor(rem / 3600);
  const mi = Math.floor((rem % 3600) / 60);
  const ss = rem % 60;
  return `${formatYear(y)}-${pad(m, 2)}-${pad(d, 2)}T${pad(hh, 2)}:${pad(mi, 2)}:${pad(ss, 2)}`;
}

/**
 * Formats as metav1.Time marshals: UTC, whole seconds (the fraction is truncated, not rounded),
 * e.g. `2024-01-02T03:04:05Z`. Pure; throws RangeError for an invalid Date.
 */
export function formatRFC3339(t: Date | Instant): string {
  return `${formatSeconds(toInstant(t))}Z`;
}

/**
 * Formats as metav1.MicroTime marshals: UTC with exactly six fractional digits (truncated),
 * e.g. `2024-01-02T03:04:05.123456Z`. Pure; throws RangeError for an invalid Date.
 */
export function formatMicroTime(t: Date | Instant): string {
  const i = toInstant(t);
  return `${formatSeconds(i)}.${pad(Math.floor(i.nanos / 1000), 6)}Z`;
}

/** The current time formatted as metav1.Time; the clock is injectable for tests. */
export function rfc3339Now(now: () => Date = () => new Date()): string {
  return formatRFC3339(now());
}

/** The current time formatted as metav1.MicroTime; the clock is injectable for tests. */
export function microTimeNow(now: () => Date = () => new Date()): string {
  return formatMicroTime(now());
}

/** Options for the JSON-value time parsers. */
export interface TimeParseOptions {
  /**
   * Treat `''` (and the string `'null'`) as unset, as upstream does for query parameters. In JSON
   * bodies upstream rejects `""`, so this is off by default.
   */
  readonly emptyIsUnset?: boolean;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function parseJSONValue(
  value: unknown,
  opts: TimeParseOptions | undefined,
  parse: (s: string) => Instant,
): Instant | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new MetaParseError(`json: cannot unmarshal ${jsonKind(value)} into Go value of type string`);
  }
  if (opts?.emptyIsUnset === true && (value === '' || value === 'null')) return undefined;
  return parse(value);
}

/**
 * Reads a metav1.Time from a decoded JSON value: null/undefined → undefined, a string → the
 * instant (RFC 3339 with any offset and optional fraction). Throws MetaParseError with upstream's
 * text for anything else, e.g. `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`.
 */
export function parseTime(value: unknown, opts?: TimeParseOptions): Instant | undefined {
  return parseJSONValue(value, opts, parseRFC3339);
}

/**
 * Reads a metav1.MicroTime from a decoded JSON value (exactly six fractional digits), with the
 * same rules and errors as {@link parseTime}.
 */
export function parseMicroTime(value: unknown, opts?: TimeParseOptions): Instant | undefined {
  return parseJSONValue(value, opts, parseRFC3339Micro);
}
