// Test doubles of the controller's inputs: a manual clock and an in-memory cluster.
import { conflict, methodNotSupported, notFound } from '../../apimachinery/errors/index.js';
import type {
  APIResourceList,
  DeleteOptions,
  DiscoveryResult,
  GroupVersionResource,
  JsonObject,
  NamespaceDeletionClient,
} from './client.js';
export { ManualClock } from '../../client/testing/manual-clock.js';

/** Lets pending promise callbacks and I/O turns run. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

function key(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}

/** A resource the fake serves, with its verbs (default list, delete, deletecollection). */
export interface FakeResource extends GroupVersionResource {
  readonly verbs?: readonly string[];
}

/**
 * An in-memory cluster implementing NamespaceDeletionClient: namespaces with resourceVersions
 * (conditional status writes), objects per resource and namespace, objects with finalizers kept
 * (marked) on delete, pods with `keep: true` kept as if a kubelet had them. Records every call
 * in `calls`; `failures` injects errors per operation key (`deleteCollection /v1/configmaps`).
 */
export class FakeCluster implements NamespaceDeletionClient {
  readonly calls: string[] = [];
  readonly namespaces = new Map<string, JsonObject>();
  readonly objects = new Map<string, Map<string, JsonObject[]>>();
  readonly failures = new Map<string, Error>();
  discovery: DiscoveryResult;
  /** Conflicts to answer on the next namespace status writes. */
  statusConflicts = 0;
  private rv = 1;

  constructor(readonly resources: readonly FakeResource[]) {
    const lists = new Map<string, APIResourceList & { resources: APIResourceList['resources'][number][] }>();
    for (const r of resources) {
      const gv = r.group === '' ? r.version : `${r.group}/${r.version}`;
      const list = lists.get(gv) ?? { groupVersion: gv, resources: [] };
      list.resources.push({
        name: r.resource,
        namespaced: true,
        verbs: r.verbs ?? ['create', 'delete', 'deletecollection', 'get', 'list'],
      });
      lists.set(gv, list);
    }
    this.discovery = { lists: [...lists.values()] };
  }

  /** Adds a namespace (terminating when `deleting`), with the `kubernetes` finalizer. */
  addNamespace(name: string, deleting: boolean, extraFinalizers: string[] = []): void {
    const ns: JsonObject = {
      metadata: {
        name,
        uid: `uid-${name}`,
        resourceVersion: String(this.rv++),
        ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
      },
      spec: { finalizers: ['kubernetes', ...extraFinalizers] },
      status: { phase: 'Active' },
    };
    this.namespaces.set(name, ns);
  }

  /** Adds an object of `gvr` in `namespace`. */
  addObject(gvr: GroupVersionResource, namespace: string, obj: JsonObject): void {
    const byNs = this.objects.get(key(gvr)) ?? new Map<string, JsonObject[]>();
    byNs.set(namespace, [...(byNs.get(namespace) ?? []), obj]);
    this.objects.set(key(gvr), byNs);
  }

  /** The objects of `gvr` in `namespace`. */
  objectsIn(gvr: GroupVersionResource, namespace: string): JsonObject[] {
    return this.objects.get(key(gvr))?.get(namespace) ?? [];
  }

  private fail(op: string): void {
    this.calls.push(op);
    const e = this.failures.get(op);
    if (e !== undefined) throw e;
  }

  private served(gvr: GroupVersionResource, verb: string): void {
    const r = this.resources.find((x) => key(x) === key(gvr));
    if (r === undefined) throw notFound({ group: gvr.group, resource: gvr.resource }, '');
    if (!(r.verbs ?? ['delete', 'deletecollection', 'list']).includes(verb))
      throw methodNotSupported({ group: gvr.group, resource: gvr.resource }, verb);
  }

  async getNamespace(name: string): Promise<JsonObject> {
    this.fail(`getNamespace ${name}`);
    const ns = this.namespaces.get(name);
    if (ns === undefined) throw notFound({ group: '', resource: 'namespaces' }, name);
    return structuredClone(ns);
  }

