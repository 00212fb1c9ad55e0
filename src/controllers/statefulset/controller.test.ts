import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  CONTROLLER_REVISIONS,
  PERSISTENT_VOLUME_CLAIMS,
  PODS,
  STATEFUL_SETS,
} from '../../client/resources.js';
import { StatefulSetController } from './controller.js';
import { until } from '../testing.js';
import { newTestEnv, type TestEnv } from './testing.js';

const ALL = [STATEFUL_SETS, PODS, PERSISTENT_VOLUME_CLAIMS, CONTROLLER_REVISIONS];

function webSet(spec: Partial<NonNullable<StatefulSet['spec']>> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'ns' },
    spec: {
      replicas: 3,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'web' } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] },
      },
      ...spec,
    },
  };
}

async function setup(
  set: StatefulSet,
): Promise<{ env: TestEnv; c: StatefulSetController; sync: () => Promise<void> }> {
  const env = newTestEnv();
  await env.client.resource(STATEFUL_SETS).create('ns', set);
  const c = new StatefulSetController(env.ctx);
  const sync = async () => {
    await env.syncCaches(ALL);
    await c.sync('ns/web');
    await env.syncCaches(ALL);
  };
  return { env, c, sync };
}

const podNames = (env: TestEnv): string[] =>
  env.client
    .objects(PODS, 'ns')
    .map((p) => p.metadata?.name ?? '')
    .sort();

async function readyAll(env: TestEnv): Promise<void> {
  for (const p of env.client.objects(PODS, 'ns')) {
    if (p.status?.phase !== 'Running') await env.setPodState('ns', p.metadata?.name ?? '', 'Running', true);
  }
}

async function getSet(env: TestEnv): Promise<StatefulSet> {
  return env.client.resource(STATEFUL_SETS).get('ns', 'web');
}

