import { goQuote } from '../apimachinery/field/index.js';

/** klog's severities: info, warning, error. */
export type Severity = 'I' | 'W' | 'E';

/** Key/value pairs of a structured line, written in insertion order. */
export type KeyValues = Readonly<Record<string, unknown>>;

/** Where and how a Logger writes; every member has a default. */
export interface LoggerOptions {
  /** Lines at a level above this are dropped (`-v`); default 0. */
  readonly verbosity?: number;
  /** Receives each finished line, newline included; default: process.stderr. */
  readonly write?: (line: string) => void;
  /** The clock; default: the system clock. */
  readonly now?: () => Date;
  /** The number printed where klog prints the thread id; default: process.pid. */
  readonly pid?: number;
}

/**
 * A minimal leveled line logger in klog's text format, so that kite's logs read like the
 * upstream components' logs:
 *
 *   I1123 09:03:52.123456   12345 httplog] "HTTP" verb="GET" URI="/api" resp=200
 *
 * The source (a short component name) stands where klog prints `file.go:line`; times are UTC.
 * Writing is synchronous and never throws; a Logger is immutable and safe to share.
 */
export class Logger {
  readonly verbosity: number;
  private readonly write: (line: string) => void;
  private readonly now: () => Date;
  private readonly pid: number;

  constructor(opts: LoggerOptions = {}) {
    this.verbosity = opts.verbosity ?? 0;
    this.write = opts.write ?? ((line) => process.stderr.write(line));
    this.now = opts.now ?? (() => new Date());
    this.pid = opts.pid ?? process.pid;
  }

  /** Whether lines at `level` are written (klog's `V(level).Enabled()`). */
  enabled(level: number): boolean {
    return level <= this.verbosity;
  }

  /** Writes an info line when `level` is enabled. */
  info(level: number, source: string, msg: string, kv: KeyValues = {}): void {
    if (this.enabled(level)) this.emit('I', source, msg, kv);
  }

  /** Writes a warning line (at every verbosity). */
  warning(source: string, msg: string, kv: KeyValues = {}): void {
    this.emit('W', source, msg, kv);
  }

  /** Writes an error line (at every verbosity). */
  error(source: string, msg: string, kv: KeyValues = {}): void {
    this.emit('E', source, msg, kv);
  }

  private emit(severity: Severity, source: string, msg: string, kv: KeyValues): void {
    try {
      this.write(formatLogLine(severity, this.now(), this.pid, source, msg, kv));
    } catch {
      // A broken log sink must not take a request down with it.
    }
  }
}

/** A Logger that writes nothing (verbosity -1 and no sink). */
export const DISCARD_LOGGER: Logger = new Logger({ verbosity: -1, write: () => undefined });

/**
 * One line in klog's structured text format: `Lmmdd hh:mm:ss.uuuuuu pid source] "msg" k="v"`,
 * newline-terminated. Strings are Go-quoted; numbers, bigints and booleans print bare; errors
 * print their quoted message; undefined and null print `<nil>`; other values are quoted JSON. Pure.
 */
export function formatLogLine(
  severity: Severity,
  time: Date,
  pid: number,
  source: string,
  msg: string,
  kv: KeyValues = {},
): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${p2(time.getUTCMonth() + 1)}${p2(time.getUTCDate())} ` +
    `${p2(time.getUTCHours())}:${p2(time.getUTCMinutes())}:${p2(time.getUTCSeconds())}.` +
    `${String(time.getUTCMilliseconds() * 1000).padStart(6, '0')}`;
  let line = `${severity}${stamp} ${String(pid).padStart(7)} ${source}] ${goQuote(msg)}`;
  for (const [k, v] of Object.entries(kv)) line += ` ${k}=${formatValue(v)}`;
  return `${line}\n`;
}

function formatValue(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Error) return goQuote(v.message);
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v);
  }
  return goQuote(text);
}
