// The deployment controller with the replicaset controller against a real API server, the test
// standing in for kubelets (it marks pods Running and Ready through the status subresource); and
// the same with the real kubectl driving rollouts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { DEPLOYMENTS, NAMESPACES, PODS, REPLICA_SETS } from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';
import { deploymentController } from '../../src/controllers/deployment/index.js';
import { replicaSetController } from '../../src/controllers/replicaset/index.js';
import { type ControllerEnv, eventually, startControllerEnv } from '../support/controller-env.js';
import { markPodReady } from '../support/pod-status.js';
import { kubectlPath } from '../support/kubectl.js';
import { type Kubectl, kubectlFor } from '../support/kubectl-run.js';

const NS = 'deploy-test';

/**
 * Marks every pod of `namespace` Running and Ready once it appears, as a kubelet would, until
 * `signal` aborts. Watches again whenever the server ends a watch.
 */
async function standInForKubelets(client: Client, namespace: string, signal: AbortSignal): Promise<void> {
  const pods = client.resource(PODS);
  const mark = async (pod: Pod): Promise<void> => {
    if (pod.metadata?.deletionTimestamp != null) return;
    if (pod.metadata?.annotations?.['never-ready'] === 'true') return;
    if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return;
    try {
      await markPodReady(client, pod);
    } catch {
      // Changed or gone meanwhile: the watch brings the next version.
    }
  };
  while (!signal.aborted) {
    try {
      for await (const ev of pods.watch(namespace, {}, signal)) {
        if (ev.type === 'ADDED' || ev.type === 'MODIFIED') void mark(ev.object);
      }
    } catch {
      if (signal.aborted) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function deploymentOf(name: string, replicas: number, image: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
}

function rolledOut(d: Deployment | undefined): boolean {
  if (d === undefined) return false;
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    (s.updatedReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want
  );
}

describe('deployment controller over a real API server', () => {
  let env: ControllerEnv;
  let client: Client;
  const stopKubelets = new AbortController();

  before(async () => {
    env = await startControllerEnv({ controllers: [replicaSetController, deploymentController] });
    client = env.client;
    await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
    void standInForKubelets(client, NS, stopKubelets.signal);
  });

  after(async () => {
    stopKubelets.abort();
    await env?.stop();
  });

  test('a rollout of 10 replicas never exceeds maxSurge or maxUnavailable', async () => {
    const deployments = client.resource(DEPLOYMENTS);
    await deployments.create(NS, deploymentOf('web', 10, 'app:v1'));
    await eventually(
      'v1 rolled out',
      async () => (rolledOut(await deployments.get(NS, 'web')) ? true : undefined),
      60_000,
    );

    // Observe every pod change from now on.
    const pods = client.resource(PODS);
    const listed = await pods.list(NS, { labelSelector: 'app=web' });
    const state = new Map<string, Pod>();
    for (const p of listed.items) state.set(p.metadata?.name ?? '', p);
    const violations: string[] = [];
    let maxTotal = 0;
    let minAvailable = Number.POSITIVE_INFINITY;
    const check = (): void => {
      let total = 0;
      let available = 0;
      for (const p of state.values()) {
        if (p.metadata?.deletionTimestamp != null) continue;
        total++;
        if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) available++;
      }
      maxTotal = Math.max(maxTotal, total);
      minAvailable = Math.min(minAvailable, available);
      // maxSurge 25% of 10 rounds up to 3; maxUnavailable 25% rounds down to 2.
      if (total > 13) violations.push(`${total} pods`);
      if (available < 8) violations.push(`${available} available pods`);
    };
    check();
    const watching = new AbortController();
    const watched = (async () => {
      for await (const ev of pods.watch(
        NS,
        { labelSelector: 'app=web', resourceVersion: listed.metadata.resourceVersion ?? '' },
        watching.signal,
      )) {
        if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') continue;
        const name = ev.object.metadata?.name ?? '';
        if (ev.type === 'DELETED') state.delete(name);
        else state.set(name, ev.object);
        check();
      }
    })();

    const d = await deployments.get(NS, 'web');
    d.spec!.template.spec!.containers[0]!.image = 'app:v2';
    await deployments.update(d);
    const done = await eventually(
      'v2 rolled out',
      async () => {
        const cur = await deployments.get(NS, 'web');
        if (!rolledOut(cur)) return undefined;
        const rss = (await client.resource(REPLICA_SETS).list(NS)).items;
        const old = rss.filter((rs) => rs.spec?.template?.spec?.containers[0]?.image === 'app:v1');
        return old.every((rs) => (rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0)
          ? cur
          : undefined;
      },
      90_000,
    );
    watching.abort();
    await watched.catch(() => undefined);
    assert.deepEqual(violations, []);
    assert.ok(maxTotal > 10, `the rollout surged (max ${maxTotal} pods)`);
    assert.ok(minAvailable >= 8);
    const progressing = done.status?.conditions?.find((c) => c.type === 'Progressing');
    assert.equal(progressing?.reason, 'NewReplicaSetAvailable');
    assert.match(progressing?.message ?? '', /^ReplicaSet "web-[a-z0-9]+" has successfully progressed\.$/);
    assert.equal(done.metadata?.annotations?.['deployment.kubernetes.io/revision'], '2');
    assert.equal((done.status as { terminatingReplicas?: number }).terminatingReplicas, 0);
  });

  test('a Recreate rollout starts no new pod while an old one exists', async () => {
    const deployments = client.resource(DEPLOYMENTS);
    const d = deploymentOf('batch', 4, 'app:v1');
    d.spec!.strategy = { type: 'Recreate' };
    await deployments.create(NS, d);
    await eventually(
      'v1 rolled out',
      async () => (rolledOut(await deployments.get(NS, 'batch')) ? true : undefined),
      60_000,
    );

    const pods = client.resource(PODS);
    const listed = await pods.list(NS, { labelSelector: 'app=batch' });
    const state = new Map<string, Pod>();
    for (const p of listed.items) state.set(p.metadata?.name ?? '', p);
    const violations: string[] = [];
    const watching = new AbortController();
    const watched = (async () => {
      for await (const ev of pods.watch(
        NS,
        { labelSelector: 'app=batch', resourceVersion: listed.metadata.resourceVersion ?? '' },
        watching.signal,
      )) {
        if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') continue;
        const name = ev.object.metadata?.name ?? '';
        if (ev.type === 'DELETED') state.delete(name);
        else state.set(name, ev.object);
        const images = new Set([...state.values()].map((p) => p.spec?.containers[0]?.image));
        if (images.has('app:v1') && images.has('app:v2'))
          violations.push(`old and new pods together: ${[...state.keys()]}`);
      }
    })();

    const cur = await deployments.get(NS, 'batch');
    cur.spec!.template.spec!.containers[0]!.image = 'app:v2';
    await deployments.update(cur);
    await eventually(
      'v2 rolled out',
      async () => {
        const now = await deployments.get(NS, 'batch');
        return rolledOut(now) && [...state.values()].every((p) => p.spec?.containers[0]?.image === 'app:v2')
          ? true
          : undefined;
      },
      60_000,
    );
    watching.abort();
    await watched.catch(() => undefined);
    assert.deepEqual(violations, []);
  });

  test('a rollout whose pods never become ready exceeds its progress deadline', async () => {
    // No kubelet stands in for this namespace: the pods stay pending.
    await client.resource(NAMESPACES).create('', { metadata: { name: 'stuck' } });
    const d = deploymentOf('stuck', 2, 'app:v1');
    d.metadata!.namespace = 'stuck';
    d.spec!.progressDeadlineSeconds = 2;
    await client.resource(DEPLOYMENTS).create('stuck', d);
    const cond = await eventually(
      'ProgressDeadlineExceeded',
      async () => {
        const cur = await client.resource(DEPLOYMENTS).get('stuck', 'stuck');
        const c = cur.status?.conditions?.find((x) => x.type === 'Progressing');
        return c?.reason === 'ProgressDeadlineExceeded' ? c : undefined;
      },
      30_000,
    );
    assert.equal(cond.status, 'False');
    assert.match(cond.message ?? '', /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
    const cur = await client.resource(DEPLOYMENTS).get('stuck', 'stuck');
    const available = cur.status?.conditions?.find((x) => x.type === 'Available');
    assert.equal(available?.status, 'False');
    assert.equal(available?.reason, 'MinimumReplicasUnavailable');
    assert.equal(cur.status?.unavailableReplicas, 2);
  });
});

const kubectl = kubectlPath();

describe('kubectl rollout against the deployment controller', {
  skip: kubectl === undefined ? 'no kubectl' : false,
}, () => {
  let env: ControllerEnv;
  let k: Kubectl;
  const stopKubelets = new AbortController();
  const ns = 'rollout';

  before(async () => {
    env = await startControllerEnv({ controllers: [replicaSetController, deploymentController] });
    await env.client.resource(NAMESPACES).create('', { metadata: { name: ns } });
    void standInForKubelets(env.client, ns, stopKubelets.signal);
    k = kubectlFor(kubectl ?? '', env.server.kubeconfig);
  });

  after(async () => {
    stopKubelets.abort();
    await env?.stop();
  });

  const rs = async (): Promise<ReplicaSet[]> => (await env.client.resource(REPLICA_SETS).list(ns)).items;

  test('status, history, undo, restart, pause and resume', async () => {
    await k.ok(['-n', ns, 'create', 'deployment', 'web', '--image=app:v1', '--replicas=3']);
    const status = await k.ok(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=60s']);
    assert.match(status, /deployment "web" successfully rolled out/);

    await k.ok(['-n', ns, 'set', 'image', 'deployment/web', 'app=app:v2']);
    await k.ok(['-n', ns, 'annotate', 'deployment/web', 'kubernetes.io/change-cause=to v2']);
    assert.match(
      await k.ok(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=60s']),
      /successfully rolled out/,
    );

    const history = await k.ok(['-n', ns, 'rollout', 'history', 'deployment/web']);
    assert.match(history, /REVISION\s+CHANGE-CAUSE/);
    assert.match(history, /^1\s+<none>$/m);
    assert.match(history, /^2\s+to v2$/m);
    const rev1 = await k.ok(['-n', ns, 'rollout', 'history', 'deployment/web', '--revision=1']);
    assert.match(rev1, /Image:\s+app:v1/);

    assert.match(
      await k.ok(['-n', ns, 'rollout', 'undo', 'deployment/web']),
      /deployment.apps\/web rolled back/,
    );
    assert.match(
      await k.ok(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=60s']),
      /successfully rolled out/,
    );
    const image = await k.ok([
      '-n',
      ns,
      'get',
      'deployment/web',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
    assert.equal(image, 'app:v1');
    // The v1 replica set serves again, now as revision 3, remembering revision 1.
    const v1 = (await rs()).find((r) => r.spec?.template?.spec?.containers[0]?.image === 'app:v1');
    assert.equal(v1?.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(v1?.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal((await rs()).length, 2);

    assert.match(
      await k.ok(['-n', ns, 'rollout', 'restart', 'deployment/web']),
      /deployment.apps\/web restarted/,
    );
    assert.match(
      await k.ok(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=60s']),
      /successfully rolled out/,
    );
    assert.equal((await rs()).length, 3);

    assert.match(await k.ok(['-n', ns, 'rollout', 'pause', 'deployment/web']), /deployment.apps\/web paused/);
    await k.ok(['-n', ns, 'set', 'image', 'deployment/web', 'app=app:v3']);
    await eventually('the paused condition', async () => {
      const d = await env.client.resource(DEPLOYMENTS).get(ns, 'web');
      const c = d.status?.conditions?.find((x) => x.type === 'Progressing');
      return c?.reason === 'DeploymentPaused' &&
        (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
        ? c
        : undefined;
    });
    assert.equal((await rs()).length, 3, 'no rollout while paused');
    const undoPaused = await k(['-n', ns, 'rollout', 'undo', 'deployment/web']);
    assert.notEqual(undoPaused.code, 0);
    assert.match(undoPaused.stderr, /you cannot rollback a paused deployment; resume it first/);

    assert.match(
      await k.ok(['-n', ns, 'rollout', 'resume', 'deployment/web']),
      /deployment.apps\/web resumed/,
    );
    assert.match(
      await k.ok(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=60s']),
      /successfully rolled out/,
    );
    const images = (await rs())
      .filter((r) => (r.spec?.replicas ?? 0) > 0)
      .map((r) => r.spec?.template?.spec?.containers[0]?.image);
    assert.deepEqual(images, ['app:v3']);
    await env.client.resource(DEPLOYMENTS).create(ns, {
      metadata: { name: 'stuck' },
      spec: {
        replicas: 1,
        progressDeadlineSeconds: 1,
        selector: { matchLabels: { app: 'stuck' } },
        template: {
          metadata: { labels: { app: 'stuck' }, annotations: { 'never-ready': 'true' } },
          spec: { containers: [{ name: 'app', image: 'app:v1' }] },
        },
      },
    });
    const stuck = await k(['-n', ns, 'rollout', 'status', 'deployment/stuck', '--timeout=30s']);
    assert.notEqual(stuck.code, 0);
    assert.match(stuck.stderr, /deployment "stuck" exceeded its progress deadline/);

    const events = await k.ok([
      '-n',
      ns,
      'get',
      'events',
      '--field-selector=involvedObject.name=web',
      '-o',
      'jsonpath={.items[*].message}',
    ]);
    assert.match(events, /Scaled up replica set web-[a-z0-9]+ from 0 to 1/);
    assert.match(events, /Scaled down replica set web-[a-z0-9]+ from \d+ to \d+/);
  });
});