describe('StatefulSet controller: OrderedReady', () => {
  test('creates one pod at a time, each after its predecessor is ready', async () => {
    const { env, sync } = await setup(webSet());
    await sync();
    assert.deepEqual(podNames(env), ['web-0']);
    await sync();
    assert.deepEqual(podNames(env), ['web-0'], 'waits while web-0 is not ready');
    await env.setPodState('ns', 'web-0', 'Running', false);
    await sync();
    assert.deepEqual(podNames(env), ['web-0'], 'running but not ready is not enough');
    await env.setPodState('ns', 'web-0', 'Running', true);
    await sync();
    assert.deepEqual(podNames(env), ['web-0', 'web-1']);
    await readyAll(env);
    await sync();
    assert.deepEqual(podNames(env), ['web-0', 'web-1', 'web-2']);
    assert.deepEqual(env.eventLines().slice(0, 3), [
      'Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful',
      'Normal SuccessfulCreate create Pod web-1 in StatefulSet web successful',
      'Normal SuccessfulCreate create Pod web-2 in StatefulSet web successful',
    ]);
  });

  test('pods carry identity labels, hostname, subdomain, owner and revision', async () => {
    const { env, sync } = await setup(webSet({ ordinals: { start: 5 }, replicas: 1 }));
    await sync();
    const pod = await env.client.resource(PODS).get('ns', 'web-5');
    const set = await getSet(env);
    const revs = env.client.objects(CONTROLLER_REVISIONS, 'ns');
    assert.equal(revs.length, 1);
    const revName = revs[0]?.metadata?.name ?? '';
    assert.match(revName, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.deepEqual(pod.metadata?.labels, {
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-5',
      'apps.kubernetes.io/pod-index': '5',
      'controller-revision-hash': revName,
    });
    assert.equal(pod.spec?.hostname, 'web-5');
    assert.equal(pod.spec?.subdomain, 'nginx');
    assert.equal(pod.metadata?.ownerReferences?.[0]?.uid, set.metadata?.uid);
    assert.equal(pod.metadata?.ownerReferences?.[0]?.kind, 'StatefulSet');
    assert.equal(set.status?.updateRevision, revName);
    assert.equal(set.status?.currentRevision, revName);
    assert.equal(set.status?.collisionCount, 0);
    assert.equal(set.status?.observedGeneration, set.metadata?.generation);
  });

  test('status counts replicas, ready, available, current and updated', async () => {
    const { env, sync } = await setup(webSet({ replicas: 2 }));
    await sync();
    await readyAll(env);
    await sync();
    await readyAll(env);
    await sync();
    const set = await getSet(env);
    assert.equal(set.status?.replicas, 2);
    assert.equal(set.status?.readyReplicas, 2);
    assert.equal(set.status?.availableReplicas, 2);
    assert.equal(set.status?.currentReplicas, 2);
    assert.equal(set.status?.updatedReplicas, 2);
  });

  test('scales down from the highest ordinal, one pod at a time', async () => {
    const { env, sync } = await setup(webSet({ podManagementPolicy: 'Parallel' }));
    await sync();
    await readyAll(env);
    await sync();
    const set = await getSet(env);
    await env.client
      .resource(STATEFUL_SETS)
      .update({ ...set, spec: { ...set.spec!, replicas: 1, podManagementPolicy: 'OrderedReady' } });
    env.clearEvents();
    await sync();
    assert.deepEqual(podNames(env), ['web-0', 'web-1']);
    assert.deepEqual(env.eventLines(), [
      'Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful',
    ]);
    await sync();
    assert.deepEqual(podNames(env), ['web-0']);
  });

  test('minReadySeconds: the next pod waits until its predecessor is available', async () => {
    const { env, c, sync } = await setup(webSet({ replicas: 2, minReadySeconds: 10 }));
    await sync();
    await env.setPodState('ns', 'web-0', 'Running', true);
    await sync();
    assert.deepEqual(podNames(env), ['web-0'], 'ready but not yet available');
    let set = await getSet(env);
    assert.equal(set.status?.readyReplicas, 1);
    assert.equal(set.status?.availableReplicas, 0);
    env.clock.advance(11_000);
    assert.equal(c.queue.len(), 1, 'requeued after minReadySeconds');
    await sync();
    assert.deepEqual(podNames(env), ['web-0', 'web-1']);
    set = await getSet(env);
    assert.equal(set.status?.availableReplicas, 1);
  });

  test('a failed pod is deleted, then recreated once it is gone', async () => {
    const { env, sync } = await setup(webSet({ replicas: 1 }));
    await sync();
    const first = await env.setPodState('ns', 'web-0', 'Failed', false);
    await sync();
    assert.deepEqual(podNames(env), [], 'deleted');
    await sync();
    const again = await env.client.resource(PODS).get('ns', 'web-0');
    assert.notEqual(again.metadata?.uid, first.metadata?.uid);
  });
});

describe('StatefulSet controller: running', () => {
  test('informer events drive syncs end to end', async () => {
    const env = newTestEnv();
    const c = new StatefulSetController(env.ctx);
    const ac = new AbortController();
    env.informers.start(ac.signal);
    const running = c.run(2, ac.signal);
    try {
      await env.client
        .resource(STATEFUL_SETS)
        .create('ns', webSet({ podManagementPolicy: 'Parallel', replicas: 2 }));
      await until('2 pods', () => env.client.objects(PODS, 'ns').length === 2);
      // The API server would have given them phase Pending; the fake does not.
      for (const p of env.client.objects(PODS, 'ns'))
        await env.client.resource(PODS).updateStatus({ ...p, status: { phase: 'Pending' } });
      // An orphan matching the selector is adopted.
      await env.client.resource(PODS).create('ns', {
        metadata: { name: 'web-7', labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'x' }] },
      });
      await until('web-7 gone', () =>
        env.client.objects(PODS, 'ns').every((p) => p.metadata?.name !== 'web-7'),
      );
    } finally {
      ac.abort();
      await running;
    }
  });
});

