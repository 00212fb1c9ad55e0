import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StatusError } from '../../apimachinery/errors/index.js';
import type { JsonObject, RegistryStore } from '../registry/index.js';
import { deleteNamespace, finalizeRegistry } from './namespace.js';
import { type TestEnv, testEnv } from './test-env.js';
import { builtin, rawRegistry } from './util.js';

let env: TestEnv;
let ns: RegistryStore;
let raw: RegistryStore;
let fin: RegistryStore;
before(async () => {
  env = await testEnv();
  ns = env.registry('', 'v1', 'namespaces');
  raw = rawRegistry(builtin('', 'v1', 'namespaces'), env.store);
  fin = finalizeRegistry(builtin('', 'v1', 'namespaces'), env.store);
});
after(() => env.close());

const create = (name: string) =>
  ns.create(env.ctx(''), { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

async function failure(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  assert.fail('expected a failure');
}

test('the first delete marks the namespace Terminating and keeps it', async () => {
  await create('a');
  const r = await deleteNamespace(ns, raw, env.ctx(''), 'a', {});
  assert.equal(r.deleted, false);
  const got = await ns.get(env.ctx(''), 'a');
  assert.equal((got['status'] as JsonObject)['phase'], 'Terminating');
  assert.equal(typeof (got['metadata'] as JsonObject)['deletionTimestamp'], 'string');
  assert.deepEqual((got['spec'] as JsonObject)['finalizers'], ['kubernetes']);
  // Again: kept while spec.finalizers is non-empty.
  const again = await deleteNamespace(ns, raw, env.ctx(''), 'a', {});
  assert.equal(again.deleted, false);
});

test('finalize removes spec.finalizers and the namespace goes away', async () => {
  await create('b');
  await deleteNamespace(ns, raw, env.ctx(''), 'b', {});
  const cur = await ns.get(env.ctx(''), 'b');
  (cur['spec'] as JsonObject)['finalizers'] = [];
  (cur['status'] as JsonObject)['phase'] = 'Active';
  const r = await fin.update(env.ctx(''), 'b', cur);
  assert.equal((r.object['status'] as JsonObject)['phase'], 'Terminating');
  const e = await failure(ns.get(env.ctx(''), 'b'));
  assert.equal(e.code, 404);
});

test('finalize of an active namespace keeps it; the main update cannot change spec.finalizers', async () => {
  await create('c');
  const cur = await ns.get(env.ctx(''), 'c');
  (cur['spec'] as JsonObject)['finalizers'] = [];
  const viaMain = await ns.update(env.ctx(''), 'c', structuredClone(cur));
  assert.deepEqual((viaMain.object['spec'] as JsonObject)['finalizers'], ['kubernetes']);
  delete (cur['metadata'] as JsonObject)['resourceVersion'];
  const r = await fin.update(env.ctx(''), 'c', cur);
  assert.deepEqual((r.object['spec'] as JsonObject)['finalizers'], []);
  const bad = await ns.get(env.ctx(''), 'c');
  (bad['spec'] as JsonObject)['finalizers'] = ['not a name!'];
  const e = await failure(fin.update(env.ctx(''), 'c', bad));
  assert.equal(e.code, 422);
  // Without spec finalizers, a second delete removes it.
  await deleteNamespace(ns, raw, env.ctx(''), 'c', {});
  const r2 = await deleteNamespace(ns, raw, env.ctx(''), 'c', {});
  assert.equal(r2.deleted, true);
});

test('preconditions and propagation finalizers', async () => {
  await create('d');
  let e = await failure(deleteNamespace(ns, raw, env.ctx(''), 'd', { preconditions: { uid: 'x' } }));
  assert.equal(e.code, 409);
  assert.match(
    e.message,
    /^Operation cannot be fulfilled on namespaces "d": Precondition failed: UID in precondition: x, UID in object meta: /,
  );
  e = await failure(deleteNamespace(ns, raw, env.ctx(''), 'd', { preconditions: { resourceVersion: '1' } }));
  assert.match(
    e.message,
    /Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: /,
  );
  const r = await deleteNamespace(ns, raw, env.ctx(''), 'd', { propagationPolicy: 'Foreground' });
  assert.deepEqual((r.object['metadata'] as JsonObject)['finalizers'], ['foregroundDeletion']);
});

test('default, kube-system and kube-public may not be deleted', async () => {
  await create('kube-public');
  const e = await failure(deleteNamespace(ns, raw, env.ctx(''), 'kube-public', {}));
  assert.equal(e.code, 403);
  assert.equal(e.message, 'namespaces "kube-public" is forbidden: this namespace may not be deleted');
});
