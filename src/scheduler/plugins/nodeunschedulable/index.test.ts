import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import { newNodeInfo } from '../../framework/node-info.js';
import type { EnqueueExtensions, FilterPlugin, Handle } from '../../framework/types.js';
import { ERR_REASON_UNSCHEDULABLE, factory, NAME } from './index.js';

const plugin = factory(undefined, {} as Handle) as FilterPlugin & EnqueueExtensions;
const node = (unschedulable?: boolean): Node => ({ metadata: { name: 'n1' }, spec: { unschedulable } });

test('NodeUnschedulable filter', () => {
  assert.equal(plugin.name, NAME);
  const cases: { name: string; pod: Pod; node: Node; want?: string }[] = [
    { name: 'schedulable node', pod: { spec: { containers: [] } }, node: node(false) },
    { name: 'unset', pod: { spec: { containers: [] } }, node: node() },
    {
      name: 'unschedulable node',
      pod: { spec: { containers: [] } },
      node: node(true),
      want: ERR_REASON_UNSCHEDULABLE,
    },
    {
      name: 'tolerates the unschedulable taint',
      pod: {
        spec: {
          containers: [],
          tolerations: [
            { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
          ],
        },
      },
      node: node(true),
    },
    {
      name: 'toleration with another effect does not help',
      pod: {
        spec: {
          containers: [],
          tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }],
        },
      },
      node: node(true),
      want: ERR_REASON_UNSCHEDULABLE,
    },
    {
      name: 'tolerate-everything toleration',
      pod: { spec: { containers: [], tolerations: [{ operator: 'Exists' }] } },
      node: node(true),
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

test('NodeUnschedulable queueing hints', () => {
  const ev = plugin.eventsToRegister();
  const upd = ev.find((e) => e.event.action === 'UpdateNodeTaint');
  const pod: Pod = { spec: { containers: [] } };
  assert.equal(upd?.hint?.(pod, node(true), node(false)), 'Queue');
  assert.equal(upd?.hint?.(pod, node(false), node(false)), 'QueueSkip');
  assert.equal(upd?.hint?.(pod, node(false), node(true)), 'QueueSkip');
  const add = ev.find((e) => e.event.action === 'Add');
  assert.equal(add?.hint?.(pod, undefined, node(true)), 'QueueSkip');
  assert.equal(add?.hint?.(pod, undefined, node(false)), 'Queue');
});
