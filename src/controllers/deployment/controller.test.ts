import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { DEPLOYMENTS, PODS, REPLICA_SETS } from '../../client/resources.js';
import { Harness, newDeployment, template } from './testing.js';
import {
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  podTemplateHash,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  type Deployment,
  type ReplicaSet,
} from './util/index.js';

function cond(h: Harness, name: string, type: string) {
  return h.deployment(name).status?.conditions?.find((c) => c.type === type);
}

function sizes(h: Harness): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rs of h.replicaSets()) out[rs.metadata?.name ?? ''] = rs.spec?.replicas ?? 0;
  return out;
}

describe('DeploymentController: a new deployment', () => {
  it('creates a replica set named by the template hash, at revision 1, at full size', async () => {
    const h = new Harness();
    const d = newDeployment('web', { replicas: 3 });
    h.seed({ deployments: [d] });
    await h.sync('web');

    const hash = podTemplateHash(d.spec?.template);
    const rss = h.replicaSets();
    assert.equal(rss.length, 1);
    const rs = rss[0]!;
    assert.equal(rs.metadata?.name, `web-${hash}`);
    assert.equal(rs.spec?.replicas, 3);
    assert.deepEqual(rs.metadata?.labels, { app: 'web', [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash });
    assert.deepEqual(rs.spec?.selector?.matchLabels, {
      app: 'web',
      [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash,
    });
    assert.equal(rs.spec?.template?.metadata?.labels?.[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY], hash);
    assert.equal(rs.metadata?.annotations?.[REVISION_ANNOTATION], '1');
    assert.equal(rs.metadata?.annotations?.[DESIRED_REPLICAS_ANNOTATION], '3');
    // maxSurge 25% of 3 rounds up to 1.
    assert.equal(rs.metadata?.annotations?.[MAX_REPLICAS_ANNOTATION], '4');
    const ref = rs.metadata?.ownerReferences?.[0];
    assert.equal(ref?.kind, 'Deployment');
    assert.equal(ref?.controller, true);
    assert.equal(ref?.uid, h.deployment('web').metadata?.uid);

    assert.deepEqual(h.messages('ScalingReplicaSet'), [`Scaled up replica set web-${hash} from 0 to 3`]);
    assert.equal(h.events.events[0]?.component, 'deployment-controller');
    const progressing = cond(h, 'web', 'Progressing');
    assert.equal(progressing?.reason, 'NewReplicaSetCreated');
    assert.equal(progressing?.message, `Created new replica set "web-${hash}"`);
    assert.equal(cond(h, 'web', 'Available')?.reason, 'MinimumReplicasUnavailable');
    assert.equal(cond(h, 'web', 'Available')?.message, 'Deployment does not have minimum availability.');
  });

  it('reports the rollout complete once the pods are available', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 2 })] });
    await h.sync('web');
    await h.settle();
    await h.sync('web');
    const rsName = h.replicaSets()[0]?.metadata?.name ?? '';
    const st = h.deployment('web').status;
    assert.equal(st?.replicas, 2);
    assert.equal(st?.updatedReplicas, 2);
    assert.equal(st?.readyReplicas, 2);
    assert.equal(st?.availableReplicas, 2);
    assert.equal(st?.unavailableReplicas ?? 0, 0);
    assert.equal(st?.observedGeneration, 1);
    assert.equal((st as { terminatingReplicas?: number }).terminatingReplicas, 0);
    assert.equal(cond(h, 'web', 'Available')?.status, 'True');
    assert.equal(cond(h, 'web', 'Available')?.message, 'Deployment has minimum availability.');
    assert.equal(cond(h, 'web', 'Progressing')?.reason, 'NewReplicaSetAvailable');
    assert.equal(
      cond(h, 'web', 'Progressing')?.message,
      `ReplicaSet "${rsName}" has successfully progressed.`,
    );
    // Nothing changed: a further sync writes nothing.
    h.client.clearActions();
    await h.sync('web');
    assert.deepEqual(
      h.client.actions().filter((a) => a.verb !== 'get' && a.verb !== 'list'),
      [],
    );
  });
});

