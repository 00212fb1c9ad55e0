// The StatefulSet controller against a real API server: it runs in the test process over the REST
// client and informers; the test stands in for kubelets by writing pod status.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  CONTROLLER_REVISIONS,
  EVENTS,
  NAMESPACES,
  PERSISTENT_VOLUME_CLAIMS,
  PODS,
  STATEFUL_SETS,
} from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';
import { hashControllerRevision, templatePatch } from '../../src/controllers/history/index.js';
import { statefulSetController } from '../../src/controllers/statefulset/index.js';
import { type ControllerEnv, eventually, startControllerEnv, when } from '../support/controller-env.js';
import { markPodReady } from '../support/pod-status.js';
import { kubectlPath } from '../support/kubectl.js';
import { kubectlFor } from '../support/kubectl-run.js';

const NS = 'sts-test';
let env: ControllerEnv;
let client: Client;

before(async () => {
  env = await startControllerEnv({ controllers: [statefulSetController] });
  client = env.client;
  await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  await env?.stop();
});

const livePods = async (): Promise<Pod[]> =>
  (await client.resource(PODS).list(NS, { labelSelector: 'app=web' })).items
    .filter((p) => p.metadata?.deletionTimestamp == null)
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));

async function markReady(name: string): Promise<void> {
  await markPodReady(client, await client.resource(PODS).get(NS, name));
}

describe('StatefulSet controller over a real API server', () => {
  test('ordered creation with claims, status, events and a rolling update', async () => {
    const sets = client.resource(STATEFUL_SETS);
    const created = await sets.create(NS, {
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        serviceName: 'web',
        selector: { matchLabels: { app: 'web' } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'registry.invalid/web:1' }] },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    } satisfies StatefulSet);

    const first = await eventually('web-0', async () => {
      const ps = await livePods();
      return when(ps.length === 1, ps);
    });
    assert.equal(first[0]?.metadata?.name, 'web-0');
    assert.equal(first[0]?.spec?.hostname, 'web-0');
    assert.equal(first[0]?.spec?.subdomain, 'web');
    assert.equal(first[0]?.metadata?.labels?.['statefulset.kubernetes.io/pod-name'], 'web-0');
    assert.equal(first[0]?.metadata?.labels?.['apps.kubernetes.io/pod-index'], '0');

    // The revision's name is the hash of the set's template as the server serves it.
    const served = await sets.get(NS, 'web');
    const revs = (await client.resource(CONTROLLER_REVISIONS).list(NS)).items;
    assert.equal(revs.length, 1);
    assert.equal(revs[0]?.metadata?.name, `web-${hashControllerRevision(templatePatch(served), 0)}`);
    assert.equal(first[0]?.metadata?.labels?.['controller-revision-hash'], revs[0]?.metadata?.name);

    const claim = await eventually('claim owned by the set', async () => {
      const c = await client.resource(PERSISTENT_VOLUME_CLAIMS).get(NS, 'data-web-0');
      return when(c.metadata?.ownerReferences?.[0]?.uid === created.metadata?.uid, c);
    });
    assert.deepEqual(claim.metadata?.labels, { app: 'web' });

    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await livePods()).length, 1, 'web-1 waits for web-0 to be ready');
    await markReady('web-0');
    await eventually('web-1', async () => when((await livePods()).length === 2, true));
    await markReady('web-1');
    const ready = await eventually('status', async () => {
      const s = await sets.get(NS, 'web');
      return when(s.status?.readyReplicas === 2 && s.status.availableReplicas === 2, s);
    });
    assert.equal(ready.status?.replicas, 2);
    assert.equal(ready.status?.currentReplicas, 2);
    assert.equal(ready.status?.updatedReplicas, 2);
    assert.equal(ready.status?.currentRevision, revs[0]?.metadata?.name);
    assert.equal(ready.status?.observedGeneration, ready.metadata?.generation);

    const events = await eventually('events', async () => {
      const list = (await client.resource(EVENTS).list(NS)).items;
      const msgs = list
        .filter((e) => e.involvedObject.kind === 'StatefulSet')
        .map((e) => `${e.reason} ${e.message}`);
      return when(msgs.includes('SuccessfulCreate create Pod web-1 in StatefulSet web successful'), msgs);
    });
    assert.ok(
      events.includes('SuccessfulCreate create Claim data-web-0 Pod web-0 in StatefulSet web success'),
    );
    assert.ok(events.includes('SuccessfulCreate create Pod web-0 in StatefulSet web successful'));

    // Rolling update: highest ordinal first; the test plays kubelet for each new pod.
    await eventually('template updated', async () => {
      const cur = await sets.get(NS, 'web');
      const template = structuredClone(cur.spec!.template);
      template.spec!.containers[0]!.image = 'registry.invalid/web:2';
      return sets.update({ ...cur, spec: { ...cur.spec!, template } });
    });
    const rolled = await eventually(
      'rollout',
      async () => {
        for (const p of await livePods())
          if (p.status?.phase !== 'Running') await markReady(p.metadata?.name ?? '');
        const s = await sets.get(NS, 'web');
        return when(
          s.status?.updateRevision !== revs[0]?.metadata?.name &&
            s.status?.updatedReplicas === 2 &&
            s.status.readyReplicas === 2 &&
            s.status.currentRevision === s.status.updateRevision,
          s,
        );
      },
      30_000,
      100,
    );
    assert.notEqual(rolled.status?.updateRevision, revs[0]?.metadata?.name);
    for (const p of await livePods()) assert.equal(p.spec?.containers[0]?.image, 'registry.invalid/web:2');

    // kubectl reads the same status and revisions.
    const bin = kubectlPath();
    if (bin === undefined) return;
    const k = kubectlFor(bin, env.server.kubeconfig);
    const status = await k.ok(['rollout', 'status', 'statefulset/web', '-n', NS, '--timeout=20s']);
    // The API server defaults rollingUpdate.partition, so kubectl reports a partitioned rollout.
    assert.match(status, /partitioned roll out complete: 2 new pods have been updated\.\.\./);
    const history = await k.ok(['rollout', 'history', 'statefulset/web', '-n', NS]);
    assert.match(history, /^1\s/m);
    assert.match(history, /^2\s/m);
    // Undo goes back to revision 1's template, which becomes revision 3 under its old name.
    await k.ok(['rollout', 'undo', 'statefulset/web', '-n', NS]);
    await eventually(
      'rollback',
      async () => {
        for (const p of await livePods())
          if (p.status?.phase !== 'Running') await markReady(p.metadata?.name ?? '');
        const s = await sets.get(NS, 'web');
        return when(
          s.status?.updateRevision === revs[0]?.metadata?.name &&
            s.status?.currentRevision === s.status?.updateRevision &&
            s.status?.readyReplicas === 2,
          s,
        );
      },
      30_000,
      100,
    );
    const renumbered = await client.resource(CONTROLLER_REVISIONS).get(NS, revs[0]?.metadata?.name ?? '');
    assert.equal(renumbered.revision, 3);
  });
});
