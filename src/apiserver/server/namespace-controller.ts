// The namespace controller inside `kite server`: its cluster operations served by the API
// server's registries in-process, and its namespace events by the store's watch. The controller
// itself (src/controllers/namespace) knows nothing of either.
import { allResources, type ResourceInfo, resourceFor } from '../../api/index.js';
import { methodNotSupported, StatusError, StatusReason } from '../../apimachinery/errors/index.js';
import {
  type APIResourceList,
  type GroupVersionResource,
  type JsonObject,
  NamespaceController,
  type NamespaceControllerOptions,
  type NamespaceDeletionClient,
  type NamespaceEvent,
  type NamespaceEventSource,
} from '../../controllers/namespace/index.js';
import type { Logger } from '../../log/index.js';
import type { Store, WatchBatch } from '../../storage/index.js';
import type { RegistryStore, RequestContext } from '../registry/index.js';
import { finalizeRegistry } from '../subresources/index.js';

/** The identity the controller acts as (kube-controller-manager's service account for it). */
export const NAMESPACE_CONTROLLER_USER = 'system:serviceaccount:kube-system:namespace-controller';

type RegistryFor = (info: ResourceInfo) => RegistryStore;

function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

// The generic 404 of a path the server does not serve.
function unknownResource(): StatusError {
  return new StatusError({
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: StatusReason.NotFound,
    details: {},
    code: 404,
  });
}

/**
 * The namespaced resources of the catalogue in discovery's preferred version per group (the first
 * served version that has the resource), grouped into resource lists, as a client's
 * ServerPreferredNamespacedResources sees them. Pure.
 */
export function preferredNamespacedResources(
  resources: readonly ResourceInfo[] = allResources(),
): APIResourceList[] {
  const lists = new Map<
    string,
    { groupVersion: string; resources: APIResourceList['resources'][number][] }
  >();
  const seen = new Set<string>();
  for (const r of resources) {
    if (!r.namespaced || seen.has(`${r.group}/${r.plural}`)) continue;
    seen.add(`${r.group}/${r.plural}`);
    const gv = groupVersion(r.group, r.version);
    let list = lists.get(gv);
    if (list === undefined) {
      list = { groupVersion: gv, resources: [] };
      lists.set(gv, list);
    }
    list.resources.push({ name: r.plural, namespaced: true, verbs: [...r.verbs] });
  }
  return [...lists.values()];
}

/**
 * NamespaceDeletionClient over the server's registries (the same ones requests go through, with
 * admission) and the namespaces/finalize registry over `store`. Errors are the registries'
 * StatusErrors; an unknown resource is a 404, a verb the resource lacks a 405, as over HTTPS.
 */
export function registryNamespaceClient(
  registryFor: RegistryFor,
  store: Store,
  now: () => Date = () => new Date(),
): NamespaceDeletionClient {
  const ctx = (namespace: string): RequestContext => ({
    namespace,
    user: NAMESPACE_CONTROLLER_USER,
    userInfo: {
      name: NAMESPACE_CONTROLLER_USER,
      groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
    },
    now,
  });
  const namespacesInfo = resourceFor({ group: '', version: 'v1', resource: 'namespaces' });
  if (namespacesInfo === undefined) throw new Error('namespaces are not in the catalogue');
  const namespaces = () => registryFor(namespacesInfo);
  const finalize = finalizeRegistry(namespacesInfo, store);
  const served = (gvr: GroupVersionResource, verb: 'list' | 'delete' | 'deletecollection') => {
    const info = resourceFor(gvr);
    if (info === undefined) throw unknownResource();
    if (!info.verbs.includes(verb))
      throw methodNotSupported({ group: gvr.group, resource: gvr.resource }, verb);
    return registryFor(info);
  };
  const nameOf = (ns: JsonObject): string => {
    const m = ns['metadata'] as { name?: unknown } | undefined;
    return typeof m?.name === 'string' ? m.name : '';
  };
  return {
    getNamespace: (name) => namespaces().get(ctx(''), name),
    updateNamespaceStatus: async (ns) => (await namespaces().updateStatus(ctx(''), nameOf(ns), ns)).object,
    finalizeNamespace: async (ns) => (await finalize.update(ctx(''), nameOf(ns), ns)).object,
    discoverNamespacedResources: async () => ({ lists: preferredNamespacedResources() }),
    list: async (gvr, namespace) => (await served(gvr, 'list').list(ctx(namespace))).items,
    listPods: async (namespace) =>
      (await served({ group: '', version: 'v1', resource: 'pods' }, 'list').list(ctx(namespace))).items,
    deleteCollection: async (gvr, namespace, opts) => {
      await served(gvr, 'deletecollection').deleteCollection(ctx(namespace), {}, opts);
    },
    delete: async (gvr, namespace, name, opts) => {
      await served(gvr, 'delete').delete(ctx(namespace), name, opts);
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Namespace events from the store: a list of the namespaces prefix ('replace'), then its watch
 * from the list's revision; when the watch fails (compaction, a broken backend) it lists again
 * after `retryMs`. Ends when the signal aborts.
 */
export function storeNamespaceEvents(store: Store, prefix: string, retryMs = 1000): NamespaceEventSource {
  return {
    async *events(signal: AbortSignal): AsyncIterable<NamespaceEvent> {
      while (!signal.aborted) {
        try {
          const list = await store.list(prefix);
          yield { type: 'replace', namespaces: list.kvs.map((kv) => JSON.parse(kv.value) as JsonObject) };
          const batches: AsyncIterable<WatchBatch> = store.watch({
            prefix,
            afterRevision: list.revision,
            signal,
          });
          for await (const b of batches) {
            if (b.type !== 'events') continue;
            for (const e of b.events) {
              if (e.type === 'put') yield { type: 'upsert', namespace: JSON.parse(e.kv.value) as JsonObject };
              else yield { type: 'delete', name: e.key.slice(prefix.length) };
            }
          }
        } catch {
          // Listing again below is the recovery; a closed store ends with the signal.
        }
        if (!signal.aborted) await sleep(retryMs, signal);
      }
    },
  };
}

/**
 * Starts the namespace controller over the server's registries and store; resolves once it has
 * stopped (after `signal` aborted). `options` overrides the controller's upstream defaults (tests).
 */
export function startNamespaceController(
  resources: { registryFor: RegistryFor },
  store: Store,
  signal: AbortSignal,
  logger?: Logger,
  options: Partial<NamespaceControllerOptions> = {},
): Promise<void> {
  const registryFor: RegistryFor = (info) => resources.registryFor(info);
  const namespaces = resourceFor({ group: '', version: 'v1', resource: 'namespaces' });
  if (namespaces === undefined) throw new Error('namespaces are not in the catalogue');
  const controller = new NamespaceController({
    client: registryNamespaceClient(registryFor, store),
    events: storeNamespaceEvents(store, registryFor(namespaces).prefix),
    ...(logger === undefined ? {} : { logger }),
    ...options,
  });
  return controller.start(signal).catch((e: unknown) => {
    logger?.error('namespace-controller', 'Namespace controller stopped with an error', { err: e });
  });
}
