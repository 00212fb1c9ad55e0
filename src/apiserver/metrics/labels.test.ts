import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery, requestInfo, splitTarget } from '../request/index.js';
import { dryRunLabel, type RequestLabels, requestLabels } from './labels.js';

function labels(method: string, target: string, contentType?: string): RequestLabels {
  const ri = requestInfo(method, target);
  assert.ok(ri.ok);
  return requestLabels(method, ri.info, parseQuery(splitTarget(target).rawQuery), contentType);
}

const base = { dry_run: '', group: '', version: 'v1', subresource: '', component: 'apiserver' };

describe('requestLabels', () => {
  const cases: { name: string; method: string; target: string; ct?: string; want: RequestLabels }[] = [
    {
      name: 'list in a namespace',
      method: 'GET',
      target: '/api/v1/namespaces/default/pods',
      want: { ...base, verb: 'LIST', resource: 'pods', scope: 'namespace' },
    },
    {
      name: 'list across namespaces',
      method: 'GET',
      target: '/apis/apps/v1/deployments?limit=500',
      want: { ...base, verb: 'LIST', group: 'apps', resource: 'deployments', scope: 'cluster' },
    },
    {
      name: 'get of one object',
      method: 'GET',
      target: '/api/v1/namespaces/default/pods/p',
      want: { ...base, verb: 'GET', resource: 'pods', scope: 'resource' },
    },
    {
      name: 'HEAD reports as GET',
      method: 'HEAD',
      target: '/api/v1/nodes/n1',
      want: { ...base, verb: 'GET', resource: 'nodes', scope: 'resource' },
    },
    {
      name: 'watch by parameter',
      method: 'GET',
      target: '/api/v1/namespaces/default/configmaps?watch=1',
      want: { ...base, verb: 'WATCH', resource: 'configmaps', scope: 'namespace' },
    },
    {
      name: 'watch by path, of one object',
      method: 'GET',
      target: '/api/v1/watch/namespaces/default/configmaps/c',
      want: { ...base, verb: 'WATCH', resource: 'configmaps', scope: 'resource' },
    },
    {
      // Upstream names the object from the selector, so the scope is resource and the verb GET.
      name: 'list pinned to a name by fieldSelector reports as a get',
      method: 'GET',
      target: '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dp',
      want: { ...base, verb: 'GET', resource: 'pods', scope: 'resource' },
    },
    {
      name: 'create is resource scoped',
      method: 'POST',
      target: '/api/v1/namespaces/default/configmaps?dryRun=All',
      want: { ...base, verb: 'POST', dry_run: 'All', resource: 'configmaps', scope: 'resource' },
    },
    {
      name: 'update of status',
      method: 'PUT',
      target: '/apis/apps/v1/namespaces/x/deployments/d/status',
      want: {
        ...base,
        verb: 'PUT',
        group: 'apps',
        resource: 'deployments',
        subresource: 'status',
        scope: 'resource',
      },
    },
    {
      name: 'server-side apply',
      method: 'PATCH',
      target: '/api/v1/namespaces/default/configmaps/c?fieldManager=kubectl',
      ct: 'application/apply-patch+yaml',
      want: { ...base, verb: 'APPLY', resource: 'configmaps', scope: 'resource' },
    },
    {
      name: 'merge patch',
      method: 'PATCH',
      target: '/api/v1/namespaces/default/configmaps/c',
      ct: 'application/merge-patch+json',
      want: { ...base, verb: 'PATCH', resource: 'configmaps', scope: 'resource' },
    },
    {
      name: 'delete collection',
      method: 'DELETE',
      target: '/api/v1/namespaces/default/configmaps',
      want: { ...base, verb: 'DELETE', resource: 'configmaps', scope: 'namespace' },
    },
    {
      name: 'exec is CONNECT',
      method: 'POST',
      target: '/api/v1/namespaces/default/pods/p/exec?command=ls',
      want: { ...base, verb: 'CONNECT', resource: 'pods', subresource: 'exec', scope: 'resource' },
    },
    {
      name: 'unknown method is other',
      method: 'OPTIONS',
      target: '/api/v1/namespaces/default/pods',
      want: { ...base, verb: 'other', resource: 'pods', scope: 'namespace' },
    },
    {
      name: 'non-resource path',
      method: 'GET',
      target: '/openapi/v2',
      want: { ...base, version: '', verb: 'GET', resource: '', subresource: '/openapi/v2', scope: '' },
    },
    {
      name: 'health paths have an empty component',
      method: 'GET',
      target: '/readyz?verbose',
      want: {
        ...base,
        version: '',
        verb: 'GET',
        resource: '',
        subresource: '/readyz',
        scope: '',
        component: '',
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(labels(c.method, c.target, c.ct), c.want));
  }
});

describe('dryRunLabel', () => {
  for (const [query, want] of [
    ['', ''],
    ['dryRun=All', 'All'],
    ['dryRun=All&dryRun=All', 'All'],
    ['dryRun=true', 'invalid'],
    ['dryRun=', 'invalid'],
  ] as const) {
    it(`${query || '(none)'} → ${want || '""'}`, () => assert.equal(dryRunLabel(parseQuery(query)), want));
  }
});
