// Helpers shared by the etcd backend's integration tests.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { type EtcdStoreOptions, openEtcdStore } from '../../src/storage/etcd/index.js';
import type { Store, WatchEvent } from '../../src/storage/index.js';
import type { EtcdCluster } from './etcd-cluster.js';

/** Runs etcdctl against the cluster and returns its output; throws when it fails. */
export function etcdctl(cluster: EtcdCluster, ...args: string[]): string {
  return execFileSync('etcdctl', [`--endpoints=${cluster.endpoints.join(',')}`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ETCDCTL_API: '3' },
  });
}

/** Opens a store on the cluster without periodic compaction. */
export async function open(cluster: EtcdCluster, extra: Partial<EtcdStoreOptions> = {}): Promise<Store> {
  return openEtcdStore({ endpoints: cluster.endpoints, compactionIntervalMs: 0, ...extra });
}

/** Creates a key that must not exist yet; resolves with its revision. */
export async function mustCreate(
  store: Store,
  key: string,
  value: string,
  ttlSeconds?: number,
): Promise<number> {
  const r = await store.create(key, value, ttlSeconds === undefined ? undefined : { ttlSeconds });
  assert.ok(r.ok, `create ${key}`);
  return r.kv.modRevision;
}

/** Collects the events of a watch until stopped (or until it ends by itself). */
export function record(store: Store, prefix: string, afterRevision: number) {
  const ac = new AbortController();
  const events: WatchEvent[] = [];
  let error: unknown;
  const done = (async () => {
    try {
      for await (const b of store.watch({ prefix, afterRevision, signal: ac.signal })) {
        if (b.type === 'events') events.push(...b.events);
      }
    } catch (err) {
      error = err;
    }
  })();
  return {
    events,
    error: () => error,
    async until(n: number, ms: number): Promise<void> {
      const deadline = Date.now() + ms;
      while (events.length < n && error === undefined) {
        assert.ok(Date.now() < deadline, `only ${events.length} of ${n} events after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    /** Waits for the watch to end by itself. */
    async ended(ms: number): Promise<void> {
      await Promise.race([
        done,
        new Promise((_, reject) => setTimeout(() => reject(new Error('watch did not end')), ms)),
      ]);
    },
    async stop(): Promise<void> {
      ac.abort();
      await done;
    },
  };
}

/** The revision of an event. */
export const revOf = (e: WatchEvent): number => (e.type === 'delete' ? e.revision : e.kv.modRevision);
