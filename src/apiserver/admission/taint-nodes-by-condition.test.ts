import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { taintNodesByCondition } from './taint-nodes-by-condition.js';
import { attrs } from './test-env.js';

const plugin = taintNodesByCondition();

describe('TaintNodesByCondition', () => {
  it('taints a new node not-ready:NoSchedule, after its own taints', async () => {
    const a = attrs(['', 'v1', 'nodes'], 'CREATE', {
      object: { metadata: { name: 'n' }, spec: { taints: [{ key: 'x', effect: 'NoExecute' }] } },
    });
    await plugin.admit!(a);
    assert.deepEqual((a.object!['spec'] as Record<string, unknown>)['taints'], [
      { key: 'x', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
    ]);
  });

  it('keeps an existing taint of the same key and effect, and leaves updates alone', async () => {
    const taints = [{ key: 'node.kubernetes.io/not-ready', value: 'v', effect: 'NoSchedule' }];
    const a = attrs(['', 'v1', 'nodes'], 'CREATE', { object: { metadata: { name: 'n' }, spec: { taints } } });
    await plugin.admit!(a);
    assert.deepEqual((a.object!['spec'] as Record<string, unknown>)['taints'], taints);
    const u = attrs(['', 'v1', 'nodes'], 'UPDATE', {
      name: 'n',
      object: { metadata: { name: 'n' }, spec: {} },
    });
    await plugin.admit!(u);
    assert.deepEqual(u.object!['spec'], {});
  });
});
