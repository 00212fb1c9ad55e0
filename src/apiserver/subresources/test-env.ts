// Test support: the registries of a few built-in resources over a fresh SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceInfo } from '../../api/index.js';
import type { Store } from '../../storage/index.js';
import { openSqliteStore } from '../../storage/sqlite/index.js';
import { type JsonObject, RegistryStore, type RequestContext } from '../registry/index.js';
import { builtin } from './util.js';

/** A store with one registry per resource, a settable clock, and cleanup. */
export interface TestEnv {
  readonly store: Store;
  registry(group: string, version: string, resource: string): RegistryStore;
  registryFor(info: ResourceInfo): RegistryStore;
  ctx(ns?: string): RequestContext;
  now(): Date;
  advance(seconds: number): void;
  close(): Promise<void>;
}

/** The start of the test clock. */
export const T0 = Date.parse('2024-05-06T07:08:09Z');

/** Opens a fresh environment; call close() when done. */
export async function testEnv(): Promise<TestEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'kite-subres-'));
  const store = await openSqliteStore({ dir, compactionIntervalMs: 3_600_000, synchronous: 'NORMAL' });
  const regs = new Map<string, RegistryStore>();
  let now = T0;
  const registryFor = (info: ResourceInfo) => {
    const key = `${info.group}/${info.plural}`;
    let r = regs.get(key);
    if (r === undefined) {
      r = new RegistryStore(info, store);
      regs.set(key, r);
    }
    return r;
  };
  return {
    store,
    registryFor,
    registry: (g, v, r) => registryFor(builtin(g, v, r)),
    ctx: (ns = 'default') => ({ namespace: ns, user: 'alice', now: () => new Date(now) }),
    now: () => new Date(now),
    advance: (s) => {
      now += s * 1000;
    },
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal pod with the given containers (default one named `c`). */
export function testPod(
  name: string,
  extra: JsonObject = {},
  containers: readonly string[] = ['c'],
): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...extra },
    spec: { containers: containers.map((c) => ({ name: c, image: 'busybox' })) },
  };
}
