import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, NodeAffinity, NodeSelectorTerm, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import { newNodeInfo } from '../../framework/node-info.js';
import type {
  FilterPlugin,
  Handle,
  NodeScore,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/types.js';
import {
  ERR_REASON_CONFLICT,
  ERR_REASON_ENFORCED,
  ERR_REASON_POD,
  factory,
  type NodeAffinityArgs,
} from './index.js';

type P = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
const mk = (args?: NodeAffinityArgs) => factory(args, {} as Handle) as P;
const node = (name: string, labels: Record<string, string> = {}): Node => ({ metadata: { name, labels } });
const required = (...terms: NodeSelectorTerm[]): Pod => ({
  spec: {
    containers: [],
    affinity: {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
    },
  },
});

function run(plugin: P, pod: Pod, n: Node) {
  const state = new CycleState();
  const pre = plugin.preFilter(state, pod, []);
  if (pre.status?.isSkip()) return { pre, filter: plugin.filter(new CycleState(), pod, newNodeInfo(n)) };
  if (pre.status) return { pre, filter: undefined };
  return { pre, filter: plugin.filter(state, pod, newNodeInfo(n)) };
}

test('NodeAffinity filter (upstream table)', () => {
  const plugin = mk();
  const cases: { name: string; pod: Pod; node: Node; ok: boolean }[] = [
    { name: 'no selector', pod: { spec: { containers: [] } }, node: node('n'), ok: true },
    {
      name: 'nodeSelector missing label',
      pod: { spec: { containers: [], nodeSelector: { foo: 'bar' } } },
      node: node('n'),
      ok: false,
    },
    {
      name: 'nodeSelector matches',
      pod: { spec: { containers: [], nodeSelector: { foo: 'bar' } } },
      node: node('n', { foo: 'bar', baz: 'x' }),
      ok: true,
    },
    {
      name: 'nodeSelector other value',
      pod: { spec: { containers: [], nodeSelector: { foo: 'bar' } } },
      node: node('n', { foo: 'baz' }),
      ok: false,
    },
    {
      name: 'In matches',
      pod: required({ matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar', 'value2'] }] }),
      node: node('n', { foo: 'bar' }),
      ok: true,
    },
    {
      name: 'Gt matches',
      pod: required({ matchExpressions: [{ key: 'kernel-version', operator: 'Gt', values: ['0204'] }] }),
      node: node('n', { 'kernel-version': '0206' }),
      ok: true,
    },
    {
      name: 'Gt equal fails',
      pod: required({ matchExpressions: [{ key: 'v', operator: 'Gt', values: ['5'] }] }),
      node: node('n', { v: '5' }),
      ok: false,
    },
    {
      name: 'Lt matches',
      pod: required({ matchExpressions: [{ key: 'v', operator: 'Lt', values: ['10'] }] }),
      node: node('n', { v: '-3' }),
      ok: true,
    },
    {
      name: 'Gt with non-integer label',
      pod: required({ matchExpressions: [{ key: 'v', operator: 'Gt', values: ['1'] }] }),
      node: node('n', { v: 'abc' }),
      ok: false,
    },
    {
      name: 'Gt with non-integer value',
      pod: required({ matchExpressions: [{ key: 'v', operator: 'Gt', values: ['x'] }] }),
      node: node('n', { v: '5' }),
      ok: false,
    },
    {
      name: 'Gt with two values',
      pod: required({ matchExpressions: [{ key: 'v', operator: 'Gt', values: ['1', '2'] }] }),
      node: node('n', { v: '5' }),
      ok: false,
    },
    {
      name: 'NotIn with missing label',
      pod: required({ matchExpressions: [{ key: 'mem-type', operator: 'NotIn', values: ['DDR', 'DDR2'] }] }),
      node: node('n', {}),
      ok: true,
    },
    {
      name: 'Exists',
      pod: required({ matchExpressions: [{ key: 'GPU', operator: 'Exists' }] }),
      node: node('n', { GPU: 'NVIDIA-GRID-K1' }),
      ok: true,
    },
    {
      name: 'DoesNotExist fails',
      pod: required({ matchExpressions: [{ key: 'GPU', operator: 'DoesNotExist' }] }),
      node: node('n', { GPU: 'x' }),
      ok: false,
    },
    { name: 'empty terms list matches nothing', pod: required(), node: node('n', { foo: 'bar' }), ok: false },
    { name: 'empty term matches nothing', pod: required({}), node: node('n', { foo: 'bar' }), ok: false },
    {
      name: 'terms are ORed',
      pod: required(
        { matchExpressions: [{ key: 'foo', operator: 'In', values: ['x'] }] },
        { matchExpressions: [{ key: 'diffkey', operator: 'In', values: ['wrong', 'value2'] }] },
      ),
      node: node('n', { diffkey: 'value2' }),
      ok: true,
    },
    {
      name: 'nodeSelector and affinity are ANDed',
      pod: {
        ...required({ matchExpressions: [{ key: 'foo', operator: 'Exists' }] }),
        spec: {
          ...required({ matchExpressions: [{ key: 'foo', operator: 'Exists' }] }).spec,
          containers: [],
          nodeSelector: { foo: 'bar' },
        },
      },
      node: node('n', { foo: 'baz' }),
      ok: false,
    },
    {
      name: 'matchFields name matches',
      pod: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] }),
      node: node('node1'),
      ok: true,
    },
    {
      name: 'matchFields NotIn',
      pod: required({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node1'] }] }),
      node: node('node1'),
      ok: false,
    },
  ];
  for (const c of cases) {
    const { filter } = run(plugin, c.pod, c.node);
    if (c.ok) assert.equal(filter, undefined, c.name);
    else {
      assert.equal(filter?.code, 'UnschedulableAndUnresolvable', c.name);
      assert.deepEqual(filter?.reasons, [ERR_REASON_POD], c.name);
    }
  }
});

test('NodeAffinity prefilter narrows to named nodes', () => {
  const plugin = mk();
  const byName = (...names: string[][]) =>
    required(...names.map((vs) => ({ matchFields: [{ key: 'metadata.name', operator: 'In', values: vs }] })));
  assert.equal(plugin.preFilter(new CycleState(), { spec: { containers: [] } }, []).status?.code, 'Skip');
  assert.deepEqual(
    [...(plugin.preFilter(new CycleState(), byName(['a']), []).result?.nodeNames ?? [])],
    ['a'],
  );
  assert.deepEqual(
    [...(plugin.preFilter(new CycleState(), byName(['a'], ['b', 'c']), []).result?.nodeNames ?? [])].sort(),
    ['a', 'b', 'c'],
  );
  // Intersection within a term.
  const both = required({
    matchFields: [
      { key: 'metadata.name', operator: 'In', values: ['a', 'b'] },
      { key: 'metadata.name', operator: 'In', values: ['b', 'c'] },
    ],
  });
  assert.deepEqual([...(plugin.preFilter(new CycleState(), both, []).result?.nodeNames ?? [])], ['b']);
  const conflict = required({
    matchFields: [
      { key: 'metadata.name', operator: 'In', values: ['a'] },
      { key: 'metadata.name', operator: 'In', values: ['b'] },
    ],
  });
  const s = plugin.preFilter(new CycleState(), conflict, []).status;
  assert.equal(s?.code, 'UnschedulableAndUnresolvable');
  assert.equal(s?.message(), ERR_REASON_CONFLICT);
  // A term without a name field leaves all nodes eligible.
  const mixed = required(
    { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] },
    { matchExpressions: [{ key: 'foo', operator: 'Exists' }] },
  );
  assert.equal(plugin.preFilter(new CycleState(), mixed, []).result, undefined);
});

test('NodeAffinity addedAffinity', () => {
  const added: NodeAffinity = {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['foo'] }] }],
    },
  };
  const plugin = mk({ addedAffinity: added });
  const pod: Pod = { spec: { containers: [] } };
  const state = new CycleState();
  assert.equal(plugin.preFilter(state, pod, []).status, undefined);
  assert.equal(plugin.filter(state, pod, newNodeInfo(node('n', { zone: 'foo' }))), undefined);
  const s = plugin.filter(state, pod, newNodeInfo(node('n', { zone: 'bar' })));
  assert.equal(s?.code, 'UnschedulableAndUnresolvable');
  assert.equal(s?.message(), ERR_REASON_ENFORCED);
  assert.throws(
    () =>
      mk({
        addedAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['x'] }] }],
          },
        },
      }),
    /must be specified single value/,
  );
});

test('NodeAffinity preferred score + normalize', () => {
  const plugin = mk();
  const pod: Pod = {
    spec: {
      containers: [],
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 2,
              preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] },
            },
            {
              weight: 4,
              preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] },
            },
            { weight: 5, preference: { matchExpressions: [{ key: 'az', operator: 'In', values: ['az1'] }] } },
          ],
        },
      },
    },
  };
  const nodes = [
    node('a', { foo: 'bar' }),
    node('b', { foo: 'bar', key: 'value', az: 'az1' }),
    node('c', { key: 'value' }),
  ].map((n) => newNodeInfo(n));
  const state = new CycleState();
  assert.equal(plugin.preScore(state, pod, nodes), undefined);
  const sc: NodeScore[] = nodes.map((ni) => ({ name: ni.name, score: plugin.score(state, pod, ni).score }));
  assert.deepEqual(
    sc.map((s) => s.score),
    [2, 11, 4],
  );
  plugin.normalizeScore?.(state, pod, sc);
  assert.deepEqual(
    sc.map((s) => s.score),
    [18, 100, 36],
  );
  assert.equal(plugin.preScore(new CycleState(), { spec: { containers: [] } }, nodes)?.code, 'Skip');
});
