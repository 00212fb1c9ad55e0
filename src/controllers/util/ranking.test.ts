import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  logarithmicRankDiff,
  POD_DELETION_COST_ANNOTATION,
  podDeletionCost,
  podLess,
  ranksByRelatedPodsOnSameNode,
  sortPodsForDeletion,
} from './ranking.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface PodOpts {
  name: string;
  uid?: string;
  node?: string;
  phase?: string;
  readySince?: number;
  restarts?: number;
  sidecarRestarts?: number;
  created?: number;
  cost?: string;
  deleting?: boolean;
}

function pod(o: PodOpts): Pod {
  const p: Pod = {
    metadata: { name: o.name, namespace: 'ns', uid: o.uid ?? o.name },
    spec: { containers: [{ name: 'c' }], initContainers: [{ name: 'side', restartPolicy: 'Always' }] },
    status: { phase: o.phase ?? 'Running' },
  };
  if (o.node !== undefined) p.spec!.nodeName = o.node;
  if (o.readySince !== undefined)
    p.status!.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: iso(o.readySince) }];
  if (o.restarts !== undefined)
    p.status!.containerStatuses = [
      { name: 'c', restartCount: o.restarts, image: '', imageID: '', ready: false },
    ];
  if (o.sidecarRestarts !== undefined)
    p.status!.initContainerStatuses = [
      { name: 'side', restartCount: o.sidecarRestarts, image: '', imageID: '', ready: false },
    ];
  if (o.created !== undefined) p.metadata = { ...p.metadata, creationTimestamp: iso(o.created) };
  if (o.cost !== undefined) p.metadata!.annotations = { [POD_DELETION_COST_ANNOTATION]: o.cost };
  if (o.deleting) p.metadata = { ...p.metadata, deletionTimestamp: iso(NOW) };
  return p;
}

describe('podDeletionCost', () => {
  const cases: [string | undefined, number][] = [
    [undefined, 0],
    ['0', 0],
    ['10', 10],
    ['-5', -5],
    ['-007', -7],
    ['+10', 0],
    ['008', 0],
    ['', 0],
    ['1.5', 0],
    ['abc', 0],
    ['2147483647', 2147483647],
    ['2147483648', 0],
    ['-2147483648', -2147483648],
  ];
  for (const [v, want] of cases)
    it(`${JSON.stringify(v)} → ${want}`, () => {
      assert.equal(podDeletionCost(pod({ name: 'a', cost: v })), want);
    });
});

