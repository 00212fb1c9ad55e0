import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import {
  DEPLOYMENTS,
  POD_DISRUPTION_BUDGETS,
  PODS,
  REPLICA_SETS,
  resourceOf,
  STATEFUL_SETS,
} from '../../client/resources.js';
import { addObjects, newTestContext, refreshCache, type TestContext } from '../testing.js';
import { DisruptionController } from './controller.js';

const NS = 'ns';

function ownerRef(kind: string, apiVersion: string, name: string, uid: string): OwnerReference {
  return { apiVersion, kind, name, uid, controller: true };
}

function pod(
  name: string,
  o: { ready?: boolean; owner?: OwnerReference; labels?: Record<string, string> } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: NS,
      labels: o.labels ?? { app: 'web' },
      ...(o.owner === undefined ? {} : { ownerReferences: [o.owner] }),
    },
    spec: { containers: [{ name: 'c', image: 'x' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

function pdb(name: string, spec: Partial<NonNullable<PodDisruptionBudget['spec']>>): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: NS, generation: 1 },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  };
}

function replicaSet(name: string, uid: string, replicas: number, owner?: OwnerReference): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: NS, uid, ...(owner === undefined ? {} : { ownerReferences: [owner] }) },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: {} },
  };
}

async function statusOf(t: TestContext, name: string): Promise<NonNullable<PodDisruptionBudget['status']>> {
  const got = await t.client.resource(POD_DISRUPTION_BUDGETS).get(NS, name);
  assert.ok(got.status, 'status written');
  return got.status;
}

const counters = (s: NonNullable<PodDisruptionBudget['status']>) => ({
  expectedPods: s.expectedPods,
  desiredHealthy: s.desiredHealthy,
  currentHealthy: s.currentHealthy,
  disruptionsAllowed: s.disruptionsAllowed,
});

const allowedCondition = (s: NonNullable<PodDisruptionBudget['status']>) => {
  const c = s.conditions?.find((x) => x.type === 'DisruptionAllowed');
  return c === undefined ? undefined : [c.status, c.reason, c.message];
};