describe('DeploymentController: RollingUpdate', () => {
  it('rolls to a new template within maxSurge and maxUnavailable', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 10 })] });
    await h.sync('web');
    await h.settle();
    await h.sync('web');
    const oldName = h.replicaSets()[0]?.metadata?.name ?? '';

    await h.updateSpec('web', (d) => {
      d.spec!.template = template('app:v2');
    });
    const newHash = podTemplateHash(template('app:v2'));
    const newName = `web-${newHash}`;
    h.events.events.length = 0;
    await h.sync('web');
    // maxSurge 25% of 10 → 3 (up), maxUnavailable 25% → 2 (down): 13 at most, 8 available at least.
    assert.deepEqual(sizes(h), { [oldName]: 8, [newName]: 3 });
    assert.deepEqual(h.messages('ScalingReplicaSet'), [
      `Scaled up replica set ${newName} from 0 to 3`,
      `Scaled down replica set ${oldName} from 10 to 8`,
    ]);
    const newRS = h.replicaSets().find((rs) => rs.metadata?.name === newName);
    assert.equal(newRS?.metadata?.annotations?.[REVISION_ANNOTATION], '2');

    // Walk the rollout to its end, the new pods becoming available each round.
    for (let i = 0; i < 20; i++) {
      await h.settle();
      await h.sync('web');
      const total = Object.values(sizes(h)).reduce((a, b) => a + b, 0);
      assert.ok(total <= 13, `at most 13 replicas, got ${total}`);
      if (sizes(h)[oldName] === 0 && sizes(h)[newName] === 10) break;
    }
    assert.deepEqual(sizes(h), { [oldName]: 0, [newName]: 10 });
    await h.settle();
    await h.sync('web');
    assert.equal(cond(h, 'web', 'Progressing')?.reason, 'NewReplicaSetAvailable');
    assert.equal(h.deployment('web').status?.updatedReplicas, 10);
  });

  it('removes unavailable old replicas first and never goes below the minimum available', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 4 })] });
    await h.sync('web');
    // Only 2 of 4 old pods ever become available.
    await h.settle(() => 2);
    await h.sync('web');
    const oldName = h.replicaSets()[0]?.metadata?.name ?? '';
    await h.updateSpec('web', (d) => {
      d.spec!.template = template('app:v2');
    });
    await h.sync('web');
    const newName = `web-${podTemplateHash(template('app:v2'))}`;
    // surge 1 → new RS 1; maxScaledDown = 5 - 3 - 1 = 1: one unhealthy old replica goes.
    assert.deepEqual(sizes(h), { [oldName]: 3, [newName]: 1 });
  });
});

describe('DeploymentController: Recreate', () => {
  it('scales old replica sets to 0 and waits for their pods before creating the new one', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 3, strategy: { type: 'Recreate' } })] });
    await h.sync('web');
    await h.settle();
    await h.sync('web');
    const old = h.replicaSets()[0]!;
    const oldName = old.metadata?.name ?? '';
    // One pod of the old replica set is still running.
    const pod: Pod = {
      metadata: {
        name: `${oldName}-aaaaa`,
        namespace: 'default',
        labels: { ...(old.spec?.template?.metadata?.labels ?? {}) },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: oldName,
            uid: old.metadata?.uid ?? '',
            controller: true,
          },
        ],
      },
      spec: { containers: [{ name: 'app', image: 'app:v1' }] },
      status: { phase: 'Running' },
    };
    h.seed({ pods: [pod] });

    await h.updateSpec('web', (d) => {
      d.spec!.template = template('app:v2');
    });
    await h.sync('web');
    assert.deepEqual(sizes(h), { [oldName]: 0 });
    await h.settle();
    await h.sync('web');
    // The replica set reports none, but a pod still runs: no new replica set yet.
    assert.deepEqual(sizes(h), { [oldName]: 0 });

    await h.client.resource(PODS).delete('default', pod.metadata?.name ?? '');
    await h.sync('web');
    const newName = `web-${podTemplateHash(template('app:v2'))}`;
    assert.deepEqual(sizes(h), { [oldName]: 0, [newName]: 3 });
    assert.deepEqual(h.messages('ScalingReplicaSet').slice(-2), [
      `Scaled down replica set ${oldName} from 3 to 0`,
      `Scaled up replica set ${newName} from 0 to 3`,
    ]);
  });
});

