import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Namespace, Node, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { NAMESPACES } from '../../../client/resources.js';
import { CycleState } from '../../framework/cycle-state.js';
import { newPodInfo } from '../../framework/pod-info.js';
import type {
  NodeScore,
  PreFilterPlugin,
  FilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/types.js';
import {
  argsFrom,
  ERR_REASON_AFFINITY,
  ERR_REASON_ANTI_AFFINITY,
  ERR_REASON_EXISTING_ANTI_AFFINITY,
  factory,
} from './index.js';
import { snapshotHandle } from './test-handle.js';

type P = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;

function node(name: string, labels: Record<string, string>): Node {
  return { metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } };
}

function pod(
  name: string,
  labels: Record<string, string>,
  opts: {
    node?: string;
    ns?: string;
    affinity?: Pod['spec'] extends infer S ? (S extends { affinity?: infer A } ? A : never) : never;
  } = {},
): Pod {
  return {
    metadata: { name, namespace: opts.ns ?? 'default', uid: `uid-${name}`, labels },
    spec: { containers: [{ name: 'c' }], nodeName: opts.node, affinity: opts.affinity },
  };
}

function term(
  key: string,
  value: string,
  topologyKey: string,
  extra: Partial<PodAffinityTerm> = {},
): PodAffinityTerm {
  return {
    labelSelector: { matchExpressions: [{ key, operator: 'In', values: [value] }] },
    topologyKey,
    ...extra,
  };
}

const NODES = [
  node('n1', { zone: 'z1', region: 'r1' }),
  node('n2', { zone: 'z1', region: 'r1' }),
  node('n3', { zone: 'z2', region: 'r1' }),
];

function runFilter(incoming: Pod, existing: Pod[], nodes: Node[] = NODES, namespaces: Namespace[] = []) {
  const { handle, informers, snapshot } = snapshotHandle(existing, nodes);
  for (const ns of namespaces) informers.informerFor(NAMESPACES).indexer.add(ns);
  const pl = factory(undefined, handle) as P;
  const state = new CycleState();
  const pre = pl.preFilter(state, incoming, snapshot.list());
  if (pre.status?.isSkip()) return { skipped: true, results: new Map<string, string>(), pl, state, snapshot };
  const results = new Map<string, string>();
  for (const ni of snapshot.list()) {
    const s = pl.filter(state, incoming, ni);
    results.set(ni.name, s === undefined ? 'ok' : `${s.code}:${s.message()}`);
  }
  return { skipped: false, results, pl, state, snapshot };
}

describe('InterPodAffinity args', () => {
  it('defaults hardPodAffinityWeight to 1 and validates the range', () => {
    assert.deepEqual(argsFrom(undefined), {
      hardPodAffinityWeight: 1,
      ignorePreferredTermsOfExistingPods: false,
    });
    assert.throws(
      () => argsFrom({ hardPodAffinityWeight: 101 }),
      /hardPodAffinityWeight: Invalid value: 101: not in valid range \[0-100\]/,
    );
  });
});

