import { MetaParseError } from './errors.js';

/**
 * An instant as whole seconds since the Unix epoch plus nanoseconds (0..999999999). Kept apart
 * from `Date` because `Date` holds milliseconds only and MicroTime values carry microseconds.
 */
export interface Instant {
  readonly seconds: number;
  readonly nanos: number;
}

/** The layout string upstream reports for `metav1.Time` parse errors. */
export const RFC3339Layout = '2006-01-02T15:04:05Z07:00';
/** The layout string upstream reports for `metav1.MicroTime` parse errors. */
export const RFC3339MicroLayout = '2006-01-02T15:04:05.000000Z07:00';

type Std = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'frac6' | 'tz';
interface Chunk {
  readonly prefix: string;
  readonly std: Std;
  readonly text: string;
}

// The two layouts split the way Go's layout scanner splits them: a literal prefix, then one
// standard element. Error messages name the element (`as "2006"`), so the split is interface.
const rfc3339Chunks: readonly Chunk[] = [
  { prefix: '', std: 'year', text: '2006' },
  { prefix: '-', std: 'month', text: '01' },
  { prefix: '-', std: 'day', text: '02' },
  { prefix: 'T', std: 'hour', text: '15' },
  { prefix: ':', std: 'minute', text: '04' },
  { prefix: ':', std: 'second', text: '05' },
  { prefix: '', std: 'tz', text: 'Z07:00' },
];
const rfc3339MicroChunks: readonly Chunk[] = [
  ...rfc3339Chunks.slice(0, 6),
  { prefix: '', std: 'frac6', text: '.000000' },
  { prefix: '', std: 'tz', text: 'Z07:00' },
];

/**
 * Parses `value` as Go's `time.Parse(time.RFC3339, value)` does (what `metav1.Time` accepts in
 * JSON): a fractional second of any length is allowed after the seconds (`.` or `,`), the hour may
 * be one digit, offsets up to ±24:60 are taken. Throws MetaParseError with Go's message otherwise.
 */
export function parseRFC3339(value: string): Instant {
  return parseLayout(RFC3339Layout, rfc3339Chunks, value);
}

/**
 * Parses `value` as `metav1.MicroTime` does (layout `2006-01-02T15:04:05.000000Z07:00`): exactly
 * six fractional digits are required. Throws MetaParseError with Go's message otherwise.
 */
export function parseRFC3339Micro(value: string): Instant {
  return parseLayout(RFC3339MicroLayout, rfc3339MicroChunks, value);
}

