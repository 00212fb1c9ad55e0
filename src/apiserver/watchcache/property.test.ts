import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FakeClock, MemoryStore, podJSON, settle } from './testing.js';
import type { ApiObject, WatchEventOut } from './types.js';
import { WatchCache } from './watch-cache.js';
import type { CacheWatch } from './watcher.js';

const P = '/registry/pods/';
const CAP = 6;

type Op =
  | { readonly op: 'write'; readonly name: string; readonly app: string }
  | { readonly op: 'delete'; readonly name: string }
  | { readonly op: 'watch'; readonly back: number; readonly selector: boolean; readonly initial: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('write' as const),
    name: fc.constantFrom('a', 'b', 'c', 'd'),
    app: fc.constantFrom('x', 'y'),
  }),
  fc.record({ op: fc.constant('delete' as const), name: fc.constantFrom('a', 'b', 'c', 'd') }),
  fc.record({
    op: fc.constant('watch' as const),
    back: fc.nat(9),
    selector: fc.boolean(),
    initial: fc.boolean(),
  }),
);

const appOf = (o: ApiObject): string => (o.metadata as { labels: { app: string } }).labels.app;
const rvOf = (o: ApiObject): number => Number((o.metadata as { resourceVersion: string }).resourceVersion);
const nameOf = (o: ApiObject): string => (o.metadata as { name: string }).name;

interface Started {
  readonly w: CacheWatch;
  readonly selector: boolean;
  /** State the events apply to: empty for initial-event watches, else the state at `from`. */
  readonly base: Map<string, string>;
  /** How many initial events lead the stream. */
  readonly initial: number;
}

// name -> "app@rv" of every live object at each revision.
type History = Map<number, Map<string, string>>;

// Initial events come in key order; everything after them in revision order.
function foldEvents(
  base: Map<string, string>,
  evs: readonly WatchEventOut[],
  initial: number,
): Map<string, string> {
  const state = new Map(base);
  let last = 0;
  for (const [i, e] of evs.entries()) {
    if (e.type === 'ERROR' || e.type === 'BOOKMARK') continue;
    const rv = rvOf(e.object);
    if (i >= initial) {
      assert.ok(rv > last, `revisions do not increase: ${last} then ${rv}`);
      last = rv;
    }
    const name = nameOf(e.object);
    if (e.type === 'ADDED') assert.ok(!state.has(name), `ADDED ${name}@${rv} twice`);
    else assert.ok(state.has(name), `${e.type} of unknown ${name}@${rv}`);
    if (e.type === 'DELETED') state.delete(name);
    else state.set(name, `${appOf(e.object)}@${rv}`);
  }
  return state;
}

function filtered(state: Map<string, string>, selector: boolean): Map<string, string> {
  return new Map([...state].filter(([, v]) => !selector || v.startsWith('x@')));
}

test('property: random writes and watch starts; every watch converges to the store state', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40, size: 'max' }), async (ops) => {
      const store = new MemoryStore();
      const clock = new FakeClock();
      const cache = new WatchCache({
        store,
        prefix: P,
        type: { apiVersion: 'v1', kind: 'Pod' },
        clock,
        window: { lowerBound: CAP, upperBound: CAP },
        watcherBufferSize: 1_000,
      });
      const ac = new AbortController();
      const running = cache.start(ac.signal);
      await cache.ready;
      const history: History = new Map([[0, new Map()]]);
      const live = new Map<string, { app: string; rev: number }>();
      const started: Started[] = [];
      for (const op of ops) {
        if (op.op === 'watch') {
          await settle(3);
          const from = Math.max(0, cache.revision - op.back);
          const pred = op.selector ? (o: ApiObject) => appOf(o) === 'x' : undefined;
          const w = await cache.watch({
            resourceVersion: op.initial ? '0' : String(from),
            predicate: pred,
            sendInitialEvents: op.initial ? undefined : false,
          });
          if (w.endReason === 'error') {
            // Only a start older than the window may fail, and only with 410.
            const first = await w.next();
            assert.ok(first.done !== true && first.value.type === 'ERROR');
            assert.equal((first.value.object as { code?: number }).code, 410);
            assert.ok(!op.initial && from < cache.revision - CAP, `410 for ${from} at ${cache.revision}`);
          } else {
            // resourceVersion 0 without initial events means "from now", whatever `from` was.
            const at = from === 0 ? cache.revision : from;
            const base = op.initial
              ? new Map<string, string>()
              : filtered(history.get(at) ?? new Map(), op.selector);
            const now = filtered(history.get(cache.revision) ?? new Map(), op.selector);
            started.push({ w, selector: op.selector, base, initial: op.initial ? now.size : 0 });
          }
          continue;
        }
        const cur = live.get(op.name);
        const key = `${P}ns/${op.name}`;
        let rev: number | undefined;
        if (op.op === 'delete') {
          if (cur === undefined) continue;
          const r = await store.delete(key);
          if (r.ok) rev = r.revision;
          live.delete(op.name);
        } else {
          const r =
            cur === undefined
              ? await store.create(key, podJSON(op.name, { app: op.app }))
              : await store.update(key, podJSON(op.name, { app: op.app }), cur.rev);
          if (r.ok) rev = r.kv.modRevision;
          if (r.ok) live.set(op.name, { app: op.app, rev: r.kv.modRevision });
        }
        if (rev !== undefined) {
          history.set(rev, new Map([...live].map(([n, v]) => [n, `${v.app}@${v.rev}`])));
        }
      }
      await settle(5);
      const final = history.get(await store.currentRevision()) ?? new Map();
      for (const s of started) {
        const evs: WatchEventOut[] = [];
        while (s.w.buffered > 0 || s.w.endReason === undefined) {
          const r = await Promise.race([s.w.next(), settle(3).then(() => undefined)]);
          if (r === undefined || r.done === true) break;
          evs.push(r.value);
        }
        assert.deepEqual(foldEvents(s.base, evs, s.initial), filtered(final, s.selector));
      }
      const listed = await cache.list({ resourceVersion: '' });
      assert.ok(listed.type === 'list');
      const fromStore = (await store.list(P, { revision: listed.resourceVersion })).kvs.map(
        (kv) => kv.modRevision,
      );
      assert.deepEqual(listed.items.map(rvOf), fromStore);
      ac.abort();
      await running;
    }),
    { seed: 20261123, numRuns: 200 },
  );
});
