import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store } from '../../src/storage/index.js';
import { openSqliteStore } from '../../src/storage/sqlite/index.js';
import type { Synchronous } from '../../src/storage/sqlite/index.js';
import { tempDir } from '../../test/support/temp-dir.js';

/** A store under test and how to dispose of it. */
export interface BenchBackend {
  readonly name: string;
  readonly store: Store;
  readonly dispose: () => Promise<void>;
}

/** The embedded store on a fresh temp directory. */
export async function openEmbedded(synchronous: Synchronous): Promise<BenchBackend> {
  const dir = tempDir('bench-sqlite');
  const store = await openSqliteStore({ dir: dir.path, synchronous });
  return {
    name: `sqlite (${synchronous})`,
    store,
    dispose: async () => {
      await store.close();
      dir.remove();
    },
  };
}

// The etcd backend and its launcher are loaded at run time, so the benchmark still builds and
// reports the embedded half (and says why not the other) when they are missing or broken.
interface EtcdModule {
  openEtcdStore(opts: { endpoints: readonly string[]; compactionIntervalMs?: number }): Promise<Store>;
}
interface LauncherModule {
  startEtcd(opts: { members: 1 }): Promise<{ endpoints: readonly string[]; stop(): Promise<void> }>;
}

/** A single-member etcd (fsync on) with the etcd backend on it, or why it is not available. */
export async function openEtcd(): Promise<BenchBackend | { unavailable: string }> {
  const backendUrl = new URL('../../src/storage/etcd/index.js', import.meta.url);
  const launcherUrl = new URL('../../test/support/etcd-cluster.js', import.meta.url);
  for (const u of [backendUrl, launcherUrl]) {
    if (!existsSync(fileURLToPath(u)))
      return { unavailable: `etcd backend not available: ${fileURLToPath(u)} is missing` };
  }
  let cluster: Awaited<ReturnType<LauncherModule['startEtcd']>> | undefined;
  try {
    const backend = (await import(backendUrl.href)) as EtcdModule;
    const launcher = (await import(launcherUrl.href)) as LauncherModule;
    cluster = await launcher.startEtcd({ members: 1 });
    const store = await backend.openEtcdStore({ endpoints: cluster.endpoints, compactionIntervalMs: 0 });
    const running = cluster;
    return {
      name: 'etcd (1 member, fsync)',
      store,
      dispose: async () => {
        await store.close();
        await running.stop();
      },
    };
  } catch (err) {
    await cluster?.stop().catch(() => undefined);
    return { unavailable: `etcd backend not available: ${err instanceof Error ? err.message : String(err)}` };
  }
}
