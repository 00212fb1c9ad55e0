import assert from 'node:assert/strict';
import type { WatchCacheOptions } from './requests.js';
import { FakeClock, MemoryStore, podJSON, settle } from './testing.js';
import type { ApiObject, WatchEventOut } from './types.js';
import { WatchCache } from './watch-cache.js';
import type { CacheWatch } from './watcher.js';

/** The key prefix of the test cache. */
export const P = '/registry/pods/';
/** The key of pod `name` in namespace ns. */
export const k = (name: string): string => `${P}ns/${name}`;

/** A started cache over `store` with a fake clock; `stop` aborts it and waits for the end. */
export async function startCache(store: MemoryStore, opts: Partial<WatchCacheOptions> = {}) {
  const clock = new FakeClock();
  const cache = new WatchCache({ store, prefix: P, type: { apiVersion: 'v1', kind: 'Pod' }, clock, ...opts });
  const ac = new AbortController();
  const done = cache.start(ac.signal);
  await cache.ready;
  return {
    cache,
    clock,
    stop: async () => {
      ac.abort();
      await done;
    },
  };
}

/** Up to `n` events, failing when one does not come while the event loop is idle. */
export async function take(w: CacheWatch, n: number): Promise<WatchEventOut[]> {
  const out: WatchEventOut[] = [];
  for (let i = 0; i < n; i++) {
    const r = await Promise.race([w.next(), settle(50).then(() => 'stuck' as const)]);
    assert.notEqual(r, 'stuck', `event ${i + 1} of ${n} never came`);
    if (r === 'stuck' || r.done === true) break;
    out.push(r.value);
  }
  return out;
}

/** `TYPE name@rv` of each event. */
export function summary(evs: readonly WatchEventOut[]): string[] {
  return evs.map((e) => {
    const m = (e.object as { metadata?: { name?: string; resourceVersion?: string } }).metadata ?? {};
    return `${e.type} ${m.name ?? '-'}@${m.resourceVersion ?? '-'}`;
  });
}

/** A predicate for label app=v. */
export const labelIs =
  (v: string) =>
  (o: ApiObject): boolean =>
    (o.metadata as { labels?: Record<string, string> }).labels?.app === v;

/** A store with pods a@1 (app=x), b@2 (app=y) and a service at revision 3. */
export async function seeded(): Promise<MemoryStore> {
  const store = new MemoryStore();
  await store.create(k('a'), podJSON('a', { app: 'x' }));
  await store.create(k('b'), podJSON('b', { app: 'y' }));
  await store.create('/registry/services/ns/s', '{}');
  return store;
}

/** The Status message an ERROR event carries. */
export function messageOf(ev: WatchEventOut | undefined): string | undefined {
  return ev?.type === 'ERROR' ? ev.object.message : undefined;
}
