import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { CONTROLLER_REVISIONS, DAEMON_SETS, NODES, PODS } from '../../client/resources.js';
import { newTestEnv, type TestEnv } from '../statefulset/testing.js';
import { until } from '../testing.js';
import { DaemonSetController } from './controller.js';
import { targetNodeName } from './daemon-pods.js';

const ALL = [DAEMON_SETS, PODS, NODES, CONTROLLER_REVISIONS];

function agent(spec: Partial<NonNullable<DaemonSet['spec']>> = {}, podSpec: object = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'ns' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'c', image: 'agent:1' }], ...podSpec },
      },
      ...spec,
    },
  };
}

function node(name: string, labels: Record<string, string> = {}, spec: Node['spec'] = {}): Node {
  return { metadata: { name, labels }, spec };
}

async function setup(ds: DaemonSet, nodes: Node[]) {
  const env = newTestEnv();
  await env.client.resource(DAEMON_SETS).create('ns', ds);
  for (const n of nodes) await env.client.resource(NODES).create('', n);
  const c = new DaemonSetController(env.ctx);
  const sync = async () => {
    await env.syncCaches(ALL);
    // The informer would have counted the pods it saw come and go.
    const e = c.expectations.getExpectations('ns/agent');
    if (e !== undefined) c.expectations.setExpectations('ns/agent', 0, 0);
    await c.sync('ns/agent');
    await env.syncCaches(ALL);
  };
  return { env, c, sync };
}

const podsByNode = (env: TestEnv): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const p of env.client.objects(PODS, 'ns')) {
    const n = targetNodeName(p) ?? '?';
    out[n] = [...(out[n] ?? []), p.metadata?.name ?? ''];
  }
  return out;
};

async function readyAll(env: TestEnv): Promise<void> {
  for (const p of env.client.objects(PODS, 'ns')) {
    if (p.status?.phase !== 'Running') await env.setPodState('ns', p.metadata?.name ?? '', 'Running', true);
  }
}

const getDs = (env: TestEnv) => env.client.resource(DAEMON_SETS).get('ns', 'agent');

