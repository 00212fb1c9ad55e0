import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1.js';
import { forbidden } from '../../apimachinery/errors/index.js';
import { PODS, REPLICA_SETS, REPLICATION_CONTROLLERS } from '../../client/resources.js';
import { EXPECTATIONS_TIMEOUT_MS, getControllerOf } from '../util/index.js';
import { REPLICA_SET_KIND, REPLICATION_CONTROLLER_KIND, type ReplicaSetStatusView } from './kinds.js';
import { eventLines, iso, newFixture, pod, replicaSet } from './testing.js';

const OWNER = { uid: 'rs-uid' };

function statusOf(f: ReturnType<typeof newFixture<ReplicaSet>>): ReplicaSetStatusView {
  const rs = f.client.objects(REPLICA_SETS, 'ns').find((r) => r.metadata?.name === 'web');
  return (rs?.status ?? {}) as ReplicaSetStatusView;
}

describe('ReplicaSetController: creating pods', () => {
  it('creates the missing pods from the template, owned by the ReplicaSet', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(3));
    await f.sync();
    const pods = f.client.objects(PODS, 'ns');
    assert.equal(pods.length, 3);
    for (const p of pods) {
      assert.match(p.metadata?.name ?? '', /^web-[a-z0-9]{5}$/);
      assert.deepEqual(p.metadata?.labels, { app: 'web', tier: 'front' });
      assert.deepEqual(getControllerOf(p), {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web',
        uid: 'rs-uid',
        controller: true,
        blockOwnerDeletion: true,
      });
    }
    assert.deepEqual(
      eventLines(f.events).sort(),
      pods.map((p) => `Normal SuccessfulCreate Created pod: ${p.metadata?.name}`).sort(),
    );
    assert.equal(f.events.events[0]?.component, 'replicaset-controller');
    assert.equal(f.events.events[0]?.object.kind, 'ReplicaSet');
    assert.equal(f.controller.expectations.getExpectations('ns/web')?.add, 3);
  });

  it('creates in slow-start batches of 1, 2, 4, ... and stops after a failing batch', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(10));
    let calls = 0;
    f.client.prependReactor('create', 'pods', () => {
      calls++;
      if (calls >= 4)
        throw forbidden(
          { group: '', resource: 'pods' },
          '',
          'exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3',
        );
      return undefined;
    });
    await assert.rejects(f.sync(), /exceeded quota/);
    // Batches 1 + 2 succeed; the batch of 4 is tried in full; nothing after it.
    assert.equal(calls, 7);
    assert.equal(f.client.objects(PODS, 'ns').length, 3);
    // 10 expected, 3 created, 4 failed (observed as never coming), 3 never tried.
    assert.equal(f.controller.expectations.getExpectations('ns/web')?.add, 3);
    const st = statusOf(f);
    assert.equal(st.replicas, 0);
    assert.deepEqual(
      st.conditions?.map((c) => [c.type, c.status, c.reason, c.message]),
      [
        [
          'ReplicaFailure',
          'True',
          'FailedCreate',
          'pods is forbidden: exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3',
        ],
      ],
    );
    assert.equal(
      eventLines(f.events).filter((l) =>
        l.startsWith('Warning FailedCreate Error creating: pods is forbidden: exceeded quota'),
      ).length,
      4,
    );
  });

  it('never creates more than burstReplicas per sync', async () => {
    const f = newFixture(REPLICA_SET_KIND, { burstReplicas: 4 });
    f.addOwner(replicaSet(10));
    await f.sync();
    assert.equal(f.client.objects(PODS, 'ns').length, 4);
  });

  it('does not create again while its creations are not yet observed (expectations)', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(3));
    await f.sync();
    assert.equal(f.podWrites('create').length, 3);
    // The watch lags: the cache still has no pods, yet a second sync creates nothing.
    await f.sync();
    assert.equal(f.podWrites('create').length, 3);
    // Two of three arrive: still waiting.
    const created = f.client.objects(PODS, 'ns');
    f.pods.added(created[0]!);
    f.pods.added(created[1]!);
    assert.equal(f.controller.expectations.satisfiedExpectations('ns/web'), false);
    await f.sync();
    assert.equal(f.podWrites('create').length, 3);
    f.pods.added(created[2]!);
    assert.equal(f.controller.expectations.satisfiedExpectations('ns/web'), true);
    await f.sync();
    assert.equal(f.podWrites('create').length, 3);
    assert.equal(statusOf(f).replicas, 3);
  });

  it('acts again once expectations expire (a lost watch event)', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(2));
    await f.sync();
    f.client.clearActions();
    for (const p of f.client.objects(PODS, 'ns'))
      await f.client.resource(PODS).delete('ns', p.metadata?.name ?? '');
    f.client.clearActions();
    f.clock.advance(EXPECTATIONS_TIMEOUT_MS + 1);
    await f.sync();
    assert.equal(f.podWrites('create').length, 2);
  });

  it('does nothing for a ReplicaSet being deleted but still writes status', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    const rs = replicaSet(2);
    Object.assign(rs.metadata!, {
      deletionTimestamp: iso(Date.UTC(2026, 0, 1)),
      finalizers: ['foregroundDeletion'],
    });
    f.addOwner(rs);
    await f.sync();
    assert.equal(f.podWrites('create').length, 0);
    assert.equal(statusOf(f).observedGeneration, 1);
  });

  it('forgets a deleted ReplicaSet', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.controller.expectations.expectCreations('ns/web', 3);
    await f.sync();
    assert.equal(f.controller.expectations.getExpectations('ns/web'), undefined);
    assert.equal(f.client.actions().length, 0);
  });
});

