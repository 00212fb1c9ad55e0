// The contracts of the client library: what controllers, the scheduler and the kubelet program
// against. Implementations: rest/ (HTTPS to an API server), testing/ (in-memory fake).
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { Status } from '../apimachinery/errors/index.js';

/** Any API object: the parts every kind shares. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/**
 * A resource of one group-version, with the object type `T` it serves carried as a phantom type so
 * that `client.resource(PODS)` is a `ResourceClient<Pod>`.
 */
export interface Resource<T extends KubeObject = KubeObject> {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. `replicasets`. */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Never set: only carries `T`. */
  readonly __type?: T;
}

/** Options of a LIST (query parameters of the same names). */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  timeoutSeconds?: number;
}

/** Options of a WATCH. */
export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Start after this revision ('' or absent: from now with the current state as ADDED events). */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  /** Server-side timeout; the server ends the watch cleanly after it. */
  timeoutSeconds?: number;
}

/** A LIST answer. */
export interface ListResult<T> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/** One watch event; ERROR carries the Status the server sent (e.g. 410 Expired). */
export type WatchEvent<T> =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; readonly object: T }
  | { readonly type: 'ERROR'; readonly object: Status };

/** Options of create, update and patch. */
export interface WriteOptions {
  dryRun?: boolean;
  /** `fieldManager`; the client's default user agent manager when absent. */
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

/** The four patch formats: JSON patch, merge patch, strategic merge patch, server-side apply. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Options of a PATCH. */
export interface PatchOptions extends WriteOptions {
  /** Only for apply: take over conflicting fields. */
  force?: boolean;
  /** E.g. `status` or `scale`; the main resource when absent. */
  subresource?: string;
}

/** Options of a DELETE (metav1.DeleteOptions). */
export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/**
 * The verbs on one resource. `namespace` is '' for cluster-scoped resources and, in list, watch
 * and deleteCollection, for "all namespaces". Every method rejects with the StatusError the server
 * answered (rebuilt by apimachinery/errors fromResponse, so `isNotFound(e)` etc. work) or with an
 * Error for a transport failure; none retries. Safe to call concurrently.
 */
export interface ResourceClient<T extends KubeObject> {
  readonly resource: Resource<T>;
  get(namespace: string, name: string): Promise<T>;
  list(namespace: string, opts?: ListOptions): Promise<ListResult<T>>;
  /**
   * One watch request. The iterable ends when the server closes the stream or `signal` aborts (no
   * error in either case); it throws when the request fails. It does not reconnect: informers do.
   */
  watch(namespace: string, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>>;
  /** POST; namespace from the argument (the object's own namespace is ignored). */
  create(namespace: string, obj: T, opts?: WriteOptions): Promise<T>;
  /** PUT; namespace and name from `obj.metadata`; conditional on its resourceVersion if set. */
  update(obj: T, opts?: WriteOptions): Promise<T>;
  /** PUT of the status subresource. */
  updateStatus(obj: T, opts?: WriteOptions): Promise<T>;
  /** PATCH; `body` is sent as JSON (an object, or an array for a JSON patch). */
  patch(namespace: string, name: string, type: PatchType, body: unknown, opts?: PatchOptions): Promise<T>;
  /** DELETE; resolves once accepted (the object may remain while finalizers run). */
  delete(namespace: string, name: string, opts?: DeleteOptions): Promise<void>;
  /** DELETE of a collection, optionally filtered. */
  deleteCollection(namespace: string, opts?: DeleteOptions & ListOptions): Promise<void>;
  /** GET of a subresource, e.g. `scale`. */
  getSubresource<R>(namespace: string, name: string, subresource: string): Promise<R>;
  /** POST to a subresource, e.g. `eviction` or `binding`; returns the decoded answer. */
  createSubresource<R>(namespace: string, name: string, subresource: string, body: unknown): Promise<R>;
  /** PUT to a subresource, e.g. `scale` or `finalize`. */
  updateSubresource<R>(namespace: string, name: string, subresource: string, body: unknown): Promise<R>;
}

/** One resource of a discovery document (metav1.APIResource, the fields clients use). */
export interface DiscoveredResource {
  /** Plural name; subresources appear as `pods/status`. */
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

/** The resources of one group-version. */
export interface DiscoveredGroupVersion {
  readonly group: string;
  readonly version: string;
  /** Whether this is the group's preferred version. */
  readonly preferred: boolean;
  readonly resources: readonly DiscoveredResource[];
}

/** A connection to one API server. */
export interface Client {
  /** The verbs of one resource. Cheap; may be called per request. */
  resource<T extends KubeObject>(r: Resource<T>): ResourceClient<T>;
  /** Every group-version the server serves (legacy /api and /apis), with their resources. */
  discover(): Promise<DiscoveredGroupVersion[]>;
  /** The user agent, used as the default field manager. */
  readonly userAgent: string;
}
