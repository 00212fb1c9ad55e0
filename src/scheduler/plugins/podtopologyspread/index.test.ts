import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { SERVICES } from '../../../client/resources.js';
import { CycleState } from '../../framework/cycle-state.js';
import { newPodInfo } from '../../framework/pod-info.js';
import type {
  FilterPlugin,
  NodeScore,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/types.js';
import { snapshotHandle } from '../interpodaffinity/test-handle.js';
import {
  argsFrom,
  CriticalPaths,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  factory,
} from './index.js';

type P = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
const HOST = 'kubernetes.io/hostname';

function node(
  name: string,
  labels: Record<string, string>,
  taints?: Node['spec'] extends infer S ? (S extends { taints?: infer T } ? T : never) : never,
): Node {
  return { metadata: { name, labels: { [HOST]: name, ...labels } }, spec: { taints } };
}

function pod(
  name: string,
  labels: Record<string, string>,
  nodeName?: string,
  tsc?: TopologySpreadConstraint[],
  extra: Partial<NonNullable<Pod['spec']>> = {},
): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels },
    spec: { containers: [{ name: 'c' }], nodeName, topologySpreadConstraints: tsc, ...extra },
  };
}

function hard(
  key: string,
  maxSkew = 1,
  extra: Partial<TopologySpreadConstraint> = {},
): TopologySpreadConstraint {
  return {
    maxSkew,
    topologyKey: key,
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: { matchLabels: { foo: '' } },
    ...extra,
  };
}

function soft(
  key: string,
  maxSkew = 1,
  extra: Partial<TopologySpreadConstraint> = {},
): TopologySpreadConstraint {
  return { ...hard(key, maxSkew, extra), whenUnsatisfiable: 'ScheduleAnyway' };
}

// Four nodes in two zones, as upstream's tables.
const NODES = [
  node('node-a', { zone: 'zone1' }),
  node('node-b', { zone: 'zone1' }),
  node('node-x', { zone: 'zone2' }),
  node('node-y', { zone: 'zone2' }),
];

function runFilter(incoming: Pod, existing: Pod[], nodes: Node[] = NODES) {
  const { handle, snapshot } = snapshotHandle(existing, nodes);
  const pl = factory(undefined, handle) as P;
  const state = new CycleState();
  const pre = pl.preFilter(state, incoming, snapshot.list());
  const results: Record<string, string> = {};
  if (pre.status?.isSkip()) return { skipped: true, results, pl, state, snapshot };
  for (const ni of snapshot.list()) {
    const s = pl.filter(state, incoming, ni);
    results[ni.name] = s === undefined ? 'ok' : s.code === 'Unschedulable' ? 'skew' : s.message();
  }
  return { skipped: false, results, pl, state, snapshot };
}

const FOO = { foo: '' };

describe('PodTopologySpread args', () => {
  it('defaults to System and validates', () => {
    assert.equal(argsFrom(undefined).defaultingType, 'System');
    assert.throws(
      () =>
        argsFrom({
          defaultingType: 'List',
          defaultConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }],
        }),
      /maxSkew/,
    );
  });
});

describe('CriticalPaths', () => {
  it('keeps the two smallest domains', () => {
    const p = new CriticalPaths();
    p.update('a', 3);
    p.update('b', 1);
    p.update('c', 2);
    assert.deepEqual([p.v0, p.n0, p.v1, p.n1], ['b', 1, 'c', 2]);
    p.update('b', 4);
    assert.deepEqual([p.v0, p.n0, p.v1, p.n1], ['c', 2, 'b', 4]);
  });
});

