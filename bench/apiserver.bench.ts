// `npm run bench -- apiserver [--quick] [--seconds S] [--pods N] [--rate R] [--cpu-prof DIR] ...`:
// a real kite server process on loopback driven over HTTPS with keep-alive connections as
// admin: closed-loop throughput, open-loop mutating latency, LIST of many pods, watch fan-out.
import { parseApiserverBenchArgs } from './apiserver/args.js';
import { runApiserverBench } from './apiserver/suite.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs the apiserver benchmark; prints its figures and returns them (see bench/run.ts). */
export async function run(args: readonly string[]): Promise<Record<string, unknown>> {
  const settings = parseApiserverBenchArgs(args);
  const figures = await runApiserverBench(settings, say);
  say(`mutating_p99_ms: ${String(figures['mutating_p99_ms'])}   (goal <= 50 on 2 cores)`);
  say(`list_10k_pods_p99_ms: ${String(figures['list_10k_pods_p99_ms'])}   (goal <= 200 on 2 cores)`);
  say(`watch_events_per_second: ${String(figures['watch_events_per_second'])}`);
  return { ...pickHeadline(figures), settings, ...figures };
}

function pickHeadline(f: Record<string, unknown>): Record<string, unknown> {
  const keys = ['mutating_p99_ms', 'list_10k_pods_p99_ms', 'watch_events_per_second'];
  return Object.fromEntries(keys.map((k) => [k, f[k]]));
}