describe('podLess (the scale-down order)', () => {
  const H = 3600_000;
  const cases: { name: string; a: PodOpts; b: PodOpts; rankA?: number; rankB?: number; aFirst: boolean }[] = [
    {
      name: 'unassigned before assigned',
      a: { name: 'a', phase: 'Running' },
      b: { name: 'b', node: 'n1', phase: 'Pending' },
      aFirst: true,
    },
    { name: 'assigned after unassigned', a: { name: 'a', node: 'n1' }, b: { name: 'b' }, aFirst: false },
    {
      name: 'pending before unknown',
      a: { name: 'a', node: 'n', phase: 'Pending' },
      b: { name: 'b', node: 'n', phase: 'Unknown' },
      aFirst: true,
    },
    {
      name: 'unknown before running',
      a: { name: 'a', node: 'n', phase: 'Unknown' },
      b: { name: 'b', node: 'n', phase: 'Running' },
      aFirst: true,
    },
    {
      name: 'not ready before ready',
      a: { name: 'a', node: 'n' },
      b: { name: 'b', node: 'n', readySince: NOW - H },
      aFirst: true,
    },
    {
      name: 'lower deletion cost first',
      a: { name: 'a', node: 'n', cost: '-1' },
      b: { name: 'b', node: 'n', cost: '5', restarts: 9 },
      aFirst: true,
    },
    {
      name: 'higher rank first',
      a: { name: 'a', node: 'n' },
      b: { name: 'b', node: 'n', restarts: 3 },
      rankA: 2,
      rankB: 1,
      aFirst: true,
    },
    {
      name: 'recently ready first (different log buckets)',
      a: { name: 'z', node: 'n', readySince: NOW - 60_000 },
      b: { name: 'a', node: 'n', readySince: NOW - 10 * H },
      aFirst: true,
    },
    {
      name: 'same log bucket: by uid',
      a: { name: 'a', uid: 'uid-b', node: 'n', readySince: NOW - 100 * H, restarts: 5 },
      b: { name: 'b', uid: 'uid-a', node: 'n', readySince: NOW - 101 * H },
      aFirst: false,
    },
    {
      name: 'more restarts first',
      a: { name: 'a', node: 'n', restarts: 3 },
      b: { name: 'b', node: 'n', restarts: 1 },
      aFirst: true,
    },
    {
      name: 'more sidecar restarts first',
      a: { name: 'a', node: 'n', restarts: 1, sidecarRestarts: 4 },
      b: { name: 'b', node: 'n', restarts: 1 },
      aFirst: true,
    },
    {
      name: 'newer first',
      a: { name: 'a', node: 'n', created: NOW - H },
      b: { name: 'b', node: 'n', created: NOW - 100 * H },
      aFirst: true,
    },
    {
      name: 'no creation time first',
      a: { name: 'a', node: 'n' },
      b: { name: 'b', node: 'n', created: NOW - H },
      aFirst: true,
    },
    {
      name: 'equal pods: neither first',
      a: { name: 'a', node: 'n' },
      b: { name: 'b', node: 'n' },
      aFirst: false,
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      assert.equal(podLess(pod(c.a), c.rankA ?? 0, pod(c.b), c.rankB ?? 0, NOW), c.aFirst);
    });

  it('without now, times compare exactly (newer first)', () => {
    const a = pod({ name: 'a', uid: 'z', node: 'n', readySince: NOW - 100 * H });
    const b = pod({ name: 'b', uid: 'a', node: 'n', readySince: NOW - 101 * H });
    assert.equal(podLess(a, 0, b, 0), true);
    assert.equal(podLess(b, 0, a, 0), false);
  });
});

describe('logarithmicRankDiff', () => {
  it('buckets ages by powers of two (in nanoseconds)', () => {
    assert.equal(logarithmicRankDiff(NOW - 1000, NOW - 1000, NOW), 0);
    assert.equal(logarithmicRankDiff(NOW - 1000, NOW - 4000, NOW), -2);
    assert.equal(logarithmicRankDiff(NOW + 5, NOW - 1, NOW), -1 - Math.floor(Math.log2(1e6)));
  });
});

describe('sortPodsForDeletion and ranks', () => {
  it('orders a mixed set', () => {
    const pods = [
      pod({ name: 'ready-old', node: 'n1', readySince: NOW - 1000 * 3600_000 }),
      pod({ name: 'pending', node: 'n1', phase: 'Pending' }),
      pod({ name: 'unscheduled', phase: 'Pending' }),
      pod({ name: 'ready-new', node: 'n2', readySince: NOW - 60_000 }),
      pod({ name: 'not-ready', node: 'n2' }),
    ];
    const sorted = sortPodsForDeletion(pods, [0, 0, 0, 0, 0], NOW).map((p) => p.metadata?.name);
    assert.deepEqual(sorted, ['unscheduled', 'pending', 'not-ready', 'ready-new', 'ready-old']);
    assert.equal(pods[0]?.metadata?.name, 'ready-old', 'input unchanged');
  });

  it('ranks by active related pods on the same node', () => {
    const toRank = [
      pod({ name: 'a', node: 'n1' }),
      pod({ name: 'b', node: 'n2' }),
      pod({ name: 'c', node: 'n3' }),
    ];
    const related = [
      pod({ name: 'a', node: 'n1' }),
      pod({ name: 'x', node: 'n1' }),
      pod({ name: 'y', node: 'n1', deleting: true }),
      pod({ name: 'b', node: 'n2' }),
    ];
    assert.deepEqual(ranksByRelatedPodsOnSameNode(toRank, related), [2, 1, 0]);
  });
});
