import { servedGroups } from '../catalogue.js';
import { cap, groupId, type Operation, tagFor } from './types.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const DISCOVERY_TYPES = ['application/json', 'application/yaml'];

/** Discovery (`/api/`, `/apis/`, per group and group-version) and `/version/` endpoints. */
export function rootOperations(): Operation[] {
  const root = (path: string, operationId: string, response: string, tag: string, gv: string): Operation => ({
    path,
    method: 'get',
    action: undefined,
    operationId,
    gvk: undefined,
    response,
    body: undefined,
    pathParams: [],
    query: [],
    consumes: DISCOVERY_TYPES,
    produces: DISCOVERY_TYPES,
    groupVersionPath: gv,
    tag,
  });
  const ops = [
    root('/api/', 'getCoreAPIVersions', `${META}APIVersions`, 'core', 'api'),
    root('/apis/', 'getAPIVersions', `${META}APIGroupList`, 'apis', 'apis'),
    {
      ...root('/version/', 'getCodeVersion', 'io.k8s.apimachinery.pkg.version.Info', 'version', 'version'),
      consumes: ['application/json'],
      produces: ['application/json'],
    },
  ];
  for (const g of servedGroups()) {
    if (g.name !== '') {
      const name = g.name
        .replace(/\.k8s\.io$/, '')
        .split('.')
        .map(cap)
        .join('');
      const tag = tagFor(g.name, '').slice(0, -1);
      ops.push(root(`/apis/${g.name}/`, `get${name}APIGroup`, `${META}APIGroup`, tag, `apis/${g.name}`));
    }
    for (const v of g.versions) {
      const gv = g.name === '' ? `api/${v}` : `apis/${g.name}/${v}`;
      ops.push(
        root(
          `/${gv}/`,
          `get${groupId(g.name, v)}APIResources`,
          `${META}APIResourceList`,
          tagFor(g.name, v),
          gv,
        ),
      );
    }
  }
  return ops;
}
