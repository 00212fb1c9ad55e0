import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceFor } from '../../api/index.js';
import { StatusError } from '../../apimachinery/errors/index.js';
import type { Store } from '../../storage/index.js';
import { openSqliteStore } from '../../storage/sqlite/index.js';
import { RegistryStore, type RegistryStoreOptions } from './generic-store.js';
import type { JsonObject, RequestContext } from './types.js';

/** A registry over a fresh SQLite store in a temp dir, with a settable clock and counted UIDs. */
export interface Fixture {
  readonly reg: RegistryStore;
  readonly store: Store;
  /** Request context in namespace `ns` (default `default`). */
  ctx(ns?: string): RequestContext;
  /** Moves the clock forward. */
  advance(seconds: number): void;
  close(): Promise<void>;
}

/** The fixed start of the test clock. */
export const T0 = Date.parse('2024-05-06T07:08:09.500Z');

/** Opens a fixture for `group/version/resource`. Throws when the resource is not in the catalogue. */
export async function fixture(
  group: string,
  version: string,
  resource: string,
  opts: RegistryStoreOptions = {},
): Promise<Fixture> {
  const info = resourceFor({ group, version, resource });
  if (info === undefined) throw new Error(`no resource ${group}/${version}/${resource}`);
  const dir = mkdtempSync(join(tmpdir(), 'kite-registry-'));
  const store = await openSqliteStore({ dir, compactionIntervalMs: 3_600_000, synchronous: 'NORMAL' });
  let uid = 0;
  let now = T0;
  const reg = new RegistryStore(info, store, {
    newUID: () => `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`,
    ...opts,
  });
  return {
    reg,
    store,
    ctx: (ns = 'default') => ({
      namespace: info.namespaced ? ns : '',
      user: 'alice',
      now: () => new Date(now),
    }),
    advance: (s) => {
      now += s * 1000;
    },
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Awaits `p` and returns the StatusError it rejects with; fails when it resolves or rejects otherwise. */
export async function statusOf(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw new Error(`expected a StatusError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a StatusError, the call succeeded');
}

/** A minimal valid ConfigMap. */
export function configMap(
  name: string,
  data: Record<string, string> = {},
  extra: JsonObject = {},
): JsonObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data };
}

/** A minimal valid Pod (scheduled on `node` when given). */
export function pod(name: string, node?: string): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      containers: [{ name: 'c', image: 'busybox' }],
      ...(node === undefined ? {} : { nodeName: node }),
    },
  };
}

/** `metadata` of an answer, typed for assertions. */
export function meta(obj: JsonObject): JsonObject {
  return obj['metadata'] as JsonObject;
}
