// URL paths and query strings of API requests.
import type { DeleteOptions, ListOptions, Resource, WatchOptions, WriteOptions } from '../types.js';

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/**
 * The path of a resource, collection or subresource: `/api/v1/namespaces/ns/pods/name/status`.
 * The namespace segment is left out for cluster-scoped resources and for an empty namespace (a
 * collection across all namespaces). Names are percent-encoded. Pure.
 */
export function resourcePath(r: Resource, namespace: string, name = '', subresource = ''): string {
  let p = groupVersionPath(r.group, r.version);
  if (r.namespaced && namespace !== '') p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.resource}`;
  if (name !== '') p += `/${encodeURIComponent(name)}`;
  if (subresource !== '') p += `/${subresource}`;
  return p;
}

/** Query parameters; undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** `?a=1&b=2` (or '' when nothing is set), keys in the given order. Pure. */
export function queryString(q: Query): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** The query of a LIST. */
export function listQuery(o: ListOptions = {}): Query {
  return {
    labelSelector: o.labelSelector || undefined,
    fieldSelector: o.fieldSelector || undefined,
    limit: o.limit !== undefined && o.limit > 0 ? o.limit : undefined,
    continue: o.continue || undefined,
    resourceVersion: o.resourceVersion || undefined,
    resourceVersionMatch: o.resourceVersionMatch,
    timeoutSeconds: o.timeoutSeconds,
  };
}

/** The query of a WATCH (`watch=true` plus the options). */
export function watchQuery(o: WatchOptions): Query {
  return {
    watch: true,
    labelSelector: o.labelSelector || undefined,
    fieldSelector: o.fieldSelector || undefined,
    resourceVersion: o.resourceVersion || undefined,
    allowWatchBookmarks: o.allowWatchBookmarks === true ? true : undefined,
    timeoutSeconds: o.timeoutSeconds,
  };
}

/** The query of a create, update or patch. */
export function writeQuery(o: WriteOptions = {}): Query {
  return {
    dryRun: o.dryRun === true ? 'All' : undefined,
    fieldManager: o.fieldManager || undefined,
    fieldValidation: o.fieldValidation,
  };
}

/** The metav1.DeleteOptions body of a DELETE. */
export function deleteBody(o: DeleteOptions = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o.preconditions !== undefined) body.preconditions = o.preconditions;
  if (o.propagationPolicy !== undefined) body.propagationPolicy = o.propagationPolicy;
  if (o.dryRun === true) body.dryRun = ['All'];
  return body;
}
