import type { GroupVersionKind } from '../catalogue.js';
import { definitionNameFor } from '../schema/index.js';

/** HTTP methods an operation may use, in OpenAPI's key names. */
export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';

/** `x-kubernetes-action` values. */
export type Action =
  | 'get'
  | 'list'
  | 'watch'
  | 'watchlist'
  | 'post'
  | 'put'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'connect';

/** A query parameter (name and OpenAPI scalar type). */
export interface QueryParam {
  readonly name: string;
  readonly type: 'string' | 'boolean' | 'integer';
}

/** One API operation, independent of the OpenAPI version it is rendered in. */
export interface Operation {
  readonly path: string;
  readonly method: Method;
  /** Absent on discovery and version endpoints, as upstream publishes them. */
  readonly action: Action | undefined;
  readonly operationId: string;
  readonly gvk: GroupVersionKind | undefined;
  /** Definition name of the response body, or undefined for a plain string body. */
  readonly response: string | undefined;
  /** Definition name of the request body, if any. */
  readonly body: string | undefined;
  readonly pathParams: readonly string[];
  readonly query: readonly QueryParam[];
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
  /** The group-version whose document lists this operation: `api/v1`, `apis/apps/v1`. */
  readonly groupVersionPath: string;
  /** Upstream's tag for the group-version: `core_v1`, `rbacAuthorization_v1`. */
  readonly tag: string;
}

/** Query parameters of one type. */
export const q = (type: QueryParam['type'], ...names: string[]): QueryParam[] =>
  names.map((name) => ({ name, type }));
/** Query parameters of list and watch. */
export const LIST_QUERY = [
  ...q('boolean', 'allowWatchBookmarks'),
  ...q('string', 'continue', 'fieldSelector', 'labelSelector'),
  ...q('integer', 'limit'),
  ...q('string', 'resourceVersion', 'resourceVersionMatch'),
  ...q('boolean', 'sendInitialEvents'),
  ...q('integer', 'timeoutSeconds'),
  ...q('boolean', 'watch'),
];
/** Query parameters of create, update and patch. */
export const WRITE_QUERY = [...q('string', 'dryRun', 'fieldManager', 'fieldValidation')];
/** Query parameters of delete. */
export const DELETE_QUERY = [
  ...q('string', 'dryRun'),
  ...q('integer', 'gracePeriodSeconds'),
  ...q('boolean', 'orphanDependents'),
  ...q('string', 'propagationPolicy'),
];
/** Query parameters of the streaming and proxy subresources. */
export const SUB_QUERY: Readonly<Record<string, QueryParam[]>> = {
  log: [
    ...q('string', 'container'),
    ...q('boolean', 'follow', 'insecureSkipTLSVerifyBackend'),
    ...q('integer', 'limitBytes'),
    ...q('boolean', 'previous'),
    ...q('integer', 'sinceSeconds'),
    ...q('string', 'stream'),
    ...q('integer', 'tailLines'),
    ...q('boolean', 'timestamps'),
  ],
  exec: [...q('string', 'command', 'container'), ...q('boolean', 'stderr', 'stdin', 'stdout', 'tty')],
  attach: [...q('string', 'container'), ...q('boolean', 'stderr', 'stdin', 'stdout', 'tty')],
  portforward: q('integer', 'ports'),
  proxy: q('string', 'path'),
};

/** Media types kite reads and writes (no protobuf, no CBOR). */
export const JSON_TYPES = ['application/json', 'application/yaml'];
/** Media types of list and watch responses. */
export const WATCH_TYPES = [...JSON_TYPES, 'application/json;stream=watch'];
/** Patch media types kite accepts. */
export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];
/** Definition names of the meta types operations use. */
export const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
export const WATCH_EVENT = 'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent';
export const PATCH_BODY = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
export const DELETE_BODY = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';

/** `abc` → `Abc`. */
export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Upstream's operation-id group part: `rbac.authorization.k8s.io/v1` → `RbacAuthorizationV1`. */
export function groupId(group: string, version: string): string {
  const g = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '');
  return g.split('.').map(cap).join('') + cap(version);
}

/** Upstream's operation tag: `rbac.authorization.k8s.io/v1` → `rbacAuthorization_v1`. */
export function tagFor(group: string, version: string): string {
  const parts = (group === '' ? 'core' : group.replace(/\.k8s\.io$/, '')).split('.');
  return `${parts[0]}${parts.slice(1).map(cap).join('')}_${version}`;
}

/** The definition name of a served kind, undefined when not served. */
export const defOf = (gvk: GroupVersionKind) => definitionNameFor(gvk);
