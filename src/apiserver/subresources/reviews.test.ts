import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../apimachinery/errors/index.js';
import type { UserInfo } from '../authn/index.js';
import { interimAuthorizer } from '../authz/index.js';
import type { JsonObject } from '../registry/index.js';
import { isReviewResource, type ReviewEnv, review } from './reviews.js';

const authz = interimAuthorizer();
const env: ReviewEnv = {
  authorizer: authz,
  rules: authz,
  apiAudiences: ['https://kubernetes.default.svc.cluster.local'],
  now: () => new Date('2024-01-02T03:04:05Z'),
  reviewToken: async (token, audiences) =>
    token === 'good'
      ? { user: { name: 'sam', uid: '1', groups: ['team'] }, audiences }
      : { error: 'invalid bearer token' },
};
const admin: UserInfo = { name: 'admin', groups: ['system:masters', 'system:authenticated'] };
const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };
const AUTHN = 'authentication.k8s.io';
const AUTHZ = 'authorization.k8s.io';

async function failure(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  assert.fail('expected a failure');
}

test('isReviewResource', () => {
  assert.ok(isReviewResource(AUTHZ, 'selfsubjectaccessreviews'));
  assert.ok(!isReviewResource('', 'pods'));
});

test('SelfSubjectReview answers the caller', async () => {
  const out = await review(
    env,
    AUTHN,
    'selfsubjectreviews',
    '',
    { ...alice, uid: 'u1', extra: { k: ['v'] } },
    {},
  );
  assert.deepEqual(out, {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: '2024-01-02T03:04:05Z' },
    status: {
      userInfo: { username: 'alice', uid: 'u1', groups: ['system:authenticated'], extra: { k: ['v'] } },
    },
  });
});

test('TokenReview: token required, no namespace, authenticated or not', async () => {
  let e = await failure(review(env, AUTHN, 'tokenreviews', '', admin, { spec: {} }));
  assert.equal(e.message, 'token is required for TokenReview in authentication');
  e = await failure(review(env, AUTHN, 'tokenreviews', 'ns', admin, { spec: { token: 'x' } }));
  assert.equal(e.message, 'namespace is not allowed on this type: ns');
  const ok = await review(env, AUTHN, 'tokenreviews', '', admin, { spec: { token: 'good' } });
  assert.deepEqual(ok['status'], {
    authenticated: true,
    user: { username: 'sam', uid: '1', groups: ['team'] },
    audiences: ['https://kubernetes.default.svc.cluster.local'],
  });
  const bad = await review(env, AUTHN, 'tokenreviews', '', admin, {
    spec: { token: 'bad', audiences: ['x'] },
  });
  assert.deepEqual(bad['status'], { user: {}, error: 'invalid bearer token' });
});

test('SelfSubjectAccessReview: allowed for admins, validated', async () => {
  const spec = { resourceAttributes: { verb: 'create', resource: 'pods', namespace: 'default' } };
  const yes = await review(env, AUTHZ, 'selfsubjectaccessreviews', '', admin, { spec });
  assert.deepEqual(yes['status'], { allowed: true });
  const no = await review(env, AUTHZ, 'selfsubjectaccessreviews', '', alice, {
    spec,
    metadata: { creationTimestamp: null },
  });
  assert.equal((no['status'] as JsonObject)['allowed'], false);
  const e = await failure(review(env, AUTHZ, 'selfsubjectaccessreviews', '', alice, { spec: {} }));
  assert.equal(e.code, 422);
  assert.match(
    e.message,
    /^SelfSubjectAccessReview\.authorization\.k8s\.io "" is invalid: spec\.resourceAttributes: /,
  );
  const e2 = await failure(
    review(env, AUTHZ, 'selfsubjectaccessreviews', '', alice, { metadata: { name: 'x' }, spec }),
  );
  assert.match(e2.message, /metadata: Invalid value: .*: must be empty/);
});

test('SubjectAccessReview and LocalSubjectAccessReview check the subject of the spec', async () => {
  const sar = await review(env, AUTHZ, 'subjectaccessreviews', '', alice, {
    spec: { groups: ['system:masters'], resourceAttributes: { verb: 'delete', resource: 'nodes' } },
  });
  assert.equal((sar['status'] as JsonObject)['allowed'], true);
  let e = await failure(
    review(env, AUTHZ, 'subjectaccessreviews', '', alice, { spec: { resourceAttributes: { verb: 'get' } } }),
  );
  assert.match(e.message, /spec\.user: Invalid value: "": at least one of user or group must be specified/);
  e = await failure(
    review(env, AUTHZ, 'localsubjectaccessreviews', 'ns1', alice, {
      spec: { user: 'u', resourceAttributes: { verb: 'get', namespace: 'ns2' } },
    }),
  );
  assert.equal(e.message, 'spec.resourceAttributes.namespace must match namespace: ns1');
  e = await failure(review(env, AUTHZ, 'localsubjectaccessreviews', '', alice, { spec: { user: 'u' } }));
  assert.equal(e.message, 'namespace is required on this type: ');
});

test('SelfSubjectRulesReview lists the rules; a namespace is required', async () => {
  const out = await review(env, AUTHZ, 'selfsubjectrulesreviews', '', admin, {
    spec: { namespace: 'default' },
  });
  const status = out['status'] as JsonObject;
  assert.ok((status['resourceRules'] as JsonObject[]).some((r) => (r['verbs'] as string[]).includes('*')));
  const e = await failure(review(env, AUTHZ, 'selfsubjectrulesreviews', '', admin, { spec: {} }));
  assert.equal(e.message, 'no namespace on request');
});