describe('StatefulSet controller: Parallel', () => {
  test('creates every pod at once and scales down without waiting', async () => {
    const { env, sync } = await setup(webSet({ podManagementPolicy: 'Parallel' }));
    await sync();
    assert.deepEqual(podNames(env), ['web-0', 'web-1', 'web-2']);
    const set = await getSet(env);
    await env.client.resource(STATEFUL_SETS).update({ ...set, spec: { ...set.spec!, replicas: 0 } });
    await sync();
    assert.deepEqual(podNames(env), []);
  });
});

describe('StatefulSet controller: volumeClaimTemplates', () => {
  const claimTemplate = {
    metadata: { name: 'data', labels: { tier: 'db' } },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };

  test('creates a claim per pod, labelled and mounted', async () => {
    const { env, sync } = await setup(webSet({ replicas: 1, volumeClaimTemplates: [claimTemplate] }));
    await sync();
    const claim = await env.client.resource(PERSISTENT_VOLUME_CLAIMS).get('ns', 'data-web-0');
    assert.deepEqual(claim.metadata?.labels, { tier: 'db', app: 'web' });
    assert.deepEqual(claim.metadata?.ownerReferences ?? [], [], 'Retain/Retain: no owner');
    const pod = await env.client.resource(PODS).get('ns', 'web-0');
    assert.deepEqual(pod.spec?.volumes, [
      { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } },
    ]);
    assert.deepEqual(env.eventLines(), [
      'Normal SuccessfulCreate create Claim data-web-0 Pod web-0 in StatefulSet web success',
      'Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful',
    ]);
  });

  test('whenDeleted Delete makes the set own the claims; whenScaled Delete hands them to condemned pods', async () => {
    const { env, sync } = await setup(
      webSet({
        replicas: 2,
        podManagementPolicy: 'Parallel',
        volumeClaimTemplates: [claimTemplate],
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
      }),
    );
    await sync();
    await readyAll(env);
    await sync();
    const set = await getSet(env);
    for (const name of ['data-web-0', 'data-web-1']) {
      const claim = await env.client.resource(PERSISTENT_VOLUME_CLAIMS).get('ns', name);
      assert.deepEqual(
        claim.metadata?.ownerReferences?.map((r) => [r.kind, r.uid, r.controller]),
        [['StatefulSet', set.metadata?.uid, true]],
        name,
      );
    }
    await env.client.resource(STATEFUL_SETS).update({ ...set, spec: { ...set.spec!, replicas: 1 } });
    await sync();
    const claim = await env.client.resource(PERSISTENT_VOLUME_CLAIMS).get('ns', 'data-web-1');
    assert.deepEqual(
      claim.metadata?.ownerReferences?.map((r) => [r.kind, r.name]),
      [['Pod', 'web-1']],
    );
    assert.deepEqual(podNames(env), ['web-0']);
  });
});

