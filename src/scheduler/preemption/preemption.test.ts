import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { Status } from '../framework/status.js';
import { noNodesAvailableMessage } from './fit-message.js';
import { filterPodsWithPDBViolation } from './pdb.js';
import { pickOneNodeForPreemption } from './pick-node.js';
import { moreImportantPod } from './pod-order.js';
import { testPodInfo } from './testing.js';
import type { Victims } from './types.js';

const NOW = Date.UTC(2026, 0, 1);

function pod(
  name: string,
  priority: number,
  opts: { start?: string; labels?: Record<string, string> } = {},
): Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      ...(opts.labels ? { labels: opts.labels } : {}),
    },
    spec: { containers: [{ name: 'c' }], priority },
    ...(opts.start ? { status: { startTime: opts.start } } : {}),
  };
}

function victims(pods: Pod[], numPDBViolations = 0): Victims {
  return { pods, numPDBViolations };
}

describe('pickOneNodeForPreemption', () => {
  const cases: { name: string; nodes: [string, Victims][]; want: string }[] = [
    {
      name: 'fewest PDB violations wins over lower priorities',
      nodes: [
        ['n1', victims([pod('a', 1)], 1)],
        ['n2', victims([pod('b', 50)], 0)],
      ],
      want: 'n2',
    },
    {
      name: 'lowest highest-priority victim',
      nodes: [
        ['n1', victims([pod('a', 10)])],
        ['n2', victims([pod('b', 5), pod('c', 5)])],
      ],
      want: 'n2',
    },
    {
      name: 'smallest sum of priorities',
      nodes: [
        ['n1', victims([pod('a', 5), pod('b', 5)])],
        ['n2', victims([pod('c', 5), pod('d', 1)])],
      ],
      want: 'n2',
    },
    {
      name: 'fewest victims when sums tie',
      nodes: [
        ['n1', victims([pod('a', 0), pod('b', -2147483648)])],
        ['n2', victims([pod('c', 0)])],
      ],
      want: 'n2',
    },
    {
      name: 'latest start time of the highest-priority victims',
      nodes: [
        ['n1', victims([pod('a', 5, { start: '2025-12-01T00:00:00Z' })])],
        ['n2', victims([pod('b', 5, { start: '2025-12-02T00:00:00Z' })])],
        ['n3', victims([pod('c', 5, { start: '2025-11-02T00:00:00Z' })])],
      ],
      want: 'n2',
    },
    {
      name: 'first node on a full tie',
      nodes: [
        ['n1', victims([pod('a', 5, { start: '2025-12-01T00:00:00Z' })])],
        ['n2', victims([pod('b', 5, { start: '2025-12-01T00:00:00Z' })])],
      ],
      want: 'n1',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(pickOneNodeForPreemption(new Map(c.nodes), undefined, NOW), c.want);
    });
  }
  it('is empty for no candidates', () => {
    assert.equal(pickOneNodeForPreemption(new Map(), undefined, NOW), '');
  });
});

describe('moreImportantPod', () => {
  it('orders by priority, then earlier start', () => {
    assert.equal(moreImportantPod(pod('a', 2), pod('b', 1), NOW), true);
    assert.equal(moreImportantPod(pod('a', 1), pod('b', 2), NOW), false);
    const early = pod('e', 1, { start: '2025-01-01T00:00:00Z' });
    const late = pod('l', 1, { start: '2025-06-01T00:00:00Z' });
    assert.equal(moreImportantPod(early, late, NOW), true);
    assert.equal(moreImportantPod(late, early, NOW), false);
    // A pod that has not started counts as started now.
    assert.equal(moreImportantPod(late, pod('n', 1), NOW), true);
  });
});

describe('filterPodsWithPDBViolation', () => {
  function pdb(name: string, app: string, allowed: number, disrupted: string[] = []): PodDisruptionBudget {
    return {
      metadata: { name, namespace: 'default' },
      spec: { selector: { matchLabels: { app } } },
      status: {
        disruptionsAllowed: allowed,
        currentHealthy: 0,
        desiredHealthy: 0,
        expectedPods: 0,
        ...(disrupted.length > 0
          ? { disruptedPods: Object.fromEntries(disrupted.map((d) => [d, NOW.toString()])) }
          : {}),
      },
    };
  }
  const web = (n: string) => testPodInfo(pod(n, 1, { labels: { app: 'web' } }));
  it('spends the budget in order and marks the pods beyond it', () => {
    const pods = [web('a'), web('b'), web('c')];
    const r = filterPodsWithPDBViolation(pods, [pdb('p', 'web', 1)]);
    assert.deepEqual(
      r.violating.map((p) => p.pod.metadata?.name),
      ['b', 'c'],
    );
    assert.deepEqual(
      r.nonViolating.map((p) => p.pod.metadata?.name),
      ['a'],
    );
  });
  it('ignores pods already disrupted, other namespaces, unlabeled pods and empty selectors', () => {
    const other = testPodInfo({
      ...pod('o', 1, { labels: { app: 'web' } }),
      metadata: { name: 'o', namespace: 'x', labels: { app: 'web' } },
    });
    const bare = testPodInfo(pod('bare', 1));
    const empty: PodDisruptionBudget = {
      metadata: { name: 'e', namespace: 'default' },
      spec: { selector: {} },
      status: pdb('e', 'x', 0).status,
    };
    const r = filterPodsWithPDBViolation([web('a'), other, bare], [pdb('p', 'web', 0, ['a']), empty]);
    assert.deepEqual(r.violating, []);
    assert.equal(r.nonViolating.length, 3);
  });
});

describe('noNodesAvailableMessage', () => {
  it('counts reasons, adds absent nodes and sorts as strings', () => {
    const statuses = new Map([['n1', Status.unresolvable('No preemption victims found for incoming pod')]]);
    assert.equal(
      noNodesAvailableMessage(3, statuses, Status.unresolvable('Preemption is not helpful for scheduling')),
      '0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    assert.equal(
      noNodesAvailableMessage(3, new Map(), Status.unresolvable('Preemption is not helpful for scheduling')),
      '0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });
});
