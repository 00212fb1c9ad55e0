import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { PODS } from '../../client/resources.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import { ManualClock } from '../../client/testing/manual-clock.js';
import { DISCARD_LOGGER } from '../../log/index.js';
import { newNodeInfo } from '../framework/node-info.js';
import { newPodInfo } from '../framework/pod-info.js';
import { Status } from '../framework/status.js';
import type { Handle, NodeInfo, Plugin, PluginFactory, QueuedPodInfo } from '../framework/types.js';
import * as defaultBinder from '../plugins/defaultbinder/index.js';
import * as queueSort from '../plugins/queuesort/index.js';
import { multiPointOnly } from '../runtime/extension-points.js';
import { Framework } from '../runtime/framework.js';
import type { CachePort, QueuePort } from './ports.js';
import { ScheduleOne } from './schedule-one.js';

const mkNode = (name: string): Node => ({
  metadata: { name },
  status: { allocatable: { cpu: '1', pods: '10' } },
});
const mkPod = (name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { containers: [{ name: 'c', image: 'i' }] },
});

function setup(nodes: string[], reject: ReadonlySet<string>) {
  const client = new FakeClient();
  const nodeInfos: NodeInfo[] = nodes.map((n) => newNodeInfo(mkNode(n)));
  const assumed: string[] = [];
  const forgotten: string[] = [];
  const requeued: string[] = [];
  const events: string[] = [];
  const cache: CachePort = {
    updateSnapshot: () => undefined,
    assumePod: (p) => assumed.push(`${p.metadata?.name}@${p.spec?.nodeName}`),
    finishBinding: () => undefined,
    forgetPod: (p) => forgotten.push(p.metadata?.name ?? ''),
    isAssumedPod: () => false,
  };
  const queue: QueuePort = {
    pop: async () => undefined,
    done: () => undefined,
    schedulingCycle: () => 1,
    addUnschedulableIfNotPresent: (q) => requeued.push(q.podInfo.pod.metadata?.name ?? ''),
    addNominatedPod: () => undefined,
    deleteNominatedPodIfExists: () => undefined,
    assignedPodDeleted: () => undefined,
    nominatedPodsForNode: () => [],
  };
  const filter: Plugin & { filter: unknown } = {
    name: 'Fits',
    filter: (_s: unknown, _p: Pod, ni: NodeInfo) =>
      reject.has(ni.name) ? Status.unschedulable('Insufficient cpu') : undefined,
  };
  const registry = new Map<string, PluginFactory>([
    [queueSort.NAME, queueSort.factory],
    [defaultBinder.NAME, defaultBinder.factory],
    ['Fits', () => filter],
  ]);
  const snapshot = {
    nodeInfos: {
      list: () => nodeInfos,
      get: (n: string) => nodeInfos.find((x) => x.name === n),
      havePodsWithAffinityList: () => [],
      havePodsWithRequiredAntiAffinityList: () => [],
    },
  };
  const fwk = new Framework({
    schedulerName: 'default-scheduler',
    registry,
    plugins: multiPointOnly({
      enabled: ['PrioritySort', 'Fits', 'DefaultBinder'].map((name) => ({ name, weight: 0 })),
      disabled: [],
    }),
    pluginConfig: new Map(),
    percentageOfNodesToScore: undefined,
    handle: {
      client,
      clock: new ManualClock(0),
      log: DISCARD_LOGGER,
      nominator: queue,
      snapshot,
    } as unknown as Omit<Handle, 'runFilterPluginsWithNominatedPods'>,
  });
  const pods = new Map<string, Pod>();
  const loop = new ScheduleOne({
    client,
    log: DISCARD_LOGGER,
    cache,
    snapshot,
    queue,
    profiles: new Map([['default-scheduler', fwk]]),
    pods: { get: (_ns, n) => pods.get(n) },
    newPodInfo,
    events: () => (p, type, reason, _action, note) =>
      events.push(`${type} ${reason} ${p.metadata?.name}: ${note}`),
    percentageOfNodesToScore: undefined,
  });
  return { client, loop, assumed, forgotten, requeued, events, pods };
}

const qpi = (pod: Pod): QueuedPodInfo => ({
  podInfo: newPodInfo(pod),
  timestamp: 0,
  attempts: 1,
  initialAttemptTimestamp: 0,
  unschedulablePlugins: new Set(),
  pendingPlugins: new Set(),
});

describe('ScheduleOne', () => {
  it('binds to the one fitting node and records Scheduled', async () => {
    const t = setup(['a', 'b'], new Set(['a']));
    const pod = mkPod('p1');
    await t.client.resource(PODS).create('default', pod);
    t.loop.scheduleOne(qpi(pod));
    await t.loop.drain();
    assert.deepEqual(t.assumed, ['p1@b']);
    const bound = await t.client.resource(PODS).get('default', 'p1');
    assert.equal(bound.spec?.nodeName, 'b');
    assert.deepEqual(t.events, ['Normal Scheduled p1: Successfully assigned default/p1 to b']);
  });

  it('reports a fit error, sets PodScheduled=False and requeues', async () => {
    const t = setup(['a', 'b'], new Set(['a', 'b']));
    const pod = mkPod('p2');
    const created = await t.client.resource(PODS).create('default', pod);
    t.pods.set('p2', created);
    t.loop.scheduleOne(qpi(created));
    for (let i = 0; i < 50 && t.events.length === 0; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(t.events, ['Warning FailedScheduling p2: 0/2 nodes are available: 2 Insufficient cpu.']);
    assert.deepEqual(t.requeued, ['p2']);
    let cond: PodCondition | undefined;
    for (let i = 0; i < 100 && cond === undefined; i++) {
      await new Promise((r) => setImmediate(r));
      const got = await t.client.resource(PODS).get('default', 'p2');
      cond = got.status?.conditions?.find((c) => c.type === 'PodScheduled');
    }
    assert.equal(cond?.status, 'False');
    assert.equal(cond?.reason, 'Unschedulable');
    assert.equal(cond?.message, '0/2 nodes are available: 2 Insufficient cpu.');
  });

  it('reports no nodes', async () => {
    const t = setup([], new Set());
    const pod = mkPod('p3');
    t.pods.set('p3', await t.client.resource(PODS).create('default', pod));
    t.loop.scheduleOne(qpi(pod));
    for (let i = 0; i < 50 && t.events.length === 0; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(t.events, ['Warning FailedScheduling p3: no nodes available to schedule pods']);
  });
});
