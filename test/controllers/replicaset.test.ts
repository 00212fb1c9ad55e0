// The ReplicaSet controller against a real API server: it runs in the test process over the REST
// client and informers; the test stands in for kubelets by writing pod status.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  EVENTS,
  NAMESPACES,
  PODS,
  REPLICA_SETS,
  REPLICATION_CONTROLLERS,
} from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';
import {
  replicaSetController,
  replicationControllerController,
} from '../../src/controllers/replicaset/index.js';
import { getControllerOf } from '../../src/controllers/util/index.js';
import { type ControllerEnv, eventually, startControllerEnv, when } from '../support/controller-env.js';
import { markPodReady } from '../support/pod-status.js';

const NS = 'rs-test';
let env: ControllerEnv;
let client: Client;

before(async () => {
  env = await startControllerEnv({ controllers: [replicaSetController, replicationControllerController] });
  client = env.client;
  await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  await env?.stop();
});

const livePods = async (): Promise<Pod[]> =>
  (await client.resource(PODS).list(NS, { labelSelector: 'app=web' })).items.filter(
    (p) => p.metadata?.deletionTimestamp == null,
  );

describe('ReplicaSet controller over a real API server', () => {
  test('creates, reports readiness, scales down and replaces deleted pods', async () => {
    const rsClient = client.resource(REPLICA_SETS);
    const rs = await rsClient.create(NS, {
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'registry.invalid/web:1' }] },
        },
      },
    } satisfies ReplicaSet);

    const pods = await eventually('3 pods', async () => {
      const ps = await livePods();
      return ps.length === 3 ? ps : undefined;
    });
    for (const p of pods) {
      assert.equal(getControllerOf(p)?.uid, rs.metadata?.uid);
      assert.equal(getControllerOf(p)?.kind, 'ReplicaSet');
      assert.match(p.metadata?.name ?? '', /^web-[a-z0-9]{5}$/);
    }

    for (const p of pods) await markPodReady(client, p);
    const ready = await eventually('readyReplicas 3', async () => {
      const cur = await rsClient.get(NS, 'web');
      return cur.status?.readyReplicas === 3 && cur.status.availableReplicas === 3 ? cur : undefined;
    });
    assert.equal(ready.status?.replicas, 3);
    assert.equal(ready.status?.fullyLabeledReplicas, 3);
    assert.equal(ready.status?.observedGeneration, ready.metadata?.generation);

    const created = await eventually('SuccessfulCreate events', async () => {
      const evs = (await client.resource(EVENTS).list(NS)).items.filter(
        (e) => e.reason === 'SuccessfulCreate',
      );
      return evs.length === 3 ? evs : undefined;
    });
    assert.equal(created[0]?.source?.component, 'replicaset-controller');
    assert.match(created[0]?.message ?? '', /^Created pod: web-[a-z0-9]{5}$/);

    await rsClient.patch(NS, 'web', 'merge', { spec: { replicas: 1 } });
    const left = await eventually('1 pod left', async () => {
      const ps = await livePods();
      return ps.length === 1 ? ps : undefined;
    });
    await eventually('status replicas 1', async () =>
      when((await rsClient.get(NS, 'web')).status?.replicas === 1, true),
    );

    const victim = left[0]!;
    await client.resource(PODS).delete(NS, victim.metadata?.name ?? '');
    const replaced = await eventually('a replacement pod', async () => {
      const ps = await livePods();
      return ps.length === 1 && ps[0]?.metadata?.uid !== victim.metadata?.uid ? ps : undefined;
    });
    assert.equal(getControllerOf(replaced[0]!)?.uid, rs.metadata?.uid);

    // The controller settles: within a few seconds the ReplicaSet stops changing (no write loop).
    let stable = false;
    for (let i = 0; i < 10 && !stable; i++) {
      const before = await rsClient.get(NS, 'web');
      await new Promise((r) => setTimeout(r, 1000));
      const now = await rsClient.get(NS, 'web');
      stable =
        now.metadata?.resourceVersion === before.metadata?.resourceVersion && now.status?.replicas === 1;
    }
    assert.ok(stable, 'the ReplicaSet keeps being written');
  });

  test('a ReplicationController adopts a matching orphan and creates the rest', async () => {
    const orphan = await client.resource(PODS).create(NS, {
      metadata: { name: 'legacy-orphan', labels: { app: 'legacy' } },
      spec: { containers: [{ name: 'c', image: 'registry.invalid/legacy:1' }] },
    });
    const rc = await client.resource(REPLICATION_CONTROLLERS).create(NS, {
      metadata: { name: 'legacy' },
      spec: {
        replicas: 2,
        selector: { app: 'legacy' },
        template: {
          metadata: { labels: { app: 'legacy' } },
          spec: { containers: [{ name: 'c', image: 'registry.invalid/legacy:1' }] },
        },
      },
    });
    const owned = await eventually('2 pods owned by the RC', async () => {
      const ps = (await client.resource(PODS).list(NS, { labelSelector: 'app=legacy' })).items;
      const mine = ps.filter((p) => getControllerOf(p)?.uid === rc.metadata?.uid);
      return when(mine.length === 2, mine);
    });
    assert.ok(
      owned.some((p) => p.metadata?.uid === orphan.metadata?.uid),
      'the orphan was adopted',
    );
    assert.equal(getControllerOf(owned[0]!)?.kind, 'ReplicationController');
    assert.equal(getControllerOf(owned[0]!)?.apiVersion, 'v1');
    const ev = await eventually('a SuccessfulCreate event about the RC', async () => {
      const evs = (await client.resource(EVENTS).list(NS)).items.filter(
        (e) => e.reason === 'SuccessfulCreate' && e.involvedObject.kind === 'ReplicationController',
      );
      return when(evs.length === 1, evs[0]);
    });
    assert.equal(ev?.source?.component, 'replication-controller');
    await eventually('RC status replicas 2', async () =>
      when((await client.resource(REPLICATION_CONTROLLERS).get(NS, 'legacy')).status?.replicas === 2, true),
    );
  });
});
