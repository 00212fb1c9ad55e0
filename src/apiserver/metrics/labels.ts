import type { Query, RequestInfo } from '../request/index.js';

/** The `component` label of requests the API server itself answers. */
export const APISERVER_COMPONENT = 'apiserver';

/** The labels every request metric carries, named as upstream names them. */
export interface RequestLabels {
  readonly verb: string;
  readonly dry_run: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  readonly scope: string;
  readonly component: string;
}

// Verbs upstream reports as they are; anything else becomes "other" to bound cardinality.
const REPORTED_VERBS: ReadonlySet<string> = new Set([
  'APPLY',
  'CONNECT',
  'CREATE',
  'DELETE',
  'DELETECOLLECTION',
  'GET',
  'LIST',
  'PATCH',
  'POST',
  'PROXY',
  'PUT',
  'UPDATE',
  'WATCH',
  'WATCHLIST',
]);

/** Subresources served as CONNECT (streams), which upstream reports under that verb. */
const CONNECT_SUBRESOURCES: ReadonlySet<string> = new Set(['proxy', 'attach', 'exec', 'portforward']);

const APPLY_PATCH = 'application/apply-patch+yaml';

/**
 * The `scope` label: "resource" for a named object (or a create), "namespace" inside a
 * namespace, "cluster" for other resource requests, "" for non-resource paths. Pure.
 */
export function requestScope(info: RequestInfo): string {
  if (info.name !== '' || (info.isResourceRequest && info.verb === 'create')) return 'resource';
  if (info.namespace !== '') return 'namespace';
  if (info.isResourceRequest) return 'cluster';
  return '';
}

/**
 * The `verb` label, as upstream derives it from the HTTP method: GET of a collection is LIST,
 * a watch is WATCH, a PATCH with an apply body is APPLY, a streaming subresource is CONNECT,
 * unknown methods are "other". `contentType` is the request's Content-Type header. Pure.
 */
export function reportedVerb(method: string, info: RequestInfo, contentType: string | undefined): string {
  let verb = method.toUpperCase();
  const scope = requestScope(info);
  if (verb === 'GET' || verb === 'HEAD') verb = scope !== 'resource' && scope !== '' ? 'LIST' : 'GET';
  if (method.toUpperCase() === 'GET' && info.isResourceRequest && info.verb === 'watch') verb = 'WATCH';
  if (verb === 'PATCH' && mediaType(contentType) === APPLY_PATCH) verb = 'APPLY';
  if (info.isResourceRequest && CONNECT_SUBRESOURCES.has(info.subresource)) verb = 'CONNECT';
  return REPORTED_VERBS.has(verb) ? verb : 'other';
}

/**
 * The `dry_run` label: the distinct `dryRun` values sorted and comma-joined ("All" or ""),
 * "invalid" when any value is not one upstream accepts. Pure.
 */
export function dryRunLabel(query: Query): string {
  const values = query.get('dryRun') ?? [];
  if (values.length === 0) return '';
  if (values.some((v) => v !== 'All')) return 'invalid';
  return [...new Set(values)].sort().join(',');
}

/**
 * All request labels. Resource requests carry group, version, resource and subresource; a
 * non-resource request carries its path as the subresource, as upstream does. `component` is
 * "apiserver", except for the health endpoints, which upstream instruments with an empty
 * component. Pure.
 */
export function requestLabels(
  method: string,
  info: RequestInfo,
  query: Query,
  contentType: string | undefined,
): RequestLabels {
  const common = {
    verb: reportedVerb(method, info, contentType),
    dry_run: dryRunLabel(query),
    scope: requestScope(info),
  };
  if (info.isResourceRequest) {
    return {
      ...common,
      group: info.apiGroup,
      version: info.apiVersion,
      resource: info.resource,
      subresource: info.subresource,
      component: APISERVER_COMPONENT,
    };
  }
  return {
    ...common,
    group: '',
    version: '',
    resource: '',
    subresource: info.path,
    component: isHealthPath(info.path) ? '' : APISERVER_COMPONENT,
  };
}

function isHealthPath(path: string): boolean {
  return /^\/(healthz|livez|readyz)(\/|$)/.test(path);
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
