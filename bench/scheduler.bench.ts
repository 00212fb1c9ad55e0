// `npm run bench -- scheduler [--quick] [--nodes N] [--warmup N] [--pods N] [--workloads a,b]`:
// scheduler_perf's SchedulingBasic (5,000 nodes, 1,000 warm-up pods, 10,000 measured pods) and
// variants with topology spreading, pod anti-affinity and preemption, on simulated nodes.
import { parseSchedulerBenchArgs } from './scheduler/args.js';
import { runSchedulerBench } from './scheduler/suite.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs the scheduler benchmark; prints its figures and returns them (see bench/run.ts). */
export async function run(args: readonly string[]): Promise<Record<string, unknown>> {
  const figures = await runSchedulerBench(parseSchedulerBenchArgs(args), say);
  say(`pods_per_second: ${String(figures['pods_per_second'])}   (SchedulingBasic; goal >= 1000 on 2 cores)`);
  say(`sim_pods_running_per_second: ${String(figures['sim_pods_running_per_second'])}`);
  return figures;
}