describe('ReplicaSetController: deleting pods', () => {
  it('deletes the pods upstream would choose first', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    const now = f.clock.now();
    f.addOwner(replicaSet(2));
    f.addPods(
      pod('ready-old', { owner: OWNER, node: 'n1', readySince: now - 3600_000 * 100 }),
      pod('unscheduled', { owner: OWNER, phase: 'Pending' }),
      pod('ready-new', { owner: OWNER, node: 'n2', readySince: now - 60_000 }),
      pod('pending', { owner: OWNER, node: 'n1', phase: 'Pending' }),
    );
    await f.sync();
    assert.deepEqual(f.podWrites('delete').sort(), ['pending', 'unscheduled']);
    assert.deepEqual(eventLines(f.events).sort(), [
      'Normal SuccessfulDelete Deleted pod: pending',
      'Normal SuccessfulDelete Deleted pod: unscheduled',
    ]);
    assert.deepEqual([...(f.controller.expectations.getUIDs('ns/web') ?? [])].sort(), [
      'ns/pending',
      'ns/unscheduled',
    ]);
  });

  it('does not delete again until the deletions are observed, counting each pod once', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1));
    const [a, b] = f.addPods(
      pod('a', { owner: OWNER, phase: 'Pending' }),
      pod('b', { owner: OWNER, node: 'n' }),
    );
    await f.sync();
    assert.deepEqual(f.podWrites('delete'), ['a']);
    await f.sync();
    assert.deepEqual(f.podWrites('delete'), ['a']);
    // Seen first with a deletionTimestamp, then as gone: one observation.
    const terminating: Pod = {
      ...a!,
      metadata: { ...a!.metadata, deletionTimestamp: iso(f.clock.now()), resourceVersion: '999' },
    };
    f.pods.modified(terminating);
    f.pods.deleted(terminating);
    assert.equal(f.controller.expectations.getExpectations('ns/web')?.del, 0);
    await f.sync();
    assert.deepEqual(f.podWrites('delete'), ['a']);
    assert.ok(b);
  });

  it('prefers pods doubled up on a node with pods of sibling ReplicaSets (same owner)', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    const now = f.clock.now();
    f.addOwner(replicaSet(1, { ownerUid: 'dep-uid' }));
    f.addOwner(replicaSet(1, { name: 'web-old', uid: 'old-uid', ownerUid: 'dep-uid' }));
    const ready = now - 3600_000;
    f.addPods(
      pod('on-n1', { owner: OWNER, node: 'n1', readySince: ready, created: ready }),
      pod('on-n2', { owner: OWNER, node: 'n2', readySince: ready, created: ready }),
      pod('old-on-n1', {
        owner: { uid: 'old-uid', name: 'web-old' },
        node: 'n1',
        readySince: ready,
        created: ready,
      }),
    );
    await f.sync();
    assert.deepEqual(f.podWrites('delete'), ['on-n1']);
  });

  it('treats a pod already gone as deleted, without error', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(0));
    const [p] = f.addPods(pod('a', { owner: OWNER }));
    await f.client.resource(PODS).delete('ns', p!.metadata?.name ?? '');
    await f.sync();
    assert.equal(f.controller.expectations.satisfiedExpectations('ns/web'), true);
  });
});