describe('DeploymentController: pause and resume', () => {
  it('does not roll out while paused and records DeploymentPaused / DeploymentResumed', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 2 })] });
    await h.sync('web');
    await h.settle();
    await h.sync('web');
    await h.updateSpec('web', (d) => {
      d.spec!.paused = true;
      d.spec!.template = template('app:v2');
    });
    await h.sync('web');
    assert.equal(h.replicaSets().length, 1);
    let p = cond(h, 'web', 'Progressing');
    assert.equal(p?.status, 'Unknown');
    assert.equal(p?.reason, 'DeploymentPaused');
    assert.equal(p?.message, 'Deployment is paused');
    assert.equal(h.deployment('web').status?.observedGeneration, 2);

    // Scaling still applies while paused.
    await h.updateSpec('web', (d) => {
      d.spec!.replicas = 4;
    });
    await h.sync('web');
    assert.deepEqual(Object.values(sizes(h)), [4]);

    await h.updateSpec('web', (d) => {
      d.spec!.paused = false;
    });
    h.client.clearActions();
    await h.sync('web');
    const resumed = h.client
      .actions()
      .filter((a) => a.resource === 'deployments' && a.subresource === 'status')
      .map((a) => (a.object as Deployment).status?.conditions?.find((c) => c.type === 'Progressing'));
    assert.equal(resumed[0]?.reason, 'DeploymentResumed');
    assert.equal(resumed[0]?.status, 'Unknown');
    assert.equal(resumed[0]?.message, 'Deployment is resumed');
    p = cond(h, 'web', 'Progressing');
    assert.equal(h.replicaSets().length, 2);
    assert.notEqual(p?.reason, 'DeploymentPaused');
    assert.equal(
      h
        .messages('ScalingReplicaSet')
        .some((m) => m.startsWith('Scaled up replica set web-') && m.endsWith('from 0 to 1')),
      true,
    );
  });
});

describe('DeploymentController: progress deadline', () => {
  it('requeues at the deadline and then reports ProgressDeadlineExceeded', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 2, progressDeadlineSeconds: 60 })] });
    await h.sync('web');
    const rsName = h.replicaSets()[0]?.metadata?.name ?? '';
    await h.settle(() => 0);
    await h.sync('web');
    // Pods exist (not ready): that is progress.
    assert.equal(cond(h, 'web', 'Progressing')?.reason, 'ReplicaSetUpdated');
    // Nothing moves: the sync schedules a check one second past the deadline.
    await h.sync('web');
    assert.equal(h.controller.queue.len(), 0);
    h.clock.advance(60_000);
    assert.equal(h.controller.queue.len(), 0);
    h.clock.advance(1_000);
    assert.equal(h.controller.queue.len(), 1);
    await h.sync('web');
    const p = cond(h, 'web', 'Progressing');
    assert.equal(p?.status, 'False');
    assert.equal(p?.reason, 'ProgressDeadlineExceeded');
    assert.equal(p?.message, `ReplicaSet "${rsName}" has timed out progressing.`);
  });

  it('refreshes lastUpdateTime while progress is made', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 4, progressDeadlineSeconds: 60 })] });
    await h.sync('web');
    await h.settle(() => 0);
    await h.sync('web');
    h.clock.advance(50_000);
    await h.settle(() => 2);
    await h.sync('web');
    const p = cond(h, 'web', 'Progressing');
    assert.equal(p?.reason, 'ReplicaSetUpdated');
    assert.equal(p?.lastUpdateTime, new Date(h.clock.now()).toISOString().replace('.000Z', 'Z'));
  });
});

