import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { KeyValue, WatchEvent } from '../store.js';
import { StoreError } from '../store.js';
import type { SqliteStoreOptions } from './sqlite-store.js';
import { openSqliteStore } from './sqlite-store.js';

async function withDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'kite-sqlite-unit-'));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function open(dir: string, extra: Partial<SqliteStoreOptions> = {}) {
  return openSqliteStore({ dir, compactionRetentionMs: 0, ...extra });
}

type Op = { kind: 'create' | 'update' | 'delete'; key: number } | { kind: 'compact'; back: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('create', 'update', 'delete'),
    key: fc.integer({ min: 0, max: 7 }),
  }) as fc.Arbitrary<Op>,
  fc.record({ kind: fc.constant('compact'), back: fc.integer({ min: 0, max: 6 }) }) as fc.Arbitrary<Op>,
);

const keyName = (i: number): string => `/registry/${i % 2 === 0 ? 'pods' : 'podsX'}/k${i}`;

describe('sqlite store against a model', () => {
  test('reads at every retained revision and watch replay match a model, through compactions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 60 }), async (ops) => {
        await withDir(async (dir) => {
          const store = await open(dir);
          try {
            const states: Array<Map<string, KeyValue>> = [new Map()];
            const events: WatchEvent[] = [];
            let live = new Map<string, KeyValue>();
            let compacted = 0;
            for (const op of ops) {
              const rev = states.length;
              if (op.kind === 'compact') {
                const target = Math.max(0, rev - 1 - op.back);
                await store.compact(target);
                compacted = Math.max(compacted, target);
                continue;
              }
              const key = keyName(op.key);
              const cur = live.get(key);
              const next = new Map(live);
              if (op.kind === 'create') {
                const r = await store.create(key, `c${rev}`);
                if (cur !== undefined) {
                  assert.deepEqual(r, { ok: false, reason: 'exists', current: cur });
                  continue;
                }
                const kv = { key, value: `c${rev}`, createRevision: rev, modRevision: rev };
                assert.deepEqual(r, { ok: true, kv });
                next.set(key, kv);
                events.push({ type: 'put', kv, prev: undefined });
              } else if (op.kind === 'update') {
                const r = await store.update(key, `u${rev}`, cur?.modRevision ?? 0);
                if (cur === undefined) {
                  assert.deepEqual(r, { ok: false, reason: 'not-found' });
                  continue;
                }
                const kv = { key, value: `u${rev}`, createRevision: cur.createRevision, modRevision: rev };
                assert.deepEqual(r, { ok: true, kv });
                next.set(key, kv);
                events.push({ type: 'put', kv, prev: cur });
              } else {
                const r = await store.delete(key);
                if (cur === undefined) {
                  assert.deepEqual(r, { ok: false, reason: 'not-found' });
                  continue;
                }
                assert.deepEqual(r, { ok: true, prev: cur, revision: rev });
                next.delete(key);
                events.push({ type: 'delete', key, revision: rev, prev: cur });
              }
              live = next;
              states.push(next);
            }
            const current = states.length - 1;
            assert.equal(await store.currentRevision(), current);
            assert.equal(await store.compactedRevision(), compacted);
            for (let rev = compacted + 1; rev <= current; rev++) {
              const want = [...states[rev]!.values()]
                .filter((kv) => kv.key.startsWith('/registry/pods/'))
                .sort((a, b) => (a.key < b.key ? -1 : 1));
              assert.deepEqual(
                (await store.list('/registry/pods/', { revision: rev })).kvs,
                want,
                `list at ${rev}`,
              );
              for (let i = 0; i < 8; i++) {
                const got = await store.get(keyName(i), rev);
                assert.deepEqual(got.kv, states[rev]!.get(keyName(i)), `get ${keyName(i)} at ${rev}`);
              }
            }
            if (compacted > 0) {
              await assert.rejects(store.list('/registry/', { revision: compacted }), /compacted/);
            }
            const ctl = new AbortController();
            const seen: WatchEvent[] = [];
            const want = events.filter((e) => (e.type === 'put' ? e.kv.modRevision : e.revision) > compacted);
            if (want.length > 0) {
              for await (const b of store.watch({
                prefix: '/registry/',
                afterRevision: compacted,
                signal: ctl.signal,
              })) {
                if (b.type === 'events') seen.push(...b.events);
                if (seen.length >= want.length) break;
              }
            }
            assert.deepEqual(seen, want);
          } finally {
            await store.close();
          }
        });
      }),
      { seed: 20261123, numRuns: 40 },
    );
  });
});

function arg0(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constantFrom(0, 1, 2, -3, 0.5, '/registry/f/a', '/x', null, 'v'), fc.anything());
}

