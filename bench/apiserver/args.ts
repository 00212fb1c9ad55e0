import { BenchUsageError } from '../store/args.js';

/** Settings of the apiserver benchmark. */
export interface ApiserverBenchSettings {
  /** Concurrent clients of the closed-loop cells. */
  readonly concurrency: readonly number[];
  /** How long each closed-loop cell runs (ms). */
  readonly cellMs: number;
  /** Offered load of the open-loop mutating run (requests per second). */
  readonly rate: number;
  /** How long the open-loop run lasts (ms). */
  readonly openLoopMs: number;
  /** Pods created for the big LIST. */
  readonly pods: number;
  /** Timed LISTs of the big namespace, per variant. */
  readonly lists: number;
  /** Pods in the namespace listed by the closed-loop list cells. */
  readonly smallListPods: number;
  /** Watchers of the fan-out run. */
  readonly watchers: number;
  /** Writes made while the watchers watch. */
  readonly watchWrites: number;
  /** Where the server writes a V8 CPU profile (node --cpu-prof), if anywhere. */
  readonly cpuProfDir: string | undefined;
  /** Parts to run (all by default). */
  readonly only: readonly Phase[];
}

/** The parts of the benchmark, in the order they run. */
export const PHASES = ['cells', 'open', 'list', 'watch'] as const;
/** One part of the benchmark. */
export type Phase = (typeof PHASES)[number];

function isPhase(p: string): p is Phase {
  return (PHASES as readonly string[]).includes(p);
}

/** The full run: about two and a half minutes on two cores. */
export const FULL: ApiserverBenchSettings = {
  concurrency: [1, 16, 64],
  cellMs: 2000,
  rate: 200,
  openLoopMs: 10_000,
  pods: 10_000,
  lists: 20,
  smallListPods: 100,
  watchers: 100,
  watchWrites: 1000,
  cpuProfDir: undefined,
  only: PHASES,
};

/** `--quick`: every figure, small numbers, well under a minute. */
export const QUICK: ApiserverBenchSettings = {
  ...FULL,
  cellMs: 500,
  openLoopMs: 3000,
  pods: 1000,
  lists: 5,
  watchers: 20,
  watchWrites: 200,
};

const NUMERIC = {
  '--cell-ms': 'cellMs',
  '--rate': 'rate',
  '--pods': 'pods',
  '--lists': 'lists',
  '--small-list-pods': 'smallListPods',
  '--watchers': 'watchers',
  '--watch-writes': 'watchWrites',
} as const;

function isNumericFlag(a: string): a is keyof typeof NUMERIC {
  return Object.hasOwn(NUMERIC, a);
}

function positive(flag: string, text: string | undefined): number {
  if (text === undefined || !/^[1-9][0-9]{0,8}$/.test(text)) {
    throw new BenchUsageError(`${flag} needs a positive integer, got ${JSON.stringify(text ?? '')}`);
  }
  return Number(text);
}

/**
 * Parses `npm run bench -- apiserver [--quick] [--seconds S] [--pods N] [--rate R] [--cell-ms MS]
 * [--lists N] [--small-list-pods N] [--watchers N] [--watch-writes N] [--concurrency 1,16,64]
 * [--only cells,open,list,watch] [--cpu-prof DIR]`. `--seconds` is the length of the open-loop run; `--quick` starts from the
 * small settings and later flags override it. Pure; throws BenchUsageError on bad input.
 */
export function parseApiserverBenchArgs(args: readonly string[]): ApiserverBenchSettings {
  const s: { -readonly [K in keyof ApiserverBenchSettings]: ApiserverBenchSettings[K] } = {
    ...(args.includes('--quick') ? QUICK : FULL),
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--quick') continue;
    if (a === '--seconds') {
      s.openLoopMs = positive(a, args[++i]) * 1000;
    } else if (a === '--concurrency') {
      const text = args[++i] ?? '';
      s.concurrency = text.split(',').map((part) => positive(a, part));
    } else if (a === '--only') {
      const parts = (args[++i] ?? '').split(',');
      const bad = parts.find((p) => !isPhase(p));
      if (bad !== undefined)
        throw new BenchUsageError(`--only takes some of ${PHASES.join(',')}, got ${JSON.stringify(bad)}`);
      s.only = parts.filter(isPhase);
    } else if (a === '--cpu-prof') {
      const dir = args[++i];
      if (dir === undefined || dir === '') throw new BenchUsageError('--cpu-prof needs a directory');
      s.cpuProfDir = dir;
    } else if (isNumericFlag(a)) {
      s[NUMERIC[a]] = positive(a, args[++i]);
    } else {
      throw new BenchUsageError(`unknown argument ${JSON.stringify(a)}`);
    }
  }
  return s;
}