describe('DeploymentController: proportional scaling', () => {
  it('shares a resize between the replica sets of a rollout in proportion to their size', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 10 })] });
    await h.sync('web');
    await h.settle();
    await h.sync('web');
    const oldName = h.replicaSets()[0]?.metadata?.name ?? '';
    await h.updateSpec('web', (d) => {
      d.spec!.template = template('app:v2');
    });
    await h.sync('web');
    const newName = `web-${podTemplateHash(template('app:v2'))}`;
    assert.deepEqual(sizes(h), { [oldName]: 8, [newName]: 3 });
    await h.settle((rs) => (rs.metadata?.name === newName ? 0 : 8));
    h.events.events.length = 0;

    await h.updateSpec('web', (d) => {
      d.spec!.replicas = 20;
    });
    await h.sync('web');
    // Allowed 20 + 5 = 25, 14 to add: 8 → round(8·25/13) = 15, 3 → round(3·25/13) = 6, the
    // leftover 4 to the largest.
    assert.deepEqual(sizes(h), { [oldName]: 19, [newName]: 6 });
    const rs = h.replicaSets().find((r) => r.metadata?.name === newName);
    assert.equal(rs?.metadata?.annotations?.[DESIRED_REPLICAS_ANNOTATION], '20');
    assert.equal(rs?.metadata?.annotations?.[MAX_REPLICAS_ANNOTATION], '25');
    assert.deepEqual(h.messages('ScalingReplicaSet'), [
      `Scaled up replica set ${oldName} from 8 to 19`,
      `Scaled up replica set ${newName} from 3 to 6`,
    ]);
  });
});

describe('DeploymentController: history', () => {
  it('deletes the oldest scaled-down replica sets beyond revisionHistoryLimit', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 1, revisionHistoryLimit: 1 })] });
    const names: string[] = [];
    for (const v of ['v1', 'v2', 'v3', 'v4']) {
      await h.updateSpec('web', (d) => {
        d.spec!.template = template(`app:${v}`);
      });
      for (let i = 0; i < 6; i++) {
        await h.sync('web');
        await h.settle();
      }
      names.push(`web-${podTemplateHash(template(`app:${v}`))}`);
    }
    await h.sync('web');
    const left = h.replicaSets().map((rs) => rs.metadata?.name);
    assert.deepEqual(left.sort(), [names[2], names[3]].sort());
    assert.equal(
      h.replicaSets().find((rs) => rs.metadata?.name === names[3])?.metadata?.annotations?.[
        REVISION_ANNOTATION
      ],
      '4',
    );
  });

  it('reuses the old replica set when the template goes back, recording its revision history', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 1 })] });
    for (const v of ['v1', 'v2', 'v1']) {
      await h.updateSpec('web', (d) => {
        d.spec!.template = template(`app:${v}`);
      });
      for (let i = 0; i < 6; i++) {
        await h.sync('web');
        await h.settle();
      }
    }
    const v1 = h
      .replicaSets()
      .find((rs) => rs.spec?.template?.spec?.containers[0]?.image === 'app:v1') as ReplicaSet;
    assert.equal(h.replicaSets().length, 2);
    assert.equal(v1.spec?.replicas, 1);
    assert.equal(v1.metadata?.annotations?.[REVISION_ANNOTATION], '3');
    assert.equal(v1.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION], '1');
  });
});

