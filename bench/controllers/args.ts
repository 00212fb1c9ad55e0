import { parseArgs } from 'node:util';
import { BenchUsageError } from '../store/args.js';

/** Settings of the controllers benchmark. */
export interface ControllersBenchSettings {
  readonly deployments: number;
  readonly replicas: number;
  /** Objects the cluster holds while idle CPU is measured (filled up with ConfigMaps). */
  readonly idleObjects: number;
  /** How long idle CPU is measured (ms). */
  readonly idleMs: number;
}

/** The full run of the issue: 100 Deployments × 10 replicas, 10k objects, 30 s idle. */
export const FULL: ControllersBenchSettings = {
  deployments: 100,
  replicas: 10,
  idleObjects: 10_000,
  idleMs: 30_000,
};
/** A quick run for smoke tests. */
export const QUICK: ControllersBenchSettings = {
  deployments: 5,
  replicas: 4,
  idleObjects: 200,
  idleMs: 2_000,
};

/** `[--quick] [--deployments N] [--replicas N] [--idle-objects N] [--idle-seconds S]`. */
export function parseControllersBenchArgs(args: readonly string[]): ControllersBenchSettings {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        quick: { type: 'boolean' },
        deployments: { type: 'string' },
        replicas: { type: 'string' },
        'idle-objects': { type: 'string' },
        'idle-seconds': { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new BenchUsageError(err instanceof Error ? err.message : String(err));
  }
  const base = values['quick'] === true ? QUICK : FULL;
  const num = (flag: string, def: number): number => {
    const t = values[flag] as string | undefined;
    if (t === undefined) return def;
    const n = Number(t);
    if (!Number.isFinite(n) || n <= 0)
      throw new BenchUsageError(`--${flag}: want a positive number, got "${t}"`);
    return n;
  };
  return {
    deployments: Math.round(num('deployments', base.deployments)),
    replicas: Math.round(num('replicas', base.replicas)),
    idleObjects: Math.round(num('idle-objects', base.idleObjects)),
    idleMs: num('idle-seconds', base.idleMs / 1000) * 1000,
  };
}