describe('DaemonSet controller: placement', () => {
  test('one pod per eligible node, pinned by node affinity', async () => {
    const { env, sync } = await setup(agent({}, { nodeSelector: { role: 'web' } }), [
      node('n1', { role: 'web' }),
      node('n2', { role: 'web' }, { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] }),
      node('n3', { role: 'db' }),
      node('n4', { role: 'web' }, { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
    ]);
    await sync();
    const byNode = podsByNode(env);
    assert.deepEqual(Object.keys(byNode).sort(), ['n1', 'n4']);
    const pod = env.client.objects(PODS, 'ns')[0] as Pod;
    assert.equal(pod.spec?.nodeName, undefined, 'left to the scheduler');
    assert.match(pod.metadata?.name ?? '', /^agent-[a-z0-9]{5}$/);
    const rev = env.client.objects(CONTROLLER_REVISIONS, 'ns')[0];
    const hash = rev?.metadata?.labels?.['controller-revision-hash'];
    assert.equal(rev?.metadata?.name, `agent-${hash}`);
    assert.equal(pod.metadata?.labels?.['controller-revision-hash'], hash);
    assert.equal(pod.spec?.tolerations?.length, 6);
    assert.deepEqual(
      env.eventLines().sort(),
      [
        `Normal SuccessfulCreate Created pod: ${env.client.objects(PODS, 'ns')[0]?.metadata?.name}`,
        `Normal SuccessfulCreate Created pod: ${env.client.objects(PODS, 'ns')[1]?.metadata?.name}`,
      ].sort(),
    );
  });

  test('waits for expectations: no second pod before the first is seen', async () => {
    const { env, c } = await setup(agent(), [node('n1')]);
    await env.syncCaches(ALL);
    await c.sync('ns/agent');
    await c.sync('ns/agent');
    assert.equal(env.client.objects(PODS, 'ns').length, 1);
  });

  test('a node added later gets a pod; a node that stops fitting loses it', async () => {
    const { env, sync } = await setup(agent({}, { nodeSelector: { role: 'web' } }), [
      node('n1', { role: 'web' }),
    ]);
    await sync();
    await env.client.resource(NODES).create('', node('n2', { role: 'web' }));
    await sync();
    assert.deepEqual(Object.keys(podsByNode(env)).sort(), ['n1', 'n2']);
    const n2 = await env.client.resource(NODES).get('', 'n2');
    await env.client.resource(NODES).update({ ...n2, metadata: { ...n2.metadata, labels: { role: 'db' } } });
    await sync();
    assert.deepEqual(Object.keys(podsByNode(env)), ['n1']);
  });

  test('status counts', async () => {
    const { env, sync } = await setup(agent(), [node('n1'), node('n2')]);
    await sync();
    const [first] = env.client.objects(PODS, 'ns');
    await env.setPodState('ns', first?.metadata?.name ?? '', 'Running', true);
    await sync();
    const ds = await getDs(env);
    assert.equal(ds.status?.desiredNumberScheduled, 2);
    assert.equal(ds.status?.currentNumberScheduled, 2);
    assert.equal(ds.status?.numberMisscheduled, 0);
    assert.equal(ds.status?.numberReady, 1);
    assert.equal(ds.status?.numberAvailable, 1);
    assert.equal(ds.status?.numberUnavailable, 1);
    assert.equal(ds.status?.updatedNumberScheduled, 2);
    assert.equal(ds.status?.observedGeneration, ds.metadata?.generation);
  });

  test('a pod on a node with a new NoSchedule taint stays and counts as misscheduled', async () => {
    const { env, sync } = await setup(agent(), [node('n1')]);
    await sync();
    const n1 = await env.client.resource(NODES).get('', 'n1');
    await env.client
      .resource(NODES)
      .update({ ...n1, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } });
    await sync();
    assert.equal(env.client.objects(PODS, 'ns').length, 1);
    const ds = await getDs(env);
    assert.equal(ds.status?.numberMisscheduled, 1);
    assert.equal(ds.status?.desiredNumberScheduled, 0);
  });

  test('an empty selector is refused with an event', async () => {
    const { env, sync } = await setup(agent({ selector: {} }), [node('n1')]);
    await sync();
    assert.equal(env.client.objects(PODS, 'ns').length, 0);
    assert.deepEqual(env.eventLines(), [
      'Warning SelectingAll This daemon set is selecting all pods. A non-empty selector is required.',
    ]);
  });
});

describe('DaemonSet controller: running', () => {
  test('informer events drive syncs; expectations are met by observed pods', async () => {
    const env = newTestEnv();
    const c = new DaemonSetController(env.ctx);
    const ac = new AbortController();
    env.informers.start(ac.signal);
    const running = c.run(2, ac.signal);
    try {
      await env.client.resource(NODES).create('', node('n1'));
      await env.client.resource(DAEMON_SETS).create('ns', agent());
      await until('1 pod', () => env.client.objects(PODS, 'ns').length === 1);
      await env.client.resource(NODES).create('', node('n2'));
      await until('2 pods', () => env.client.objects(PODS, 'ns').length === 2);
      await until('expectations satisfied', () => c.expectations.satisfiedExpectations('ns/agent'));
      await until(
        'status written',
        () => env.client.objects(DAEMON_SETS, 'ns')[0]?.status?.desiredNumberScheduled === 2,
      );
    } finally {
      ac.abort();
      await running;
    }
  });
});