describe('sqlite store internals', () => {
  test('concurrent writes share transactions (group commit)', async () => {
    await withDir(async (dir) => {
      const store = await open(dir);
      try {
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, i) => store.create(`/registry/g/${i}`, 'v')),
        );
        assert.ok(results.every((r) => r.ok));
        const s = store.stats();
        assert.equal(s.writes, 200);
        assert.ok(s.commits <= 2, `200 concurrent writes took ${s.commits} transactions`);
      } finally {
        await store.close();
      }
    });
  });

  test('compaction gives the space of superseded versions back to the file system', async () => {
    await withDir(async (dir) => {
      const store = await open(dir);
      try {
        const big = 'b'.repeat(10 * 1024);
        let kv = await store.create('/registry/big/a', big);
        assert.ok(kv.ok);
        let rev = kv.kv.modRevision;
        for (let i = 0; i < 1500; i++) {
          const r = await store.update('/registry/big/a', `${i}${big}`, rev);
          assert.ok(r.ok);
          rev = r.kv.modRevision;
        }
        const before = store.stats().fileBytes;
        assert.ok(before > 15 * 1024 * 1024, `expected >15 MiB before compaction, got ${before}`);
        await store.compact(rev - 1);
        // Pages go back to the file system in the background once writers are idle.
        const deadline = Date.now() + 10_000;
        while (store.stats().freePages > 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const after = store.stats();
        assert.ok(after.fileBytes < 1024 * 1024, `expected <1 MiB after compaction, got ${after.fileBytes}`);
        assert.equal(after.freePages, 0);
        kv = await store.create('/registry/big/b', 'x');
        assert.ok(kv.ok);
        assert.equal((await store.get('/registry/big/a')).kv?.modRevision, rev);
        assert.equal((await store.get('/registry/big/a', rev)).kv?.value.startsWith('1499'), true);
      } finally {
        await store.close();
      }
    });
  });

  test('automatic compaction keeps the retention window of history', async () => {
    await withDir(async (dir) => {
      let now = 1_000_000;
      const store = await open(dir, {
        compactionRetentionMs: 1000,
        compactionIntervalMs: 20,
        now: () => now,
      });
      try {
        for (let i = 0; i < 10; i++) await store.create(`/registry/a/${i}`, 'v'); // at t=0
        now += 1500;
        await store.create('/registry/b/1', 'v'); // 11, sampled at t=1.5s
        for (let i = 2; i < 6; i++) await store.create(`/registry/b/${i}`, 'v'); // 12..15
        await new Promise((resolve) => setTimeout(resolve, 100));
        // Everything up to 10 was written before t=0.5s...but it is only 0.5 s old: keep it.
        assert.equal(await store.compactedRevision(), 0);
        now += 1000; // t=2.5s: history current at t=1.5s is now older than the window
        const deadline = Date.now() + 5000;
        while ((await store.compactedRevision()) !== 11) {
          assert.ok(Date.now() < deadline, `compacted revision stayed ${await store.compactedRevision()}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.equal((await store.list('/registry/', { revision: 12 })).kvs.length, 12);
      } finally {
        await store.close();
      }
    });
  });

  test('a second open of the same store is refused while the first is open', async () => {
    await withDir(async (dir) => {
      const store = await open(dir);
      try {
        await assert.rejects(open(dir), (err: unknown) => {
          assert.ok(err instanceof StoreError);
          assert.equal(err.code, 'unavailable');
          assert.match(err.message, new RegExp(`in use by process ${process.pid}`));
          return true;
        });
      } finally {
        await store.close();
      }
      const again = await open(dir);
      await again.close();
    });
  });

  test('fuzz: bad arguments get a StoreError, never a crash', async () => {
    await withDir(async (dir) => {
      const store = await open(dir);
      try {
        await store.create('/registry/f/a', 'v');
        const key = fc.oneof(
          { arbitrary: fc.constantFrom('/registry/f/', '/registry/f/a', '/registry/g'), weight: 4 },
          { arbitrary: fc.anything(), weight: 1 },
        );
        const arg = fc.oneof(
          { arbitrary: fc.constantFrom('v', 0, 1, 2, -1, 1.5, undefined, null, {}, []), weight: 4 },
          { arbitrary: fc.anything(), weight: 1 },
          { arbitrary: fc.double(), weight: 1 },
          {
            arbitrary: fc.record(
              { limit: arg0(), startKey: arg0(), revision: arg0(), ttlSeconds: arg0() },
              { requiredKeys: [] },
            ),
            weight: 2,
          },
        );
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 0, max: 6 }), key, arg, arg, async (which, a, b, c) => {
            const calls: Array<() => Promise<unknown>> = [
              () => store.get(a as string, b as number),
              () => store.create(a as string, b as string, c as { ttlSeconds?: number }),
              () => store.update(a as string, b as string, c as number),
              () => store.delete(a as string, b as number),
              () => store.list(a as string, b as { limit?: number }),
              () => store.count(a as string),
              () => store.compact(a as number),
            ];
            try {
              await calls[which]!();
            } catch (err) {
              assert.ok(err instanceof StoreError, `call ${which} threw ${String(err)}`);
              assert.ok(err.message.length > 0);
            }
          }),
          { seed: 7, numRuns: 2000 },
        );
      } finally {
        await store.close();
      }
    });
  });
});