describe('DisruptionController', () => {
  it('counts ready pods against an integer minAvailable and sets DisruptionAllowed', async () => {
    const t = newTestContext();
    addObjects(t, PODS, [
      pod('a'),
      pod('b'),
      pod('c', { ready: false }),
      pod('other', { labels: { app: 'x' } }),
    ]);
    addObjects(t, POD_DISRUPTION_BUDGETS, [pdb('budget', { minAvailable: 1 })]);
    const c = new DisruptionController(t.ctx);
    await c.sync(`${NS}/budget`);
    const s = await statusOf(t, 'budget');
    assert.deepEqual(counters(s), {
      expectedPods: 3,
      desiredHealthy: 1,
      currentHealthy: 2,
      disruptionsAllowed: 1,
    });
    assert.equal(s.observedGeneration, 1);
    assert.deepEqual(allowedCondition(s), ['True', 'SufficientPods', '']);
    assert.equal(s.disruptedPods, undefined);
    assert.deepEqual(t.events.events, []);

    // Nothing changed: no second write.
    refreshCache(t, POD_DISRUPTION_BUDGETS);
    t.client.clearActions();
    await c.sync(`${NS}/budget`);
    assert.equal(t.client.actions().filter((a) => a.verb === 'update').length, 0);
  });

  it('reports NoPods and allows nothing when the selector matches no pod', async () => {
    const t = newTestContext();
    addObjects(t, POD_DISRUPTION_BUDGETS, [pdb('empty', { minAvailable: 0 })]);
    await new DisruptionController(t.ctx).sync(`${NS}/empty`);
    const s = await statusOf(t, 'empty');
    assert.deepEqual(counters(s), {
      expectedPods: 0,
      desiredHealthy: 0,
      currentHealthy: 0,
      disruptionsAllowed: 0,
    });
    assert.deepEqual(allowedCondition(s), ['False', 'InsufficientPods', '']);
    assert.deepEqual(
      t.events.events.map((e) => [e.component, e.type, e.reason, e.message]),
      [['controllermanager', 'Normal', 'NoPods', 'No matching pods found']],
    );
  });

  it('applies maxUnavailable as a percentage of the ReplicaSet scale, rounding up', async () => {
    const t = newTestContext();
    const rs = ownerRef('ReplicaSet', 'apps/v1', 'rs', 'rs-uid');
    addObjects(t, REPLICA_SETS, [replicaSet('rs', 'rs-uid', 5)]);
    addObjects(t, PODS, [
      pod('a', { owner: rs }),
      pod('b', { owner: rs }),
      pod('c', { owner: rs }),
      pod('d', { owner: rs }),
    ]);
    addObjects(t, POD_DISRUPTION_BUDGETS, [pdb('budget', { maxUnavailable: '30%' })]);
    await new DisruptionController(t.ctx).sync(`${NS}/budget`);
    // 30% of 5 rounds up to 2: desired 3, healthy 4.
    assert.deepEqual(counters(await statusOf(t, 'budget')), {
      expectedPods: 5,
      desiredHealthy: 3,
      currentHealthy: 4,
      disruptionsAllowed: 1,
    });
  });

  it('counts a Deployment through its ReplicaSet and a StatefulSet by its replicas', async () => {
    const t = newTestContext();
    const dep = ownerRef('Deployment', 'apps/v1', 'web', 'dep-uid');
    addObjects(t, DEPLOYMENTS, [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: NS, uid: 'dep-uid' },
        spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: {} },
      } satisfies Deployment,
    ]);
    addObjects(t, REPLICA_SETS, [replicaSet('web-1', 'rs-uid', 2, dep)]);
    addObjects(t, STATEFUL_SETS, [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db', namespace: NS, uid: 'ss-uid' },
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: {}, serviceName: 'db' },
      } satisfies StatefulSet,
    ]);
    const rs = ownerRef('ReplicaSet', 'apps/v1', 'web-1', 'rs-uid');
    const ss = ownerRef('StatefulSet', 'apps/v1', 'db', 'ss-uid');
    addObjects(t, PODS, [pod('w1', { owner: rs }), pod('w2', { owner: rs }), pod('db-0', { owner: ss })]);
    addObjects(t, POD_DISRUPTION_BUDGETS, [pdb('budget', { minAvailable: '50%' })]);
    await new DisruptionController(t.ctx).sync(`${NS}/budget`);
    // 4 (Deployment, not the ReplicaSet's 2) + 3 = 7; 50% rounds up to 4; 3 healthy.
    assert.deepEqual(counters(await statusOf(t, 'budget')), {
      expectedPods: 7,
      desiredHealthy: 4,
      currentHealthy: 3,
      disruptionsAllowed: 0,
    });
  });

  it('falls back to the scale subresource, and fails safe when no controller is found', async () => {
    const t = newTestContext();
    const FOOS = resourceOf('example.com', 'v1', 'foos', 'Foo', true);
    t.client.resource(FOOS); // known to discovery
    t.client.prependReactor('get', 'foos/scale', (a) =>
      a.name === 'f'
        ? { kind: 'Scale', metadata: { name: 'f', uid: 'foo-uid' }, spec: { replicas: 6 } }
        : undefined,
    );
    const foo = ownerRef('Foo', 'example.com/v1', 'f', 'foo-uid');
    addObjects(t, PODS, [pod('a', { owner: foo })]);
    addObjects(t, POD_DISRUPTION_BUDGETS, [pdb('budget', { maxUnavailable: 2 })]);
    const c = new DisruptionController(t.ctx);
    await c.sync(`${NS}/budget`);
    assert.deepEqual(counters(await statusOf(t, 'budget')), {
      expectedPods: 6,
      desiredHealthy: 4,
      currentHealthy: 1,
      disruptionsAllowed: 0,
    });

    // A pod whose ReplicaSet is gone: the fake has no such object, so its scale is NotFound, and
    // replicasets do implement scale, so the pod simply has no controller.
    const t2 = newTestContext();
    addObjects(t2, PODS, [pod('orphan', { owner: ownerRef('ReplicaSet', 'apps/v1', 'gone', 'x') })]);
    addObjects(t2, POD_DISRUPTION_BUDGETS, [pdb('budget', { maxUnavailable: 1 })]);
    await new DisruptionController(t2.ctx).sync(`${NS}/budget`);
    const s = await statusOf(t2, 'budget');
    assert.equal(s.disruptionsAllowed, 0);
    assert.deepEqual(allowedCondition(s), ['False', 'SyncFailed', 'found no controllers for pod "orphan"']);
    assert.deepEqual(
      t2.events.events.map((e) => [e.type, e.reason, e.message]),
      [
        [
          'Warning',
          'CalculateExpectedPodCountFailed',
          'Failed to calculate the number of expected pods: found no controllers for pod "orphan"',
        ],
      ],
    );
  });

  it('names a kind without a scale subresource, and an unknown kind', async () => {
    const t = newTestContext();
    const BARS = resourceOf('example.com', 'v1', 'bars', 'Bar', true);
    t.client.resource(BARS);
    addObjects(t, PODS, [pod('a', { owner: ownerRef('Bar', 'example.com/v1', 'b', 'bar-uid') })]);
    addObjects(t, POD_DISRUPTION_BUDGETS, [pdb('budget', { minAvailable: '10%' })]);
    await new DisruptionController(t.ctx).sync(`${NS}/budget`);
    const s = await statusOf(t, 'budget');
    assert.deepEqual(allowedCondition(s), [
      'False',
      'SyncFailed',
      'bars.example.com does not implement the scale subresource',
    ]);

    const t2 = newTestContext();
    addObjects(t2, PODS, [pod('a', { owner: ownerRef('Baz', 'other.io/v2', 'z', 'z-uid') })]);
    addObjects(t2, POD_DISRUPTION_BUDGETS, [pdb('budget', { minAvailable: '10%' })]);
    await new DisruptionController(t2.ctx).sync(`${NS}/budget`);
    assert.deepEqual(allowedCondition(await statusOf(t2, 'budget')), [
      'False',
      'SyncFailed',
      'no matches for kind "Baz" in version "other.io/v2"',
    ]);
  });

  it('warns about unmanaged pods for percentage budgets', async () => {
    const t = newTestContext();
    addObjects(t, PODS, [pod('a')]);
    addObjects(t, POD_DISRUPTION_BUDGETS, [pdb('budget', { minAvailable: '50%' })]);
    await new DisruptionController(t.ctx).sync(`${NS}/budget`);
    assert.deepEqual(
      t.events.events.map((e) => [e.reason, e.message]),
      [
        [
          'UnmanagedPods',
          'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
        ],
      ],
    );
    assert.deepEqual(counters(await statusOf(t, 'budget')), {
      expectedPods: 0,
      desiredHealthy: 0,
      currentHealthy: 1,
      disruptionsAllowed: 0,
    });
  });

  it('keeps fresh disruptedPods entries out of the healthy count and drops them after two minutes', async () => {
    const t = newTestContext();
    const now = t.clock.now();
    addObjects(t, PODS, [pod('a'), pod('b'), pod('c')]);
    const budget = pdb('budget', { minAvailable: 1 });
    budget.status = {
      currentHealthy: 3,
      desiredHealthy: 1,
      disruptionsAllowed: 1,
      expectedPods: 3,
      disruptedPods: { a: formatRFC3339(new Date(now)), gone: formatRFC3339(new Date(now)) },
    };
    addObjects(t, POD_DISRUPTION_BUDGETS, [budget]);
    const c = new DisruptionController(t.ctx);
    await c.sync(`${NS}/budget`);
    let s = await statusOf(t, 'budget');
    assert.deepEqual(counters(s), {
      expectedPods: 3,
      desiredHealthy: 1,
      currentHealthy: 2,
      disruptionsAllowed: 1,
    });
    assert.deepEqual(Object.keys(s.disruptedPods ?? {}), ['a']);
    assert.equal(c.queue.delayed(), 1, 'a recheck is due when the entry expires');

    t.clock.advance(2 * 60_000 + 1000);
    refreshCache(t, POD_DISRUPTION_BUDGETS);
    await c.sync(`${NS}/budget`);
    s = await statusOf(t, 'budget');
    assert.deepEqual(counters(s), {
      expectedPods: 3,
      desiredHealthy: 1,
      currentHealthy: 3,
      disruptionsAllowed: 2,
    });
    assert.equal(s.disruptedPods, undefined);
    assert.deepEqual(
      t.events.events.map((e) => [e.object.metadata?.name, e.reason, e.message]),
      [['a', 'NotDeleted', "Pod was expected by PDB ns/ns to be deleted but it wasn't"]],
    );
  });

  it('picks one budget for a pod matched by two and warns on the pod', () => {
    const t = newTestContext();
    addObjects(t, POD_DISRUPTION_BUDGETS, [pdb('one', { minAvailable: 1 }), pdb('two', { minAvailable: 1 })]);
    const c = new DisruptionController(t.ctx);
    const chosen = c.pdbForPod(pod('a'));
    assert.ok(chosen);
    assert.deepEqual(
      t.events.events.map((e) => [e.reason, e.message]),
      [
        [
          'MultiplePodDisruptionBudgets',
          `Pod "ns"/"a" matches multiple PodDisruptionBudgets.  Chose "${chosen.metadata?.name}" arbitrarily.`,
        ],
      ],
    );
    // An empty selector matches every pod; none matches none.
    const t2 = newTestContext();
    addObjects(t2, POD_DISRUPTION_BUDGETS, [{ ...pdb('all', {}), spec: { selector: {} } }]);
    assert.equal(new DisruptionController(t2.ctx).pdbForPod(pod('x'))?.metadata?.name, 'all');
    const t3 = newTestContext();
    addObjects(t3, POD_DISRUPTION_BUDGETS, [{ ...pdb('none', {}), spec: {} }]);
    assert.equal(new DisruptionController(t3.ctx).pdbForPod(pod('x')), undefined);
  });

  it('resets a DisruptionTarget condition that went stale on a pod not being deleted', async () => {
    const t = newTestContext();
    const p = pod('a');
    p.status?.conditions?.push({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
      lastTransitionTime: formatRFC3339(new Date(t.clock.now())),
    });
    const kubeletPod = pod('k');
    kubeletPod.status?.conditions?.push({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'TerminationByKubelet',
      lastTransitionTime: formatRFC3339(new Date(t.clock.now() - 10 * 60_000)),
    });
    addObjects(t, PODS, [p, kubeletPod]);
    const c = new DisruptionController(t.ctx);
    await c.syncStalePodDisruption(`${NS}/a`);
    assert.equal(c.staleQueue.delayed(), 1, 'requeued for when the condition goes stale');
    assert.equal(t.client.actions().filter((a) => a.verb === 'update').length, 0);

    t.clock.advance(2 * 60_000);
    await c.syncStalePodDisruption(`${NS}/a`);
    await c.syncStalePodDisruption(`${NS}/k`);
    const got = await t.client.resource(PODS).get(NS, 'a');
    const cond = got.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
    assert.deepEqual(
      { status: cond?.status, reason: cond?.reason, message: cond?.message },
      { status: 'False', reason: undefined, message: undefined },
    );
    const kept = await t.client.resource(PODS).get(NS, 'k');
    assert.equal(kept.status?.conditions?.find((x) => x.type === 'DisruptionTarget')?.status, 'True');
  });
});
