/** Settings of the store benchmark. */
export interface BenchSettings {
  /** How long each write cell runs (ms). */
  readonly durationMs: number;
  /** Keys listed by the list figures. */
  readonly listKeys: number;
  /** Events timed by the watch figures. */
  readonly watchEvents: number;
  /** Whether to run the etcd half. */
  readonly etcd: boolean;
}

/** A benchmark command line that cannot be used; the message says why. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

const NUMERIC = {
  '--duration-ms': 'durationMs',
  '--list-keys': 'listKeys',
  '--watch-events': 'watchEvents',
} as const;

function isNumericFlag(a: string): a is keyof typeof NUMERIC {
  return Object.hasOwn(NUMERIC, a);
}

/**
 * Parses `npm run bench -- store [--duration-ms N] [--list-keys N] [--watch-events N] [--no-etcd]`.
 * Pure; throws BenchUsageError for unknown arguments or values that are not positive integers.
 */
export function parseBenchArgs(args: readonly string[]): BenchSettings {
  const s = { durationMs: 2000, listKeys: 10_000, watchEvents: 2000, etcd: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--no-etcd') {
      s.etcd = false;
    } else if (isNumericFlag(a)) {
      const text = args[++i];
      if (text === undefined || !/^[1-9][0-9]{0,8}$/.test(text)) {
        throw new BenchUsageError(`${a} needs a positive integer, got ${JSON.stringify(text ?? '')}`);
      }
      s[NUMERIC[a]] = Number(text);
    } else {
      throw new BenchUsageError(`unknown argument ${JSON.stringify(a)}`);
    }
  }
  return s;
}
