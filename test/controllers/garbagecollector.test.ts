// The garbage collector against a real API server, running in the test process over the REST
// client: background, foreground and orphan deletion of a ReplicaSet and its pods.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isNotFound } from '../../src/apimachinery/errors/index.js';
import { NAMESPACES, PODS, REPLICA_SETS } from '../../src/client/resources.js';
import { garbageCollectorController } from '../../src/controllers/garbagecollector/index.js';
import { type ControllerEnv, eventually, startControllerEnv } from '../support/controller-env.js';

const NS = 'gc-test';
const HOLD = 'test.kite.io/hold';
let env: ControllerEnv;

before(async () => {
  env = await startControllerEnv({ controllers: [garbageCollectorController] });
  await env.client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  await env?.stop();
});

function rs(name: string): ReplicaSet {
  return {
    metadata: { name },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    },
  };
}

/** Creates a ReplicaSet and `n` pods it owns (blocking owner deletion, as the controller sets). */
async function family(name: string, n: number, podFinalizers: string[] = []): Promise<ReplicaSet> {
  const owner = await env.client.resource(REPLICA_SETS).create(NS, rs(name));
  const ref: OwnerReference = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    name,
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
  for (let i = 0; i < n; i++) {
    const pod: Pod = {
      metadata: {
        name: `${name}-${i}`,
        labels: { app: name },
        ownerReferences: [ref],
        ...(i === 0 && podFinalizers.length > 0 ? { finalizers: podFinalizers } : {}),
      },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    await env.client.resource(PODS).create(NS, pod);
  }
  return owner;
}

async function podsOf(name: string): Promise<Pod[]> {
  return (await env.client.resource(PODS).list(NS, { labelSelector: `app=${name}` })).items;
}

async function rsGone(name: string): Promise<true | undefined> {
  try {
    await env.client.resource(REPLICA_SETS).get(NS, name);
    return undefined;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

describe('garbage collector', () => {
  test('Background: the ReplicaSet goes at once, its pods after', async () => {
    await family('bg', 3);
    await env.client.resource(REPLICA_SETS).delete(NS, 'bg', { propagationPolicy: 'Background' });
    assert.equal(await rsGone('bg'), true);
    await eventually('pods collected', async () => ((await podsOf('bg')).length === 0 ? true : undefined));
  });

  test('Foreground: the pods go first, then the ReplicaSet', async () => {
    await family('fg', 3, [HOLD]);
    await env.client.resource(REPLICA_SETS).delete(NS, 'fg', { propagationPolicy: 'Foreground' });
    // The held pod stays (terminating) while the others are deleted; the ReplicaSet waits for it.
    const remaining = await eventually('unheld pods deleted', async () => {
      const pods = await podsOf('fg');
      return pods.length === 1 && pods[0]?.metadata?.deletionTimestamp !== undefined ? pods : undefined;
    });
    assert.equal(remaining[0]?.metadata?.name, 'fg-0');
    const owner = await env.client.resource(REPLICA_SETS).get(NS, 'fg');
    assert.ok(owner.metadata?.deletionTimestamp);
    assert.deepEqual(owner.metadata?.finalizers, ['foregroundDeletion']);
    await env.client.resource(PODS).patch(NS, 'fg-0', 'merge', { metadata: { finalizers: null } });
    await eventually('ReplicaSet deleted after its pods', () => rsGone('fg'));
    assert.deepEqual(await podsOf('fg'), []);
  });

  test('Orphan: the ReplicaSet goes, its pods stay without the owner reference', async () => {
    const owner = await family('orphan', 3);
    await env.client.resource(REPLICA_SETS).delete(NS, 'orphan', { propagationPolicy: 'Orphan' });
    await eventually('ReplicaSet deleted', () => rsGone('orphan'));
    const pods = await podsOf('orphan');
    assert.equal(pods.length, 3);
    for (const p of pods) {
      const uids = (p.metadata?.ownerReferences ?? []).map((r) => r.uid);
      assert.ok(!uids.includes(owner.metadata?.uid ?? ''), `${p.metadata?.name} still names its owner`);
      assert.equal(p.metadata?.deletionTimestamp, undefined);
    }
  });

  test('a dependent whose owner reference has a stale uid is collected', async () => {
    const owner = await env.client.resource(REPLICA_SETS).create(NS, rs('live'));
    await env.client.resource(PODS).create(NS, {
      metadata: {
        name: 'stale',
        labels: { app: 'stale' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'live', uid: 'not-the-live-uid' },
        ],
      },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    await eventually('stale pod collected', async () =>
      (await podsOf('stale')).length === 0 ? true : undefined,
    );
    assert.equal(
      (await env.client.resource(REPLICA_SETS).get(NS, 'live')).metadata?.uid,
      owner.metadata?.uid,
    );
  });
});