describe('DaemonSet controller: failed pods', () => {
  test('deleted with an event, recreated, and deleted again only after backoff', async () => {
    const { env, sync } = await setup(agent(), [node('n1')]);
    await sync();
    const name = () => env.client.objects(PODS, 'ns')[0]?.metadata?.name ?? '';
    const first = name();
    await env.setPodState('ns', first, 'Failed', false);
    env.clearEvents();
    await sync();
    assert.deepEqual(env.eventLines(), [
      `Warning FailedDaemonPod Found failed daemon pod ns/${first} on node n1, will try to kill it`,
      `Normal SuccessfulDelete Deleted pod: ${first}`,
    ]);
    await sync();
    const second = name();
    assert.notEqual(second, first);
    await env.setPodState('ns', second, 'Failed', false);
    await sync();
    assert.equal(name(), second, 'in backoff: kept');
    env.clock.advance(5_000);
    await sync();
    assert.equal(env.client.objects(PODS, 'ns').length, 0, 'deleted after the backoff');
  });
});

describe('DaemonSet controller: updates', () => {
  async function updated(strategy: NonNullable<DaemonSet['spec']>['updateStrategy']) {
    const s = await setup(agent({ updateStrategy: strategy }), [node('a'), node('b'), node('c')]);
    await s.sync();
    await readyAll(s.env);
    await s.sync();
    const ds = await getDs(s.env);
    const template = structuredClone(ds.spec!.template);
    template.spec!.containers[0]!.image = 'agent:2';
    await s.env.client.resource(DAEMON_SETS).update({ ...ds, spec: { ...ds.spec!, template } });
    s.env.clearEvents();
    return s;
  }

  const images = (env: TestEnv) =>
    env.client
      .objects(PODS, 'ns')
      .map((p) => `${targetNodeName(p)}=${p.spec?.containers[0]?.image}`)
      .sort();

  test('RollingUpdate replaces one node at a time', async () => {
    const { env, sync } = await updated({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    await sync();
    assert.equal(env.client.objects(CONTROLLER_REVISIONS, 'ns').length, 2);
    assert.deepEqual(images(env), ['b=agent:1', 'c=agent:1']);
    await sync();
    assert.deepEqual(images(env), ['a=agent:2', 'b=agent:1', 'c=agent:1']);
    await sync();
    assert.deepEqual(images(env), ['a=agent:2', 'b=agent:1', 'c=agent:1'], 'waits for the new pod');
    for (let i = 0; i < 8; i++) {
      await readyAll(env);
      await sync();
    }
    assert.deepEqual(images(env), ['a=agent:2', 'b=agent:2', 'c=agent:2']);
    const ds = await getDs(env);
    assert.equal(ds.status?.updatedNumberScheduled, 3);
  });

  test('maxSurge starts the new pod before the old one goes', async () => {
    const { env, sync } = await updated({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
    await sync();
    await sync();
    assert.deepEqual(images(env), ['a=agent:1', 'a=agent:2', 'b=agent:1', 'c=agent:1']);
    await readyAll(env);
    await sync();
    assert.deepEqual(images(env), ['a=agent:2', 'b=agent:1', 'c=agent:1'], 'the old pod goes first');
    await sync();
    assert.deepEqual(images(env), ['a=agent:2', 'b=agent:1', 'b=agent:2', 'c=agent:1']);
  });

  test('OnDelete leaves pods alone', async () => {
    const { env, sync } = await updated({ type: 'OnDelete' });
    await sync();
    await sync();
    assert.deepEqual(images(env), ['a=agent:1', 'b=agent:1', 'c=agent:1']);
    const ds = await getDs(env);
    assert.equal(ds.status?.updatedNumberScheduled, undefined, 'zero is left out as upstream does');
  });

  test('old revisions beyond the limit are deleted once no pod uses them', async () => {
    const s = await setup(agent({ revisionHistoryLimit: 0, updateStrategy: { type: 'OnDelete' } }), []);
    for (const image of ['x:1', 'x:2', 'x:3']) {
      const ds = await getDs(s.env);
      const template = structuredClone(ds.spec!.template);
      template.spec!.containers[0]!.image = image;
      await s.env.client.resource(DAEMON_SETS).update({ ...ds, spec: { ...ds.spec!, template } });
      await s.sync();
    }
    await s.sync();
    const revs = s.env.client.objects(CONTROLLER_REVISIONS, 'ns');
    assert.equal(revs.length, 1);
    assert.equal(revs[0]?.revision, 3);
  });
});
