import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ResourceInfo, resourceFor } from '../../api/index.js';
import type { Admission, AdmissionAttributes, AdmissionOperation } from '../registry/admission.js';
import { RegistryStore } from '../registry/generic-store.js';
import type { JsonObject, RequestContext } from '../registry/types.js';
import type { Store } from '../../storage/index.js';
import { openSqliteStore } from '../../storage/sqlite/index.js';
import { lookupOverRegistries } from './lookup.js';
import type { AdmissionLookup } from './types.js';

/** Registries over one fresh SQLite store, sharing an admission chain: for admission tests. */
export interface AdmissionTestEnv {
  readonly store: Store;
  /** Reads through the registries (without admission). */
  readonly lookup: AdmissionLookup;
  /** The registry of `group/version/resource`, with `admission` (set by `use`) on its writes. */
  registry(group: string, version: string, resource: string): RegistryStore;
  /** Plain registry (no admission) of `group/version/resource`, to seed objects. */
  raw(group: string, version: string, resource: string): RegistryStore;
  /** Sets the admission used by `registry`. */
  use(admission: Admission): void;
  /** A request context in `namespace` by `user` (groups given). */
  ctx(namespace?: string, user?: string, groups?: string[]): RequestContext;
  close(): Promise<void>;
}

/** Opens a test environment in a temp dir; `close` removes it. */
export async function openAdmissionTestEnv(): Promise<AdmissionTestEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'kite-admission-'));
  const store = await openSqliteStore({ dir, compactionIntervalMs: 3_600_000, synchronous: 'NORMAL' });
  let admission: Admission | undefined;
  const withAdmission = new Map<string, RegistryStore>();
  const plain = new Map<string, RegistryStore>();
  const forward: Admission = {
    admit: (a) => admission?.admit(a) ?? Promise.resolve(),
    validate: (a) => admission?.validate(a) ?? Promise.resolve(),
  };
  const resolve = (group: string, version: string, resource: string): ResourceInfo => {
    const info = resourceFor({ group, version, resource });
    if (info === undefined) throw new Error(`no resource ${group}/${version}/${resource}`);
    return info;
  };
  const rawFor = (info: ResourceInfo): RegistryStore => {
    const key = `${info.group}/${info.plural}`;
    let r = plain.get(key);
    if (r === undefined) {
      r = new RegistryStore(info, store);
      plain.set(key, r);
    }
    return r;
  };
  return {
    store,
    lookup: lookupOverRegistries(rawFor),
    registry(group, version, resource) {
      const info = resolve(group, version, resource);
      const key = `${info.group}/${info.plural}`;
      let r = withAdmission.get(key);
      if (r === undefined) {
        r = new RegistryStore(info, store, { admission: forward });
        withAdmission.set(key, r);
      }
      return r;
    },
    raw: (group, version, resource) => rawFor(resolve(group, version, resource)),
    use(a) {
      admission = a;
    },
    ctx: (namespace = 'default', user = 'alice', groups = ['system:authenticated']) => ({
      namespace,
      user,
      userInfo: { name: user, groups },
      now: () => new Date(),
    }),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Attributes of a request for unit tests of one plugin (warnings collected). */
export function attrs(
  resource: [group: string, version: string, plural: string],
  operation: AdmissionOperation,
  opts: {
    namespace?: string;
    name?: string;
    object?: JsonObject;
    oldObject?: JsonObject;
    subresource?: string;
    user?: string;
  } = {},
): AdmissionAttributes & { warnings: string[] } {
  const info = resourceFor({ group: resource[0], version: resource[1], resource: resource[2] });
  if (info === undefined) throw new Error(`no resource ${resource.join('/')}`);
  const user = opts.user ?? 'alice';
  return {
    operation,
    resource: info,
    subresource: opts.subresource ?? '',
    namespace: info.namespaced ? (opts.namespace ?? 'default') : '',
    name: opts.name ?? '',
    object: opts.object,
    oldObject: opts.oldObject,
    dryRun: false,
    ctx: {
      namespace: opts.namespace ?? 'default',
      user,
      userInfo: { name: user, groups: [] },
      now: () => new Date(),
    },
    warnings: [],
  };
}

/** A lookup over fixed objects keyed `plural/namespace/name` (namespace '' when cluster-scoped). */
export function mapLookup(objects: Record<string, JsonObject>): AdmissionLookup {
  return {
    get: async (info, namespace, name) => {
      const o = objects[`${info.plural}/${namespace}/${name}`];
      return o === undefined ? undefined : structuredClone(o);
    },
    list: async (info, namespace) =>
      Object.entries(objects)
        .filter(([k]) => k.startsWith(`${info.plural}/${namespace}/`))
        .map(([, v]) => structuredClone(v)),
  };
}
