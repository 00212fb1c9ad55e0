import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AuthnRequest,
  type AuthnResult,
  authenticate,
  staticTokenAuthenticator,
} from './authenticate.js';
import { InvalidTokenWithSpaceWarning } from './bearer.js';

const tokens = staticTokenAuthenticator(
  new Map([
    ['good', { name: 'tok-user', uid: '7', groups: ['g1'] }],
    ['anon-group', { name: 'x', groups: ['system:unauthenticated'] }],
  ]),
);
const opts = { tokenAuthenticators: [tokens] };
const cert = { subject: { CN: 'cert-user', O: ['system:masters'] } };

const unauthorizedBody =
  '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}';

function summary(r: AuthnResult): unknown {
  if ('error' in r) return { error: JSON.stringify(r.error.toJSON()), warnings: r.warnings };
  if ('anonymous' in r) return { anonymous: r.user, warnings: r.warnings };
  return { user: r.user, warnings: r.warnings };
}

const cases: { name: string; req: AuthnRequest; want: unknown }[] = [
  {
    name: 'client certificate',
    req: { path: '/api', headers: {}, peerCertificate: cert },
    want: {
      user: { name: 'cert-user', groups: ['system:masters', 'system:authenticated'] },
      warnings: undefined,
    },
  },
  {
    name: 'certificate wins over an invalid token',
    req: { path: '/api', headers: { authorization: 'Bearer nope' }, peerCertificate: cert },
    want: {
      user: { name: 'cert-user', groups: ['system:masters', 'system:authenticated'] },
      warnings: undefined,
    },
  },
  {
    name: 'certificate without CN falls through to the token',
    req: {
      path: '/api',
      headers: { authorization: 'Bearer good' },
      peerCertificate: { subject: { O: 'x' } },
    },
    want: {
      user: { name: 'tok-user', uid: '7', groups: ['g1', 'system:authenticated'] },
      warnings: undefined,
    },
  },
  {
    name: 'valid token',
    req: { path: '/api/v1/pods', headers: { authorization: 'Bearer good' } },
    want: {
      user: { name: 'tok-user', uid: '7', groups: ['g1', 'system:authenticated'] },
      warnings: undefined,
    },
  },
  {
    name: 'header name in any case, value as an array',
    req: { path: '/api', headers: { Authorization: ['bearer good'] } },
    want: {
      user: { name: 'tok-user', uid: '7', groups: ['g1', 'system:authenticated'] },
      warnings: undefined,
    },
  },
  {
    name: 'token user already in system:unauthenticated gets no system:authenticated',
    req: { path: '/api', headers: { authorization: 'Bearer anon-group' } },
    want: { user: { name: 'x', groups: ['system:unauthenticated'] }, warnings: undefined },
  },
  {
    name: 'invalid token is 401 even on an anonymous path',
    req: { path: '/healthz', headers: { authorization: 'Bearer nope' } },
    want: { error: unauthorizedBody, warnings: undefined },
  },
  {
    name: 'no credentials on /healthz',
    req: { path: '/healthz', headers: {} },
    want: {
      anonymous: { name: 'system:anonymous', groups: ['system:unauthenticated'] },
      warnings: undefined,
    },
  },
  {
    name: 'no credentials on /livez/ping',
    req: { path: '/livez/ping', headers: {} },
    want: {
      anonymous: { name: 'system:anonymous', groups: ['system:unauthenticated'] },
      warnings: undefined,
    },
  },
  {
    name: 'no credentials on /version/',
    req: { path: '/version/', headers: {} },
    want: {
      anonymous: { name: 'system:anonymous', groups: ['system:unauthenticated'] },
      warnings: undefined,
    },
  },
  {
    name: 'no credentials on /api',
    req: { path: '/api', headers: {} },
    want: { error: unauthorizedBody, warnings: undefined },
  },
  {
    name: 'a path that only starts like an anonymous one',
    req: { path: '/healthzz', headers: {} },
    want: { error: unauthorizedBody, warnings: undefined },
  },
  {
    name: 'other auth schemes count as no credentials',
    req: { path: '/readyz', headers: { authorization: 'Basic YTpi' } },
    want: {
      anonymous: { name: 'system:anonymous', groups: ['system:unauthenticated'] },
      warnings: undefined,
    },
  },
  {
    name: 'extra space before the token: ignored with a warning',
    req: { path: '/api', headers: { authorization: 'Bearer  good' } },
    want: { error: unauthorizedBody, warnings: [InvalidTokenWithSpaceWarning] },
  },
];

for (const c of cases) {
  test(`authenticate: ${c.name}`, () => {
    assert.deepEqual(summary(authenticate(c.req, opts)), c.want);
  });
}

test('authenticate: anonymous disabled answers 401 everywhere', () => {
  const r = authenticate({ path: '/healthz', headers: {} }, { anonymous: false });
  assert.ok('error' in r);
  assert.equal(JSON.stringify(r.error.toJSON()), unauthorizedBody);
});

test('authenticate: a bearer token without any token authenticator is 401', () => {
  const r = authenticate({ path: '/version', headers: { authorization: 'Bearer good' } });
  assert.ok('error' in r && r.error.code === 401);
});
