import { performance } from 'node:perf_hooks';
import type { BenchClient } from './client.js';
import { realisticPod } from './pods.js';

/** Figures of the watch fan-out run. */
export interface FanOutFigures {
  readonly watchers: number;
  readonly writes: number;
  /** Events every watcher should see (writes × watchers) and how many arrived. */
  readonly expectedEvents: number;
  readonly deliveredEvents: number;
  /** Events delivered per second across all watchers, first write to last event. */
  readonly eventsPerSec: number;
  /** Writes per second the writers achieved meanwhile. */
  readonly writesPerSec: number;
  /** From the first write to the last event arriving, ms. */
  readonly elapsedMs: number;
}

/**
 * Opens `watchers` watches on the pods of `namespace` (from the namespace's current revision),
 * then creates `writes` pods there with 8 concurrent writers and waits (at most 60 s) until
 * every watcher has seen every event. Counts event lines; nothing is parsed on the client.
 */
export async function watchFanOut(
  client: BenchClient,
  watchClient: BenchClient,
  namespace: string,
  watchers: number,
  writes: number,
): Promise<FanOutFigures> {
  const list = await client.json('GET', `/api/v1/namespaces/${namespace}/pods?limit=1`, 200);
  const rv = String((list['metadata'] as Record<string, unknown>)['resourceVersion']);
  const expected = watchers * writes;
  let delivered = 0;
  let lastAt = 0;
  let wake: (() => void) | undefined;
  const streams = await Promise.all(
    Array.from({ length: watchers }, () =>
      watchClient.watch(`/api/v1/namespaces/${namespace}/pods?watch=1&resourceVersion=${rv}`, (n) => {
        delivered += n;
        lastAt = performance.now();
        if (delivered >= expected) wake?.();
      }),
    ),
  );
  try {
    const start = performance.now();
    let next = 0;
    const writer = async (): Promise<void> => {
      while (next < writes) {
        const i = next++;
        const a = await client.send('POST', `/api/v1/namespaces/${namespace}/pods`, {
          body: realisticPod(`fan-${i}`, i),
          keepBody: false,
        });
        if (a.code !== 201) throw new Error(`watch fan-out write ${i}: ${a.code}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, writes) }, writer));
    const writesDone = performance.now();
    if (delivered < expected) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 60_000);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    const elapsed = Math.max(lastAt, writesDone) - start;
    return {
      watchers,
      writes,
      expectedEvents: expected,
      deliveredEvents: delivered,
      eventsPerSec: Math.round(delivered / (elapsed / 1000)),
      writesPerSec: Math.round(writes / ((writesDone - start) / 1000)),
      elapsedMs: Math.round(elapsed),
    };
  } finally {
    for (const s of streams) s.close();
  }
}
