import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StatusError } from '../../apimachinery/errors/index.js';
import type { JsonObject, RegistryStore } from '../registry/index.js';
import { evictionDeleteOptions, evictPod } from './eviction.js';
import { type TestEnv, testEnv, testPod } from './test-env.js';

let env: TestEnv;
let pods: RegistryStore;
let pdbs: RegistryStore;
before(async () => {
  env = await testEnv();
  pods = env.registry('', 'v1', 'pods');
  pdbs = env.registry('policy', 'v1', 'poddisruptionbudgets');
});
after(() => env.close());

const eviction = (name: string): JsonObject => ({
  apiVersion: 'policy/v1',
  kind: 'Eviction',
  metadata: { name },
});

async function runningPod(
  ns: string,
  name: string,
  labels: Record<string, string>,
  ready = true,
): Promise<void> {
  await pods.create(env.ctx(ns), testPod(name, { labels }));
  const p = await pods.get(env.ctx(ns), name);
  p['status'] = {
    ...(p['status'] as JsonObject),
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
  };
  await pods.updateStatus(env.ctx(ns), name, p);
}

async function budget(ns: string, name: string, status: JsonObject): Promise<void> {
  await pdbs.create(env.ctx(ns), {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
  });
  const p = await pdbs.get(env.ctx(ns), name);
  p['status'] = { observedGeneration: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, ...status };
  await pdbs.updateStatus(env.ctx(ns), name, p);
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

async function gone(ns: string, name: string): Promise<boolean> {
  try {
    await pods.get(env.ctx(ns), name);
    return false;
  } catch (e) {
    return e instanceof StatusError && e.code === 404;
  }
}

test('a pending pod and a pod without budget are deleted', async () => {
  await pods.create(env.ctx('e1'), testPod('pending'));
  assert.equal(
    (await evictPod({ pods, pdbs }, env.ctx('e1'), 'pending', eviction('pending'), []))['status'],
    'Success',
  );
  assert.ok(await gone('e1', 'pending'));
  await runningPod('e1', 'free', { app: 'other' });
  await evictPod({ pods, pdbs }, env.ctx('e1'), 'free', eviction('free'), []);
  assert.ok(await gone('e1', 'free'));
});

test('a budget with disruptions allowed is spent and records the pod', async () => {
  await budget('e2', 'pdb', { disruptionsAllowed: 1 });
  await runningPod('e2', 'a', { app: 'web' });
  await evictPod({ pods, pdbs }, env.ctx('e2'), 'a', eviction('a'), []);
  assert.ok(await gone('e2', 'a'));
  const st = (await pdbs.get(env.ctx('e2'), 'pdb'))['status'] as JsonObject;
  assert.equal(st['disruptionsAllowed'], 0);
  assert.deepEqual(Object.keys(st['disruptedPods'] as JsonObject), ['a']);
  const cond = (st['conditions'] as JsonObject[]).find((c) => c['type'] === 'DisruptionAllowed');
  assert.equal(cond?.['status'], 'False');
  assert.equal(cond?.['reason'], 'InsufficientPods');
});

test('a spent budget refuses with 429 and the DisruptionBudget cause', async () => {
  await budget('e3', 'pdb', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
  await runningPod('e3', 'b', { app: 'web' });
  const e = await failure(evictPod({ pods, pdbs }, env.ctx('e3'), 'b', eviction('b'), []));
  assert.equal(e.code, 429);
  assert.equal(e.reason, 'TooManyRequests');
  assert.equal(e.message, "Cannot evict pod as it would violate the pod's disruption budget.");
  assert.deepEqual(e.status.details?.causes, [
    {
      reason: 'DisruptionBudget',
      message: 'The disruption budget pdb needs 1 healthy pods and has 1 currently',
    },
  ]);
  assert.ok(!(await gone('e3', 'b')));
  // An unready pod of a healthy budget does not spend it.
  await pods.create(env.ctx('e3'), testPod('x', { labels: { app: 'web' } }));
  const e2 = await failure(evictPod({ pods, pdbs }, env.ctx('e3'), 'b', eviction('other'), []));
  assert.equal(e2.code, 400);
});

test('two budgets are a 500; a stale budget is a 429', async () => {
  await budget('e4', 'one', { disruptionsAllowed: 1 });
  await budget('e4', 'two', { disruptionsAllowed: 1 });
  await runningPod('e4', 'c', { app: 'web' });
  const e = await failure(evictPod({ pods, pdbs }, env.ctx('e4'), 'c', eviction('c'), []));
  assert.equal(e.code, 500);
  assert.match(e.message, /more than one PodDisruptionBudget/);
  await budget('e5', 'stale', { disruptionsAllowed: 1, observedGeneration: 0 });
  await runningPod('e5', 'd', { app: 'web' });
  const e2 = await failure(evictPod({ pods, pdbs }, env.ctx('e5'), 'd', eviction('d'), []));
  assert.equal(e2.code, 429);
  assert.equal(
    e2.status.details?.causes?.[0]?.message,
    'The disruption budget stale is still being processed by the server.',
  );
});

test('an unready pod under a healthy budget is evicted without spending it; dry run keeps all', async () => {
  await budget('e6', 'pdb', { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 1 });
  await runningPod('e6', 'sick', { app: 'web' }, false);
  await evictPod({ pods, pdbs }, env.ctx('e6'), 'sick', eviction('sick'), []);
  assert.ok(await gone('e6', 'sick'));
  await budget('e7', 'pdb', { disruptionsAllowed: 1 });
  await runningPod('e7', 'kept', { app: 'web' });
  await evictPod({ pods, pdbs }, env.ctx('e7'), 'kept', eviction('kept'), ['All']);
  assert.ok(!(await gone('e7', 'kept')));
  assert.equal(((await pdbs.get(env.ctx('e7'), 'pdb'))['status'] as JsonObject)['disruptionsAllowed'], 1);
});

test('evictionDeleteOptions merges dryRun and keeps the options', () => {
  assert.deepEqual(
    evictionDeleteOptions({ deleteOptions: { gracePeriodSeconds: 5, preconditions: { uid: 'u' } } }, ['All']),
    { dryRun: true, gracePeriodSeconds: 5, preconditions: { uid: 'u' } },
  );
  assert.throws(
    () => evictionDeleteOptions({ deleteOptions: { dryRun: ['All'] } }, ['Other']),
    /do not match/,
  );
});

test('an evicted pod on a node gets the DisruptionTarget condition and a graceful deletion', async () => {
  const p = testPod('bound', { labels: { app: 'none' } });
  (p['spec'] as JsonObject)['nodeName'] = 'n1';
  await pods.create(env.ctx('e8'), p);
  const cur = await pods.get(env.ctx('e8'), 'bound');
  cur['status'] = { ...(cur['status'] as JsonObject), phase: 'Running' };
  await pods.updateStatus(env.ctx('e8'), 'bound', cur);
  await evictPod({ pods, pdbs }, env.ctx('e8'), 'bound', eviction('bound'), []);
  const kept = await pods.get(env.ctx('e8'), 'bound');
  assert.equal(typeof (kept['metadata'] as JsonObject)['deletionTimestamp'], 'string');
  const cond = ((kept['status'] as JsonObject)['conditions'] as JsonObject[]).find(
    (c) => c['type'] === 'DisruptionTarget',
  );
  assert.deepEqual(
    [cond?.['status'], cond?.['reason'], cond?.['message']],
    ['True', 'EvictionByEvictionAPI', 'Eviction API: evicting'],
  );
});
