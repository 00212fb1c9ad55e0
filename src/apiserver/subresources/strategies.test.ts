import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StatusError } from '../../apimachinery/errors/index.js';
import { x509 } from '../pki/x509.js';
import type { JsonObject } from '../registry/index.js';
import {
  approvalRegistry,
  ephemeralContainersRegistry,
  resizeRegistry,
  validateApprovalConditions,
} from './strategies.js';
import { type TestEnv, testEnv, testPod } from './test-env.js';
import { builtin } from './util.js';

let env: TestEnv;
before(async () => {
  env = await testEnv();
});
after(() => env.close());

async function failure(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  assert.fail('expected a failure');
}

const spec = (o: JsonObject) => o['spec'] as JsonObject;

test('ephemeralcontainers: only spec.ephemeralContainers changes, existing ones stay', async () => {
  const pods = env.registry('', 'v1', 'pods');
  const eph = ephemeralContainersRegistry(builtin('', 'v1', 'pods'), env.store);
  await pods.create(env.ctx(), testPod('dbg'));
  const cur = await pods.get(env.ctx(), 'dbg');
  spec(cur)['ephemeralContainers'] = [
    {
      name: 'debugger',
      image: 'busybox',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
    },
  ];
  (spec(cur)['containers'] as JsonObject[])[0]!['image'] = 'changed';
  const r = await eph.update(env.ctx(), 'dbg', cur);
  assert.equal((spec(r.object)['ephemeralContainers'] as JsonObject[]).length, 1);
  assert.equal((spec(r.object)['containers'] as JsonObject[])[0]!['image'], 'busybox');
  const again = await pods.get(env.ctx(), 'dbg');
  spec(again)['ephemeralContainers'] = [];
  const e = await failure(eph.update(env.ctx(), 'dbg', again));
  assert.equal(e.code, 422);
  assert.match(e.message, /ephemeral/);
});

test('resize: only container resources change; the QoS class may not', async () => {
  const pods = env.registry('', 'v1', 'pods');
  const rz = resizeRegistry(builtin('', 'v1', 'pods'), env.store);
  const p = testPod('rs');
  (spec(p)['containers'] as JsonObject[])[0]!['resources'] = {
    requests: { cpu: '100m' },
    limits: { cpu: '200m' },
  };
  await pods.create(env.ctx(), p);
  const cur = await pods.get(env.ctx(), 'rs');
  const c = (spec(cur)['containers'] as JsonObject[])[0]!;
  c['resources'] = { requests: { cpu: '150m' }, limits: { cpu: '200m' } };
  c['image'] = 'changed';
  const r = await rz.update(env.ctx(), 'rs', cur);
  const got = (spec(r.object)['containers'] as JsonObject[])[0]!;
  assert.deepEqual(got['resources'], { requests: { cpu: '150m' }, limits: { cpu: '200m' } });
  assert.equal(got['image'], 'busybox');
  const next = await pods.get(env.ctx(), 'rs');
  (spec(next)['containers'] as JsonObject[])[0]!['resources'] = {};
  const e = await failure(rz.update(env.ctx(), 'rs', next));
  assert.equal(e.code, 422);
});

test('approval: conditions change with timestamps filled; spec is kept', async () => {
  const csrs = env.registry('certificates.k8s.io', 'v1', 'certificatesigningrequests');
  const ap = approvalRegistry(
    builtin('certificates.k8s.io', 'v1', 'certificatesigningrequests'),
    env.store,
    env.now,
  );
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const req = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=foo',
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  const request = Buffer.from(req.toString('pem')).toString('base64');
  const created = (
    await csrs.create(env.ctx(''), {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'csr1' },
      spec: { request, signerName: 'example.com/x', usages: ['digital signature'] },
    })
  ).object;
  (created['spec'] as JsonObject)['signerName'] = 'example.com/changed';
  created['status'] = { conditions: [{ type: 'Approved', status: 'True', reason: 'OK', message: 'ok' }] };
  const r = await ap.update(env.ctx(''), 'csr1', created);
  const conds = (r.object['status'] as JsonObject)['conditions'] as JsonObject[];
  assert.equal(conds[0]!['type'], 'Approved');
  assert.equal(typeof conds[0]!['lastUpdateTime'], 'string');
  assert.equal(typeof conds[0]!['lastTransitionTime'], 'string');
  assert.equal((r.object['spec'] as JsonObject)['signerName'], 'example.com/x');
});

test('validateApprovalConditions', () => {
  const csr = (conds: JsonObject[]) => ({ status: { conditions: conds } });
  assert.deepEqual(validateApprovalConditions(csr([{ type: 'Approved', status: 'True' }]), csr([])), []);
  const both = validateApprovalConditions(
    csr([
      { type: 'Approved', status: 'True' },
      { type: 'Denied', status: 'True' },
    ]),
    csr([]),
  );
  assert.equal(both.length, 1);
  assert.equal(both[0]!.detail, 'Approved and Denied conditions are mutually exclusive');
  const removed = validateApprovalConditions(csr([]), csr([{ type: 'Approved', status: 'True' }]));
  assert.equal(removed[0]!.detail, 'updates may not remove a condition of type "Approved"');
  assert.equal(validateApprovalConditions(csr([{ type: 'Approved', status: 'False' }]), csr([])).length, 1);
});
