import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import { newNodeInfo } from '../../framework/node-info.js';
import type { FilterPlugin, Handle, NodeScore, PreScorePlugin, ScorePlugin } from '../../framework/types.js';
import { factory } from './index.js';

const plugin = factory(undefined, {} as Handle) as FilterPlugin & PreScorePlugin & ScorePlugin;
const node = (name: string, taints: Taint[]): Node => ({ metadata: { name }, spec: { taints } });
const pod = (tolerations: Toleration[]): Pod => ({ spec: { containers: [], tolerations } });

test('TaintToleration filter (upstream table)', () => {
  const cases: { name: string; pod: Pod; node: Node; want?: string }[] = [
    {
      name: 'pod without tolerations on tainted node',
      pod: pod([]),
      node: node('n', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
      want: 'node(s) had untolerated taint {dedicated: user1}',
    },
    {
      name: 'tolerated with Equal',
      pod: pod([{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
      node: node('n', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
    },
    {
      name: 'value mismatch',
      pod: pod([{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }]),
      node: node('n', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
      want: 'node(s) had untolerated taint {dedicated: user1}',
    },
    {
      name: 'Exists tolerates any value',
      pod: pod([{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }]),
      node: node('n', [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }]),
    },
    {
      name: 'multiple tolerations cover multiple taints',
      pod: pod([
        { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      ]),
      node: node('n', [
        { key: 'dedicated', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      ]),
    },
    {
      name: 'effect mismatch',
      pod: pod([{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      node: node('n', [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }]),
      want: 'node(s) had untolerated taint {foo: bar}',
    },
    {
      name: 'PreferNoSchedule taints do not filter',
      pod: pod([]),
      node: node('n', [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }]),
    },
    {
      name: 'empty value prints as key: ',
      pod: pod([]),
      node: node('n', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]),
      want: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    },
    {
      name: 'NoExecute filters too',
      pod: pod([]),
      node: node('n', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]),
      want: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
    },
    {
      name: 'empty effect toleration matches all effects',
      pod: pod([{ key: 'foo', operator: 'Exists' }]),
      node: node('n', [{ key: 'foo', value: 'x', effect: 'NoExecute' }]),
    },
  ];
  for (const c of cases) {
    const s = plugin.filter(new CycleState(), c.pod, newNodeInfo(c.node));
    if (c.want === undefined) assert.equal(s, undefined, c.name);
    else {
      assert.equal(s?.code, 'UnschedulableAndUnresolvable', c.name);
      assert.deepEqual(s?.reasons, [c.want], c.name);
    }
  }
});

function scores(p: Pod, nodes: Node[]): number[] {
  const state = new CycleState();
  const infos = nodes.map((n) => newNodeInfo(n));
  assert.equal(plugin.preScore(state, p, infos), undefined);
  const out: NodeScore[] = infos.map((ni) => ({ name: ni.name, score: plugin.score(state, p, ni).score }));
  plugin.normalizeScore?.(state, p, out);
  return out.map((s) => s.score);
}

test('TaintToleration score (upstream table)', () => {
  // Tolerated PreferNoSchedule taints do not count.
  assert.deepEqual(
    scores(pod([{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]), [
      node('a', []),
      node('b', [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }]),
      node('c', [{ key: 'foo', value: 'blah', effect: 'PreferNoSchedule' }]),
    ]),
    [100, 100, 0],
  );
  // More intolerable taints, lower score.
  assert.deepEqual(
    scores(pod([{ key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' }]), [
      node('a', []),
      node('b', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }]),
      node('c', [
        { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' },
        { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' },
      ]),
      node('d', [
        { key: 'cpu-type', value: 'x86', effect: 'PreferNoSchedule' },
        { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' },
      ]),
    ]),
    [100, 100, 50, 0],
  );
  // NoSchedule tolerations do not tolerate PreferNoSchedule taints; NoSchedule taints do not score.
  assert.deepEqual(
    scores(pod([{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }]), [
      node('a', [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }]),
      node('b', [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }]),
    ]),
    [100, 0],
  );
});

test('TaintToleration queueing hints', () => {
  const ev = (plugin as unknown as import('../../framework/types.js').EnqueueExtensions).eventsToRegister();
  const upd = ev.find((e) => e.event.action === 'UpdateNodeTaint');
  const tainted = node('n', [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }]);
  const clean = node('n', []);
  assert.equal(upd?.hint?.(pod([]), tainted, clean), 'Queue');
  assert.equal(upd?.hint?.(pod([]), clean, tainted), 'QueueSkip');
  assert.equal(upd?.hint?.(pod([{ key: 'foo', operator: 'Exists' }]), clean, tainted), 'QueueSkip');
  const add = ev.find((e) => e.event.action === 'Add');
  assert.equal(add?.hint?.(pod([{ key: 'foo', operator: 'Exists' }]), undefined, tainted), 'Queue');
  assert.equal(add?.hint?.(pod([]), undefined, tainted), 'QueueSkip');
});