describe('StatefulSet controller: updates', () => {
  async function rolledOut(spec: Partial<NonNullable<StatefulSet['spec']>>) {
    const s = await setup(webSet({ podManagementPolicy: 'Parallel', ...spec }));
    await s.sync();
    await readyAll(s.env);
    await s.sync();
    const set = await getSet(s.env);
    const template = structuredClone(set.spec!.template);
    template.spec!.containers[0]!.image = 'nginx:2';
    await s.env.client.resource(STATEFUL_SETS).update({ ...set, spec: { ...set.spec!, template } });
    s.env.clearEvents();
    return s;
  }

  const revOf = (p: Pod): string => p.metadata?.labels?.['controller-revision-hash'] ?? '';

  test('a template change makes a new revision and replaces the highest pod first', async () => {
    const { env, sync } = await rolledOut({});
    await sync();
    assert.equal(env.client.objects(CONTROLLER_REVISIONS, 'ns').length, 2);
    assert.deepEqual(podNames(env), ['web-0', 'web-1']);
    await sync();
    const set = await getSet(env);
    const p2 = await env.client.resource(PODS).get('ns', 'web-2');
    assert.equal(revOf(p2), set.status?.updateRevision);
    assert.equal(p2.spec?.containers[0]?.image, 'nginx:2');
    assert.notEqual(set.status?.currentRevision, set.status?.updateRevision);
  });

  test('partition keeps lower ordinals at the current revision', async () => {
    const { env, sync } = await rolledOut({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
    });
    for (let i = 0; i < 6; i++) {
      await sync();
      await readyAll(env);
    }
    const set = await getSet(env);
    const pods = env.client.objects(PODS, 'ns');
    const byName = new Map(pods.map((p) => [p.metadata?.name, revOf(p)]));
    assert.equal(byName.get('web-2'), set.status?.updateRevision);
    assert.equal(byName.get('web-1'), set.status?.currentRevision);
    assert.equal(byName.get('web-0'), set.status?.currentRevision);
    assert.equal(set.status?.updatedReplicas, 1);
    assert.equal(set.status?.currentReplicas, 2);
  });

  test('maxUnavailable deletes several pods at once', async () => {
    const { env, sync } = await rolledOut({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } },
    });
    await sync();
    assert.deepEqual(podNames(env), ['web-0']);
    assert.deepEqual(env.eventLines(), [
      'Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful',
      'Normal SuccessfulDelete delete Pod web-1 in StatefulSet web successful',
    ]);
  });

  test('a finished rollout makes the update revision current', async () => {
    const { env, sync } = await rolledOut({});
    for (let i = 0; i < 10; i++) {
      await sync();
      await readyAll(env);
    }
    const set = await getSet(env);
    assert.equal(set.status?.currentRevision, set.status?.updateRevision);
    assert.equal(set.status?.updatedReplicas, 3);
    assert.equal(set.status?.currentReplicas, 3);
  });

  test('OnDelete replaces nothing until pods are deleted', async () => {
    const { env, sync } = await rolledOut({ updateStrategy: { type: 'OnDelete' } });
    await sync();
    await sync();
    assert.deepEqual(podNames(env), ['web-0', 'web-1', 'web-2']);
    await env.client.resource(PODS).delete('ns', 'web-1');
    await sync();
    const set = await getSet(env);
    assert.equal(revOf(await env.client.resource(PODS).get('ns', 'web-1')), set.status?.updateRevision);
    assert.equal(revOf(await env.client.resource(PODS).get('ns', 'web-0')), set.status?.currentRevision);
  });

  test('rolling back reuses the old revision with a new number', async () => {
    const { env, sync } = await rolledOut({});
    await sync();
    const set = await getSet(env);
    const template = structuredClone(set.spec!.template);
    template.spec!.containers[0]!.image = 'nginx:1';
    await env.client.resource(STATEFUL_SETS).update({ ...set, spec: { ...set.spec!, template } });
    await sync();
    const revs = env.client.objects(CONTROLLER_REVISIONS, 'ns').sort((a, b) => a.revision - b.revision);
    assert.equal(revs.length, 2);
    assert.equal(revs[1]?.revision, 3);
    assert.equal((await getSet(env)).status?.updateRevision, revs[1]?.metadata?.name);
  });

  test('history beyond revisionHistoryLimit is deleted, oldest first', async () => {
    const { env, sync } = await setup(webSet({ replicas: 0, revisionHistoryLimit: 1 }));
    for (const image of ['a', 'b', 'c', 'd']) {
      const set = await getSet(env);
      const template = structuredClone(set.spec!.template);
      template.spec!.containers[0]!.image = image;
      await env.client.resource(STATEFUL_SETS).update({ ...set, spec: { ...set.spec!, template } });
      await sync();
    }
    await sync();
    const revs = env.client
      .objects(CONTROLLER_REVISIONS, 'ns')
      .map((r) => r.revision)
      .sort();
    // With no pods every rollout completes at once: the update revision is the only live one, and
    // one more is kept as history.
    assert.deepEqual(revs, [3, 4]);
  });
});
