import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, test } from 'node:test';
import { StatusError } from '../../apimachinery/errors/index.js';
import { authenticateServiceAccountToken, ServiceAccountTokens } from '../authn/service-account-token.js';
import type { JsonObject } from '../registry/index.js';
import { type TestEnv, testEnv, testPod } from './test-env.js';
import { requestToken, validateTokenRequest } from './token-request.js';

let env: TestEnv;
let tokens: ServiceAccountTokens;
const AUD = ['https://kubernetes.default.svc.cluster.local'];
before(async () => {
  env = await testEnv();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  tokens = new ServiceAccountTokens({
    privateKeyPEM: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    now: env.now,
  });
});
after(() => env.close());

function stores() {
  return {
    serviceAccounts: env.registry('', 'v1', 'serviceaccounts'),
    pods: env.registry('', 'v1', 'pods'),
    nodes: env.registry('', 'v1', 'nodes'),
    secrets: env.registry('', 'v1', 'secrets'),
  };
}

function getter() {
  const s = stores();
  const get = (r: typeof s.pods) => async (ns: string, name: string) => {
    try {
      return await r.get(env.ctx(ns), name);
    } catch {
      return undefined;
    }
  };
  return { getServiceAccount: get(s.serviceAccounts), getPod: get(s.pods), getSecret: get(s.secrets) };
}

async function failure(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  assert.fail('expected a failure');
}

test('validateTokenRequest: at least ten minutes', () => {
  assert.deepEqual(validateTokenRequest(600), []);
  assert.equal(validateTokenRequest(599)[0]?.detail, 'may not specify a duration less than 10 minutes');
});

test('a token for an existing service account authenticates as it, until it is recreated', async () => {
  const s = stores();
  await s.serviceAccounts.create(env.ctx(), {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'robot' },
  });
  const out = await requestToken(s, tokens, AUD, env.ctx(), 'robot', { spec: {} });
  assert.deepEqual(out['spec'], { audiences: AUD, expirationSeconds: 3600 });
  const status = out['status'] as JsonObject;
  assert.equal(status['expirationTimestamp'], '2024-05-06T08:08:09Z');
  const token = status['token'] as string;
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as JsonObject;
  assert.equal(claims['sub'], 'system:serviceaccount:default:robot');
  assert.equal(claims['iss'], 'https://kubernetes.default.svc.cluster.local');
  assert.equal((claims['exp'] as number) - (claims['iat'] as number), 3600);
  const r = await authenticateServiceAccountToken(tokens, getter(), token, AUD);
  assert.equal(r.kind, 'ok');
  if (r.kind === 'ok') {
    assert.equal(r.user.name, 'system:serviceaccount:default:robot');
    assert.deepEqual(r.user.groups, ['system:serviceaccounts', 'system:serviceaccounts:default']);
  }
  const wrongAud = await authenticateServiceAccountToken(tokens, getter(), token, ['other']);
  assert.equal(wrongAud.kind, 'error');
  env.advance(3600 + 120);
  const expired = await authenticateServiceAccountToken(tokens, getter(), token, AUD);
  assert.deepEqual(expired, { kind: 'error', error: 'service account token has expired' });
  env.advance(-(3600 + 120));
  await s.serviceAccounts.delete(env.ctx(), 'robot');
  await s.serviceAccounts.create(env.ctx(), {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'robot' },
  });
  const recreated = await authenticateServiceAccountToken(tokens, getter(), token, AUD);
  assert.equal(recreated.kind, 'error');
  // A forged signature is refused; something else entirely is not ours.
  const forged = `${token.slice(0, token.lastIndexOf('.'))}.AAAA`;
  assert.deepEqual(await authenticateServiceAccountToken(tokens, getter(), forged, AUD), {
    kind: 'error',
    error: 'invalid signature',
  });
  assert.deepEqual(await authenticateServiceAccountToken(tokens, getter(), 'static', AUD), {
    kind: 'not-ours',
  });
});

test('requests are validated; pod-bound tokens carry the pod', async () => {
  const s = stores();
  await s.serviceAccounts.create(env.ctx(), {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'bot' },
  });
  let e = await failure(requestToken(s, tokens, AUD, env.ctx(), 'missing', { spec: {} }));
  assert.equal(e.code, 404);
  e = await failure(requestToken(s, tokens, AUD, env.ctx(), 'bot', { spec: { expirationSeconds: 60 } }));
  assert.equal(e.code, 422);
  assert.match(e.message, /may not specify a duration less than 10 minutes/);
  e = await failure(requestToken(s, tokens, AUD, env.ctx(), 'bot', { metadata: { name: 'x' }, spec: {} }));
  assert.match(e.message, /must match the service account name if specified/);
  const pod = testPod('runner');
  (pod['spec'] as JsonObject)['serviceAccountName'] = 'bot';
  const created = await s.pods.create(env.ctx(), pod);
  const uid = (created.object['metadata'] as JsonObject)['uid'] as string;
  const out = await requestToken(s, tokens, AUD, env.ctx(), 'bot', {
    spec: { boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'runner', uid } },
  });
  const token = (out['status'] as JsonObject)['token'] as string;
  const r = await authenticateServiceAccountToken(tokens, getter(), token, AUD);
  assert.equal(r.kind, 'ok');
  if (r.kind === 'ok') assert.deepEqual(r.user.extra?.['authentication.kubernetes.io/pod-name'], ['runner']);
  e = await failure(
    requestToken(s, tokens, AUD, env.ctx(), 'bot', {
      spec: { boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'runner', uid: 'other' } },
    }),
  );
  assert.equal(e.code, 409);
  e = await failure(
    requestToken(s, tokens, AUD, env.ctx(), 'bot', {
      spec: { boundObjectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' } },
    }),
  );
  assert.equal(e.message, 'cannot bind token to object of type apps/v1, Kind=Deployment');
});