describe('PodTopologySpread filter', () => {
  it('skips pods without hard constraints', () => {
    assert.equal(runFilter(pod('p', FOO), []).skipped, true);
    assert.equal(runFilter(pod('p', FOO, undefined, [soft('zone')]), []).skipped, true);
  });

  it('no existing pods: every node fits', () => {
    const r = runFilter(pod('p', FOO, undefined, [hard('zone')]), []);
    assert.deepEqual(r.results, { 'node-a': 'ok', 'node-b': 'ok', 'node-x': 'ok', 'node-y': 'ok' });
  });

  it('zone skew: 3/1 spread admits only the emptier zone', () => {
    const existing = [
      pod('p-a1', FOO, 'node-a'),
      pod('p-a2', FOO, 'node-a'),
      pod('p-b1', FOO, 'node-b'),
      pod('p-y1', FOO, 'node-y'),
    ];
    const r = runFilter(pod('p', FOO, undefined, [hard('zone')]), existing);
    assert.deepEqual(r.results, { 'node-a': 'skew', 'node-b': 'skew', 'node-x': 'ok', 'node-y': 'ok' });
  });

  it('an incoming pod that does not match its own selector does not add to the skew', () => {
    const existing = [pod('p-a1', FOO, 'node-a'), pod('p-y1', { bar: '' }, 'node-y')];
    const r = runFilter(pod('p', { bar: '' }, undefined, [hard('zone')]), existing);
    assert.deepEqual(r.results, { 'node-a': 'ok', 'node-b': 'ok', 'node-x': 'ok', 'node-y': 'ok' });
  });

  it('nodes missing the topology key are unresolvable and are not domains', () => {
    const nodes = [...NODES, node('node-z', {})];
    const r = runFilter(pod('p', FOO, undefined, [hard('zone')]), [pod('e', FOO, 'node-a')], nodes);
    assert.equal(r.results['node-z'], ERR_REASON_NODE_LABEL_NOT_MATCH);
    assert.equal(r.results['node-x'], 'ok');
    assert.equal(r.results['node-a'], 'skew');
  });

  it('two constraints: both must hold', () => {
    const existing = [
      pod('p-a1', FOO, 'node-a'),
      pod('p-a2', FOO, 'node-a'),
      pod('p-b1', FOO, 'node-b'),
      pod('p-y1', FOO, 'node-y'),
      pod('p-y2', FOO, 'node-y'),
    ];
    const r = runFilter(pod('p', FOO, undefined, [hard('zone'), hard(HOST)]), existing);
    // Zones 3/2: zone1 out; hosts a2 b1 x0 y2: only node-x.
    assert.deepEqual(r.results, { 'node-a': 'skew', 'node-b': 'skew', 'node-x': 'ok', 'node-y': 'skew' });
  });

  it('minDomains above the domain count makes the global minimum 0', () => {
    const existing = [pod('p-a1', FOO, 'node-a'), pod('p-x1', FOO, 'node-x')];
    const withMin = runFilter(pod('p', FOO, undefined, [hard('zone', 1, { minDomains: 3 })]), existing);
    assert.deepEqual(withMin.results, {
      'node-a': 'skew',
      'node-b': 'skew',
      'node-x': 'skew',
      'node-y': 'skew',
    });
    const without = runFilter(pod('p', FOO, undefined, [hard('zone', 1)]), existing);
    assert.deepEqual(without.results, { 'node-a': 'ok', 'node-b': 'ok', 'node-x': 'ok', 'node-y': 'ok' });
  });

  it('nodeAffinityPolicy Honor leaves nodes outside the node affinity out of the domains', () => {
    const existing = [pod('p-a1', FOO, 'node-a'), pod('p-a2', FOO, 'node-a')];
    const sel = { nodeSelector: { zone: 'zone1' } };
    // Honor: only zone1 is a domain: min is 2 → node-a/b fit at skew 1.
    const honor = runFilter(pod('p', FOO, undefined, [hard('zone')], sel), existing);
    assert.equal(honor.results['node-a'], 'ok');
    const ignore = runFilter(
      pod('p', FOO, undefined, [hard('zone', 1, { nodeAffinityPolicy: 'Ignore' })], sel),
      existing,
    );
    assert.equal(ignore.results['node-a'], 'skew');
  });

  it('nodeTaintsPolicy Honor leaves untolerated tainted nodes out of the domains', () => {
    const nodes = [
      node('node-a', { zone: 'zone1' }),
      node('node-x', { zone: 'zone2' }, [{ key: 'k', value: 'v', effect: 'NoSchedule' }]),
    ];
    const existing = [pod('p-a1', FOO, 'node-a')];
    const honor = runFilter(
      pod('p', FOO, undefined, [hard('zone', 1, { nodeTaintsPolicy: 'Honor' })]),
      existing,
      nodes,
    );
    assert.equal(honor.results['node-a'], 'ok');
    const ignore = runFilter(pod('p', FOO, undefined, [hard('zone')]), existing, nodes);
    assert.equal(ignore.results['node-a'], 'skew');
  });

  it('matchLabelKeys narrow the selector with the pod value', () => {
    const c = hard('zone', 1, { matchLabelKeys: ['rev'] });
    const existing = [
      pod('old1', { foo: '', rev: '1' }, 'node-a'),
      pod('old2', { foo: '', rev: '1' }, 'node-a'),
    ];
    const r = runFilter(pod('p', { foo: '', rev: '2' }, undefined, [c]), existing);
    assert.deepEqual(r.results, { 'node-a': 'ok', 'node-b': 'ok', 'node-x': 'ok', 'node-y': 'ok' });
  });

  it('pods in other namespaces and terminating pods do not count', () => {
    const other = pod('o', FOO, 'node-a');
    other.metadata = { ...other.metadata, namespace: 'other' };
    const term = pod('t', FOO, 'node-a');
    term.metadata = { ...term.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' };
    const r = runFilter(pod('p', FOO, undefined, [hard('zone')]), [other, term]);
    assert.equal(r.results['node-a'], 'ok');
  });

  it('PreFilterExtensions add and remove pods', () => {
    const incoming = pod('p', FOO, undefined, [hard('zone')]);
    const r = runFilter(incoming, []);
    const ext = r.pl.preFilterExtensions?.();
    assert.ok(ext);
    const a = r.snapshot.get('node-a');
    assert.ok(a);
    const cl = r.state.clone();
    const added = newPodInfo(pod('n', FOO, 'node-a'));
    ext.addPod(cl, incoming, added, a);
    assert.equal(r.pl.filter(cl, incoming, a)?.message(), ERR_REASON_CONSTRAINTS_NOT_MATCH);
    assert.equal(r.pl.filter(r.state, incoming, a), undefined);
    ext.removePod(cl, incoming, added, a);
    assert.equal(r.pl.filter(cl, incoming, a), undefined);
  });
});

function runScore(
  incoming: Pod,
  existing: Pod[],
  nodes: Node[] = NODES,
  filtered?: string[],
  setup?: (h: ReturnType<typeof snapshotHandle>) => void,
) {
  const h = snapshotHandle(existing, nodes);
  setup?.(h);
  const pl = factory(undefined, h.handle) as P;
  const state = new CycleState();
  const cands = h.snapshot.list().filter((n) => filtered === undefined || filtered.includes(n.name));
  const st = pl.preScore(state, incoming, cands);
  if (st?.isSkip()) return undefined;
  const scores: NodeScore[] = cands.map((ni) => ({
    name: ni.name,
    score: pl.score(state, incoming, ni).score,
  }));
  pl.normalizeScore?.(state, incoming, scores);
  return Object.fromEntries(scores.map((s) => [s.name, s.score]));
}

describe('PodTopologySpread score', () => {
  it('skips without soft constraints', () => {
    assert.equal(runScore(pod('p', FOO), []), undefined);
  });

  it('one hostname constraint: fewer matching pods score higher', () => {
    const nodes = [node('node-a', {}), node('node-b', {})];
    const existing = [pod('a1', FOO, 'node-a'), pod('a2', FOO, 'node-a'), pod('b1', FOO, 'node-b')];
    // weight log(4); a: 2*1.386=2.77→3, b: 1.386→1; normalize: 100*(3+1-s)/3.
    assert.deepEqual(runScore(pod('p', FOO, undefined, [soft(HOST)]), existing, nodes), {
      'node-a': 33,
      'node-b': 100,
    });
  });

  it('zone constraint counts pods on every node of the domain, nodes without the key are ignored', () => {
    const nodes = [...NODES, node('node-z', {})];
    const existing = [pod('a1', FOO, 'node-a'), pod('b1', FOO, 'node-b'), pod('x1', FOO, 'node-x')];
    // weight log(2+2)=1.386: zone1 2 → 3, zone2 1 → 1.
    assert.deepEqual(runScore(pod('p', FOO, undefined, [soft('zone')]), existing, nodes), {
      'node-a': 33,
      'node-b': 33,
      'node-x': 100,
      'node-y': 100,
      'node-z': 0,
    });
  });

  it('domains of filtered-out nodes only are not counted', () => {
    const existing = [pod('a1', FOO, 'node-a'), pod('x1', FOO, 'node-x'), pod('x2', FOO, 'node-x')];
    const r = runScore(pod('p', FOO, undefined, [soft('zone')]), existing, NODES, ['node-a', 'node-b']);
    assert.deepEqual(r, { 'node-a': 100, 'node-b': 100 });
  });

  it('system defaults apply to pods selected by a service', () => {
    const nodes = [node('node-a', { 'topology.kubernetes.io/zone': 'z1' }), node('node-b', {})];
    const existing = [pod('a1', { app: 'web' }, 'node-a'), pod('a2', { app: 'web' }, 'node-a')];
    const incoming = pod('p', { app: 'web' });
    assert.equal(runScore(incoming, existing, nodes), undefined);
    const r = runScore(incoming, existing, nodes, undefined, (h) => {
      h.informers.informerFor(SERVICES).indexer.add({
        metadata: { name: 'web', namespace: 'default' },
        spec: { selector: { app: 'web' } },
      });
    });
    // Nodes without the zone label still spread by hostname: node-b (no pods) wins.
    assert.ok(r);
    assert.equal(r['node-b'], 100);
    assert.ok((r['node-a'] ?? 100) < 100);
  });
});

describe('PodTopologySpread queueing hints', () => {
  const { handle } = snapshotHandle([], NODES);
  const pl = factory(undefined, handle) as P & {
    eventsToRegister(): {
      event: { resource: string; action: string };
      hint?: (p: Pod, o: unknown, n: unknown) => string;
    }[];
  };
  const hint = (resource: string, action: string) => {
    const e = pl.eventsToRegister().find((x) => x.event.resource === resource && x.event.action === action);
    assert.ok(e?.hint);
    return e.hint;
  };
  const target = pod('p', FOO, undefined, [hard('zone')]);

  it('pod events', () => {
    assert.equal(hint('AssignedPod', 'Add')(target, undefined, pod('e', FOO, 'node-a')), 'Queue');
    assert.equal(hint('AssignedPod', 'Add')(target, undefined, pod('e', { bar: '' }, 'node-a')), 'QueueSkip');
    assert.equal(hint('AssignedPod', 'Delete')(target, pod('e', FOO, 'node-a'), undefined), 'Queue');
    assert.equal(
      hint('AssignedPod', 'UpdatePodLabel')(target, pod('e', FOO, 'node-a'), pod('e', {}, 'node-a')),
      'Queue',
    );
    assert.equal(
      hint('AssignedPod', 'UpdatePodLabel')(
        target,
        pod('e', FOO, 'node-a'),
        pod('e', { ...FOO, x: '1' }, 'node-a'),
      ),
      'QueueSkip',
    );
  });

  it('node events', () => {
    assert.equal(hint('Node', 'Add')(target, undefined, node('n', { zone: 'z3' })), 'Queue');
    assert.equal(hint('Node', 'Add')(target, undefined, node('n', {})), 'QueueSkip');
    assert.equal(
      hint('Node', 'UpdateNodeLabel')(target, node('n', { zone: 'a' }), node('n', { zone: 'b' })),
      'Queue',
    );
    assert.equal(
      hint('Node', 'UpdateNodeLabel')(target, node('n', { zone: 'a' }), node('n', { zone: 'a', x: 'y' })),
      'QueueSkip',
    );
    assert.equal(hint('Node', 'Delete')(target, node('n', { zone: 'a' }), undefined), 'Queue');
  });
});

describe('PodTopologySpread mismatched domains', () => {
  it('nodes excluded by the node affinity neither count pods nor narrow the candidates', () => {
    const existing = [
      pod('b1', FOO, 'node-b'),
      pod('b2', FOO, 'node-b'),
      pod('b3', FOO, 'node-b'),
      pod('x1', FOO, 'node-x'),
    ];
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] },
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-x'] }] },
          ],
        },
      },
    };
    const r = runFilter(pod('p', FOO, undefined, [hard('zone')], { affinity }), existing);
    // Counted: zone1 0 (node-b is excluded), zone2 1.
    assert.equal(r.results['node-a'], 'ok');
    assert.equal(r.results['node-x'], 'skew');
  });
});