describe('InterPodAffinity filter', () => {
  it('skips when neither the pod nor running pods have required terms', () => {
    const r = runFilter(pod('p', { a: 'b' }), [pod('e', { a: 'b' }, { node: 'n1' })]);
    assert.equal(r.skipped, true);
  });

  it('required affinity: only nodes in the zone of a matching pod', () => {
    const incoming = pod(
      'p',
      {},
      {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'db', 'zone')] },
        },
      },
    );
    const r = runFilter(incoming, [pod('db', { app: 'db' }, { node: 'n2' })]);
    assert.equal(r.results.get('n1'), 'ok');
    assert.equal(r.results.get('n2'), 'ok');
    assert.equal(r.results.get('n3'), `UnschedulableAndUnresolvable:${ERR_REASON_AFFINITY}`);
  });

  it('required affinity: a node without the topology key is rejected', () => {
    const incoming = pod(
      'p',
      {},
      {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'db', 'rack')] },
        },
      },
    );
    const r = runFilter(incoming, [pod('db', { app: 'db' }, { node: 'n2' })]);
    for (const v of r.results.values())
      assert.equal(v, `UnschedulableAndUnresolvable:${ERR_REASON_AFFINITY}`);
  });

  it('required affinity: the first pod of a self-affine group fits anywhere with the key', () => {
    const incoming = pod(
      'p',
      { app: 'web' },
      {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'web', 'zone')] },
        },
      },
    );
    const r = runFilter(incoming, []);
    for (const v of r.results.values()) assert.equal(v, 'ok');
    // Not self-matching: nowhere.
    const other = pod(
      'q',
      { app: 'x' },
      {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'web', 'zone')] },
        },
      },
    );
    for (const v of runFilter(other, []).results.values())
      assert.equal(v, `UnschedulableAndUnresolvable:${ERR_REASON_AFFINITY}`);
  });

  it('required affinity: matching pods in another namespace do not count', () => {
    const incoming = pod(
      'p',
      {},
      {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'db', 'zone')] },
        },
      },
    );
    const r = runFilter(incoming, [pod('db', { app: 'db' }, { node: 'n2', ns: 'other' })]);
    assert.equal(r.results.get('n1'), `UnschedulableAndUnresolvable:${ERR_REASON_AFFINITY}`);
  });

  it('namespaceSelector: resolved through namespace labels', () => {
    const incoming = pod(
      'p',
      {},
      {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              term('app', 'db', 'zone', { namespaceSelector: { matchLabels: { team: 'a' } } }),
            ],
          },
        },
      },
    );
    const existing = [pod('db', { app: 'db' }, { node: 'n3', ns: 'team-a' })];
    const nss: Namespace[] = [
      { metadata: { name: 'team-a', labels: { team: 'a' } } },
      { metadata: { name: 'default', labels: {} } },
    ];
    const r = runFilter(incoming, existing, NODES, nss);
    assert.equal(r.results.get('n3'), 'ok');
    assert.equal(r.results.get('n1'), `UnschedulableAndUnresolvable:${ERR_REASON_AFFINITY}`);
    // Without the namespace known, nothing matches.
    const r2 = runFilter(incoming, existing, NODES, []);
    assert.equal(r2.results.get('n3'), `UnschedulableAndUnresolvable:${ERR_REASON_AFFINITY}`);
  });

  it('required anti-affinity: rejects nodes in a domain with a matching pod', () => {
    const incoming = pod(
      'p',
      { app: 'web' },
      {
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'web', 'zone')] },
        },
      },
    );
    const r = runFilter(incoming, [pod('w', { app: 'web' }, { node: 'n1' })]);
    assert.equal(r.results.get('n1'), `Unschedulable:${ERR_REASON_ANTI_AFFINITY}`);
    assert.equal(r.results.get('n2'), `Unschedulable:${ERR_REASON_ANTI_AFFINITY}`);
    assert.equal(r.results.get('n3'), 'ok');
  });

  it('symmetry: a running pod anti-affine to the incoming pod keeps it out of its domain', () => {
    const existing = pod(
      'e',
      {},
      {
        node: 'n3',
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'web', 'region')] },
        },
      },
    );
    const r = runFilter(pod('p', { app: 'web' }), [existing]);
    assert.equal(r.skipped, false);
    for (const v of r.results.values()) assert.equal(v, `Unschedulable:${ERR_REASON_EXISTING_ANTI_AFFINITY}`);
    // A pod it does not select is fine.
    for (const v of runFilter(pod('q', { app: 'db' }), [existing]).results.values()) assert.equal(v, 'ok');
  });

  it('symmetry with a namespaceSelector on the running pod uses the incoming namespace labels', () => {
    const existing = pod(
      'e',
      {},
      {
        node: 'n1',
        ns: 'ops',
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              term('app', 'web', 'zone', { namespaceSelector: { matchLabels: { env: 'prod' } } }),
            ],
          },
        },
      },
    );
    const nss: Namespace[] = [{ metadata: { name: 'default', labels: { env: 'prod' } } }];
    const r = runFilter(pod('p', { app: 'web' }), [existing], NODES, nss);
    assert.equal(r.results.get('n2'), `Unschedulable:${ERR_REASON_EXISTING_ANTI_AFFINITY}`);
    assert.equal(r.results.get('n3'), 'ok');
    const r2 = runFilter(pod('p', { app: 'web' }), [existing], NODES, []);
    assert.equal(r2.results.get('n2'), 'ok');
  });

  it('PreFilterExtensions follow added and removed pods; state clones are independent', () => {
    const incoming = pod(
      'p',
      { app: 'web' },
      {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'web', 'kubernetes.io/hostname')],
          },
        },
      },
    );
    const r = runFilter(incoming, []);
    const ext = r.pl.preFilterExtensions?.();
    assert.ok(ext);
    const n1 = r.snapshot.get('n1');
    assert.ok(n1);
    const cloned = r.state.clone();
    const added = newPodInfo(pod('w', { app: 'web' }, { node: 'n1' }));
    ext.addPod(cloned, incoming, added, n1);
    assert.equal(r.pl.filter(cloned, incoming, n1)?.message(), ERR_REASON_ANTI_AFFINITY);
    assert.equal(r.pl.filter(r.state, incoming, n1), undefined);
    ext.removePod(cloned, incoming, added, n1);
    assert.equal(r.pl.filter(cloned, incoming, n1), undefined);
  });

  it('filter without PreFilter state is an error', () => {
    const { handle, snapshot } = snapshotHandle([], NODES);
    const pl = factory(undefined, handle) as P;
    const n1 = snapshot.get('n1');
    assert.ok(n1);
    assert.equal(pl.filter(new CycleState(), pod('p', {}), n1)?.code, 'Error');
  });
});

function runScore(incoming: Pod, existing: Pod[], args?: unknown, nodes: Node[] = NODES) {
  const { handle, snapshot } = snapshotHandle(existing, nodes);
  const pl = factory(args, handle) as P;
  const state = new CycleState();
  const st = pl.preScore(state, incoming, snapshot.list());
  if (st?.isSkip()) return undefined;
  const scores: NodeScore[] = snapshot
    .list()
    .map((ni) => ({ name: ni.name, score: pl.score(state, incoming, ni).score }));
  pl.normalizeScore?.(state, incoming, scores);
  return Object.fromEntries(scores.map((s) => [s.name, s.score]));
}

