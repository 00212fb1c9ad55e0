import { allResources, type ResourceInfo } from '../catalogue.js';
import { rootOperations } from './discovery-ops.js';
import { subresourceOps } from './subresource-ops.js';
import {
  DELETE_BODY,
  DELETE_QUERY,
  defOf,
  groupId,
  JSON_TYPES,
  LIST_QUERY,
  type Operation,
  PATCH_BODY,
  PATCH_TYPES,
  q,
  type QueryParam,
  STATUS,
  tagFor,
  WATCH_EVENT,
  WATCH_TYPES,
  WRITE_QUERY,
} from './types.js';

export type { Action, Method, Operation, QueryParam } from './types.js';

function resourceOps(r: ResourceInfo): Operation[] {
  const gvPath = r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`;
  const prefix = `/${gvPath}`;
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const kindDef = r.definition;
  const listDef = r.listKind === undefined ? undefined : defOf({ ...gvk, kind: r.listKind });
  const ns = r.namespaced ? 'Namespaced' : '';
  const scope = r.namespaced ? `/namespaces/{namespace}/${r.plural}` : `/${r.plural}`;
  const nsParams = r.namespaced ? ['namespace'] : [];
  const id = groupId(r.group, r.version);
  const ops: Operation[] = [];
  const tag = tagFor(r.group, r.version);
  const add = (o: Omit<Operation, 'groupVersionPath' | 'gvk' | 'tag'>) =>
    ops.push({ gvk, groupVersionPath: gvPath, tag, ...o });
  const base = { consumes: ['*/*'], produces: JSON_TYPES, body: undefined, query: [] as QueryParam[] };
  const has = (v: string) => r.verbs.includes(v as never);
  const collection = `${prefix}${scope}`;
  const item = `${collection}/{name}`;
  if (has('list')) {
    add({
      ...base,
      path: collection,
      method: 'get',
      action: 'list',
      operationId: `list${id}${ns}${r.kind}`,
      response: listDef,
      pathParams: nsParams,
      query: LIST_QUERY,
      produces: WATCH_TYPES,
    });
    if (r.namespaced)
      add({
        ...base,
        path: `${prefix}/${r.plural}`,
        method: 'get',
        action: 'list',
        operationId: `list${id}${r.kind}ForAllNamespaces`,
        response: listDef,
        pathParams: [],
        query: LIST_QUERY,
        produces: WATCH_TYPES,
      });
  }
  if (has('create'))
    add({
      ...base,
      path: collection,
      method: 'post',
      action: 'post',
      operationId: `create${id}${ns}${r.kind}`,
      response: kindDef,
      body: kindDef,
      pathParams: nsParams,
      query: WRITE_QUERY,
    });
  if (has('deletecollection'))
    add({
      ...base,
      path: collection,
      method: 'delete',
      action: 'deletecollection',
      operationId: `delete${id}Collection${ns}${r.kind}`,
      response: STATUS,
      body: DELETE_BODY,
      pathParams: nsParams,
      query: [
        ...DELETE_QUERY,
        ...LIST_QUERY.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks'),
      ],
    });
  const itemParams = ['name', ...nsParams];
  if (has('get'))
    add({
      ...base,
      path: item,
      method: 'get',
      action: 'get',
      operationId: `read${id}${ns}${r.kind}`,
      response: kindDef,
      pathParams: itemParams,
    });
  if (has('update'))
    add({
      ...base,
      path: item,
      method: 'put',
      action: 'put',
      operationId: `replace${id}${ns}${r.kind}`,
      response: kindDef,
      body: kindDef,
      pathParams: itemParams,
      query: WRITE_QUERY,
    });
  if (has('patch'))
    add({
      ...base,
      path: item,
      method: 'patch',
      action: 'patch',
      operationId: `patch${id}${ns}${r.kind}`,
      response: kindDef,
      body: PATCH_BODY,
      pathParams: itemParams,
      query: [...WRITE_QUERY, ...q('boolean', 'force')],
      consumes: PATCH_TYPES,
    });
  if (has('delete'))
    add({
      ...base,
      path: item,
      method: 'delete',
      action: 'delete',
      operationId: `delete${id}${ns}${r.kind}`,
      response: r.deleteReturnsObject ? kindDef : STATUS,
      body: DELETE_BODY,
      pathParams: itemParams,
      query: DELETE_QUERY,
    });
  if (has('watch')) {
    const watch = {
      ...base,
      method: 'get' as const,
      response: WATCH_EVENT,
      query: LIST_QUERY,
      produces: WATCH_TYPES,
    };
    add({
      ...watch,
      path: `${prefix}/watch${scope}`,
      action: 'watchlist',
      operationId: `watch${id}${ns}${r.kind}List`,
      pathParams: nsParams,
    });
    add({
      ...watch,
      path: `${prefix}/watch${scope}/{name}`,
      action: 'watch',
      operationId: `watch${id}${ns}${r.kind}`,
      pathParams: itemParams,
    });
    if (r.namespaced)
      add({
        ...watch,
        path: `${prefix}/watch/${r.plural}`,
        action: 'watchlist',
        operationId: `watch${id}${r.kind}ListForAllNamespaces`,
        pathParams: [],
      });
  }
  for (const s of r.subresources)
    ops.push(...subresourceOps(s, item, itemParams, id, `${ns}${r.kind}`, gvPath, tag));
  return ops;
}

let cached: readonly Operation[] | undefined;

/** Every operation kite serves for the catalogue's resources, sorted by path then method. Pure; cached. */
export function allOperations(): readonly Operation[] {
  cached ??= Object.freeze(
    [...rootOperations(), ...allResources().flatMap(resourceOps)].sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : a.method < b.method ? -1 : a.method > b.method ? 1 : 0,
    ),
  );
  return cached;
}
