import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forbiddenRequest } from '../../apimachinery/errors/index.js';
import type { Attributes } from './attributes.js';
import { forbiddenError } from './forbidden.js';
import { pathRequest, resourceRequest } from './test-helpers.js';

const alice = { name: 'alice', groups: ['system:authenticated'] };
const head = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",';

const cases: { name: string; attrs: Attributes; reason: string; body: string }[] = [
  {
    name: 'namespaced list',
    attrs: resourceRequest('list', { user: alice, namespace: 'default', resource: 'pods', apiVersion: 'v1' }),
    reason: '',
    body: `${head}"message":"pods is forbidden: User \\"alice\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"","reason":"Forbidden","details":{"kind":"pods"},"code":403}`,
  },
  {
    name: 'named object in a group',
    attrs: resourceRequest('get', {
      user: alice,
      namespace: 'ns',
      apiGroup: 'apps',
      resource: 'deployments',
      name: 'web',
    }),
    reason: '',
    body: `${head}"message":"deployments.apps \\"web\\" is forbidden: User \\"alice\\" cannot get resource \\"deployments\\" in API group \\"apps\\" in the namespace \\"ns\\"","reason":"Forbidden","details":{"name":"web","group":"apps","kind":"deployments"},"code":403}`,
  },
  {
    name: 'cluster scope with subresource',
    attrs: resourceRequest('update', { user: alice, resource: 'nodes', subresource: 'status', name: 'n1' }),
    reason: '',
    body: `${head}"message":"nodes \\"n1\\" is forbidden: User \\"alice\\" cannot update resource \\"nodes/status\\" in API group \\"\\" at the cluster scope","reason":"Forbidden","details":{"name":"n1","kind":"nodes"},"code":403}`,
  },
  {
    name: 'non-resource path keeps empty details',
    attrs: pathRequest('get', '/', { name: 'system:anonymous', groups: ['system:unauthenticated'] }),
    reason: '',
    body: `${head}"message":"forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"","reason":"Forbidden","details":{},"code":403}`,
  },
  {
    name: 'authorizer reason appended',
    attrs: pathRequest('get', '/metrics', alice),
    reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "x" not found',
    body: `${head}"message":"forbidden: User \\"alice\\" cannot get path \\"/metrics\\": RBAC: clusterrole.rbac.authorization.k8s.io \\"x\\" not found","reason":"Forbidden","details":{},"code":403}`,
  },
  {
    name: 'HTML-like characters escaped in the message, not in the reason',
    attrs: pathRequest('get', '/<script>&', alice),
    reason: '<b>',
    body: `${head}"message":"forbidden: User \\"alice\\" cannot get path \\"/&lt;script&gt;&amp;\\": <b>","reason":"Forbidden","details":{},"code":403}`,
  },
  {
    name: 'impersonation check',
    attrs: resourceRequest('impersonate', { user: alice, resource: 'users', name: 'bob', apiVersion: 'v1' }),
    reason: '',
    body: `${head}"message":"users \\"bob\\" is forbidden: User \\"alice\\" cannot impersonate resource \\"users\\" in API group \\"\\" at the cluster scope","reason":"Forbidden","details":{"name":"bob","kind":"users"},"code":403}`,
  },
];

for (const c of cases) {
  test(`forbiddenError body: ${c.name}`, () => {
    assert.equal(JSON.stringify(forbiddenError(c.attrs, c.reason).toJSON()), c.body);
  });
}

test('forbiddenError words its message as the shared forbiddenRequest factory does', () => {
  const attrs = resourceRequest('delete', { user: alice, namespace: 'ns', resource: 'secrets', name: 's' });
  const ours = forbiddenError(attrs, 'why');
  const shared = forbiddenRequest(
    {
      user: 'alice',
      verb: 'delete',
      resource: { group: '', resource: 'secrets', namespace: 'ns', name: 's' },
    },
    'why',
  );
  assert.equal(ours.message, shared.message);
  assert.equal(ours.code, 403);
  assert.equal(ours.reason, 'Forbidden');
});