  private write(ns: JsonObject, change: (stored: JsonObject, sent: JsonObject) => void): JsonObject {
    const m = ns['metadata'] as JsonObject;
    const name = m['name'] as string;
    const stored = this.namespaces.get(name);
    if (stored === undefined) throw notFound({ group: '', resource: 'namespaces' }, name);
    const sm = stored['metadata'] as JsonObject;
    if (m['resourceVersion'] !== sm['resourceVersion']) {
      throw conflict({ group: '', resource: 'namespaces' }, name, 'the object has been modified');
    }
    change(stored, ns);
    sm['resourceVersion'] = String(this.rv++);
    return structuredClone(stored);
  }

  async updateNamespaceStatus(ns: JsonObject): Promise<JsonObject> {
    const name = (ns['metadata'] as JsonObject)['name'] as string;
    this.fail(`updateNamespaceStatus ${name}`);
    if (this.statusConflicts > 0) {
      this.statusConflicts--;
      const stored = this.namespaces.get(name);
      if (stored !== undefined) (stored['metadata'] as JsonObject)['resourceVersion'] = String(this.rv++);
    }
    return this.write(ns, (stored, sent) => {
      stored['status'] = structuredClone(sent['status']);
    });
  }

  async finalizeNamespace(ns: JsonObject): Promise<JsonObject> {
    const name = (ns['metadata'] as JsonObject)['name'] as string;
    this.fail(`finalizeNamespace ${name}`);
    const out = this.write(ns, (stored, sent) => {
      (stored['spec'] as JsonObject)['finalizers'] = structuredClone(
        (sent['spec'] as JsonObject)['finalizers'],
      );
    });
    const fins = (out['spec'] as JsonObject)['finalizers'] as string[];
    if (fins.length === 0) this.namespaces.delete(name);
    return out;
  }

  async discoverNamespacedResources(): Promise<DiscoveryResult> {
    this.fail('discover');
    return this.discovery;
  }

  async list(gvr: GroupVersionResource, namespace: string): Promise<readonly JsonObject[]> {
    this.fail(`list ${key(gvr)}`);
    this.served(gvr, 'list');
    return structuredClone(this.objectsIn(gvr, namespace));
  }

  async listPods(namespace: string): Promise<readonly JsonObject[]> {
    this.fail('listPods');
    return structuredClone(this.objectsIn({ group: '', version: 'v1', resource: 'pods' }, namespace));
  }

  private deleteOne(gvr: GroupVersionResource, namespace: string, obj: JsonObject): boolean {
    const m = obj['metadata'] as JsonObject;
    if (Array.isArray(m['finalizers']) && m['finalizers'].length > 0) {
      m['deletionTimestamp'] ??= '2026-01-01T00:00:00Z';
      return false;
    }
    if (obj['keep'] === true) return false;
    const byNs = this.objects.get(key(gvr));
    byNs?.set(
      namespace,
      (byNs.get(namespace) ?? []).filter((o) => o !== obj),
    );
    return true;
  }

  async deleteCollection(gvr: GroupVersionResource, namespace: string, opts: DeleteOptions): Promise<void> {
    this.fail(`deleteCollection ${key(gvr)}`);
    this.served(gvr, 'deletecollection');
    if (opts.propagationPolicy !== 'Background') throw new Error('unexpected propagation');
    for (const o of [...this.objectsIn(gvr, namespace)]) this.deleteOne(gvr, namespace, o);
  }

  async delete(
    gvr: GroupVersionResource,
    namespace: string,
    name: string,
    opts: DeleteOptions,
  ): Promise<void> {
    this.fail(`delete ${key(gvr)} ${name}`);
    this.served(gvr, 'delete');
    if (opts.propagationPolicy !== 'Background') throw new Error('unexpected propagation');
    const obj = this.objectsIn(gvr, namespace).find((o) => (o['metadata'] as JsonObject)['name'] === name);
    if (obj === undefined) throw notFound({ group: gvr.group, resource: gvr.resource }, name);
    this.deleteOne(gvr, namespace, obj);
  }
}
