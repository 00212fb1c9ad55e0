// A fresh SQLite store in a temp dir for the tests of this folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../storage/index.js';
import { openSqliteStore } from '../../storage/sqlite/index.js';

/** A store and its cleanup. */
export interface TestStore {
  readonly store: Store;
  close(): Promise<void>;
}

/** Opens an embedded store in a new temp dir; `close` removes it. */
export async function openTestStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'kite-services-'));
  const store = await openSqliteStore({ dir, compactionIntervalMs: 3_600_000, synchronous: 'NORMAL' });
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A deterministic random source: always the same fraction of the range. */
export function fixedRandom(fraction = 0): (n: bigint) => bigint {
  return (n) => (n * BigInt(Math.floor(fraction * 1000))) / 1000n;
}