function isDigit(b: Uint8Array, i: number): boolean {
  const c = b[i];
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function digit(b: Uint8Array, i: number): number {
  return b[i]! - 0x30;
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return monthDays[month - 1] ?? 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (any year, including 0 and negatives). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

type Outcome = { kind: 'ok' } | { kind: 'bad' } | { kind: 'range'; what: string };
const ok: Outcome = { kind: 'ok' };
const bad: Outcome = { kind: 'bad' };

// Go's atoi on a short byte run: an optional sign, then digits only.
function atoi(b: Uint8Array, from: number, to: number): number | undefined {
  let i = from;
  let neg = false;
  if (i < to && (b[i] === 0x2d || b[i] === 0x2b)) {
    neg = b[i] === 0x2d;
    i++;
  }
  if (i >= to) return undefined;
  let x = 0;
  for (; i < to; i++) {
    if (!isDigit(b, i)) return undefined;
    x = x * 10 + digit(b, i);
  }
  return neg ? -x : x;
}

// Go's parseNanoseconds: b[at] is the separator, `n` bytes in all; digits past the ninth are dropped.
function nanoseconds(b: Uint8Array, at: number, n: number): { nanos: number; outcome: Outcome } {
  if (b[at] !== 0x2e && b[at] !== 0x2c) return { nanos: 0, outcome: bad };
  const nbytes = Math.min(n, 10);
  const ns = atoi(b, at + 1, at + nbytes);
  if (ns === undefined) return { nanos: 0, outcome: bad };
  if (ns < 0) return { nanos: 0, outcome: { kind: 'range', what: 'fractional second' } };
  return { nanos: ns * 10 ** (10 - nbytes), outcome: ok };
}

class Cursor {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  get rest(): number {
    return this.b.length - this.pos;
  }
  // Go's getnum: one or two digits; `fixed` demands two.
  num(fixed: boolean): number | undefined {
    const { b, pos } = this;
    if (!isDigit(b, pos)) return undefined;
    if (!isDigit(b, pos + 1)) {
      if (fixed) return undefined;
      this.pos += 1;
      return digit(b, pos);
    }
    this.pos += 2;
    return digit(b, pos) * 10 + digit(b, pos + 1);
  }
}

function parseLayout(layout: string, chunks: readonly Chunk[], value: string): Instant {
  const all = Buffer.from(value, 'utf8');
  const fail = (message: string): never => {
    throw new MetaParseError(`parsing time ${goTimeQuote(all)}${message}`);
  };
  const cannot = (layoutElem: string, at: number): never =>
    fail(
      ` as ${goTimeQuote(Buffer.from(layout))}: cannot parse ${goTimeQuote(all.subarray(at))} as "${layoutElem}"`,
    );

  const c = new Cursor(all);
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0;
  let offset = 0;
  for (let ci = 0; ci < chunks.length; ci++) {
    const chunk = chunks[ci]!;
    for (let i = 0; i < chunk.prefix.length; i++) {
      if (all[c.pos] !== chunk.prefix.charCodeAt(i)) cannot(chunk.prefix, c.pos);
      c.pos++;
    }
    const hold = c.pos;
    let outcome: Outcome = ok;
    switch (chunk.std) {
      case 'year': {
        if (c.rest < 4 || !isDigit(all, c.pos)) {
          outcome = bad;
          break;
        }
        const y = atoi(all, c.pos, c.pos + 4);
        c.pos += 4;
        if (y === undefined) outcome = bad;
        else year = y;
        break;
      }
      case 'month': {
        const m = c.num(true);
        if (m === undefined) outcome = bad;
        else if (m < 1 || m > 12) outcome = { kind: 'range', what: 'month' };
        else month = m;
        break;
      }
      case 'day': {
        const d = c.num(true);
        if (d === undefined) outcome = bad;
        else day = d;
        break;
      }
      case 'hour': {
        const h = c.num(false);
        if (h === undefined) outcome = bad;
        else if (h >= 24) outcome = { kind: 'range', what: 'hour' };
        else hour = h;
        break;
      }
      case 'minute': {
        const m = c.num(true);
        if (m === undefined) outcome = bad;
        else if (m >= 60) outcome = { kind: 'range', what: 'minute' };
        else minute = m;
        break;
      }
      case 'second': {
        const s = c.num(true);
        if (s === undefined) {
          outcome = bad;
          break;
        }
        if (s >= 60) {
          outcome = { kind: 'range', what: 'second' };
          break;
        }
        second = s;
        // A fraction the layout does not spell out is still accepted after the seconds.
        const sep = all[c.pos];
        if (c.rest >= 2 && (sep === 0x2e || sep === 0x2c) && isDigit(all, c.pos + 1)) {
          if (chunks[ci + 1]?.std === 'frac6') break;
          let n = 2;
          while (isDigit(all, c.pos + n)) n++;
          const r = nanoseconds(all, c.pos, n);
          nanos = r.nanos;
          outcome = r.outcome;
          c.pos += n;
        }
        break;
      }
      case 'frac6': {
        if (c.rest < 7) {
          outcome = bad;
          break;
        }
        const r = nanoseconds(all, c.pos, 7);
        nanos = r.nanos;
        outcome = r.outcome;
        c.pos += 7;
        break;
      }
      case 'tz': {
        if (all[c.pos] === 0x5a) {
          c.pos++;
          break;
        }
        if (c.rest < 6 || all[c.pos + 3] !== 0x3a) {
          outcome = bad;
          break;
        }
        const at = c.pos;
        c.pos += 6;
        const two = (i: number): number | undefined =>
          isDigit(all, i) && isDigit(all, i + 1) ? digit(all, i) * 10 + digit(all, i + 1) : undefined;
        const hr = two(at + 1);
        const mm = hr === undefined ? undefined : two(at + 4);
        // Go tests the minute after the hour, so a bad minute names itself even when both are bad.
        if ((mm ?? 0) > 60) outcome = { kind: 'range', what: 'time zone offset minute' };
        else if ((hr ?? 0) > 24) outcome = { kind: 'range', what: 'time zone offset hour' };
        else if (hr === undefined || mm === undefined) outcome = bad;
        else if (all[at] === 0x2b) offset = (hr * 60 + mm) * 60;
        else if (all[at] === 0x2d) offset = -(hr * 60 + mm) * 60;
        else outcome = bad;
        break;
      }
    }
    if (outcome.kind === 'range') fail(`: ${outcome.what} out of range`);
    if (outcome.kind === 'bad') cannot(chunk.text, hold);
  }
  if (c.rest > 0) fail(`: extra text: ${goTimeQuote(all.subarray(c.pos))}`);
  if (day < 1 || day > daysIn(month, year)) fail(': day out of range');
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  return { seconds, nanos };
}

const hex = '0123456789abcdef';

// Length of the UTF-8 sequence starting at b[i], or 1 when it is not a valid sequence.
function runeWidth(b: Uint8Array, i: number): number {
  const c = b[i]!;
  const n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 1;
  for (let j = 1; j < n; j++) {
    const cc = b[i + j];
    if (cc === undefined || cc < 0x80 || cc > 0xbf) return 1;
  }
  return n;
}

/**
 * Quotes bytes as Go's time package does in parse errors (not strconv.Quote): printable ASCII
 * stays, `"` and `\` are escaped, every byte of control or non-ASCII characters prints as `\xNN`.
 */
export function goTimeQuote(b: Uint8Array): string {
  let out = '"';
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c >= 0x20 && c < 0x80) {
      if (c === 0x22 || c === 0x5c) out += '\\';
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    const width = c < 0x80 ? 1 : runeWidth(b, i);
    for (let j = 0; j < width; j++) {
      const x = b[i + j]!;
      out += `\\x${hex[x >> 4]}${hex[x & 15]}`;
    }
    i += width;
  }
  return `${out}"`;
}
