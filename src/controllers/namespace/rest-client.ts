// NamespaceDeletionClient and NamespaceEventSource over the client library: the controller's cluster
// operations as API requests, and namespace changes from a shared namespaces informer.
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { objectKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { SharedInformer, SharedInformerFactory } from '../../client/informers/types.js';
import { NAMESPACES, PODS, resourceOf } from '../../client/resources.js';
import type { Client, KubeObject, Resource } from '../../client/types.js';
import type {
  APIResourceList,
  GroupVersionResource,
  JsonObject,
  NamespaceDeletionClient,
  NamespaceEvent,
  NamespaceEventSource,
} from './client.js';

/**
 * The namespaced resources of a discovery answer in each group's preferred version, without
 * subresources, as ServerPreferredNamespacedResources returns them. Pure.
 */
export function preferredNamespacedLists(
  discovery: Awaited<ReturnType<Client['discover']>>,
): APIResourceList[] {
  const out: APIResourceList[] = [];
  for (const gv of discovery) {
    if (!gv.preferred) continue;
    const resources = gv.resources
      .filter((r) => r.namespaced && !r.name.includes('/'))
      .map((r) => ({ name: r.name, namespaced: true, verbs: [...r.verbs] }));
    if (resources.length === 0) continue;
    out.push({ groupVersion: gv.group === '' ? gv.version : `${gv.group}/${gv.version}`, resources });
  }
  return out;
}

/**
 * NamespaceDeletionClient over `client`: each operation one request (namespaces/finalize for the
 * finalizer, discovery for the resource lists). Errors are the client's StatusErrors. Safe to call
 * concurrently.
 */
export function clientNamespaceDeletionClient(client: Client): NamespaceDeletionClient {
  const namespaces = client.resource(NAMESPACES);
  // Kinds learned from discovery; REST paths do not need them, so '' is fine when unknown.
  const kinds = new Map<string, string>();
  const resource = (gvr: GroupVersionResource): Resource<KubeObject> =>
    resourceOf(gvr.group, gvr.version, gvr.resource, kinds.get(`${gvr.group}/${gvr.resource}`) ?? '', true);
  const nameOf = (ns: JsonObject): string => {
    const m = ns['metadata'] as { name?: unknown } | undefined;
    return typeof m?.name === 'string' ? m.name : '';
  };
  return {
    getNamespace: async (name) => (await namespaces.get('', name)) as JsonObject,
    updateNamespaceStatus: async (ns) => (await namespaces.updateStatus(ns as Namespace)) as JsonObject,
    finalizeNamespace: (ns) => namespaces.updateSubresource<JsonObject>('', nameOf(ns), 'finalize', ns),
    discoverNamespacedResources: async () => {
      const discovery = await client.discover();
      for (const gv of discovery) for (const r of gv.resources) kinds.set(`${gv.group}/${r.name}`, r.kind);
      return { lists: preferredNamespacedLists(discovery) };
    },
    list: async (gvr, namespace) =>
      (await client.resource(resource(gvr)).list(namespace)).items as JsonObject[],
    listPods: async (namespace) => (await client.resource(PODS).list(namespace)).items as JsonObject[],
    deleteCollection: async (gvr, namespace, opts) => {
      await client
        .resource(resource(gvr))
        .deleteCollection(namespace, { propagationPolicy: opts.propagationPolicy });
    },
    delete: async (gvr, namespace, name, opts) => {
      await client
        .resource(resource(gvr))
        .delete(namespace, name, { propagationPolicy: opts.propagationPolicy });
    },
  };
}

/**
 * NamespaceEventSource over a shared namespaces informer: once the factory's caches synced, a
 * 'replace' with the cached namespaces, then the informer's changes (adds and updates as upserts,
 * deletes by name). Each `events` call registers its own handler and removes it when `signal`
 * aborts.
 */
export function informerNamespaceEvents(
  factory: SharedInformerFactory,
  informer: SharedInformer<Namespace> = factory.informerFor(NAMESPACES),
): NamespaceEventSource {
  return {
    async *events(signal: AbortSignal): AsyncIterable<NamespaceEvent> {
      if (!(await factory.waitForCacheSync(signal))) return;
      const pending: NamespaceEvent[] = [];
      let wake: (() => void) | undefined;
      const push = (ev: NamespaceEvent) => {
        pending.push(ev);
        wake?.();
      };
      const onAbort = () => wake?.();
      signal.addEventListener('abort', onAbort, { once: true });
      const initial = informer.lister.list() as JsonObject[];
      const reg = informer.addEventHandler({
        onAdd: (ns) => push({ type: 'upsert', namespace: ns as JsonObject }),
        onUpdate: (_old, ns) => push({ type: 'upsert', namespace: ns as JsonObject }),
        onDelete: (obj) => push({ type: 'delete', name: objectKey(unwrapTombstone(obj)) }),
      });
      try {
        yield { type: 'replace', namespaces: initial };
        while (!signal.aborted) {
          const ev = pending.shift();
          if (ev !== undefined) {
            yield ev;
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      } finally {
        reg.remove();
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