describe('ReplicaSetController: adoption and release', () => {
  it('adopts matching orphans and counts them', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1));
    f.addPods(pod('orphan'));
    await f.sync();
    assert.deepEqual(f.podWrites('patch'), ['orphan']);
    assert.equal(f.podWrites('create').length, 0);
    assert.equal(getControllerOf(f.client.objects(PODS, 'ns')[0]!)?.uid, 'rs-uid');
    assert.equal(statusOf(f).replicas, 1);
    // The fresh read before adopting (the owner must not be being deleted).
    assert.ok(f.client.actions().some((a) => a.verb === 'get' && a.resource === 'replicasets'));
  });

  it('releases owned pods whose labels no longer match, and replaces them', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1));
    f.addPods(pod('relabelled', { owner: OWNER, labels: { app: 'debug' } }));
    await f.sync();
    assert.deepEqual(f.podWrites('patch'), ['relabelled']);
    assert.equal(
      getControllerOf(f.client.objects(PODS, 'ns').find((p) => p.metadata?.name === 'relabelled')!),
      undefined,
    );
    assert.equal(f.podWrites('create').length, 1);
  });

  it('leaves pods of other controllers alone', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1));
    f.addPods(pod('theirs', { owner: { uid: 'other', name: 'other' } }));
    await f.sync();
    assert.deepEqual(f.podWrites('patch'), []);
    assert.equal(f.podWrites('create').length, 1);
  });
});

describe('ReplicaSetController: status', () => {
  it('counts replicas, fully labeled, ready, available and terminating pods', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    const now = f.clock.now();
    f.addOwner(replicaSet(4, { minReadySeconds: 10 }));
    f.addPods(
      pod('available', { owner: OWNER, readySince: now - 60_000 }),
      pod('ready-soon', { owner: OWNER, readySince: now - 4_000 }),
      pod('partial-labels', { owner: OWNER, labels: { app: 'web' } }),
      pod('not-ready', { owner: OWNER }),
      pod('terminating', { owner: OWNER, deleting: true }),
      pod('done', { owner: OWNER, phase: 'Succeeded' }),
    );
    await f.sync();
    const st = statusOf(f);
    assert.deepEqual(
      {
        replicas: st.replicas,
        fullyLabeledReplicas: st.fullyLabeledReplicas,
        readyReplicas: st.readyReplicas,
        availableReplicas: st.availableReplicas,
        terminatingReplicas: st.terminatingReplicas,
        observedGeneration: st.observedGeneration,
      },
      {
        replicas: 4,
        fullyLabeledReplicas: 3,
        readyReplicas: 2,
        availableReplicas: 1,
        terminatingReplicas: 1,
        observedGeneration: 1,
      },
    );
    // Requeued for when 'ready-soon' becomes available (6 s from now), not before.
    const queued = await f.controller.queue.get();
    assert.equal(queued, 'ns/web');
    f.controller.queue.done(queued!);
    assert.equal(f.controller.queue.len(), 0);
    f.clock.advance(5_999);
    assert.equal(f.controller.queue.len(), 0);
    f.clock.advance(1);
    assert.equal(f.controller.queue.len(), 1);
  });

  it('writes nothing when the status is unchanged', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1));
    f.addPods(pod('a', { owner: OWNER }));
    await f.sync();
    assert.equal(f.client.actions().filter((a) => a.verb === 'update').length, 1);
    f.refreshOwner('ns', 'web');
    f.client.clearActions();
    await f.sync();
    assert.deepEqual(f.client.actions(), []);
  });

  it('clears ReplicaFailure after a successful sync', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1));
    let fail = true;
    f.client.prependReactor('create', 'pods', () => {
      if (fail) throw forbidden({ group: '', resource: 'pods' }, '', 'no');
      return undefined;
    });
    await assert.rejects(f.sync());
    assert.equal(statusOf(f).conditions?.[0]?.type, 'ReplicaFailure');
    f.refreshOwner('ns', 'web');
    fail = false;
    await f.sync();
    assert.equal(statusOf(f).conditions, undefined);
  });
});

