import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { POD_DISRUPTION_BUDGETS, PODS } from '../../../client/resources.js';
import { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { NodeInfo, PodInfo } from '../../framework/types.js';
import { TEST_NODE_INFO_OPS, testHandle, testNodeInfo, testPodInfo } from '../../preemption/testing.js';
import { calculateNumCandidates, DEFAULT_PREEMPTION_ARGS, parseDefaultPreemptionArgs } from './args.js';
import { DefaultPreemption } from './plugin.js';

function node(name: string, cpu: string): Node {
  return { metadata: { name }, status: { allocatable: { cpu, memory: '8Gi', pods: '110' } } };
}

interface PodOpts {
  cpu?: string;
  node?: string;
  labels?: Record<string, string>;
  start?: string;
  nominated?: string;
  never?: boolean;
  terminatingByPreemption?: boolean;
}

function pod(name: string, priority: number, o: PodOpts = {}): Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.terminatingByPreemption ? { deletionTimestamp: '2025-12-31T23:59:00Z' } : {}),
    },
    spec: {
      containers: [{ name: 'c', resources: { requests: { cpu: o.cpu ?? '1' } } }],
      priority,
      schedulerName: 'default-scheduler',
      ...(o.node ? { nodeName: o.node } : {}),
      ...(o.never ? { preemptionPolicy: 'Never' } : {}),
    },
    status: {
      ...(o.start ? { startTime: o.start } : {}),
      ...(o.nominated ? { nominatedNodeName: o.nominated } : {}),
      ...(o.terminatingByPreemption
        ? { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] }
        : {}),
    },
  };
}

