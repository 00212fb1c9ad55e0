import type { SubresourceInfo } from '../catalogue.js';
import {
  type Action,
  cap,
  defOf,
  JSON_TYPES,
  type Method,
  type Operation,
  PATCH_BODY,
  PATCH_TYPES,
  SUB_QUERY,
  WRITE_QUERY,
} from './types.js';

const METHOD_VERB: ReadonlyArray<readonly [Method, string, Action]> = [
  ['get', 'get', 'get'],
  ['put', 'update', 'put'],
  ['post', 'create', 'post'],
  ['delete', 'delete', 'delete'],
  ['patch', 'patch', 'patch'],
];
const ID_PREFIX: Readonly<Record<Method, string>> = {
  get: 'read',
  put: 'replace',
  post: 'create',
  delete: 'delete',
  patch: 'patch',
  head: 'head',
  options: 'options',
};

/** Operations of one subresource (`status`, `scale`, connect subresources such as `exec`). */
export function subresourceOps(
  s: SubresourceInfo,
  item: string,
  itemParams: string[],
  id: string,
  kindId: string,
  gvPath: string,
  tag: string,
): Operation[] {
  const gvk = { group: s.group, version: s.version, kind: s.kind };
  const connect = s.kind.endsWith('Options');
  const def = connect || s.name === 'log' ? undefined : defOf(gvk);
  const ops: Operation[] = [];
  const methods = METHOD_VERB.filter(([, verb]) => s.verbs.includes(verb as never));
  const paths: [string, string[], string][] = [[`${item}/${s.name}`, itemParams, '']];
  if (s.name === 'proxy') paths.push([`${item}/${s.name}/{path}`, [...itemParams, 'path'], 'WithPath']);
  const all: [Method, Action][] = connect
    ? [
        ...methods.map(([m]): [Method, Action] => [m, 'connect']),
        ...(s.name === 'proxy'
          ? (['head', 'options'] as const).map((m): [Method, Action] => [m, 'connect'])
          : []),
      ]
    : methods.map(([m, , a]) => [m, a]);
  for (const [path, pathParams, suffix] of paths) {
    for (const [method, action] of all) {
      const operationId = connect
        ? `connect${id}${cap(method)}${kindId}${cap(s.name)}${suffix}`
        : `${ID_PREFIX[method]}${id}${kindId}${cap(s.name)}`;
      ops.push({
        path,
        method,
        action,
        operationId,
        gvk,
        response: def,
        body:
          method === 'patch'
            ? PATCH_BODY
            : (method === 'put' || method === 'post') && !connect
              ? def
              : undefined,
        pathParams,
        query: connect
          ? (SUB_QUERY[s.name] ?? [])
          : s.name === 'log'
            ? (SUB_QUERY['log'] ?? [])
            : method === 'get'
              ? []
              : WRITE_QUERY,
        consumes: method === 'patch' && !connect ? PATCH_TYPES : ['*/*'],
        produces: connect ? ['*/*'] : s.name === 'log' ? ['text/plain', ...JSON_TYPES] : JSON_TYPES,
        groupVersionPath: gvPath,
        tag,
      });
    }
  }
  return ops;
}
