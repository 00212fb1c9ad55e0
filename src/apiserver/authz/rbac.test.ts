import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserInfo } from '../authn/index.js';
import type { Attributes, Decision } from './attributes.js';
import { interimAuthorizer } from './authorizers.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';
import { rbacAuthorizer, staticPolicySource } from './rbac.js';
import { pathRequest, resourceRequest } from './test-helpers.js';

const admin: UserInfo = { name: 'admin', groups: ['system:masters', 'system:authenticated'] };
const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };
const anon: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

const authz = interimAuthorizer();

const cases: { name: string; attrs: Attributes; want: Decision }[] = [
  {
    name: 'system:masters may delete anything',
    attrs: resourceRequest('delete', {
      user: admin,
      namespace: 'kube-system',
      resource: 'secrets',
      name: 'x',
    }),
    want: { decision: 'allow', reason: '' },
  },
  {
    name: 'system:masters may get any path',
    attrs: pathRequest('get', '/metrics', admin),
    want: { decision: 'allow', reason: '' },
  },
  {
    name: 'authenticated user may discover /apis/apps/v1',
    attrs: pathRequest('get', '/apis/apps/v1', alice),
    want: {
      decision: 'allow',
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    },
  },
  {
    name: 'authenticated user may read /openapi/v3',
    attrs: pathRequest('get', '/openapi/v3', alice),
    want: {
      decision: 'allow',
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    },
  },
  {
    name: 'authenticated user may create a selfsubjectaccessreview',
    attrs: resourceRequest('create', {
      user: alice,
      apiGroup: 'authorization.k8s.io',
      resource: 'selfsubjectaccessreviews',
    }),
    want: {
      decision: 'allow',
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"',
    },
  },
  {
    name: 'authenticated user may create a selfsubjectreview',
    attrs: resourceRequest('create', {
      user: alice,
      apiGroup: 'authentication.k8s.io',
      resource: 'selfsubjectreviews',
    }),
    want: {
      decision: 'allow',
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"',
    },
  },
  {
    name: 'selfsubjectreviews in the wrong group',
    attrs: resourceRequest('create', {
      user: alice,
      apiGroup: 'authorization.k8s.io',
      resource: 'selfsubjectreviews',
    }),
    want: { decision: 'no-opinion', reason: '' },
  },
  {
    name: 'authenticated user may not list pods',
    attrs: resourceRequest('list', { user: alice, namespace: 'default', resource: 'pods' }),
    want: { decision: 'no-opinion', reason: '' },
  },
  {
    name: 'authenticated user may not post to /api',
    attrs: pathRequest('post', '/api', alice),
    want: { decision: 'no-opinion', reason: '' },
  },
  {
    name: 'anonymous may read /healthz',
    attrs: pathRequest('get', '/healthz', anon),
    want: {
      decision: 'allow',
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"',
    },
  },
  {
    name: 'anonymous may read /version/',
    attrs: pathRequest('get', '/version/', anon),
    want: {
      decision: 'allow',
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"',
    },
  },
  {
    name: 'anonymous may not read /livez/ping',
    attrs: pathRequest('get', '/livez/ping', anon),
    want: { decision: 'no-opinion', reason: '' },
  },
  {
    name: 'anonymous may not discover /api',
    attrs: pathRequest('get', '/api', anon),
    want: { decision: 'no-opinion', reason: '' },
  },
  {
    name: 'anonymous may not create reviews',
    attrs: resourceRequest('create', {
      user: anon,
      apiGroup: 'authorization.k8s.io',
      resource: 'selfsubjectrulesreviews',
    }),
    want: { decision: 'no-opinion', reason: '' },
  },
  {
    name: 'system:monitoring may read /readyz/etcd',
    attrs: pathRequest('get', '/readyz/etcd', { name: 'prom', groups: ['system:monitoring'] }),
    want: {
      decision: 'allow',
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:monitoring" of ClusterRole "system:monitoring" to Group "system:monitoring"',
    },
  },
];

for (const c of cases) {
  test(`interim policy: ${c.name}`, () => {
    assert.deepEqual(authz.authorize(c.attrs), c.want);
  });
}

test('rbac: a binding to a missing role is no opinion with the lookup error', () => {
  const src = staticPolicySource({
    clusterRoles: [],
    clusterRoleBindings: [
      {
        metadata: { name: 'b' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gone' },
        subjects: [{ kind: 'User', name: 'alice' }],
      },
      {
        metadata: { name: 'c' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Thing', name: 'x' },
        subjects: [{ kind: 'User', name: 'alice' }],
      },
    ],
  });
  const d = rbacAuthorizer(src).authorize(pathRequest('get', '/x', alice));
  assert.deepEqual(d, {
    decision: 'no-opinion',
    reason:
      'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, unsupported role reference kind: "Thing"]',
  });
});

test('rbac: role bindings apply only in their namespace and describe service accounts', () => {
  const src = staticPolicySource({
    clusterRoles: [
      { metadata: { name: 'reader' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] },
    ],
    clusterRoleBindings: [],
    roleBindings: [
      {
        metadata: { name: 'rb', namespace: 'team' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'bot' }],
      },
    ],
  });
  const rbac = rbacAuthorizer(src);
  const bot: UserInfo = { name: 'system:serviceaccount:team:bot', groups: [] };
  assert.deepEqual(
    rbac.authorize(resourceRequest('get', { user: bot, namespace: 'team', resource: 'pods' })),
    {
      decision: 'allow',
      reason: 'RBAC: allowed by RoleBinding "rb/team" of ClusterRole "reader" to ServiceAccount "bot/team"',
    },
  );
  assert.equal(
    rbac.authorize(resourceRequest('get', { user: bot, namespace: 'other', resource: 'pods' })).decision,
    'no-opinion',
  );
  assert.equal(
    rbac.authorize(resourceRequest('get', { user: bot, resource: 'pods' })).decision,
    'no-opinion',
  );
});

test('bootstrap policy: rule lists are sorted and objects carry the bootstrapping metadata', () => {
  const discovery = bootstrapClusterRoles().find((r) => r.metadata?.name === 'system:discovery');
  assert.deepEqual(discovery?.rules, [
    {
      verbs: ['get'],
      nonResourceURLs: [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
    },
  ]);
  for (const o of [...bootstrapClusterRoles(), ...bootstrapClusterRoleBindings()]) {
    assert.deepEqual(o.metadata?.labels, { 'kubernetes.io/bootstrapping': 'rbac-defaults' });
    assert.deepEqual(o.metadata?.annotations, { 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
  }
  const piv = bootstrapClusterRoleBindings().find((b) => b.metadata?.name === 'system:public-info-viewer');
  assert.deepEqual(piv?.subjects, [
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' },
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:unauthenticated' },
  ]);
});
