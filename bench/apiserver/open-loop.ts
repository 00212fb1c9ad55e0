import { performance } from 'node:perf_hooks';
import { type Latency, latency } from '../store/measure.js';
import type { BenchClient } from './client.js';
import { realisticPod } from './pods.js';

/** Figures of the open-loop mutating run. */
export interface OpenLoopFigures {
  /** Requests per second asked for and actually started. */
  readonly offeredPerSec: number;
  readonly startedPerSec: number;
  readonly requests: number;
  /** Answers with an unexpected status code (each also counted in the latency). */
  readonly errors: number;
  /** Those answers by status code ('network' for failed requests). */
  readonly errorCodes: Record<string, number>;
  /** Latency from each request's scheduled start to its last byte, all kinds together. */
  readonly all: Latency;
  readonly create: Latency;
  readonly patch: Latency;
  readonly delete: Latency;
  /** How late the client started requests behind schedule (its own lag), p99 in ms. */
  readonly startLagP99: number;
}

/**
 * Offers `rate` mutating requests per second for `durationMs`, open loop: each request starts on
 * its schedule whatever the earlier ones are doing, and its latency is counted from that
 * schedule (so a stalled server or client shows up as latency, not as fewer requests). The mix
 * is one third each (after a first stretch of creates): create a pod, merge-patch the labels
 * of a recently created one, delete an older one, so that the namespace stays about the same size.
 */
export async function openLoop(
  client: BenchClient,
  namespace: string,
  rate: number,
  durationMs: number,
): Promise<OpenLoopFigures> {
  const intervalMs = 1000 / rate;
  const total = Math.max(3, Math.floor((durationMs / 1000) * rate));
  const lead = Math.max(12, Math.min(50, Math.floor(total / 4)));
  const kinds = { create: [] as number[], patch: [] as number[], delete: [] as number[] };
  const all: number[] = [];
  const lags: number[] = [];
  const created: string[] = [];
  let deletedUpTo = 0;
  let errors = 0;
  const errorCodes: Record<string, number> = {};
  const fail = (code: string): void => {
    errors++;
    errorCodes[code] = (errorCodes[code] ?? 0) + 1;
  };
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  const fire = (i: number, scheduled: number): void => {
    lags.push(performance.now() - scheduled);
    let kind: keyof typeof kinds;
    let p: Promise<{ code: number; ms: number }>;
    let want: number;
    // Deletes trail creates by `lead` pods and patches touch only the 10 newest acknowledged,
    // so a patch never meets a pod that a delete removed.
    if (i % 3 === 0 || created.length - deletedUpTo < lead) {
      kind = 'create';
      want = 201;
      p = client
        .send('POST', `/api/v1/namespaces/${namespace}/pods`, {
          body: realisticPod(`ol-${i}`, i),
          keepBody: false,
          since: scheduled,
        })
        .then((a) => {
          if (a.code === 201) created.push(`ol-${i}`);
          return a;
        });
    } else if (i % 3 === 1) {
      kind = 'patch';
      want = 200;
      const name = created[created.length - 1 - (i % 10)]!;
      p = client.send('PATCH', `/api/v1/namespaces/${namespace}/pods/${name}`, {
        body: { metadata: { labels: { touched: String(i) } } },
        contentType: 'application/merge-patch+json',
        keepBody: false,
        since: scheduled,
      });
    } else {
      kind = 'delete';
      want = 200;
      const name = created[deletedUpTo++]!;
      p = client.send('DELETE', `/api/v1/namespaces/${namespace}/pods/${name}`, {
        keepBody: false,
        since: scheduled,
      });
    }
    const done: Promise<void> = p.then(
      (a) => {
        all.push(a.ms);
        kinds[kind].push(a.ms);
        if (a.code !== want) fail(String(a.code));
        inFlight.delete(done);
      },
      () => {
        fail('network');
        inFlight.delete(done);
      },
    );
    inFlight.add(done);
  };
  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && start + i * intervalMs <= now) {
      fire(i, start + i * intervalMs);
      i++;
    }
    if (i < total) {
      const wait = Math.max(0, start + i * intervalMs - performance.now());
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  const startedFor = (performance.now() - start) / 1000;
  await Promise.all([...inFlight]);
  return {
    offeredPerSec: rate,
    startedPerSec: Math.round(total / startedFor),
    requests: total,
    errors,
    errorCodes,
    all: latency(all),
    create: latency(kinds.create),
    patch: latency(kinds.patch),
    delete: latency(kinds.delete),
    startLagP99: latency(lags).p99,
  };
}