describe('InterPodAffinity score', () => {
  it('skips when nothing applies', () => {
    assert.equal(runScore(pod('p', {}), [pod('e', {}, { node: 'n1' })]), undefined);
  });

  it('preferred affinity favours the matching zone, anti-affinity the others', () => {
    const aff = pod(
      'p',
      {},
      {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 5, podAffinityTerm: term('app', 'db', 'zone') },
            ],
          },
        },
      },
    );
    const existing = [pod('db', { app: 'db' }, { node: 'n3' })];
    assert.deepEqual(runScore(aff, existing), { n1: 0, n2: 0, n3: 100 });
    const anti = pod(
      'p',
      {},
      {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 5, podAffinityTerm: term('app', 'db', 'zone') },
            ],
          },
        },
      },
    );
    assert.deepEqual(runScore(anti, existing), { n1: 100, n2: 100, n3: 0 });
  });

  it('mixed weights normalize min-max with truncation', () => {
    const p = pod(
      'p',
      {},
      {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 3, podAffinityTerm: term('app', 'db', 'zone') },
              { weight: 2, podAffinityTerm: term('app', 'cache', 'kubernetes.io/hostname') },
            ],
          },
        },
      },
    );
    const existing = [pod('db', { app: 'db' }, { node: 'n1' }), pod('c', { app: 'cache' }, { node: 'n3' })];
    // n1: 3, n2: 3, n3: 2 → min 2, max 3.
    assert.deepEqual(runScore(p, existing), { n1: 100, n2: 100, n3: 0 });
  });

  it("existing pods' required affinity counts with hardPodAffinityWeight and preferred terms by symmetry", () => {
    const existing = [
      pod(
        'e',
        {},
        {
          node: 'n3',
          affinity: {
            podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'web', 'zone')] },
          },
        },
      ),
    ];
    assert.deepEqual(runScore(pod('p', { app: 'web' }), existing), { n1: 0, n2: 0, n3: 100 });
    assert.equal(runScore(pod('p', { app: 'web' }), existing, { hardPodAffinityWeight: 0 }), undefined);
    const pref = [
      pod(
        'e',
        {},
        {
          node: 'n1',
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 10, podAffinityTerm: term('app', 'web', 'zone') },
              ],
            },
          },
        },
      ),
    ];
    assert.deepEqual(runScore(pod('p', { app: 'web' }), pref), { n1: 0, n2: 0, n3: 100 });
    assert.equal(
      runScore(pod('p', { app: 'web' }), pref, { ignorePreferredTermsOfExistingPods: true }),
      undefined,
    );
  });
});

describe('InterPodAffinity namespaceSelector {}', () => {
  it('an empty namespaceSelector selects pods in every namespace', () => {
    const incoming = pod(
      'p',
      {},
      {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              term('app', 'db', 'zone', { namespaceSelector: {} }),
            ],
          },
        },
      },
    );
    const r = runFilter(incoming, [pod('db', { app: 'db' }, { node: 'n3', ns: 'elsewhere' })]);
    assert.equal(r.results.get('n3'), `Unschedulable:${ERR_REASON_ANTI_AFFINITY}`);
    assert.equal(r.results.get('n1'), 'ok');
  });
});

describe('InterPodAffinity queueing hints', () => {
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
  const target = pod(
    'p',
    {},
    {
      affinity: {
        podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'db', 'zone')] },
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('app', 'web', 'rack')] },
      },
    },
  );

  it('pod events', () => {
    const db = pod('db', { app: 'db' }, { node: 'n1' });
    const web = pod('web', { app: 'web' }, { node: 'n1' });
    assert.equal(hint('AssignedPod', 'Add')(target, undefined, db), 'Queue');
    assert.equal(hint('AssignedPod', 'Add')(target, undefined, web), 'QueueSkip');
    assert.equal(hint('AssignedPod', 'Add')(target, undefined, pod('u', { app: 'db' })), 'QueueSkip');
    assert.equal(hint('AssignedPod', 'Delete')(target, web, undefined), 'Queue');
    assert.equal(hint('AssignedPod', 'Delete')(target, db, undefined), 'QueueSkip');
    assert.equal(hint('AssignedPod', 'UpdatePodLabel')(target, pod('x', {}, { node: 'n1' }), db), 'Queue');
    assert.equal(hint('AssignedPod', 'UpdatePodLabel')(target, web, pod('web', {}, { node: 'n1' })), 'Queue');
    assert.equal(hint('AssignedPod', 'UpdatePodLabel')(target, db, db), 'QueueSkip');
  });

  it('node events', () => {
    assert.equal(hint('Node', 'Add')(target, undefined, node('n9', { zone: 'z' })), 'Queue');
    assert.equal(hint('Node', 'Add')(target, undefined, node('n9', { rack: 'r' })), 'Queue');
    assert.equal(
      hint('Node', 'UpdateNodeLabel')(target, node('n9', {}), node('n9', { other: 'x' })),
      'QueueSkip',
    );
  });
});
