// The disruption controller against a real API server: budget status follows the pods, and the
// eviction API spends and refuses disruptions by what the controller computed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { StatusError } from '../../src/apimachinery/errors/index.js';
import { NAMESPACES, POD_DISRUPTION_BUDGETS, PODS, REPLICA_SETS } from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';
import { disruptionController } from '../../src/controllers/disruption/index.js';
import { type ControllerEnv, eventually, startControllerEnv } from '../support/controller-env.js';

const NS = 'disruption-test';
let env: ControllerEnv;
let client: Client;

before(async () => {
  env = await startControllerEnv({ controllers: [disruptionController] });
  client = env.client;
  await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  await env?.stop();
});

// Creates a pod and, as a kubelet would, reports it Running and Ready.
async function readyPod(name: string, labels: Record<string, string>, owner?: ReplicaSet): Promise<void> {
  const ownerReferences =
    owner === undefined
      ? undefined
      : [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: owner.metadata?.name ?? '',
            uid: owner.metadata?.uid ?? '',
            controller: true,
          },
        ];
  const p = await client.resource(PODS).create(NS, {
    metadata: { name, labels, ...(ownerReferences === undefined ? {} : { ownerReferences }) },
    spec: { containers: [{ name: 'c', image: 'registry.invalid/app:1' }] },
  } as Pod);
  await client.resource(PODS).updateStatus({
    ...p,
    status: { ...p.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
}

async function budgetWhere(
  name: string,
  ok: (s: NonNullable<PodDisruptionBudget['status']>) => boolean,
): Promise<NonNullable<PodDisruptionBudget['status']>> {
  return eventually(`budget ${name} status`, async () => {
    const b = await client.resource(POD_DISRUPTION_BUDGETS).get(NS, name);
    return b.status !== undefined && ok(b.status) ? b.status : undefined;
  });
}

const evict = (name: string) =>
  client.resource(PODS).createSubresource(NS, name, 'eviction', {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace: NS },
  });

describe('disruption controller over a real API server', { timeout: 120_000 }, () => {
  test('an integer minAvailable budget allows one eviction, then refuses with 429', async () => {
    for (const n of ['a', 'b', 'c']) await readyPod(n, { app: 'web' });
    await client.resource(POD_DISRUPTION_BUDGETS).create(NS, {
      metadata: { name: 'web' },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    });
    const s = await budgetWhere('web', (st) => st.disruptionsAllowed === 1);
    assert.deepEqual(
      [s.expectedPods, s.desiredHealthy, s.currentHealthy, s.observedGeneration],
      [3, 2, 3, 1],
    );
    const cond = s.conditions?.find((c) => c.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.status, cond?.reason], ['True', 'SufficientPods']);

    await evict('a');
    // The controller agrees with the eviction: two healthy pods left, nothing more to spend.
    const after1 = await budgetWhere('web', (st) => st.currentHealthy === 2 && st.expectedPods === 2);
    assert.equal(after1.disruptionsAllowed, 0);
    assert.deepEqual(
      after1.conditions?.filter((c) => c.type === 'DisruptionAllowed').map((c) => [c.status, c.reason]),
      [['False', 'InsufficientPods']],
    );

    const err = await evict('b').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof StatusError, 'eviction refused');
    assert.equal(err.code, 429);
    assert.equal(
      err.status.details?.causes?.[0]?.message,
      'The disruption budget web needs 2 healthy pods and has 2 currently',
    );
  });

  test('a percentage budget is measured against the ReplicaSet scale', async () => {
    const rs = await client.resource(REPLICA_SETS).create(NS, {
      metadata: { name: 'api' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: { containers: [{ name: 'c', image: 'registry.invalid/app:1' }] },
        },
      },
    } as ReplicaSet);
    for (const n of ['api-1', 'api-2', 'api-3']) await readyPod(n, { app: 'api' }, rs);
    await client.resource(POD_DISRUPTION_BUDGETS).create(NS, {
      metadata: { name: 'api' },
      spec: { maxUnavailable: '50%', selector: { matchLabels: { app: 'api' } } },
    });
    const s = await budgetWhere('api', (st) => st.expectedPods === 4 && st.currentHealthy === 3);
    assert.deepEqual([s.desiredHealthy, s.disruptionsAllowed], [2, 1]);
  });
});
