import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, Node, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import { newNodeInfo } from '../../framework/node-info.js';
import type {
  FilterPlugin,
  Handle,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/types.js';
import { resolveFitArgs } from './args.js';
import { balancedFactory } from './balanced-allocation.js';
import { fitFactory } from './fit.js';
import { brokenLinearFunction } from './scorers.js';

type Fit = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
const fit = (args?: unknown) => fitFactory(args, {} as Handle) as Fit;

const node = (name: string, alloc: Record<string, string>): Node => ({
  metadata: { name },
  status: { allocatable: alloc, capacity: alloc },
});
const ctr = (requests: Record<string, string>, extra: Partial<Container> = {}): Container => ({
  name: `c${Math.random()}`,
  resources: { requests },
  ...extra,
});
const pod = (containers: Container[], initContainers: Container[] = [], nodeName?: string): Pod => ({
  metadata: { name: `p${Math.random()}`, namespace: 'default', uid: String(Math.random()) },
  spec: { containers, initContainers, nodeName },
});
const used = (cpu: string, memory: string) => pod([ctr({ cpu, memory })], [], 'n');

const ALLOC = { cpu: '10m', memory: '20', pods: '32', 'example.com/aaa': '5', 'ephemeral-storage': '20' };

function filterFit(plugin: Fit, p: Pod, n: Node, existing: Pod[]) {
  const state = new CycleState();
  plugin.preFilter(state, p, []);
  return plugin.filter(state, p, newNodeInfo(n, existing));
}

test('NodeResourcesFit filter (upstream table)', () => {
  const plugin = fit();
  const n = node('n', ALLOC);
  const cases: { name: string; pod: Pod; existing: Pod[]; reasons?: string[]; code?: string }[] = [
    { name: 'no resources requested always fits', pod: pod([ctr({})]), existing: [used('10m', '20')] },
    {
      name: 'too many resources fails',
      pod: pod([ctr({ cpu: '1m', memory: '1' })]),
      existing: [used('10m', '20')],
      reasons: ['Insufficient cpu', 'Insufficient memory'],
      code: 'Unschedulable',
    },
    {
      name: 'too many resources fails due to init container cpu',
      pod: pod([ctr({ cpu: '1m', memory: '1' })], [ctr({ cpu: '3m', memory: '1' })]),
      existing: [used('8m', '19')],
      reasons: ['Insufficient cpu'],
      code: 'Unschedulable',
    },
    {
      name: 'init container maximum fits',
      pod: pod(
        [ctr({ cpu: '1m', memory: '1' })],
        [ctr({ cpu: '2m', memory: '1' }), ctr({ cpu: '1m', memory: '1' })],
      ),
      existing: [used('8m', '19')],
    },
    {
      name: 'too many resources fails due to highest init container memory',
      pod: pod(
        [ctr({ cpu: '1m', memory: '1' })],
        [ctr({ cpu: '1m', memory: '3' }), ctr({ cpu: '1m', memory: '2' })],
      ),
      existing: [used('9m', '19')],
      reasons: ['Insufficient memory'],
      code: 'Unschedulable',
    },
    {
      name: 'sidecar init containers add to the sum',
      pod: pod(
        [ctr({ cpu: '1m', memory: '1' })],
        [ctr({ cpu: '1m', memory: '1' }, { restartPolicy: 'Always' })],
      ),
      existing: [used('9m', '10')],
      reasons: ['Insufficient cpu'],
      code: 'Unschedulable',
    },
    { name: 'both resources fit', pod: pod([ctr({ cpu: '1m', memory: '1' })]), existing: [used('5m', '5')] },
    {
      name: 'request above allocatable is unresolvable',
      pod: pod([ctr({ cpu: '11m', memory: '1' })]),
      existing: [],
      reasons: ['Insufficient cpu'],
      code: 'UnschedulableAndUnresolvable',
    },
    {
      name: 'extended resource insufficient',
      pod: pod([ctr({ 'example.com/aaa': '3' })]),
      existing: [pod([ctr({ 'example.com/aaa': '3' })], [], 'n')],
      reasons: ['Insufficient example.com/aaa'],
      code: 'Unschedulable',
    },
    {
      name: 'unknown extended resource',
      pod: pod([ctr({ 'example.com/bbb': '1' })]),
      existing: [],
      reasons: ['Insufficient example.com/bbb'],
      code: 'UnschedulableAndUnresolvable',
    },
    {
      name: 'ephemeral storage',
      pod: pod([ctr({ 'ephemeral-storage': '25' })]),
      existing: [],
      reasons: ['Insufficient ephemeral-storage'],
      code: 'UnschedulableAndUnresolvable',
    },
  ];
  for (const c of cases) {
    const s = filterFit(plugin, c.pod, n, c.existing);
    if (!c.reasons) assert.equal(s, undefined, c.name);
    else {
      assert.deepEqual(s?.reasons, c.reasons, c.name);
      assert.equal(s?.code, c.code, c.name);
    }
  }
});

test('NodeResourcesFit: too many pods and ignored resources', () => {
  const n = node('n', { ...ALLOC, pods: '1' });
  const s = filterFit(fit(), pod([ctr({ cpu: '1m', memory: '1' })]), n, [used('1m', '1')]);
  assert.deepEqual(s?.reasons, ['Too many pods']);
  const s2 = filterFit(fit(), pod([ctr({ cpu: '10m', memory: '1' })]), n, [used('1m', '1')]);
  assert.deepEqual(s2?.reasons, ['Too many pods', 'Insufficient cpu']);
  const big = pod([ctr({ 'example.com/aaa': '10' })]);
  assert.ok(filterFit(fit(), big, node('n', ALLOC), []));
  assert.equal(
    filterFit(fit({ ignoredResources: ['example.com/aaa'] }), big, node('n', ALLOC), []),
    undefined,
  );
  assert.equal(
    filterFit(fit({ ignoredResourceGroups: ['example.com'] }), big, node('n', ALLOC), []),
    undefined,
  );
  assert.throws(() => fit({ ignoredResourceGroups: ['example.com/aaa'] }), /can't contain '\/'/);
  assert.throws(
    () => fit({ scoringStrategy: { resources: [{ name: 'cpu', weight: 101 }] } }),
    /not in valid range/,
  );
  assert.throws(() => fit({ scoringStrategy: { type: 'Foo' } }), /Unsupported value/);
  assert.deepEqual(resolveFitArgs(undefined).resources, [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
  ]);
});

function scoreAll(plugin: PreScorePlugin & ScorePlugin, p: Pod, nodes: Node[], existing: Pod[] = []) {
  const infos = nodes.map((n) =>
    newNodeInfo(
      n,
      existing.filter((e) => e.spec?.nodeName === n.metadata?.name),
    ),
  );
  const state = new CycleState();
  const pre = plugin.preScore(state, p, infos);
  if (pre?.isSkip()) return 'skip';
  return infos.map((ni) => plugin.score(state, p, ni).score);
}

const n1 = node('node1', { cpu: '4000m', memory: '10000', pods: '110' });
const n2 = node('node2', { cpu: '6000m', memory: '10000', pods: '110' });
const reqPod = pod([ctr({ cpu: '1000m', memory: '2000' }), ctr({ cpu: '2000m', memory: '3000' })]);

test('NodeResourcesFit scoring strategies', () => {
  assert.deepEqual(scoreAll(fit(), reqPod, [n1, n2]), [37, 50]);
  assert.deepEqual(scoreAll(fit({ scoringStrategy: { type: 'MostAllocated' } }), reqPod, [n1, n2]), [62, 50]);
  const rtcr = fit({
    scoringStrategy: {
      type: 'RequestedToCapacityRatio',
      requestedToCapacityRatio: {
        shape: [
          { utilization: 0, score: 10 },
          { utilization: 100, score: 0 },
        ],
      },
    },
  });
  assert.deepEqual(scoreAll(rtcr, reqPod, [n1, n2]), [38, 50]);
  // Weights.
  const weighted = fit({
    scoringStrategy: {
      resources: [
        { name: 'cpu', weight: 3 },
        { name: 'memory', weight: 1 },
      ],
    },
  });
  assert.deepEqual(scoreAll(weighted, reqPod, [n1]), [Math.trunc((25 * 3 + 50) / 4)]);
  // Pods without requests count the non-zero defaults (100m, 200Mi): the memory exceeds the node.
  const empty = pod([{ name: 'c' }]);
  const big = node('big', { cpu: '1000m', memory: String(2000 * 1024 * 1024), pods: '110' });
  assert.deepEqual(scoreAll(fit(), empty, [big]), [Math.trunc((90 + 90) / 2)]);
  // Extended resources not requested by the pod are not scored.
  const ext = fit({
    scoringStrategy: {
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
        { name: 'example.com/aaa', weight: 5 },
      ],
    },
  });
  assert.deepEqual(
    scoreAll(ext, reqPod, [node('x', { cpu: '4000m', memory: '10000', 'example.com/aaa': '4' })]),
    [37],
  );
});

test('brokenLinearFunction interpolates', () => {
  const f = brokenLinearFunction([
    { utilization: 10, score: 10 },
    { utilization: 30, score: 50 },
    { utilization: 70, score: 20 },
  ]);
  assert.deepEqual([0, 10, 20, 30, 50, 70, 100].map(f), [10, 10, 30, 50, 35, 20, 20]);
});

test('NodeResourcesBalancedAllocation', () => {
  const plugin = balancedFactory(undefined, {} as Handle) as PreScorePlugin & ScorePlugin;
  assert.equal(plugin.name, 'NodeResourcesBalancedAllocation');
  // fractions 0.75 and 0.5 → std 0.125 → 87; node2: 0.5 and 0.5 → 100.
  assert.deepEqual(scoreAll(plugin, reqPod, [n1, n2]), [87, 100]);
  // Existing pods count by their requests (no defaults).
  assert.deepEqual(
    scoreAll(plugin, reqPod, [n2], [pod([ctr({ cpu: '3000m', memory: '0' })], [], 'node2')]),
    [75],
  );
  assert.equal(scoreAll(plugin, pod([{ name: 'c' }]), [n1, n2]), 'skip');
  assert.throws(
    () => balancedFactory({ resources: [{ name: 'cpu', weight: 2 }] }, {} as Handle),
    /valid range \[1, 1\]/,
  );
});

test('NodeResourcesFit queueing hints', () => {
  const ev = (fit() as unknown as import('../../framework/types.js').EnqueueExtensions).eventsToRegister();
  const add = ev.find((e) => e.event.resource === 'Node' && e.event.action === 'Add');
  const p = pod([ctr({ cpu: '2', memory: '1Gi' })]);
  assert.equal(add?.hint?.(p, undefined, node('a', { cpu: '4', memory: '2Gi', pods: '10' })), 'Queue');
  assert.equal(add?.hint?.(p, undefined, node('a', { cpu: '1', memory: '2Gi', pods: '10' })), 'QueueSkip');
  const del = ev.find((e) => e.event.action === 'Delete');
  assert.equal(del?.hint?.(p, used('1m', '1'), undefined), 'Queue');
  assert.equal(del?.hint?.(p, pod([ctr({})]), undefined), 'QueueSkip');
});
