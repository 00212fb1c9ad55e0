import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AsyncTokenAuthenticator, authenticateRequest } from './authenticate-async.js';

const sa: AsyncTokenAuthenticator = async (token, audiences) =>
  token === 'jwt'
    ? { user: { name: 'system:serviceaccount:ns:a', groups: ['system:serviceaccounts'] }, audiences }
    : undefined;

test('authenticateRequest: async authenticators after the static ones', async () => {
  const r = await authenticateRequest(
    { path: '/api', headers: { authorization: 'Bearer jwt' } },
    {},
    [sa],
    ['aud'],
  );
  assert.deepEqual(r, {
    user: { name: 'system:serviceaccount:ns:a', groups: ['system:serviceaccounts', 'system:authenticated'] },
  });
  const bad = await authenticateRequest(
    { path: '/api', headers: { authorization: 'Bearer nope' } },
    {},
    [sa],
    ['aud'],
  );
  assert.ok('error' in bad && bad.error.code === 401);
  const none = await authenticateRequest({ path: '/api', headers: {} }, {}, [sa], ['aud']);
  assert.ok('error' in none);
});
