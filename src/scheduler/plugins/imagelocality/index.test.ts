import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import { newNodeInfo } from '../../framework/node-info.js';
import type { Handle, NodeInfo, ScorePlugin } from '../../framework/types.js';
import { calculatePriority, factory, MIN_THRESHOLD, normalizedImageName } from './index.js';

const MB = 1024 * 1024;
const node = (name: string, images: { names: string[]; sizeBytes: number }[]): Node => ({
  metadata: { name },
  status: { images },
});
const pod = (...images: string[]): Pod => ({
  spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
});

/** NodeInfos with image states whose numNodes counts every node holding the image. */
function infos(nodes: Node[]): NodeInfo[] {
  const count = new Map<string, number>();
  for (const n of nodes)
    for (const img of n.status?.images ?? [])
      for (const nm of img.names ?? []) count.set(nm, (count.get(nm) ?? 0) + 1);
  return nodes.map((n) => {
    const ni = newNodeInfo(n);
    for (const [nm, st] of ni.imageStates)
      ni.imageStates.set(nm, { size: st.size, numNodes: count.get(nm) ?? 1 });
    return ni;
  });
}

function scores(p: Pod, nodes: Node[]): number[] {
  const list = infos(nodes);
  const handle = { snapshot: { nodeInfos: { list: () => list } } } as unknown as Handle;
  const plugin = factory(undefined, handle) as ScorePlugin;
  return list.map((ni) => plugin.score(new CycleState(), p, ni).score);
}

test('normalizedImageName', () => {
  assert.equal(normalizedImageName('gcr.io/40'), 'gcr.io/40:latest');
  assert.equal(normalizedImageName('gcr.io/40:v1'), 'gcr.io/40:v1');
  assert.equal(normalizedImageName('localhost:5000/img'), 'localhost:5000/img:latest');
});

test('ImageLocality score (upstream table)', () => {
  const n1 = node('node1', [
    { names: ['gcr.io/40:latest', 'gcr.io/40:v1'], sizeBytes: 40 * MB },
    { names: ['gcr.io/300:latest', 'gcr.io/300:v1'], sizeBytes: 300 * MB },
    { names: ['gcr.io/2000:latest'], sizeBytes: 2000 * MB },
  ]);
  const n2 = node('node2', [
    { names: ['gcr.io/250:latest'], sizeBytes: 250 * MB },
    { names: ['gcr.io/10:latest', 'gcr.io/10:v1'], sizeBytes: 10 * MB },
  ]);
  // Pod with gcr.io/40 and gcr.io/250: node1 (40 MB, spread 1/2) → 0; node2 (250 MB, spread 1/2) → 5.
  assert.deepEqual(scores(pod('gcr.io/40', 'gcr.io/250'), [n1, n2]), [0, 5]);
  // gcr.io/40 and gcr.io/300: node1 340*0.5 → 7.
  assert.deepEqual(scores(pod('gcr.io/40', 'gcr.io/300'), [n1, n2]), [7, 0]);
  // Images below the minimum threshold score 0.
  assert.deepEqual(scores(pod('gcr.io/10', 'gcr.io/10'), [n1, n2]), [0, 0]);
  // A huge image clamps at the per-container maximum.
  assert.deepEqual(scores(pod('gcr.io/2000'), [n1, n2]), [100, 0]); // 2000 MB × 1/2 reaches the cap
  assert.equal(calculatePriority(MIN_THRESHOLD - 1, 1), 0);
  assert.equal(calculatePriority(1000 * MB, 1), 100);
  assert.equal(calculatePriority(0, 0), 0);
});
