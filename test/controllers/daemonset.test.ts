// The DaemonSet controller against a real API server: nodes are created through the API, the test
// stands in for kubelets by writing pod status.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Pod, Taint } from 'kubernetes-types/core/v1.js';
import { formatRFC3339 } from '../../src/apimachinery/meta/index.js';
import { DAEMON_SETS, EVENTS, NAMESPACES, NODES, PODS } from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';
import { daemonSetController, targetNodeName } from '../../src/controllers/daemonset/index.js';
import { type ControllerEnv, eventually, startControllerEnv, when } from '../support/controller-env.js';
import { markPodReady } from '../support/pod-status.js';
import { kubectlPath } from '../support/kubectl.js';
import { kubectlFor } from '../support/kubectl-run.js';

const NS = 'ds-test';
let env: ControllerEnv;
let client: Client;

before(async () => {
  env = await startControllerEnv({ controllers: [daemonSetController] });
  client = env.client;
  await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
  await addReadyNode('ds-n1', { pool: 'a' });
  await addReadyNode('ds-n2', { pool: 'a' }, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
  await addReadyNode('ds-n3', { pool: 'b' });
});

/**
 * Registers a node and then, standing in for its kubelet and the node lifecycle controller, reports
 * it Ready and drops the not-ready taint new nodes get (daemon pods do not tolerate it for
 * NoSchedule, so no daemon pod lands on a node that never became ready).
 */
async function addReadyNode(
  name: string,
  labels: Record<string, string>,
  taints: Taint[] = [],
): Promise<void> {
  const nodes = client.resource(NODES);
  const created = await nodes.create('', { metadata: { name, labels } });
  assert.ok(created.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready'));
  const now = formatRFC3339(new Date());
  const withStatus = await nodes.updateStatus({
    ...created,
    status: {
      conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now }],
    },
  });
  await nodes.update({ ...withStatus, spec: { ...withStatus.spec, taints } });
}

after(async () => {
  await env?.stop();
});

const livePods = async (): Promise<Pod[]> =>
  (await client.resource(PODS).list(NS, { labelSelector: 'app=agent' })).items.filter(
    (p) => p.metadata?.deletionTimestamp == null,
  );

const placement = async (): Promise<string[]> =>
  (await livePods()).map((p) => `${targetNodeName(p)}=${p.spec?.containers[0]?.image}`).sort();

describe('DaemonSet controller over a real API server', () => {
  test('places pods by selector and taints, reports status, follows nodes and rolls', async () => {
    const sets = client.resource(DAEMON_SETS);
    await sets.create(NS, {
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: {
            nodeSelector: { pool: 'a' },
            containers: [{ name: 'c', image: 'registry.invalid/agent:1' }],
          },
        },
      },
    } satisfies DaemonSet);

    await eventually('pod on ds-n1 only', async () =>
      when((await placement()).join() === 'ds-n1=registry.invalid/agent:1', true),
    );
    const [pod] = await livePods();
    assert.equal(pod?.spec?.nodeName, undefined);
    assert.deepEqual(
      pod?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
      [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['ds-n1'] }] }],
    );
    assert.ok(
      pod?.spec?.tolerations?.some(
        (t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
      ),
    );

    await markPodReady(client, pod!);
    const ready = await eventually('status', async () => {
      const d = await sets.get(NS, 'agent');
      return when(d.status?.numberReady === 1 && d.status.numberAvailable === 1, d);
    });
    assert.equal(ready.status?.desiredNumberScheduled, 1);
    assert.equal(ready.status?.currentNumberScheduled, 1);
    assert.equal(ready.status?.numberMisscheduled, 0);
    assert.equal(ready.status?.updatedNumberScheduled, 1);
    assert.equal(ready.status?.observedGeneration, ready.metadata?.generation);

    const events = (await client.resource(EVENTS).list(NS)).items.map((e) => `${e.reason} ${e.message}`);
    assert.ok(events.includes(`SuccessfulCreate Created pod: ${pod?.metadata?.name}`), events.join('\n'));

    // A node joining pool a gets a pod; the test plays its kubelet.
    await addReadyNode('ds-n4', { pool: 'a' });
    await eventually('pod on ds-n4', async () => when((await placement()).length === 2, true));
    for (const p of await livePods()) if (p.status?.phase !== 'Running') await markPodReady(client, p);

    // Rolling update, one node at a time.
    await eventually('template updated', async () => {
      const cur = await sets.get(NS, 'agent');
      const template = structuredClone(cur.spec!.template);
      template.spec!.containers[0]!.image = 'registry.invalid/agent:2';
      return sets.update({ ...cur, spec: { ...cur.spec!, template } });
    });
    await eventually(
      'rollout',
      async () => {
        for (const p of await livePods()) if (p.status?.phase !== 'Running') await markPodReady(client, p);
        const placed = await placement();
        return when(placed.join() === 'ds-n1=registry.invalid/agent:2,ds-n4=registry.invalid/agent:2', true);
      },
      30_000,
      100,
    );
    const done = await eventually('updated status', async () => {
      for (const p of await livePods()) if (p.status?.phase !== 'Running') await markPodReady(client, p);
      const d = await sets.get(NS, 'agent');
      return when(d.status?.updatedNumberScheduled === 2 && d.status.numberReady === 2, d);
    });
    assert.equal(done.status?.desiredNumberScheduled, 2);

    const bin = kubectlPath();
    if (bin === undefined) return;
    const k = kubectlFor(bin, env.server.kubeconfig);
    const status = await k.ok(['rollout', 'status', 'daemonset/agent', '-n', NS, '--timeout=20s']);
    assert.match(status, /daemon set "agent" successfully rolled out/);
    const history = await k.ok(['rollout', 'history', 'daemonset/agent', '-n', NS]);
    assert.match(history, /^1\s/m);
    assert.match(history, /^2\s/m);
    // Undo patches the template back from revision 1; the pods follow.
    await k.ok(['rollout', 'undo', 'daemonset/agent', '-n', NS]);
    await eventually(
      'rollback',
      async () => {
        for (const p of await livePods()) if (p.status?.phase !== 'Running') await markPodReady(client, p);
        const placed = await placement();
        return when(placed.join() === 'ds-n1=registry.invalid/agent:1,ds-n4=registry.invalid/agent:1', true);
      },
      30_000,
      100,
    );
  });
});
