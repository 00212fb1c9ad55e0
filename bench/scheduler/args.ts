import { parseArgs } from 'node:util';
import { BenchUsageError } from '../store/args.js';

/** The workloads, after upstream scheduler_perf's SchedulingBasic and its variants. */
export const WORKLOADS = ['basic', 'spread', 'antiaffinity', 'preemption'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** Settings of the scheduler benchmark. */
export interface SchedulerBenchSettings {
  readonly nodes: number;
  readonly warmupPods: number;
  readonly pods: number;
  readonly workloads: readonly Workload[];
}

/** SchedulingBasic's 5,000 nodes, 1,000 warm-up pods and 10,000 measured pods. */
export const FULL: SchedulerBenchSettings = {
  nodes: 5_000,
  warmupPods: 1_000,
  pods: 10_000,
  workloads: WORKLOADS,
};
/** A quick run for smoke tests. */
export const QUICK: SchedulerBenchSettings = { nodes: 50, warmupPods: 20, pods: 100, workloads: WORKLOADS };

/** `[--quick] [--nodes N] [--warmup N] [--pods N] [--workloads a,b]`. */
export function parseSchedulerBenchArgs(args: readonly string[]): SchedulerBenchSettings {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        quick: { type: 'boolean' },
        nodes: { type: 'string' },
        warmup: { type: 'string' },
        pods: { type: 'string' },
        workloads: { type: 'string' },
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
    if (!Number.isInteger(n) || n < 0)
      throw new BenchUsageError(`--${flag}: want a whole number, got "${t}"`);
    return n;
  };
  const w = values['workloads'] as string | undefined;
  const workloads = w === undefined ? base.workloads : w.split(',').map((s) => s.trim());
  for (const x of workloads) {
    if (!(WORKLOADS as readonly string[]).includes(x)) {
      throw new BenchUsageError(`--workloads: unknown "${x}" (known: ${WORKLOADS.join(', ')})`);
    }
  }
  return {
    nodes: num('nodes', base.nodes),
    warmupPods: num('warmup', base.warmupPods),
    pods: num('pods', base.pods),
    workloads: workloads as Workload[],
  };
}
