import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ImpersonationRequest,
  impersonatedUser,
  impersonationTarget,
  parseImpersonationHeaders,
  type RequestHeaders,
  splitServiceAccountUsername,
} from './index.js';

const parsed: { name: string; headers: RequestHeaders; want: ImpersonationRequest[] }[] = [
  { name: 'no headers', headers: { accept: 'application/json' }, want: [] },
  { name: 'user', headers: { 'impersonate-user': 'jane' }, want: [{ kind: 'User', name: 'jane' }] },
  { name: 'empty user header means none', headers: { 'impersonate-user': '' }, want: [] },
  {
    name: 'service account user',
    headers: { 'impersonate-user': 'system:serviceaccount:ns:sa' },
    want: [{ kind: 'ServiceAccount', namespace: 'ns', name: 'sa' }],
  },
  {
    name: 'invalid namespace makes it a plain user',
    headers: { 'impersonate-user': 'system:serviceaccount:NS:sa' },
    want: [{ kind: 'User', name: 'system:serviceaccount:NS:sa' }],
  },
  {
    name: 'too many parts makes it a plain user',
    headers: { 'impersonate-user': 'system:serviceaccount:ns:sa:x' },
    want: [{ kind: 'User', name: 'system:serviceaccount:ns:sa:x' }],
  },
  {
    name: 'first user header wins',
    headers: { 'Impersonate-User': ['a', 'b'] },
    want: [{ kind: 'User', name: 'a' }],
  },
  {
    name: 'groups keep order and commas',
    headers: { 'impersonate-user': 'u', 'impersonate-group': ['g1', 'a,b'] },
    want: [
      { kind: 'User', name: 'u' },
      { kind: 'Group', name: 'g1' },
      { kind: 'Group', name: 'a,b' },
    ],
  },
  {
    name: 'extras: key lower-cased and percent-decoded, one request per value',
    headers: { 'impersonate-user': 'u', 'Impersonate-Extra-Example.com%2fScopes': ['view', 'edit'] },
    want: [
      { kind: 'User', name: 'u' },
      { kind: 'UserExtra', key: 'example.com/scopes', value: 'view' },
      { kind: 'UserExtra', key: 'example.com/scopes', value: 'edit' },
    ],
  },
  {
    name: 'malformed escape keeps the key as sent',
    headers: { 'impersonate-user': 'u', 'impersonate-extra-a%zz': 'v' },
    want: [
      { kind: 'User', name: 'u' },
      { kind: 'UserExtra', key: 'a%zz', value: 'v' },
    ],
  },
  {
    name: 'uid comes last',
    headers: { 'impersonate-uid': '1234', 'impersonate-user': 'u' },
    want: [
      { kind: 'User', name: 'u' },
      { kind: 'UID', uid: '1234' },
    ],
  },
];

for (const c of parsed) {
  test(`parseImpersonationHeaders: ${c.name}`, () => {
    assert.deepEqual(parseImpersonationHeaders(c.headers), { requests: c.want });
  });
}

const rejected: { name: string; headers: RequestHeaders; message: string }[] = [
  {
    name: 'group without user',
    headers: { 'impersonate-group': 'system:masters' },
    message: 'requested [{Group  system:masters    }] without impersonating a user',
  },
  {
    name: 'two groups without user',
    headers: { 'impersonate-group': ['a', 'b'] },
    message: 'requested [{Group  a    } {Group  b    }] without impersonating a user',
  },
  {
    name: 'extra without user',
    headers: { 'impersonate-extra-scopes': 'view' },
    message: 'requested [{UserExtra  view  authentication.k8s.io/v1  scopes}] without impersonating a user',
  },
  {
    name: 'uid without user',
    headers: { 'impersonate-uid': 'abc' },
    message: 'requested [{UID  abc  authentication.k8s.io/v1  }] without impersonating a user',
  },
  {
    name: 'empty user header with a group',
    headers: { 'impersonate-user': '', 'impersonate-group': 'g' },
    message: 'requested [{Group  g    }] without impersonating a user',
  },
];