describe('DeploymentController: adoption and collisions', () => {
  it('adopts a matching orphan replica set', async () => {
    const h = new Harness();
    const d = newDeployment('web', { replicas: 2 });
    const hash = podTemplateHash(d.spec?.template);
    const orphan: ReplicaSet = {
      metadata: {
        name: `web-${hash}`,
        namespace: 'default',
        labels: { app: 'web', 'pod-template-hash': hash },
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
        template: { ...template('app:v1', { app: 'web', 'pod-template-hash': hash }) },
      },
    };
    h.seed({ deployments: [d], replicaSets: [orphan] });
    await h.sync('web');
    const rss = h.replicaSets();
    assert.equal(rss.length, 1);
    assert.equal(rss[0]?.metadata?.ownerReferences?.[0]?.uid, h.deployment('web').metadata?.uid);
  });

  it('bumps collisionCount when the hash name is taken by another template', async () => {
    const h = new Harness();
    const d = newDeployment('web', { replicas: 2 });
    const hash = podTemplateHash(d.spec?.template);
    const squatter: ReplicaSet = {
      metadata: { name: `web-${hash}`, namespace: 'default', labels: { other: 'x' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { other: 'x' } },
        template: template('other:v1', { other: 'x' }),
      },
    };
    h.seed({ deployments: [d], replicaSets: [squatter] });
    await assert.rejects(h.sync('web'), /already exists/);
    assert.equal(h.deployment('web').status?.collisionCount, 1);
    await h.sync('web');
    const mine = h.replicaSets().find((rs) => rs.metadata?.ownerReferences?.length === 1);
    assert.equal(mine?.metadata?.name, `web-${podTemplateHash(d.spec?.template, 1)}`);
  });
});

describe('DeploymentController: retries', () => {
  it('requeues a failing sync with backoff', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web')] });
    h.client.prependReactor('create', 'replicasets', () => {
      throw new Error('boom');
    });
    h.refresh();
    await h.controller.processKey('default/web');
    assert.equal(h.controller.queue.numRequeues('default/web'), 1);
    assert.deepEqual(h.messages('ReplicaSetCreateError').length, 1);
    assert.match(
      h.messages('ReplicaSetCreateError')[0] ?? '',
      /^Failed to create new replica set "web-\w+": boom$/,
    );
    assert.equal(h.client.objects(REPLICA_SETS).length, 0);
  });
});

describe('DeploymentController: minReadySeconds and rollbackTo', () => {
  it('passes minReadySeconds on to the new replica set without a new rollout', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 2 })] });
    await h.sync('web');
    await h.updateSpec('web', (d) => {
      d.spec!.minReadySeconds = 30;
    });
    await h.sync('web');
    assert.equal(h.replicaSets().length, 1);
    assert.equal(h.replicaSets()[0]?.spec?.minReadySeconds, 30);
  });

  it('rolls back to the revision the deprecated rollbackTo annotation names', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 1 })] });
    for (const v of ['v1', 'v2']) {
      await h.updateSpec('web', (d) => {
        d.spec!.template = template(`app:${v}`);
      });
      for (let i = 0; i < 4; i++) {
        await h.sync('web');
        await h.settle();
      }
    }
    await h.updateSpec('web', (d) => {
      d.metadata!.annotations = {
        ...(d.metadata?.annotations ?? {}),
        'deprecated.deployment.rollback.to': '1',
      };
    });
    await h.sync('web');
    const d = h.deployment('web');
    assert.equal(d.spec?.template?.spec?.containers[0]?.image, 'app:v1');
    assert.equal(d.metadata?.annotations?.['deprecated.deployment.rollback.to'], undefined);
    assert.deepEqual(h.messages('DeploymentRollback'), ['Rolled back deployment "web" to revision 1']);

    await h.updateSpec('web', (x) => {
      x.metadata!.annotations = {
        ...(x.metadata?.annotations ?? {}),
        'deprecated.deployment.rollback.to': '9',
      };
    });
    await h.sync('web');
    assert.deepEqual(h.messages('DeploymentRollbackRevisionNotFound'), [
      'Unable to find the revision to rollback to.',
    ]);
    assert.equal(
      h.client.objects(DEPLOYMENTS)[0]?.metadata?.annotations?.['deprecated.deployment.rollback.to'],
      undefined,
    );
  });
});

