import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interimAuthorizer } from '../authz/index.js';
import { impersonate } from './impersonate.js';

const authz = interimAuthorizer();
const admin = { name: 'admin', groups: ['system:masters', 'system:authenticated'] };
const alice = { name: 'alice', groups: ['system:authenticated'] };

test('no headers: the caller stays', () => {
  assert.deepEqual(impersonate({}, alice, authz), { user: alice });
});

test('an admin may impersonate users, groups and service accounts', () => {
  assert.deepEqual(impersonate({ 'impersonate-user': 'bob', 'impersonate-group': ['devs'] }, admin, authz), {
    user: { name: 'bob', groups: ['devs', 'system:authenticated'] },
  });
  const sa = impersonate({ 'impersonate-user': 'system:serviceaccount:ns:robot' }, admin, authz);
  assert.ok('user' in sa);
  if ('user' in sa)
    assert.deepEqual(sa.user.groups, [
      'system:serviceaccounts',
      'system:serviceaccounts:ns',
      'system:authenticated',
    ]);
});

test('others are refused with the authorizer 403; groups without a user is a 400', () => {
  const r = impersonate({ 'impersonate-user': 'bob' }, alice, authz);
  assert.ok('error' in r);
  if ('error' in r) {
    assert.equal(r.error.code, 403);
    assert.equal(
      r.error.message,
      'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  }
  const extra = impersonate({ 'impersonate-user': 'admin', 'impersonate-extra-scopes': ['a'] }, alice, authz);
  assert.ok('error' in extra);
  const g = impersonate({ 'impersonate-group': ['x'] }, admin, authz);
  assert.ok('error' in g && g.error.code === 400);
});
