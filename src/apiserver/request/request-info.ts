import { badRequest, internalError, type StatusError } from '../../apimachinery/errors/index.js';
import { goQuote } from '../../apimachinery/field/index.js';
import { isValidPathSegmentName } from '../../apimachinery/validation/index.js';
import { decodeListQuery } from './list-options.js';
import { goQueryUnescape, parseQuery, queryBool, splitTarget } from './query.js';

/**
 * What a request is about, as upstream's RequestInfo: authorization, admission, audit and the
 * handlers all key on it. For a non-resource request only `path` and `verb` (the lower-cased
 * HTTP method) carry meaning.
 */
export interface RequestInfo {
  readonly isResourceRequest: boolean;
  /** The decoded URL path. */
  readonly path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection, proxy; or the lower-cased method. */
  readonly verb: string;
  readonly apiPrefix: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
  /** The path segments from the resource on (after `namespaces/<ns>/` for namespaced requests). */
  readonly parts: readonly string[];
}

/** A RequestInfo, or the error the server answers with before any handler runs. */
export type RequestInfoResult =
  | { readonly ok: true; readonly info: RequestInfo }
  | { readonly ok: false; readonly error: StatusError };

const apiPrefixes = new Set(['api', 'apis']);
const grouplessPrefixes = new Set(['api']);
// `/watch/...` and `/proxy/...` set the verb from the path; proxy takes no subresource.
const specialVerbs = new Set(['proxy', 'watch']);
const namespaceSubresources = new Set(['status', 'finalize']);

const methodVerbs: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

function splitPath(p: string): string[] {
  const t = p.replace(/^\/+|\/+$/g, '');
  return t === '' ? [] : t.split('/');
}

/**
 * Classifies a request from its method and request target (`/apis/apps/v1/namespaces/x/deployments?watch=1`)
 * exactly as upstream's RequestInfoFactory: `/api/<v>/...` and `/apis/<g>/<v>/...` with at least a
 * resource are resource requests, anything else is not. A GET without a name becomes list or watch
 * (`?watch=` other than `0`/`false`); a list/watch whose fieldSelector pins `metadata.name` to a
 * valid path segment carries that name (when every list parameter decodes); a DELETE without a
 * name becomes deletecollection. Errors: a malformed `%` escape in the path (400), and `/watch` or
 * `/proxy` with nothing after it (500, as upstream). Pure.
 */
export function requestInfo(method: string, target: string): RequestInfoResult {
  const { rawPath, rawQuery } = splitTarget(target);
  const path = goQueryUnescape(rawPath, false);
  if (path === undefined) {
    return { ok: false, error: badRequest(`invalid URL escape in path ${goQuote(rawPath)}`) };
  }
  const base = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [] as string[],
  };
  let cur = splitPath(path);
  if (cur.length < 3 || !apiPrefixes.has(cur[0]!)) return { ok: true, info: base };
  const apiPrefix = cur[0]!;
  cur = cur.slice(1);
  let apiGroup = '';
  if (!grouplessPrefixes.has(apiPrefix)) {
    if (cur.length < 3) return { ok: true, info: base };
    apiGroup = cur[0]!;
    cur = cur.slice(1);
  }
  const apiVersion = cur[0]!;
  cur = cur.slice(1);
  const partial = { ...base, isResourceRequest: true, apiPrefix, apiGroup, apiVersion };

  let verb: string;
  if (specialVerbs.has(cur[0]!)) {
    if (cur.length < 2) {
      const why = `failed to create RequestInfo: unable to determine kind and namespace from url, ${target}`;
      return { ok: false, error: internalError(why) };
    }
    verb = cur[0]!;
    cur = cur.slice(1);
  } else {
    verb = methodVerbs[method] ?? '';
  }

  let namespace = '';
  if (cur[0] === 'namespaces') {
    // Server-side apply creates a namespace with PATCH /namespaces/<new>: that names the
    // namespace object, not a namespace the request lives in.
    if (cur.length === 2 && verb === 'patch') {
      namespace = '';
    } else if (cur.length > 1) {
      namespace = cur[1]!;
      // `namespaces/<ns>/status` and `/finalize` are subresources of the namespace itself.
      if (cur.length > 2 && !namespaceSubresources.has(cur[2]!)) cur = cur.slice(2);
    }
  }

  const parts = cur;
  let resource = '';
  let name = '';
  let subresource = '';
  if (parts.length >= 3 && verb !== 'proxy') subresource = parts[2]!;
  if (parts.length >= 2) name = parts[1]!;
  if (parts.length >= 1) resource = parts[0]!;

  if (name === '' && verb === 'get') {
    const query = parseQuery(rawQuery);
    const decoded = decodeListQuery(query);
    if (decoded.ok) {
      verb = decoded.value.watch ? 'watch' : 'list';
      const pinned = decoded.value.fieldSelector?.requiresExactMatch('metadata.name');
      if (pinned !== undefined && isValidPathSegmentName(pinned).length === 0) name = pinned;
    } else {
      // A query that does not decode still tells watch from list; it just names nothing.
      verb = queryBool(query, 'watch') === true ? 'watch' : 'list';
    }
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';

  return { ok: true, info: { ...partial, verb, namespace, resource, subresource, name, parts } };
}
