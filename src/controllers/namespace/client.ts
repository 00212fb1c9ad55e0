// What the namespace controller needs from the cluster. Today the API server implements it over
// its registries in-process; a client library over HTTPS can implement the same contract.

/** A decoded API object (plain JSON). */
export type JsonObject = Record<string, unknown>;

/** A resource of one group-version. */
export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** One resource of a discovery document (metav1.APIResource, the fields used here). */
export interface APIResource {
  /** The plural resource name (no subresources). */
  readonly name: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

/** The resources of one group-version (metav1.APIResourceList). */
export interface APIResourceList {
  /** `v1` for the core group, `group/version` otherwise. */
  readonly groupVersion: string;
  readonly resources: readonly APIResource[];
}

/**
 * Outcome of discovery: the lists that could be read, and the error of a partial failure (a
 * GroupDiscoveryFailedError when some group-versions failed), as client-go's
 * ServerPreferredNamespacedResources returns both.
 */
export interface DiscoveryResult {
  readonly lists: readonly APIResourceList[];
  readonly error?: Error;
}

/** Some group-versions could not be discovered (client-go's ErrGroupDiscoveryFailed). */
export class GroupDiscoveryFailedError extends Error {
  override readonly name = 'GroupDiscoveryFailedError';

  /** `groups` maps `group/version` (`v1` for core) to its failure. */
  constructor(readonly groups: ReadonlyMap<string, Error>) {
    const parts = [...groups].map(([gv, e]) => `${gv}: ${e.message}`).sort();
    super(`unable to retrieve the complete list of server APIs: ${parts.join(', ')}`);
  }
}

/** The delete options the controller sends (it always asks for background propagation). */
export interface DeleteOptions {
  readonly propagationPolicy: 'Background';
}

/**
 * The cluster operations of namespace deletion. Every method rejects with the StatusError the API
 * answers with (404 NotFound, 405 MethodNotAllowed, 409 Conflict...) or another Error for a
 * transport failure; none retries by itself. Safe to call concurrently.
 */
export interface NamespaceDeletionClient {
  /** GET namespaces/{name}. */
  getNamespace(name: string): Promise<JsonObject>;
  /** PUT namespaces/{name}/status with `ns` (its resourceVersion makes it conditional). */
  updateNamespaceStatus(ns: JsonObject): Promise<JsonObject>;
  /** PUT namespaces/{name}/finalize with `ns`; the namespace may be removed by it. */
  finalizeNamespace(ns: JsonObject): Promise<JsonObject>;
  /**
   * The namespaced resources in their preferred version per group (one entry per
   * group/resource, no subresources), with their verbs.
   */
  discoverNamespacedResources(): Promise<DiscoveryResult>;
  /** LIST of `gvr` in `namespace`; each item has at least its metadata. */
  list(gvr: GroupVersionResource, namespace: string): Promise<readonly JsonObject[]>;
  /** LIST of pods in `namespace`, whole objects (spec and status are read). */
  listPods(namespace: string): Promise<readonly JsonObject[]>;
  /** DELETE of the collection of `gvr` in `namespace` (every object). */
  deleteCollection(gvr: GroupVersionResource, namespace: string, opts: DeleteOptions): Promise<void>;
  /** DELETE of one object. */
  delete(gvr: GroupVersionResource, namespace: string, name: string, opts: DeleteOptions): Promise<void>;
}

/** A change to the set of namespaces, as an informer delivers it. */
export type NamespaceEvent =
  /** The whole current set (first list, and every re-list after a broken watch). */
  | { readonly type: 'replace'; readonly namespaces: readonly JsonObject[] }
  /** A namespace was created or changed. */
  | { readonly type: 'upsert'; readonly namespace: JsonObject }
  /** A namespace is gone. */
  | { readonly type: 'delete'; readonly name: string };

/**
 * A source of namespace changes: a 'replace' first, then changes in order; re-lists (another
 * 'replace') whenever it had to start over. The iteration ends when `signal` aborts.
 */
export interface NamespaceEventSource {
  events(signal: AbortSignal): AsyncIterable<NamespaceEvent>;
}
