import { performance } from 'node:perf_hooks';
import { type Latency, latency } from '../store/measure.js';
import type { BenchClient } from './client.js';
import { realisticPod } from './pods.js';

/** Figures of one closed-loop cell: completed requests per second and their latency. */
export interface CellFigures extends Latency {
  readonly perSec: number;
  readonly requests: number;
  /** Answers with an unexpected status code. */
  readonly errors: number;
}

/** Pods a cell's workers created, per worker (so that updates never race each other). */
export type PodsByWorker = Record<string, unknown>[][];

async function cell(
  concurrency: number,
  durationMs: number,
  step: (worker: number, i: number) => Promise<boolean>,
): Promise<CellFigures> {
  const samples: number[] = [];
  let errors = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; performance.now() < deadline; i++) {
      const t = performance.now();
      const ok = await step(w, i);
      samples.push(performance.now() - t);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - start) / 1000;
  return {
    perSec: Math.round(samples.length / elapsed),
    requests: samples.length,
    errors,
    ...latency(samples),
  };
}

/** `concurrency` clients creating pods in `namespace` for `durationMs`; keeps what they made. */
export async function createCell(
  client: BenchClient,
  namespace: string,
  concurrency: number,
  durationMs: number,
): Promise<{ figures: CellFigures; pods: PodsByWorker }> {
  const pods: PodsByWorker = Array.from({ length: concurrency }, () => []);
  const figures = await cell(concurrency, durationMs, async (w, i) => {
    const a = await client.send('POST', `/api/v1/namespaces/${namespace}/pods`, {
      body: realisticPod(`w${w}-${i}`, i),
    });
    if (a.code !== 201) return false;
    pods[w]!.push(JSON.parse(a.body) as Record<string, unknown>);
    return true;
  });
  return { figures, pods };
}

function nameOf(pod: Record<string, unknown>): string {
  return String((pod['metadata'] as Record<string, unknown>)['name']);
}

/** `concurrency` clients reading pods of `pods` by name, round robin. */
export function getCell(
  client: BenchClient,
  namespace: string,
  pods: PodsByWorker,
  concurrency: number,
  durationMs: number,
): Promise<CellFigures> {
  const names = pods.flat().map(nameOf);
  if (names.length === 0) throw new Error('get cell: no pods to read');
  return cell(concurrency, durationMs, async (w, i) => {
    const name = names[(w * 7919 + i) % names.length]!;
    const a = await client.send('GET', `/api/v1/namespaces/${namespace}/pods/${name}`, { keepBody: false });
    return a.code === 200;
  });
}

/**
 * `concurrency` clients replacing (PUT) pods with a changed label, each worker cycling through
 * its own pods with the resourceVersion of its last write. Mutates `pods` to the latest objects.
 */
export function updateCell(
  client: BenchClient,
  namespace: string,
  pods: PodsByWorker,
  concurrency: number,
  durationMs: number,
): Promise<CellFigures> {
  const all = pods.flat();
  // Each worker owns a disjoint slice, so that no two requests ever race for one pod.
  const owned = Array.from({ length: concurrency }, (_, w) => all.filter((_, j) => j % concurrency === w));
  if (owned.some((o) => o.length === 0)) throw new Error('update cell: fewer pods than workers');
  return cell(concurrency, durationMs, async (w, i) => {
    const mine = owned[w]!;
    const at = i % mine.length;
    const pod = mine[at]!;
    const meta = pod['metadata'] as Record<string, unknown>;
    const labels = { ...(meta['labels'] as Record<string, string>), revision: String(i) };
    const a = await client.send('PUT', `/api/v1/namespaces/${namespace}/pods/${nameOf(pod)}`, {
      body: { ...pod, metadata: { ...meta, labels } },
    });
    if (a.code !== 200) return false;
    mine[at] = JSON.parse(a.body) as Record<string, unknown>;
    return true;
  });
}

/** `concurrency` clients listing `namespace` (whole, default resourceVersion). */
export function listCell(
  client: BenchClient,
  namespace: string,
  concurrency: number,
  durationMs: number,
): Promise<CellFigures> {
  return cell(concurrency, durationMs, async () => {
    const a = await client.send('GET', `/api/v1/namespaces/${namespace}/pods`, { keepBody: false });
    return a.code === 200;
  });
}

/** Creates `n` pods named `${prefix}${i}` in `namespace` with `concurrency` clients; throws on any failure. */
export async function createPods(
  client: BenchClient,
  namespace: string,
  n: number,
  concurrency: number,
  prefix = 'pod-',
): Promise<{ ms: number }> {
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const a = await client.send('POST', `/api/v1/namespaces/${namespace}/pods`, {
        body: realisticPod(`${prefix}${i}`, i),
      });
      if (a.code !== 201) throw new Error(`creating pod ${prefix}${i}: ${a.code} ${a.body.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return { ms: performance.now() - start };
}
