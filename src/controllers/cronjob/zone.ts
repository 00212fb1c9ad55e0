// Wall-clock arithmetic in an IANA time zone through Intl, with Go's time.Date rules for wall
// times that a DST change skips or repeats.

/** Wall-clock fields (month 1-12, weekday 0 = Sunday). */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** A time zone: UTC when the name is '', 'UTC' or 'Local' (the controller manager runs in UTC). */
export class Zone {
  static readonly UTC = new Zone('UTC');
  readonly name: string;
  private readonly utc: boolean;

  constructor(name: string) {
    this.utc = name === '' || name === 'UTC' || name === 'Local';
    this.name = this.utc ? 'UTC' : name;
    if (!this.utc) formatter(name);
  }

  /** Offset from UTC in ms at instant `ms`. */
  offsetAt(ms: number): number {
    if (this.utc) return 0;
    const s = Math.floor(ms / 1000) * 1000;
    const w = this.wallFields(s);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - s;
  }

  private wallFields(ms: number): Omit<WallTime, 'weekday'> {
    const parts = formatter(this.name).formatToParts(new Date(ms));
    const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? '0');
    const bc = parts.find((p) => p.type === 'era')?.value === 'BC';
    const year = bc ? 1 - get('year') : get('year');
    return {
      year,
      month: get('month'),
      day: get('day'),
      hour: get('hour'),
      minute: get('minute'),
      second: get('second'),
    };
  }

  /** The wall clock at instant `ms`. */
  wall(ms: number): WallTime {
    const local = ms + this.offsetAt(ms);
    const d = new Date(local);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
    };
  }

  /**
   * The instant of a wall time (fields may overflow and are normalized, as Go's time.Date does).
   * A wall time a DST change skips or repeats resolves as Go resolves it: with the offset in
   * force at the wall time read as UTC, unless that offset does not hold at the result.
   */
  fromWall(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
    const asUTC = Date.UTC(year, month - 1, day, hour, minute, second);
    if (this.utc) return asUTC;
    const first = this.offsetAt(asUTC);
    const guess = asUTC - first;
    const actual = this.offsetAt(guess);
    return actual === first ? guess : asUTC - actual;
  }

  /** RFC 3339 text of `ms` in this zone (`Z` for UTC, else `±hh:mm`), whole seconds. */
  formatRFC3339(ms: number): string {
    const off = this.offsetAt(ms);
    const local = new Date(Math.floor(ms / 1000) * 1000 + off).toISOString().slice(0, 19);
    // Go writes Z for a zero offset in any zone.
    if (off === 0) return `${local}Z`;
    const sign = off < 0 ? '-' : '+';
    const abs = Math.abs(off) / 60_000;
    const hh = String(Math.floor(abs / 60)).padStart(2, '0');
    const mm = String(abs % 60).padStart(2, '0');
    return `${local}${sign}${hh}:${mm}`;
  }
}
