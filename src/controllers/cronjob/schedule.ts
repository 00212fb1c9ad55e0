// Cron schedules as CronJobs read them (the standard five-field dialect, descriptors, @every and
// a TZ=/CRON_TZ= prefix), and the next activation after a time, computed in the schedule's zone
// with the same DST behaviour as the upstream cron library: a wall time skipped by a spring-
// forward change does not run that day, one repeated by a fall-back change runs twice.
import { parseGoDurationMs } from '../../apimachinery/duration/index.js';
import { checkCronSchedule } from '../../api/validation/workloads/cron-schedule.js';
import { Zone } from './zone.js';

/** A parsed schedule. */
export interface Schedule {
  /** The first activation strictly after `ms` (whole seconds), or undefined within five years. */
  next(ms: number): number | undefined;
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTHS: Bounds = { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) };
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DOW: Bounds = { min: 0, max: 6, names: Object.fromEntries(DAY_NAMES.map((n, i) => [n, i])) };

/** Allowed values of one field, and whether it was written as `*` or `?`. */
interface FieldSet {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

function num(expr: string, b: Bounds): number {
  const key = expr.toLowerCase();
  if (b.names !== undefined && Object.hasOwn(b.names, key)) return b.names[key] ?? 0;
  return Number.parseInt(expr, 10);
}

function parseField(field: string, b: Bounds): FieldSet {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',')) {
    if (expr === '') continue;
    const [range = '', stepText] = expr.split('/');
    const lowHigh = range.split('-');
    let start: number;
    let end: number;
    let thisStar = false;
    if (lowHigh[0] === '*' || lowHigh[0] === '?') {
      start = b.min;
      end = b.max;
      thisStar = true;
    } else {
      start = num(lowHigh[0] ?? '', b);
      end = lowHigh.length === 2 ? num(lowHigh[1] ?? '', b) : start;
    }
    let step = 1;
    if (stepText !== undefined) {
      step = Number.parseInt(stepText, 10);
      if (lowHigh.length === 1) end = b.max;
      if (step > 1) thisStar = false;
    }
    star ||= thisStar;
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return { values, star };
}

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A five-field schedule in a zone. */
class SpecSchedule implements Schedule {
  constructor(
    private readonly minute: FieldSet,
    private readonly hour: FieldSet,
    private readonly dom: FieldSet,
    private readonly month: FieldSet,
    private readonly dow: FieldSet,
    private readonly zone: Zone,
  ) {}

  private dayMatches(day: number, weekday: number): boolean {
    const domMatch = this.dom.values.has(day);
    const dowMatch = this.dow.values.has(weekday);
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  next(from: number): number | undefined {
    const z = this.zone;
    // The upcoming whole second.
    let t = Math.floor(from / 1000) * 1000 + 1000;
    let added = false;
    const yearLimit = z.wall(t).year + 5;
    // Each loop either advances t or restarts from a later month; bounded by the year limit.
    wrap: for (let guard = 0; guard < 100_000; guard++) {
      let w = z.wall(t);
      if (w.year > yearLimit) return undefined;
      while (!this.month.values.has(w.month)) {
        if (!added) {
          added = true;
          t = z.fromWall(w.year, w.month, 1);
        }
        w = z.wall(t);
        t = z.fromWall(w.year, w.month + 1, w.day, w.hour, w.minute, w.second);
        w = z.wall(t);
        if (w.month === 1) continue wrap;
      }
      while (!this.dayMatches(w.day, w.weekday)) {
        if (!added) {
          added = true;
          t = z.fromWall(w.year, w.month, w.day);
        }
        w = z.wall(t);
        t = z.fromWall(w.year, w.month, w.day + 1, w.hour, w.minute, w.second);
        w = z.wall(t);
        // A DST change may move midnight: back to the day's start.
        if (w.hour !== 0) {
          t += w.hour > 12 ? (24 - w.hour) * 3_600_000 : -w.hour * 3_600_000;
          w = z.wall(t);
        }
        if (w.day === 1) continue wrap;
      }
      while (!this.hour.values.has(w.hour)) {
        if (!added) {
          added = true;
          t = z.fromWall(w.year, w.month, w.day, w.hour);
        }
        t += 3_600_000;
        w = z.wall(t);
        if (w.hour === 0) continue wrap;
      }
      while (!this.minute.values.has(w.minute)) {
        if (!added) {
          added = true;
          t = Math.floor(t / 60_000) * 60_000;
        }
        t += 60_000;
        w = z.wall(t);
        if (w.minute === 0) continue wrap;
      }
      if (w.second !== 0) {
        if (!added) {
          added = true;
          t = Math.floor(t / 1000) * 1000;
        }
        // Seconds are always 0 in the five-field dialect: on to the next minute.
        t = Math.floor(t / 60_000) * 60_000 + 60_000;
        continue;
      }
      return t;
    }
    return undefined;
  }
}

/** `@every <duration>`: a fixed delay, whole seconds, at least one. */
class EverySchedule implements Schedule {
  constructor(private readonly delayMs: number) {}
  next(from: number): number {
    return Math.floor(from / 1000) * 1000 + this.delayMs;
  }
}

/**
 * Parses a schedule; `timeZone` (an IANA name) applies unless the schedule has its own TZ=
 * prefix. Throws CronScheduleError (the API server's messages) for a bad schedule; throws an
 * Error for an unknown zone.
 */
export function parseSchedule(schedule: string, timeZone?: string): Schedule {
  checkCronSchedule(schedule);
  let spec = schedule;
  let zone = new Zone(timeZone ?? '');
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    zone = new Zone(spec.slice(spec.indexOf('=') + 1, space));
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith('@every ')) {
    const ms = parseGoDurationMs(spec.slice('@every '.length));
    return new EverySchedule(Math.max(1000, Math.floor(ms / 1000) * 1000));
  }
  const expanded = DESCRIPTORS[spec] ?? spec;
  const f = expanded.trim().split(/\s+/);
  return new SpecSchedule(
    parseField(f[0] ?? '', MINUTES),
    parseField(f[1] ?? '', HOURS),
    parseField(f[2] ?? '', DOM),
    parseField(f[3] ?? '', MONTHS),
    parseField(f[4] ?? '', DOW),
    zone,
  );
}
