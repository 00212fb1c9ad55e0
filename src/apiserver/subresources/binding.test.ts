import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StatusError } from '../../apimachinery/errors/index.js';
import type { JsonObject } from '../registry/index.js';
import { bindPod } from './binding.js';
import { type TestEnv, testEnv, testPod } from './test-env.js';
import { builtin, rawRegistry } from './util.js';

let env: TestEnv;
before(async () => {
  env = await testEnv();
});
after(() => env.close());

function binding(name: string, node: string, meta: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name, ...meta },
    target: { kind: 'Node', name: node },
  };
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

test('bindPod sets nodeName, annotations and PodScheduled, then refuses a second binding', async () => {
  const pods = env.registry('', 'v1', 'pods');
  const raw = rawRegistry(builtin('', 'v1', 'pods'), env.store);
  await pods.create(env.ctx(), testPod('web'));
  const st = await bindPod(raw, env.ctx(), 'web', binding('web', 'n1', { annotations: { a: 'b' } }), false);
  assert.equal(st['status'], 'Success');
  const pod = await pods.get(env.ctx(), 'web');
  assert.equal((pod['spec'] as JsonObject)['nodeName'], 'n1');
  assert.deepEqual((pod['metadata'] as JsonObject)['annotations'], { a: 'b' });
  const conds = (pod['status'] as JsonObject)['conditions'] as JsonObject[];
  assert.deepEqual(
    conds.map((c) => [c['type'], c['status']]),
    [['PodScheduled', 'True']],
  );
  const e = await failure(bindPod(raw, env.ctx(), 'web', binding('web', 'n2'), false));
  assert.equal(e.code, 409);
  assert.equal(
    e.message,
    'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "n1"',
  );
});

test('bindPod checks the name, the target and the preconditions', async () => {
  const pods = env.registry('', 'v1', 'pods');
  const raw = rawRegistry(builtin('', 'v1', 'pods'), env.store);
  await pods.create(env.ctx(), testPod('db'));
  let e = await failure(bindPod(raw, env.ctx(), 'db', binding('other', 'n1'), false));
  assert.equal(e.code, 400);
  assert.equal(e.message, 'name in URL does not match name in Binding object');
  e = await failure(
    bindPod(raw, env.ctx(), 'db', { metadata: { name: 'db' }, target: { kind: 'Pod', name: '' } }, false),
  );
  assert.equal(e.code, 500);
  assert.equal(
    e.message,
    '[target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>", target.name: Required value]',
  );
  e = await failure(bindPod(raw, env.ctx(), 'db', binding('db', 'n1', { uid: 'nope' }), false));
  assert.equal(e.code, 409);
  assert.match(e.message, /Precondition failed: UID in precondition: nope, UID in object meta: /);
  e = await failure(bindPod(raw, env.ctx(), 'missing', binding('missing', 'n1'), false));
  assert.equal(e.code, 404);
  // Dry run writes nothing.
  await bindPod(raw, env.ctx(), 'db', binding('db', 'n1'), true);
  const pod = await pods.get(env.ctx(), 'db');
  assert.equal((pod['spec'] as JsonObject)['nodeName'], undefined);
});
