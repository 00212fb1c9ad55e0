import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoreFactory } from './harness.js';
import { mustCreate, mustDelete, mustUpdate, withStore } from './harness.js';

const T = { timeout: 30_000 };

/** Registers the single-key write and read cases: outcomes, revisions, conditions, races. */
export function registerCrud(newStore: StoreFactory): void {
  describe('single keys', () => {
    test('an empty store is at revision 0 and has nothing', T, async () => {
      await withStore(newStore, async (store) => {
        assert.equal(await store.currentRevision(), 0);
        assert.equal(await store.compactedRevision(), 0);
        assert.deepEqual(await store.get('/registry/pods/default/a'), { kv: undefined, revision: 0 });
        assert.equal(await store.count('/registry/'), 0);
      });
    });

    test('create stores the key at the next revision', T, async () => {
      await withStore(newStore, async (store) => {
        const r = await store.create('/registry/pods/default/a', '{"a":1}');
        assert.deepEqual(r, {
          ok: true,
          kv: { key: '/registry/pods/default/a', value: '{"a":1}', createRevision: 1, modRevision: 1 },
        });
        assert.equal(await store.currentRevision(), 1);
        assert.deepEqual(await store.get('/registry/pods/default/a'), {
          kv: { key: '/registry/pods/default/a', value: '{"a":1}', createRevision: 1, modRevision: 1 },
          revision: 1,
        });
      });
    });

    test('create of an existing key reports it and writes nothing', T, async () => {
      await withStore(newStore, async (store) => {
        const first = await mustCreate(store, '/registry/pods/default/a', 'one');
        const r = await store.create('/registry/pods/default/a', 'two');
        assert.deepEqual(r, { ok: false, reason: 'exists', current: first });
        assert.equal(await store.currentRevision(), 1, 'a failed write must not consume a revision');
        assert.equal((await store.get('/registry/pods/default/a')).kv?.value, 'one');
      });
    });

    test('update with the current revision replaces the value and keeps createRevision', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/pods/default/a', 'one');
        await mustCreate(store, '/registry/pods/default/b', 'other');
        const r = await store.update('/registry/pods/default/a', 'two', 1);
        assert.deepEqual(r, {
          ok: true,
          kv: { key: '/registry/pods/default/a', value: 'two', createRevision: 1, modRevision: 3 },
        });
        // The same value again is still a write with its own revision.
        const again = await mustUpdate(store, '/registry/pods/default/a', 'two', 3);
        assert.equal(again.modRevision, 4);
        assert.equal(await store.currentRevision(), 4);
      });
    });

    test('update with a stale revision is a conflict carrying the current key', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/pods/default/a', 'one');
        const now = await mustUpdate(store, '/registry/pods/default/a', 'two', 1);
        for (const stale of [1, 0, 99]) {
          const r = await store.update('/registry/pods/default/a', 'three', stale);
          assert.deepEqual(r, { ok: false, reason: 'conflict', current: now }, `expected revision ${stale}`);
        }
        assert.equal(await store.currentRevision(), 2);
      });
    });

    test('update of a missing key is not-found', T, async () => {
      await withStore(newStore, async (store) => {
        assert.deepEqual(await store.update('/registry/pods/default/x', 'v', 0), {
          ok: false,
          reason: 'not-found',
        });
        assert.deepEqual(await store.update('/registry/pods/default/x', 'v', 5), {
          ok: false,
          reason: 'not-found',
        });
        assert.equal(await store.currentRevision(), 0);
      });
    });

    test('delete without a revision removes the key and returns its last state', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/pods/default/a', 'one');
        const last = await mustUpdate(store, '/registry/pods/default/a', 'two', 1);
        const r = await store.delete('/registry/pods/default/a');
        assert.deepEqual(r, { ok: true, prev: last, revision: 3 });
        assert.deepEqual(await store.get('/registry/pods/default/a'), { kv: undefined, revision: 3 });
        assert.deepEqual(await store.delete('/registry/pods/default/a'), { ok: false, reason: 'not-found' });
        assert.equal(await store.currentRevision(), 3);
      });
    });

    test('delete with an expected revision', T, async () => {
      await withStore(newStore, async (store) => {
        const kv = await mustCreate(store, '/registry/pods/default/a', 'one');
        assert.deepEqual(await store.delete('/registry/pods/default/a', 7), {
          ok: false,
          reason: 'conflict',
          current: kv,
        });
        assert.deepEqual(await store.delete('/registry/pods/default/missing', 1), {
          ok: false,
          reason: 'not-found',
        });
        assert.deepEqual(await store.delete('/registry/pods/default/a', 1), {
          ok: true,
          prev: kv,
          revision: 2,
        });
      });
    });

    test('a key created again after a delete starts a new life', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/pods/default/a', 'one');
        await mustDelete(store, '/registry/pods/default/a');
        const again = await mustCreate(store, '/registry/pods/default/a', 'again');
        assert.deepEqual(again, {
          key: '/registry/pods/default/a',
          value: 'again',
          createRevision: 3,
          modRevision: 3,
        });
        // An update conditioned on the first life's revision must not apply to the second.
        const r = await store.update('/registry/pods/default/a', 'x', 1);
        assert.equal(r.ok, false);
      });
    });

    test('values round-trip exactly', T, async () => {
      await withStore(newStore, async (store) => {
        const cases: Array<[string, string]> = [
          ['empty', ''],
          ['unicode', 'héllo wörld ✓ 𝄞 日本語'],
          ['control characters', 'a\u0000b\u0001c\n\r\t'],
          ['json', JSON.stringify({ metadata: { name: 'x', labels: { a: 'b' } }, spec: [1, 2.5, null] })],
          ['large', 'x'.repeat(256 * 1024)],
        ];
        for (const [name, value] of cases) {
          const key = `/registry/values/${name}`;
          await mustCreate(store, key, value);
          assert.equal((await store.get(key)).kv?.value, value, name);
        }
        const unicodeKey = '/registry/configmaps/ns/ключ-✓';
        await mustCreate(store, unicodeKey, 'v');
        assert.equal((await store.get(unicodeKey)).kv?.key, unicodeKey);
      });
    });

    test('revisions form one global counter, strictly increasing across keys', T, async () => {
      await withStore(newStore, async (store) => {
        const seen: number[] = [];
        for (let i = 0; i < 20; i++) {
          const kv = await mustCreate(store, `/registry/k${i % 3}/n${i}`, `v${i}`);
          seen.push(kv.modRevision);
        }
        assert.deepEqual(
          seen,
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
        const parallel = await Promise.all(
          Array.from({ length: 50 }, (_, i) => mustCreate(store, `/registry/p/n${i}`, 'v')),
        );
        const revs = parallel.map((kv) => kv.modRevision).sort((a, b) => a - b);
        assert.deepEqual(
          revs,
          Array.from({ length: 50 }, (_, i) => i + 21),
        );
        assert.equal(await store.currentRevision(), 70);
      });
    });

    test('concurrent updates of one key: exactly one wins, the others conflict', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/race/a', 'start');
        const results = await Promise.all(
          Array.from({ length: 32 }, (_, i) => store.update('/registry/race/a', `w${i}`, 1)),
        );
        const winners = results.filter((r) => r.ok);
        assert.equal(winners.length, 1);
        const winner = winners[0];
        assert.ok(winner?.ok);
        for (const r of results) {
          if (r.ok) continue;
          assert.equal(r.reason, 'conflict');
          if (r.reason === 'conflict') assert.equal(r.current.modRevision, 2);
        }
        assert.deepEqual((await store.get('/registry/race/a')).kv, winner.kv);
        assert.equal(await store.currentRevision(), 2);
      });
    });

    test('concurrent creates of one key: exactly one wins, the others see it exist', T, async () => {
      await withStore(newStore, async (store) => {
        const results = await Promise.all(
          Array.from({ length: 16 }, (_, i) => store.create('/registry/race/b', `w${i}`)),
        );
        assert.equal(results.filter((r) => r.ok).length, 1);
        for (const r of results) if (!r.ok) assert.equal(r.reason, 'exists');
        assert.equal(await store.currentRevision(), 1);
      });
    });

    test('a compare-and-swap counter loses no increments under contention', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/counter', '0');
        const worker = async (): Promise<void> => {
          for (let done = 0; done < 10; ) {
            const { kv } = await store.get('/registry/counter');
            assert.ok(kv);
            const r = await store.update('/registry/counter', String(Number(kv.value) + 1), kv.modRevision);
            if (r.ok) done++;
            else assert.equal(r.reason, 'conflict');
          }
        };
        await Promise.all(Array.from({ length: 8 }, worker));
        assert.equal((await store.get('/registry/counter')).kv?.value, '80');
        assert.equal(await store.currentRevision(), 81);
      });
    });

    test('get at an older revision returns the key as it was then', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/h/a', 'v1');
        await mustUpdate(store, '/registry/h/a', 'v2', 1);
        await mustCreate(store, '/registry/h/b', 'other');
        await mustDelete(store, '/registry/h/a');
        const cases: Array<[number, string | undefined, number | undefined]> = [
          [1, 'v1', 1],
          [2, 'v2', 2],
          [3, 'v2', 2],
          [4, undefined, undefined],
        ];
        for (const [rev, value, mod] of cases) {
          const r = await store.get('/registry/h/a', rev);
          assert.equal(r.revision, rev, `revision of get at ${rev}`);
          assert.equal(r.kv?.value, value, `value at ${rev}`);
          assert.equal(r.kv?.modRevision, mod, `modRevision at ${rev}`);
        }
        assert.equal((await store.get('/registry/h/b', 2)).kv, undefined, 'b did not exist at 2');
      });
    });
  });
}