function pdb(app: string, allowed: number): PodDisruptionBudget {
  return {
    metadata: { name: `pdb-${app}`, namespace: 'default' },
    spec: { selector: { matchLabels: { app } } },
    status: { disruptionsAllowed: allowed, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
  };
}

interface Setup {
  nodes: NodeInfo[];
  nominated?: Map<string, PodInfo[]>;
  pdbs?: PodDisruptionBudget[];
  statuses: Record<string, Status>;
}

function setup(s: Setup) {
  const t = testHandle(s.nodes, undefined, s.nominated);
  const all = s.nodes.flatMap((n) => n.pods.map((p) => p.pod));
  for (const nominated of s.nominated?.values() ?? []) all.push(...nominated.map((p) => p.pod));
  t.client.seed(PODS, all);
  for (const p of s.pdbs ?? []) t.informers.informerFor(POD_DISRUPTION_BUDGETS).indexer.add(p);
  const plugin = new DefaultPreemption(DEFAULT_PREEMPTION_ARGS, t.handle, {
    nodeInfoOps: TEST_NODE_INFO_OPS,
    randomInt: () => 0,
  });
  return { ...t, plugin, m: new Map(Object.entries(s.statuses)) };
}

const insufficient = () => Status.unschedulable('Insufficient cpu');
const unresolvable = () => Status.unresolvable("node(s) didn't match Pod's node affinity/selector");

describe('DefaultPreemption.postFilter', () => {
  it('refuses pods with preemptionPolicy Never', async () => {
    const s = setup({
      nodes: [testNodeInfo(node('n1', '1'), [pod('low', 1, { node: 'n1' })])],
      statuses: { n1: insufficient() },
    });
    const r = await s.plugin.postFilter(new CycleState(), pod('p', 100, { never: true }), s.m);
    assert.equal(r.status.code, 'Unschedulable');
    assert.equal(r.status.message(), 'preemption: not eligible due to preemptionPolicy=Never.');
    assert.equal(r.nominatedNodeName, undefined);
  });

  it('says preemption is not helpful when no node failed with Unschedulable', async () => {
    const s = setup({
      nodes: ['n1', 'n2', 'n3'].map((n) => testNodeInfo(node(n, '1'), [pod(`low-${n}`, 1, { node: n })])),
      statuses: { n1: unresolvable(), n2: unresolvable(), n3: unresolvable() },
    });
    const r = await s.plugin.postFilter(new CycleState(), pod('p', 100), s.m);
    assert.equal(r.status.code, 'Unschedulable');
    assert.equal(r.nominatedNodeName, '');
    assert.equal(
      r.status.message(),
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('reports nodes without victims', async () => {
    const s = setup({
      nodes: [
        testNodeInfo(node('n1', '1'), [pod('high', 1000, { node: 'n1' })]),
        testNodeInfo(node('n2', '1')),
        testNodeInfo(node('n3', '1')),
      ],
      statuses: { n1: insufficient(), n2: unresolvable(), n3: unresolvable() },
    });
    const r = await s.plugin.postFilter(new CycleState(), pod('p', 100), s.m);
    assert.equal(
      r.status.message(),
      'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    assert.equal(r.nominatedNodeName, '');
  });

  it('reports nodes the pod does not fit even without victims', async () => {
    const s = setup({
      nodes: [testNodeInfo(node('n1', '1'), [pod('low', 1, { node: 'n1', cpu: '500m' })])],
      statuses: { n1: insufficient() },
    });
    const r = await s.plugin.postFilter(new CycleState(), pod('p', 100, { cpu: '2' }), s.m);
    assert.equal(r.status.message(), 'preemption: 0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('chooses minimal victims and evicts them', async () => {
    // n1 must lose a priority-5 pod; n2 only needs its priority-1 pod gone.
    const s = setup({
      nodes: [
        testNodeInfo(node('n1', '2'), [pod('n1-a', 5, { node: 'n1' }), pod('n1-b', 5, { node: 'n1' })]),
        testNodeInfo(node('n2', '3'), [
          pod('n2-a', 10, { node: 'n2' }),
          pod('n2-b', 1, { node: 'n2' }),
          pod('n2-c', 8, { node: 'n2' }),
        ]),
      ],
      statuses: { n1: insufficient(), n2: insufficient() },
    });
    const r = await s.plugin.postFilter(new CycleState(), pod('p', 100), s.m);
    assert.equal(r.status.code, 'Success');
    assert.equal(r.nominatedNodeName, 'n2');
    const left = s.client
      .objects(PODS)
      .map((p) => p.metadata?.name)
      .sort();
    assert.deepEqual(left, ['n1-a', 'n1-b', 'n2-a', 'n2-c']);
    const patch = s.client.actions().find((a) => a.verb === 'patch' && a.name === 'n2-b');
    assert.ok(patch);
    assert.deepEqual(
      (
        patch.patch as { status: { conditions: { type: string; reason: string; message: string }[] } }
      ).status.conditions.map((c) => [c.type, c.reason, c.message]),
      [
        [
          'DisruptionTarget',
          'PreemptionByScheduler',
          'default-scheduler: preempting to accommodate a higher priority pod',
        ],
      ],
    );
    assert.deepEqual(
      s.events.events.map((e) => [e.reason, e.message]),
      [['Preempted', 'Preempted by pod uid-p on node n2']],
    );
  });

  it('prefers a node whose victims break no PDB', async () => {
    const s = setup({
      nodes: [
        testNodeInfo(node('n1', '1'), [pod('guarded', 1, { node: 'n1', labels: { app: 'db' } })]),
        testNodeInfo(node('n2', '1'), [pod('free', 50, { node: 'n2', labels: { app: 'web' } })]),
      ],
      pdbs: [pdb('db', 0)],
      statuses: { n1: insufficient(), n2: insufficient() },
    });
    const r = await s.plugin.postFilter(new CycleState(), pod('p', 100), s.m);
    assert.equal(r.nominatedNodeName, 'n2');
    assert.deepEqual(
      s.client.objects(PODS).map((p) => p.metadata?.name),
      ['guarded'],
    );
  });

  it('reprieves PDB-protected pods first on a node', () => {
    const ni = testNodeInfo(node('n1', '2'), [
      pod('guarded', 1, { node: 'n1', labels: { app: 'db' } }),
      pod('plain', 5, { node: 'n1' }),
    ]);
    const s = setup({ nodes: [ni], pdbs: [pdb('db', 0)], statuses: {} });
    const r = s.plugin.selectVictimsOnNode(new CycleState(), pod('p', 100), TEST_NODE_INFO_OPS.snapshot(ni), [
      pdb('db', 0),
    ]);
    assert.equal(r.status.code, 'Success');
    assert.deepEqual(
      r.victims.map((p) => p.metadata?.name),
      ['plain'],
    );
    assert.equal(r.numPDBViolations, 0);
  });

  it('counts PDB violations when a protected pod must go', () => {
    const ni = testNodeInfo(node('n1', '1'), [pod('guarded', 1, { node: 'n1', labels: { app: 'db' } })]);
    const s = setup({ nodes: [ni], statuses: {} });
    const r = s.plugin.selectVictimsOnNode(new CycleState(), pod('p', 100), TEST_NODE_INFO_OPS.snapshot(ni), [
      pdb('db', 0),
    ]);
    assert.deepEqual(
      r.victims.map((p) => p.metadata?.name),
      ['guarded'],
    );
    assert.equal(r.numPDBViolations, 1);
    // The dry run works on a copy: the snapshot's node info is untouched.
    assert.equal(ni.pods.length, 1);
  });

  it('keeps the most important pods and evicts the least important ones', () => {
    const ni = testNodeInfo(node('n1', '3'), [
      pod('old', 5, { node: 'n1', start: '2025-01-01T00:00:00Z' }),
      pod('new', 5, { node: 'n1', start: '2025-06-01T00:00:00Z' }),
      pod('top', 9, { node: 'n1' }),
    ]);
    const s = setup({ nodes: [ni], statuses: {} });
    const r = s.plugin.selectVictimsOnNode(
      new CycleState(),
      pod('p', 100),
      TEST_NODE_INFO_OPS.snapshot(ni),
      [],
    );
    assert.deepEqual(
      r.victims.map((p) => p.metadata?.name),
      ['new'],
    );
  });

  it('waits while victims on the nominated node terminate', async () => {
    const s = setup({
      nodes: [
        testNodeInfo(node('n1', '1'), [pod('dying', 1, { node: 'n1', terminatingByPreemption: true })]),
      ],
      statuses: { n1: insufficient() },
    });
    const r = await s.plugin.postFilter(new CycleState(), pod('p', 100, { nominated: 'n1' }), s.m);
    assert.equal(r.status.code, 'Unschedulable');
    assert.equal(
      r.status.message(),
      'preemption: not eligible due to a terminating pod on the nominated node.',
    );
    assert.equal(r.nominatedNodeName, undefined);
  });

  it('preempts again when the nominated node became unresolvable', async () => {
    const s = setup({
      nodes: [
        testNodeInfo(node('n1', '1'), [pod('dying', 1, { node: 'n1', terminatingByPreemption: true })]),
        testNodeInfo(node('n2', '1'), [pod('low', 1, { node: 'n2' })]),
      ],
      statuses: { n1: unresolvable(), n2: insufficient() },
    });
    const r = await s.plugin.postFilter(new CycleState(), pod('p', 100, { nominated: 'n1' }), s.m);
    assert.equal(r.nominatedNodeName, 'n2');
  });

  it('clears the nomination of lower-priority pods nominated to the node', async () => {
    const lower = pod('lower', 50, { nominated: 'n1' });
    const higher = pod('higher', 200, { nominated: 'n1' });
    const s = setup({
      nodes: [testNodeInfo(node('n1', '1'), [pod('low', 1, { node: 'n1' })])],
      nominated: new Map([['n1', [testPodInfo(lower), testPodInfo(higher)]]]),
      statuses: { n1: insufficient() },
    });
    const r = await s.plugin.postFilter(new CycleState(), pod('p', 100), s.m);
    assert.equal(r.nominatedNodeName, 'n1');
    const cleared = s.client
      .actions()
      .filter((a) => a.verb === 'patch' && a.subresource === 'status' && a.patchType === 'merge');
    assert.deepEqual(
      cleared.map((a) => [a.name, a.patch]),
      [['lower', { status: { nominatedNodeName: null } }]],
    );
  });

  it('stops the dry run once enough candidates are found', () => {
    const nodes = Array.from({ length: 5 }, (_, i) =>
      testNodeInfo(node(`n${i}`, '1'), [pod(`low${i}`, 1, { node: `n${i}` })]),
    );
    const s = setup({ nodes, statuses: {} });
    const r = s.plugin.evaluator.dryRunPreemption(new CycleState(), pod('p', 100), nodes, [], 3, 2);
    assert.deepEqual(
      r.candidates.map((c) => c.name),
      ['n3', 'n4'],
    );
  });
});

describe('DefaultPreemption args', () => {
  it('computes the number of candidates', () => {
    assert.equal(calculateNumCandidates(DEFAULT_PREEMPTION_ARGS, 50), 50);
    assert.equal(calculateNumCandidates(DEFAULT_PREEMPTION_ARGS, 5000), 500);
    assert.equal(calculateNumCandidates(DEFAULT_PREEMPTION_ARGS, 500), 100);
    assert.equal(
      calculateNumCandidates({ minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 3 }, 10),
      3,
    );
  });
  it('defaults and validates', () => {
    assert.deepEqual(parseDefaultPreemptionArgs(undefined), DEFAULT_PREEMPTION_ARGS);
    assert.deepEqual(parseDefaultPreemptionArgs({ minCandidateNodesAbsolute: 5 }), {
      minCandidateNodesPercentage: 10,
      minCandidateNodesAbsolute: 5,
    });
    assert.throws(
      () => parseDefaultPreemptionArgs({ minCandidateNodesPercentage: 101 }),
      /not in valid range \[0, 100\]/,
    );
    assert.throws(
      () => parseDefaultPreemptionArgs({ minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 }),
      /cannot be zero at the same time/,
    );
  });
});