describe('DeploymentController: scaling a saturated rollout', () => {
  it('scales old replica sets to 0 once the new one is saturated', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 2, paused: true })] });
    const d = h.deployment('web');
    const owner = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: d.metadata?.uid ?? '',
        controller: true,
      },
    ];
    const hash = podTemplateHash(d.spec?.template);
    const mk = (
      name: string,
      image: string,
      replicas: number,
      labels: Record<string, string>,
    ): ReplicaSet => ({
      metadata: {
        name,
        namespace: 'default',
        labels,
        ownerReferences: owner,
        annotations: { [DESIRED_REPLICAS_ANNOTATION]: '2', [MAX_REPLICAS_ANNOTATION]: '3' },
      },
      spec: { replicas, selector: { matchLabels: labels }, template: template(image, labels) },
      status: { replicas, availableReplicas: replicas, readyReplicas: replicas, observedGeneration: 1 },
    });
    h.seed({
      replicaSets: [
        mk('web-old', 'app:v0', 1, { app: 'web', 'pod-template-hash': 'old' }),
        mk(`web-${hash}`, 'app:v1', 2, { app: 'web', 'pod-template-hash': hash }),
      ],
    });
    await h.sync('web');
    assert.deepEqual(sizes(h), { 'web-old': 0, [`web-${hash}`]: 2 });
    assert.deepEqual(h.messages('ScalingReplicaSet'), ['Scaled down replica set web-old from 1 to 0']);
  });
});

describe('DeploymentController: event handlers', () => {
  // The informers' sinks deliver to the handlers as a watch would.
  const sink = <T extends object>(inf: unknown) =>
    inf as { added(o: T): void; modified(o: T): void; deleted(o: T): void };

  it('queues the deployment of an owned replica set and those matching an orphan', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web')] });
    const d = h.deployment('web');
    const rsSink = sink<ReplicaSet>(h.informers.informerFor(REPLICA_SETS));
    const orphan: ReplicaSet = {
      metadata: { name: 'x', namespace: 'default', labels: { app: 'web' }, resourceVersion: '100' },
      spec: { selector: { matchLabels: { app: 'web' } } },
    };
    rsSink.added(orphan);
    assert.equal(h.controller.queue.len(), 1);
    const key = await h.controller.queue.get();
    assert.equal(key, 'default/web');
    h.controller.queue.done(key!);

    rsSink.added({ ...orphan, metadata: { ...orphan.metadata, name: 'y', labels: { app: 'other' } } });
    assert.equal(h.controller.queue.len(), 0);

    const owned: ReplicaSet = {
      ...orphan,
      metadata: {
        ...orphan.metadata,
        name: 'z',
        labels: { app: 'other' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            uid: d.metadata?.uid ?? '',
            controller: true,
          },
        ],
      },
    };
    rsSink.added(owned);
    assert.equal(h.controller.queue.len(), 1);
  });

  it('wakes a Recreate deployment when the last pod of its replica sets goes', async () => {
    const h = new Harness();
    h.seed({ deployments: [newDeployment('web', { replicas: 2, strategy: { type: 'Recreate' } })] });
    await h.sync('web');
    const rs = h.replicaSets()[0]!;
    const pod = (name: string): Pod => ({
      metadata: {
        name,
        namespace: 'default',
        labels: { ...(rs.spec?.template?.metadata?.labels ?? {}) },
        resourceVersion: '1',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rs.metadata?.name ?? '',
            uid: rs.metadata?.uid ?? '',
            controller: true,
          },
        ],
      },
      spec: { containers: [{ name: 'app', image: 'app:v1' }] },
    });
    const podSink = sink<Pod>(h.informers.informerFor(PODS));
    podSink.added(pod('a'));
    podSink.added(pod('b'));
    podSink.deleted(pod('a'));
    assert.equal(h.controller.queue.len(), 0, 'a pod is left');
    podSink.deleted(pod('b'));
    assert.equal(h.controller.queue.len(), 1);
  });
});
