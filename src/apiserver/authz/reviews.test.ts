import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserInfo } from '../authn/index.js';
import type { Authorizer } from './attributes.js';
import { interimAuthorizer } from './authorizers.js';
import { accessReviewAttributes, selfSubjectAccessReview, selfSubjectRulesReview } from './reviews.js';

const authz = interimAuthorizer();
const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };
const admin: UserInfo = { name: 'admin', groups: ['system:masters', 'system:authenticated'] };

test('accessReviewAttributes: resource attributes win; none is undefined', () => {
  assert.deepEqual(
    accessReviewAttributes(
      {
        resourceAttributes: {
          verb: 'get',
          resource: 'pods',
          namespace: 'ns',
          group: '',
          version: 'v1',
          name: 'p',
        },
        nonResourceAttributes: { verb: 'get', path: '/x' },
      },
      alice,
    ),
    {
      isResourceRequest: true,
      user: alice,
      verb: 'get',
      namespace: 'ns',
      apiGroup: '',
      apiVersion: 'v1',
      resource: 'pods',
      subresource: '',
      name: 'p',
    },
  );
  assert.deepEqual(accessReviewAttributes({ nonResourceAttributes: { verb: 'get', path: '/api' } }, alice), {
    isResourceRequest: false,
    user: alice,
    verb: 'get',
    path: '/api',
  });
  assert.equal(accessReviewAttributes({}, alice), undefined);
});

const sar: {
  name: string;
  user: UserInfo;
  spec: Parameters<typeof accessReviewAttributes>[0];
  want: unknown;
}[] = [
  {
    name: 'denied resource: allowed false, no reason',
    user: alice,
    spec: { resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'default' } },
    want: { allowed: false },
  },
  {
    name: 'allowed by RBAC carries the reason',
    user: alice,
    spec: { nonResourceAttributes: { verb: 'get', path: '/api' } },
    want: {
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    },
  },
  {
    name: 'system:masters allowed without a reason',
    user: admin,
    spec: { resourceAttributes: { verb: '*', group: '*', resource: '*' } },
    want: { allowed: true },
  },
];

for (const c of sar) {
  test(`selfSubjectAccessReview: ${c.name}`, () => {
    const attrs = accessReviewAttributes(c.spec, c.user);
    assert.ok(attrs !== undefined);
    assert.deepEqual(selfSubjectAccessReview(authz, attrs), c.want);
  });
}

test('selfSubjectAccessReview: an outright deny sets denied and the evaluation error', () => {
  const deny: Authorizer = {
    authorize: () => ({ decision: 'deny', reason: 'no way', evaluationError: 'broken' }),
  };
  assert.deepEqual(
    selfSubjectAccessReview(deny, { isResourceRequest: false, user: alice, verb: 'get', path: '/' }),
    {
      allowed: false,
      denied: true,
      reason: 'no way',
      evaluationError: 'broken',
    },
  );
});

test('selfSubjectRulesReview: an authenticated user sees the default roles', () => {
  const r = selfSubjectRulesReview(authz, 'default', alice);
  assert.ok('status' in r);
  assert.deepEqual(r.status, {
    resourceRules: [
      {
        verbs: ['create'],
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
    ],
    nonResourceRules: [
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
      { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
    ],
    incomplete: false,
  });
});

test('selfSubjectRulesReview: system:masters sees cluster-admin first', () => {
  const r = selfSubjectRulesReview(authz, 'kube-system', admin);
  assert.ok('status' in r);
  assert.deepEqual(r.status.resourceRules[0], { verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
  assert.deepEqual(r.status.nonResourceRules[0], { verbs: ['*'], nonResourceURLs: ['*'] });
});

test('selfSubjectRulesReview: no namespace is a 400', () => {
  const r = selfSubjectRulesReview(authz, '', alice);
  assert.ok('error' in r);
  assert.equal(
    JSON.stringify(r.error.toJSON()),
    '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"no namespace on request","reason":"BadRequest","code":400}',
  );
});
