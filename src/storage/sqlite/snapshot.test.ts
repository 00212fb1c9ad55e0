import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { StoreError } from '../store.js';
import { restoreSnapshot, saveSnapshot } from './snapshot.js';
import { openSqliteStore } from './sqlite-store.js';

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kite-snap-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('snapshots', () => {
  test('a snapshot taken while writers run is one consistent revision, and restores', async () => {
    await withDir(async (root) => {
      const store = await openSqliteStore({ dir: join(root, 'a'), compactionRetentionMs: 0 });
      const acked = new Map<string, number>();
      let stop = false;
      const writer = async (w: number): Promise<void> => {
        for (let i = 0; !stop; i++) {
          const r = await store.create(`/registry/s/w${w}-${i}`, 'x'.repeat(512));
          if (r.ok) acked.set(r.kv.key, r.kv.modRevision);
        }
      };
      const writers = Promise.all(Array.from({ length: 4 }, (_, w) => writer(w)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await store.snapshot(join(root, 'snap.db'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      stop = true;
      await writers;
      const finalRev = await store.currentRevision();
      await store.close();

      const restored = await restoreSnapshot(join(root, 'snap.db'), join(root, 'b'));
      assert.ok(
        restored.revision > 0 && restored.revision < finalRev,
        `snapshot revision ${restored.revision}`,
      );
      const copy = await openSqliteStore({ dir: join(root, 'b'), compactionRetentionMs: 0 });
      try {
        assert.equal(await copy.currentRevision(), restored.revision);
        let expected = 0;
        for (const [key, rev] of acked) {
          const { kv } = await copy.get(key);
          if (rev <= restored.revision) {
            expected++;
            assert.equal(kv?.modRevision, rev, `${key} must be in the snapshot`);
          } else {
            assert.equal(kv, undefined, `${key} (revision ${rev}) must not be in the snapshot`);
          }
        }
        assert.equal(await copy.count('/registry/s/'), expected);
      } finally {
        await copy.close();
      }
    });
  });

  test('saving with no server running opens the store itself', async () => {
    await withDir(async (root) => {
      const store = await openSqliteStore({ dir: root });
      await store.create('/registry/a', 'v');
      await store.close();
      const r = await saveSnapshot(root, join(root, 'out.db'));
      assert.deepEqual(r, { mode: 'offline', revision: 1 });
      const db = new Database(join(root, 'out.db'), { readonly: true });
      assert.equal(db.pragma('quick_check', { simple: true }), 'ok');
      db.close();
    });
  });

  test('restore refuses while the store is open', async () => {
    await withDir(async (root) => {
      const source = await openSqliteStore({ dir: join(root, 'src') });
      await source.create('/registry/a', 'v');
      await source.snapshot(join(root, 'snap.db'));
      await assert.rejects(restoreSnapshot(join(root, 'snap.db'), join(root, 'src')), (err: unknown) => {
        assert.ok(err instanceof StoreError);
        assert.equal(err.code, 'unavailable');
        assert.match(
          err.message,
          /is in use by a running process \(pid \d+\); stop the server before restoring/,
        );
        return true;
      });
      assert.equal((await source.get('/registry/a')).kv?.value, 'v');
      await source.close();
    });
  });

  const bad: Array<[string, (file: string) => void, RegExp]> = [
    ['a missing file', () => undefined, /is not a kite store snapshot/],
    ['an empty file', (f) => writeFileSync(f, ''), /is not a kite store snapshot/],
    ['random bytes', (f) => writeFileSync(f, Buffer.alloc(8192, 7)), /is not a kite store snapshot/],
    [
      'another SQLite database',
      (f) => {
        const db = new Database(f);
        db.exec('CREATE TABLE t (x)');
        db.close();
      },
      /is not a kite store snapshot/,
    ],
  ];
  for (const [name, make, message] of bad) {
    test(`restore rejects ${name} and leaves the store alone`, async () => {
      await withDir(async (root) => {
        const store = await openSqliteStore({ dir: join(root, 'data') });
        await store.create('/registry/keep', 'v');
        await store.close();
        make(join(root, 'bad.db'));
        await assert.rejects(
          restoreSnapshot(join(root, 'bad.db'), join(root, 'data')),
          (err: unknown) => err instanceof StoreError && err.code === 'invalid' && message.test(err.message),
        );
        const again = await openSqliteStore({ dir: join(root, 'data') });
        assert.equal((await again.get('/registry/keep')).kv?.value, 'v');
        await again.close();
      });
    });
  }

  test('saving from a directory without a store says so', async () => {
    await withDir(async (root) => {
      await assert.rejects(saveSnapshot(root, join(root, 'x.db')), /no kite store at/);
    });
  });
});

describe('restore with a revision bump', () => {
  test('moves the revision on and marks older history compacted', async () => {
    await withDir(async (root) => {
      const store = await openSqliteStore({ dir: join(root, 'a'), compactionRetentionMs: 0 });
      await store.create('/registry/a', 'v1'); // 1
      await store.update('/registry/a', 'v2', 1); // 2
      await store.create('/registry/b', 'v'); // 3
      await store.snapshot(join(root, 'snap.db'));
      await store.close();
      const r = await restoreSnapshot(join(root, 'snap.db'), join(root, 'b'), { bumpRevision: 1000 });
      assert.deepEqual(r, { revision: 1003 });
      const copy = await openSqliteStore({ dir: join(root, 'b'), compactionRetentionMs: 0 });
      try {
        assert.equal(await copy.currentRevision(), 1003);
        assert.equal(await copy.compactedRevision(), 1003);
        assert.deepEqual((await copy.get('/registry/a')).kv, {
          key: '/registry/a',
          value: 'v2',
          createRevision: 1,
          modRevision: 2,
        });
        await assert.rejects(copy.list('/registry/', { revision: 3 }), /compacted/);
        const w = copy.watch({
          prefix: '/registry/',
          afterRevision: 500,
          signal: new AbortController().signal,
        });
        await assert.rejects(w[Symbol.asyncIterator]().next(), /compacted/);
        const next = await copy.update('/registry/a', 'v3', 2);
        assert.ok(next.ok);
        assert.equal(next.kv.modRevision, 1004);
      } finally {
        await copy.close();
      }
    });
  });

  test('a negative bump is refused', async () => {
    await assert.rejects(
      restoreSnapshot('/nonexistent', '/nonexistent', { bumpRevision: -1 }),
      /bumpRevision/,
    );
  });
});