for (const c of rejected) {
  test(`parseImpersonationHeaders rejects: ${c.name}`, () => {
    const r = parseImpersonationHeaders(c.headers);
    assert.ok('error' in r);
    assert.equal(r.error.code, 400);
    assert.deepEqual(r.error.toJSON(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: c.message,
      reason: 'BadRequest',
      code: 400,
    });
  });
}

const users: { name: string; requests: ImpersonationRequest[]; want: unknown }[] = [
  {
    name: 'user alone',
    requests: [{ kind: 'User', name: 'u' }],
    want: { name: 'u', groups: ['system:authenticated'] },
  },
  {
    name: 'service account gets its groups',
    requests: [{ kind: 'ServiceAccount', namespace: 'ns', name: 'sa' }],
    want: {
      name: 'system:serviceaccount:ns:sa',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated'],
    },
  },
  {
    name: 'service account with explicit groups',
    requests: [
      { kind: 'ServiceAccount', namespace: 'ns', name: 'sa' },
      { kind: 'Group', name: 'g' },
    ],
    want: { name: 'system:serviceaccount:ns:sa', groups: ['g', 'system:authenticated'] },
  },
  {
    name: 'explicit system:unauthenticated suppresses system:authenticated',
    requests: [
      { kind: 'User', name: 'u' },
      { kind: 'Group', name: 'system:unauthenticated' },
    ],
    want: { name: 'u', groups: ['system:unauthenticated'] },
  },
  {
    name: 'anonymous gets system:unauthenticated',
    requests: [{ kind: 'User', name: 'system:anonymous' }],
    want: { name: 'system:anonymous', groups: ['system:unauthenticated'] },
  },
  {
    name: 'extras and uid',
    requests: [
      { kind: 'User', name: 'u' },
      { kind: 'UserExtra', key: 'k', value: 'a' },
      { kind: 'UserExtra', key: 'k', value: 'b' },
      { kind: 'UID', uid: '42' },
    ],
    want: { name: 'u', uid: '42', groups: ['system:authenticated'], extra: { k: ['a', 'b'] } },
  },
];

for (const c of users) {
  test(`impersonatedUser: ${c.name}`, () => {
    assert.deepEqual(impersonatedUser(c.requests), c.want);
  });
}

test('impersonationTarget: resources checked for each kind', () => {
  assert.deepEqual(impersonationTarget({ kind: 'ServiceAccount', namespace: 'ns', name: 'sa' }), {
    apiGroup: '',
    apiVersion: 'v1',
    resource: 'serviceaccounts',
    subresource: '',
    namespace: 'ns',
    name: 'sa',
  });
  assert.equal(impersonationTarget({ kind: 'User', name: 'u' }).resource, 'users');
  assert.equal(impersonationTarget({ kind: 'Group', name: 'g' }).resource, 'groups');
  assert.deepEqual(impersonationTarget({ kind: 'UserExtra', key: 'scopes', value: 'view' }), {
    apiGroup: 'authentication.k8s.io',
    apiVersion: 'v1',
    resource: 'userextras',
    subresource: 'scopes',
    namespace: '',
    name: 'view',
  });
  assert.equal(impersonationTarget({ kind: 'UID', uid: '1' }).resource, 'uids');
});

test('splitServiceAccountUsername', () => {
  assert.deepEqual(splitServiceAccountUsername('system:serviceaccount:kube-system:default'), {
    namespace: 'kube-system',
    name: 'default',
  });
  assert.equal(splitServiceAccountUsername('system:serviceaccount:ns'), undefined);
  assert.equal(splitServiceAccountUsername('system:serviceaccount::sa'), undefined);
  assert.equal(splitServiceAccountUsername('system:serviceaccount:ns:Bad_Name'), undefined);
  assert.equal(splitServiceAccountUsername('alice'), undefined);
});