describe('ReplicaSetController: event handlers', () => {
  async function drain(f: ReturnType<typeof newFixture<ReplicaSet>>): Promise<void> {
    while (f.controller.queue.len() > 0) f.controller.queue.done((await f.controller.queue.get())!);
  }

  it('a pod created for the ReplicaSet counts as observed and wakes it', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1));
    await drain(f);
    f.controller.expectations.expectCreations('ns/web', 1);
    f.addPods(pod('a', { owner: OWNER }));
    assert.equal(f.controller.expectations.satisfiedExpectations('ns/web'), true);
    assert.equal(f.controller.queue.len(), 1);
  });

  it('a pod of an unknown or re-created owner wakes nobody', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1));
    await drain(f);
    f.addPods(
      pod('a', { owner: { uid: 'older-uid' } }),
      pod('b', { owner: { uid: 'rs-uid', kind: 'Deployment' } }),
    );
    assert.equal(f.controller.queue.len(), 0);
  });

  it('an orphan whose labels start matching wakes the ReplicaSet', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1));
    const [p] = f.addPods(pod('a', { labels: { app: 'other' } }));
    await drain(f);
    f.pods.modified({ ...p!, metadata: { ...p!.metadata, labels: { app: 'web' }, resourceVersion: '900' } });
    assert.equal(f.controller.queue.len(), 1);
  });

  it('a pod turning ready requeues after minReadySeconds + 1 s', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1, { minReadySeconds: 5 }));
    const [p] = f.addPods(pod('a', { owner: OWNER }));
    await drain(f);
    const ready: Pod = {
      ...p!,
      metadata: { ...p!.metadata, resourceVersion: '900' },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(f.clock.now()) }],
      },
    };
    f.pods.modified(ready);
    await drain(f);
    f.clock.advance(5_999);
    assert.equal(f.controller.queue.len(), 0);
    f.clock.advance(1);
    assert.equal(f.controller.queue.len(), 1);
  });

  it('a re-created ReplicaSet starts without the old expectations', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    const old = f.addOwner(replicaSet(1));
    f.controller.expectations.expectCreations('ns/web', 5);
    f.owners.modified({ ...old, metadata: { ...old.metadata, uid: 'new-uid', resourceVersion: '900' } });
    assert.equal(f.controller.expectations.getExpectations('ns/web'), undefined);
  });
});

describe('ReplicaSetController: reading its own writes', () => {
  it('skips a sync until the cache has seen its last status write', async () => {
    const f = newFixture(REPLICA_SET_KIND);
    f.addOwner(replicaSet(1));
    await f.controller.sync('ns/web');
    const writes = f.client.actions().length;
    await assert.rejects(f.controller.sync('ns/web'), { name: 'StaleCacheError' });
    assert.equal(f.client.actions().length, writes);
    f.refreshOwner('ns', 'web');
    await f.controller.sync('ns/web');
  });
});

describe('ReplicationController', () => {
  it('is managed by the same logic with its own kind and component', async () => {
    const f = newFixture(REPLICATION_CONTROLLER_KIND);
    const rc: ReplicationController = {
      metadata: { name: 'web', namespace: 'ns', uid: 'rc-uid', generation: 2 },
      spec: {
        replicas: 2,
        selector: { app: 'web' },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    };
    f.addOwner(rc);
    f.addPods(pod('theirs', { owner: { uid: 'rs-uid' } }));
    await f.sync();
    const mine = f.client.objects(PODS, 'ns').filter((p) => getControllerOf(p)?.uid === 'rc-uid');
    assert.equal(mine.length, 2);
    assert.deepEqual(getControllerOf(mine[0]!), {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      name: 'web',
      uid: 'rc-uid',
      controller: true,
      blockOwnerDeletion: true,
    });
    assert.equal(f.events.events[0]?.component, 'replication-controller');
    assert.equal(f.events.events[0]?.object.kind, 'ReplicationController');
    const stored = f.client.objects(REPLICATION_CONTROLLERS, 'ns')[0];
    assert.deepEqual(stored?.status, {
      replicas: 0,
      fullyLabeledReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      observedGeneration: 2,
    });
  });
});
