import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Store } from '../store.js';
import type { StoreFactory } from './harness.js';
import { mustCreate, mustDelete, mustUpdate, rejectsStoreError, withStore } from './harness.js';

const T = { timeout: 30_000 };

async function seed(store: Store, keys: readonly string[]): Promise<void> {
  for (const k of keys) await mustCreate(store, k, `v:${k}`);
}

function keysOf(r: { kvs: readonly { key: string }[] }): string[] {
  return r.kvs.map((kv) => kv.key);
}

/** Registers the prefix listing cases: order, isolation, paging, old revisions, count. */
export function registerList(newStore: StoreFactory): void {
  describe('list and count', () => {
    test('lists in key order and only under the prefix', T, async () => {
      await withStore(newStore, async (store) => {
        await seed(store, [
          '/registry/pods/ns2/b',
          '/registry/podsX/ns/a',
          '/registry/pods/ns1/z',
          '/registry/pods',
          '/registry/pods/ns1/a',
          '/registry/pod/ns/a',
          '/registry/pods0',
          '/registry/pods/ns1/a-b',
          '/registry/pods/ns10/a',
        ]);
        const r = await store.list('/registry/pods/');
        assert.deepEqual(keysOf(r), [
          '/registry/pods/ns1/a',
          '/registry/pods/ns1/a-b',
          '/registry/pods/ns1/z',
          '/registry/pods/ns10/a',
          '/registry/pods/ns2/b',
        ]);
        assert.equal(r.revision, 9);
        assert.equal(r.more, false);
        assert.equal(r.remaining, 0);
        assert.deepEqual(r.kvs[0], {
          key: '/registry/pods/ns1/a',
          value: 'v:/registry/pods/ns1/a',
          createRevision: 5,
          modRevision: 5,
        });
        assert.deepEqual(keysOf(await store.list('/registry/pods/ns1/')), [
          '/registry/pods/ns1/a',
          '/registry/pods/ns1/a-b',
          '/registry/pods/ns1/z',
        ]);
        assert.deepEqual(keysOf(await store.list('/registry/nothing/')), []);
        assert.equal(await store.count('/registry/pods/'), 5);
        assert.equal(await store.count('/registry/pods/ns1/'), 3);
        assert.equal(await store.count('/registry/'), 9);
        assert.equal(await store.count('/registry/nothing/'), 0);
      });
    });

    test('limit and startKey page through a prefix', T, async () => {
      await withStore(newStore, async (store) => {
        const keys = Array.from({ length: 10 }, (_, i) => `/registry/cm/ns/k${String(i).padStart(2, '0')}`);
        await seed(store, [...keys].reverse());
        await mustCreate(store, '/registry/cmX/after', 'x');
        const cases: Array<{
          name: string;
          limit?: number;
          startKey?: string;
          want: string[];
          more: boolean;
          remaining: number;
        }> = [
          { name: 'limit 0 means all', limit: 0, want: keys, more: false, remaining: 0 },
          { name: 'first page', limit: 3, want: keys.slice(0, 3), more: true, remaining: 7 },
          { name: 'limit equal to size', limit: 10, want: keys, more: false, remaining: 0 },
          { name: 'limit above size', limit: 50, want: keys, more: false, remaining: 0 },
          {
            name: 'start inclusive',
            limit: 3,
            startKey: keys[4],
            want: keys.slice(4, 7),
            more: true,
            remaining: 3,
          },
          { name: 'last page', limit: 3, startKey: keys[7], want: keys.slice(7), more: false, remaining: 0 },
          {
            name: 'start between keys',
            limit: 2,
            startKey: `${keys[4]}\u0000`,
            want: keys.slice(5, 7),
            more: true,
            remaining: 3,
          },
          {
            name: 'start past the end',
            limit: 2,
            startKey: '/registry/cm/ns/zzz',
            want: [],
            more: false,
            remaining: 0,
          },
        ];
        for (const c of cases) {
          const opts = {
            ...(c.limit === undefined ? {} : { limit: c.limit }),
            ...(c.startKey === undefined ? {} : { startKey: c.startKey }),
          };
          const r = await store.list('/registry/cm/', opts);
          assert.deepEqual(keysOf(r), c.want, c.name);
          assert.equal(r.more, c.more, `${c.name}: more`);
          assert.equal(r.remaining, c.remaining, `${c.name}: remaining`);
          assert.equal(r.revision, 11, `${c.name}: revision`);
        }
      });
    });

    test('a start key outside the prefix is rejected', T, async () => {
      await withStore(newStore, async (store) => {
        await rejectsStoreError(
          store.list('/registry/pods/', { startKey: '/registry/secrets/a', limit: 1 }),
          'invalid',
          'startKey outside prefix',
        );
      });
    });

    test('pages read at the first page revision stay consistent while others write', T, async () => {
      await withStore(newStore, async (store) => {
        const keys = Array.from({ length: 20 }, (_, i) => `/registry/pods/ns/p${String(i).padStart(2, '0')}`);
        await seed(store, keys);
        const first = await store.list('/registry/pods/', { limit: 5 });
        assert.equal(first.revision, 20);
        assert.deepEqual(keysOf(first), keys.slice(0, 5));
        // Writes after the first page: new keys before and after the cursor, updates, deletes.
        await mustCreate(store, '/registry/pods/ns/p00a', 'new');
        await mustCreate(store, '/registry/pods/ns/p07a', 'new');
        await mustUpdate(store, keys[8]!, 'changed', 9);
        await mustDelete(store, keys[12]!);
        await mustDelete(store, keys[1]!);
        const seen = [...keysOf(first)];
        let page = first;
        while (page.more) {
          const last = page.kvs[page.kvs.length - 1]!.key;
          page = await store.list('/registry/pods/', {
            limit: 5,
            startKey: `${last}\u0000`,
            revision: first.revision,
          });
          assert.equal(page.revision, first.revision);
          for (const kv of page.kvs) {
            assert.equal(kv.value, `v:${kv.key}`, `${kv.key} must be read as of revision ${first.revision}`);
          }
          seen.push(...keysOf(page));
        }
        assert.deepEqual(seen, keys);
        const now = await store.list('/registry/pods/');
        assert.equal(now.kvs.length, 20);
        assert.equal(now.revision, 25);
      });
    });

    test('list at an older revision shows the prefix as it was', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/s/a', 'a1'); // 1
        await mustCreate(store, '/registry/s/b', 'b1'); // 2
        await mustUpdate(store, '/registry/s/a', 'a2', 1); // 3
        await mustDelete(store, '/registry/s/b'); // 4
        await mustCreate(store, '/registry/s/c', 'c1'); // 5
        await mustCreate(store, '/registry/s/b', 'b2'); // 6
        const cases: Array<[number, string[]]> = [
          [1, ['/registry/s/a=a1@1']],
          [2, ['/registry/s/a=a1@1', '/registry/s/b=b1@2']],
          [3, ['/registry/s/a=a2@3', '/registry/s/b=b1@2']],
          [4, ['/registry/s/a=a2@3']],
          [5, ['/registry/s/a=a2@3', '/registry/s/c=c1@5']],
          [6, ['/registry/s/a=a2@3', '/registry/s/b=b2@6', '/registry/s/c=c1@5']],
        ];
        for (const [rev, want] of cases) {
          const r = await store.list('/registry/s/', { revision: rev });
          assert.equal(r.revision, rev);
          assert.deepEqual(
            r.kvs.map((kv) => `${kv.key}=${kv.value}@${kv.modRevision}`),
            want,
            `at revision ${rev}`,
          );
        }
        const paged = await store.list('/registry/s/', { revision: 3, limit: 1 });
        assert.deepEqual(keysOf(paged), ['/registry/s/a']);
        assert.equal(paged.more, true);
        assert.equal(paged.remaining, 1);
        const b = await store.list('/registry/s/', { revision: 6 });
        assert.equal(b.kvs[1]?.createRevision, 6, 'recreated key has a new createRevision');
      });
    });

    test('reads at a revision not yet written are rejected', T, async () => {
      await withStore(newStore, async (store) => {
        await mustCreate(store, '/registry/f/a', 'v');
        await rejectsStoreError(store.list('/registry/f/', { revision: 5 }), 'future-revision', 'list');
        await rejectsStoreError(store.get('/registry/f/a', 5), 'future-revision', 'get');
      });
    });
  });
}
