import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Store } from '../../src/storage/index.js';

/** Latency figures of one run, in milliseconds. */
export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Percentiles of `samples` (ms); sorts a copy. Zeros when empty. */
export function latency(samples: readonly number[]): Latency {
  if (samples.length === 0) return { p50: 0, p99: 0, max: 0 };
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!);
  return { p50: at(0.5), p99: at(0.99), max: round(s[s.length - 1]!) };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Figures of a write run. */
export interface WriteFigures extends Latency {
  readonly writesPerSec: number;
  readonly writes: number;
}

/**
 * Runs `concurrency` writers that create new keys of `valueBytes` under `prefix` until
 * `durationMs` has passed; every write must succeed. Mutates the store.
 */
export async function writeLoad(
  store: Store,
  prefix: string,
  concurrency: number,
  valueBytes: number,
  durationMs: number,
): Promise<WriteFigures> {
  const value = 'v'.repeat(valueBytes);
  const samples: number[] = [];
  const start = performance.now();
  const deadline = start + durationMs;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; performance.now() < deadline; i++) {
      const t = performance.now();
      const r = await store.create(`${prefix}w${w}/k${i}`, value);
      samples.push(performance.now() - t);
      if (!r.ok) throw new Error(`bench write ${prefix}w${w}/k${i} failed: ${r.reason}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - start) / 1000;
  return { writesPerSec: Math.round(samples.length / elapsed), writes: samples.length, ...latency(samples) };
}

/** Figures of listing a prefix of `keys` keys. */
export interface ListFigures {
  readonly keys: number;
  readonly fullListMs: Latency;
  readonly pagedListMs: number;
}

/** Fills `prefix` with `n` keys of 1 KiB, then times full lists and a paged walk (500 a page). */
export async function listLoad(store: Store, prefix: string, n: number): Promise<ListFigures> {
  const value = 'l'.repeat(1024);
  for (let i = 0; i < n; i += 256) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 256); j++)
      batch.push(store.create(`${prefix}${String(j).padStart(6, '0')}`, value));
    await Promise.all(batch);
  }
  const full: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    const l = await store.list(prefix);
    full.push(performance.now() - t);
    if (l.kvs.length !== n) throw new Error(`list returned ${l.kvs.length} keys, want ${n}`);
  }
  const t = performance.now();
  let seen = 0;
  let page = await store.list(prefix, { limit: 500 });
  const rev = page.revision;
  seen += page.kvs.length;
  while (page.more) {
    const last = page.kvs[page.kvs.length - 1]!.key;
    page = await store.list(prefix, { limit: 500, startKey: `${last}\u0000`, revision: rev });
    seen += page.kvs.length;
  }
  if (seen !== n) throw new Error(`paged list saw ${seen} keys, want ${n}`);
  return { keys: n, fullListMs: latency(full), pagedListMs: round(performance.now() - t) };
}

/** Figures of watch delivery. */
export interface WatchFigures {
  readonly events: number;
  /** From the write's acknowledgement to the event (0 when the event came first). */
  readonly ackToEvent: Latency;
  /** From issuing the write to the event. */
  readonly issueToEvent: Latency;
}

/**
 * Writes `n` keys with 4 concurrent writers while one watcher on the prefix timestamps every
 * event; a second, unrelated watcher adds fan-out work.
 */
export async function watchLoad(store: Store, prefix: string, n: number): Promise<WatchFigures> {
  const issued = new Map<string, number>();
  const acked = new Map<string, number>();
  const received = new Map<string, number>();
  const ctl = new AbortController();
  const start = await store.currentRevision();
  let wake: (() => void) | undefined;
  const consume = (async () => {
    for await (const b of store.watch({ prefix, afterRevision: start, signal: ctl.signal })) {
      if (b.type !== 'events') continue;
      const now = performance.now();
      for (const e of b.events) received.set(e.type === 'put' ? e.kv.key : e.key, now);
      if (received.size >= n) wake?.();
    }
  })();
  const other = (async () => {
    for await (const _ of store.watch({
      prefix: '/bench/unrelated/',
      afterRevision: start,
      signal: ctl.signal,
    })) {
      // Drained only to make the store fan out to more than one watcher.
    }
  })();
  const value = 'w'.repeat(1024);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const key = `${prefix}k${next++}`;
      issued.set(key, performance.now());
      const r = await store.create(key, value);
      acked.set(key, performance.now());
      if (!r.ok) throw new Error(`watch bench write ${key} failed`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  if (received.size < n) {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`watch delivered ${received.size} of ${n} events`)),
        10_000,
      );
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
  ctl.abort();
  await Promise.allSettled([consume, other]);
  const ack: number[] = [];
  const issue: number[] = [];
  for (const [key, at] of received) {
    ack.push(Math.max(0, at - acked.get(key)!));
    issue.push(at - issued.get(key)!);
  }
  return { events: received.size, ackToEvent: latency(ack), issueToEvent: latency(issue) };
}

/** Figures of compacting a history of many superseded versions while writers keep going. */
export interface CompactionFigures {
  readonly superseded: number;
  readonly compactMs: number;
  /** Longest event-loop stall seen while compaction ran (what a writer could have waited). */
  readonly maxLoopBlockMs: number;
  /** Write latency of a concurrent writer during compaction. */
  readonly writerDuring: Latency;
}

/**
 * Creates 1000 keys and rewrites them `updates` times in total, then compacts everything
 * while one writer keeps writing, timing event-loop stalls. Mutates the store.
 */
export async function compactionLoad(
  store: Store,
  prefix: string,
  updates: number,
): Promise<CompactionFigures> {
  const value = 'c'.repeat(1024);
  const revs = new Map<string, number>();
  for (let i = 0; i < 1000; i += 100) {
    const batch = [];
    for (let j = i; j < i + 100; j++) batch.push(store.create(`${prefix}k${j}`, value));
    for (const r of await Promise.all(batch)) if (r.ok) revs.set(r.kv.key, r.kv.modRevision);
  }
  let done = 0;
  const worker = async (w: number): Promise<void> => {
    for (let i = w; done < updates; i += 16) {
      const key = `${prefix}k${i % 1000}`;
      const r = await store.update(key, value, revs.get(key)!);
      if (r.ok) revs.set(key, r.kv.modRevision);
      done++;
    }
  };
  await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
  const target = await store.currentRevision();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  let stop = false;
  const samples: number[] = [];
  const writer = (async () => {
    for (let i = 0; !stop; i++) {
      const t = performance.now();
      await store.create(`${prefix}during/${i}`, value);
      samples.push(performance.now() - t);
    }
  })();
  loop.enable();
  const t = performance.now();
  await store.compact(target);
  const compactMs = performance.now() - t;
  loop.disable();
  stop = true;
  await writer;
  return {
    superseded: updates,
    compactMs: round(compactMs),
    maxLoopBlockMs: round(loop.max / 1e6),
    writerDuring: latency(samples),
  };
}
