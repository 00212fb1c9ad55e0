import { goQuote } from '../../../apimachinery/field/index.js';
import { GoDurationError, parseGoDuration } from '../../../apimachinery/duration/index.js';
import { loadLocation } from './time-zone.js';

// The cron dialect CronJobs accept: five fields (minute hour day-of-month month day-of-week) or
// a descriptor, optionally behind a TZ=/CRON_TZ= prefix. Messages are the ones clients see.

/** A schedule that does not parse; the message is what the API reports. */
export class CronScheduleError extends Error {
  override readonly name = 'CronScheduleError';
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const minutes: Bounds = { min: 0, max: 59 };
const hours: Bounds = { min: 0, max: 23 };
const dom: Bounds = { min: 1, max: 31 };
const months: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const dow: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

const descriptors = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

// Go's unicode.IsSpace, which strings.Fields and strings.TrimSpace split on.
const goSpace = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

function goFields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (goSpace.test(ch)) {
      if (cur !== '') out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out;
}

const goTrim = new RegExp(`^${goSpace.source}+|${goSpace.source}+$`, 'gu');

function goTrimSpace(s: string): string {
  return s.replace(goTrim, '');
}

const int64Max = 2n ** 63n - 1n;

// strconv.Atoi on a 64-bit platform, then the parser's non-negative rule.
function mustParseInt(expr: string): bigint {
  const m = /^([+-]?)([0-9]+)$/.exec(expr);
  if (m === null) {
    throw new CronScheduleError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${goQuote(expr)}: invalid syntax`,
    );
  }
  let n = BigInt(m[2] ?? '0');
  if (m[1] === '-') n = -n;
  if (n > int64Max || n < -int64Max - 1n) {
    throw new CronScheduleError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${goQuote(expr)}: value out of range`,
    );
  }
  if (n < 0n) throw new CronScheduleError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, b: Bounds): bigint {
  const key = expr.toLowerCase();
  if (b.names !== undefined && Object.hasOwn(b.names, key)) return BigInt(b.names[key] ?? 0);
  return mustParseInt(expr);
}

function checkRange(expr: string, b: Bounds): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  const single = lowAndHigh.length === 1;
  let start: bigint;
  let end: bigint;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = BigInt(b.min);
    end = BigInt(b.max);
  } else {
    start = parseIntOrName(lowAndHigh[0] ?? '', b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] ?? '', b);
    else throw new CronScheduleError(`too many hyphens: ${expr}`);
  }
  let step = 1n;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] ?? '');
    // "N/step" means "N-max/step".
    if (single) end = BigInt(b.max);
  } else if (rangeAndStep.length > 2) {
    throw new CronScheduleError(`too many slashes: ${expr}`);
  }
  if (start < BigInt(b.min)) {
    throw new CronScheduleError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  }
  if (end > BigInt(b.max))
    throw new CronScheduleError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) {
    throw new CronScheduleError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  }
  if (step === 0n) throw new CronScheduleError(`step of range should be a positive number: ${expr}`);
}

function checkField(field: string, b: Bounds): void {
  for (const expr of field.split(',')) if (expr !== '') checkRange(expr, b);
}

function checkDescriptor(spec: string): void {
  if (descriptors.has(spec)) return;
  const every = '@every ';
  if (spec.startsWith(every)) {
    try {
      parseGoDuration(spec.slice(every.length));
      return;
    } catch (e) {
      if (!(e instanceof GoDurationError)) throw e;
      throw new CronScheduleError(`failed to parse duration ${spec}: ${e.message}`);
    }
  }
  throw new CronScheduleError(`unrecognized descriptor: ${spec}`);
}

/**
 * Checks a CronJob schedule as the API server parses it (the standard five-field cron dialect
 * with month and weekday names, `*`/`?`, ranges, steps and lists; the @yearly, @annually,
 * @monthly, @weekly, @daily, @midnight and @hourly descriptors; `@every <duration>`; and a
 * leading `TZ=zone ` or `CRON_TZ=zone `). Throws CronScheduleError with the server's message,
 * e.g. `expected exactly 5 fields, found 1: [x]`; returns nothing on success. Pure.
 */
export function checkCronSchedule(schedule: string): void {
  if (schedule === '') throw new CronScheduleError('empty spec string');
  let spec = schedule;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    if (space < 0) {
      // The server slices up to a missing space and recovers from the resulting panic.
      throw new CronScheduleError('invalid schedule format: runtime error: slice bounds out of range [:-1]');
    }
    const zone = spec.slice(spec.indexOf('=') + 1, space);
    const err = loadLocation(zone);
    if (err !== undefined) throw new CronScheduleError(`provided bad location ${zone}: ${err}`);
    spec = goTrimSpace(spec.slice(space));
  }
  if (spec.startsWith('@')) {
    checkDescriptor(spec);
    return;
  }
  const fields = goFields(spec);
  if (fields.length !== 5) {
    throw new CronScheduleError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  }
  const bounds = [minutes, hours, dom, months, dow];
  fields.forEach((f, i) => {
    checkField(f, bounds[i] ?? minutes);
  });
}
