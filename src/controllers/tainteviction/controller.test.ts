import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { NODES, PODS } from '../../client/resources.js';
import { addObjects, newTestContext, settle, type TestContext } from '../testing.js';
import { TaintEvictionController } from './controller.js';
import { matchingTolerations, minTolerationMs, tolerates } from './tolerations.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

const node = (name: string, taints: Taint[] = []): Node => ({ metadata: { name }, spec: { taints } });
const pod = (name: string, tolerations: Toleration[] = []): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: 'n', tolerations, containers: [{ name: 'c', image: 'i' }] },
});

async function started(t: TestContext): Promise<TaintEvictionController> {
  const c = new TaintEvictionController(t.ctx);
  await c.run(new AbortController().signal);
  return c;
}

const exists = async (t: TestContext, name: string) =>
  t.client
    .resource(PODS)
    .get('default', name)
    .then(
      () => true,
      () => false,
    );

describe('tolerations', () => {
  it('match by effect, key, operator and value', () => {
    const taint: Taint = { key: 'k', value: 'v', effect: 'NoExecute' };
    assert.equal(tolerates({ operator: 'Exists' }, taint), true);
    assert.equal(tolerates({ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, taint), false);
    assert.equal(tolerates({ key: 'k', value: 'v' }, taint), true);
    assert.equal(tolerates({ key: 'k', value: 'w' }, taint), false);
    assert.equal(tolerates({ key: 'other', operator: 'Exists' }, taint), false);
  });

  it('the shortest tolerationSeconds wins; none set means forever', () => {
    assert.equal(minTolerationMs([{ tolerationSeconds: 300 }, { tolerationSeconds: 30 }]), 30_000);
    assert.equal(minTolerationMs([{ operator: 'Exists' }]), -1);
    assert.equal(minTolerationMs([{ tolerationSeconds: -5 }]), 0);
    assert.equal(minTolerationMs([]), 0);
    assert.deepEqual(matchingTolerations([unreachable], []), { all: false, used: [] });
  });
});

describe('TaintEvictionController', () => {
  it('deletes a pod that does not tolerate the taint at once, with a DisruptionTarget condition first', async () => {
    const t = newTestContext();
    addObjects(t, NODES, [node('n', [unreachable])]);
    addObjects(t, PODS, [pod('p')]);
    await started(t);
    t.clock.advance(0);
    await settle(30);
    assert.equal(await exists(t, 'p'), false);
    const patch = t.client.actions().find((a) => a.verb === 'patch' && a.subresource === 'status');
    assert.ok(patch !== undefined);
    const body = patch.patch as { status: { conditions: { reason: string }[] } };
    assert.equal(body.status.conditions[0]?.reason, 'DeletionByTaintManager');
    assert.deepEqual(
      t.events.events.map((e) => e.message),
      ['Marking for deletion Pod default/p'],
    );
  });

  it('waits tolerationSeconds, and keeps pods that tolerate forever', async () => {
    const t = newTestContext();
    addObjects(t, NODES, [node('n', [unreachable])]);
    addObjects(t, PODS, [
      pod('timed', [
        { key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ]),
      pod('forever', [{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute' }]),
    ]);
    await started(t);
    t.clock.advance(299_000);
    await settle(30);
    assert.equal(await exists(t, 'timed'), true);
    t.clock.advance(1_000);
    await settle(30);
    assert.equal(await exists(t, 'timed'), false);
    assert.equal(await exists(t, 'forever'), true);
  });

  it('cancels a scheduled deletion when the taint goes', async () => {
    const t = newTestContext();
    addObjects(t, NODES, [node('n', [unreachable])]);
    addObjects(t, PODS, [
      pod('timed', [
        { key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      ]),
    ]);
    const c = await started(t);
    assert.equal(c.scheduledEvictions().size, 1);
    const informer = t.informers.informerFor(NODES);
    // The handler path: simulate the informer delivering the untainted node.
    (c as unknown as { nodeChanged(n: Node): void }).nodeChanged(node('n'));
    informer.indexer.update(node('n'));
    assert.equal(c.scheduledEvictions().size, 0);
    t.clock.advance(120_000);
    await settle(30);
    assert.equal(await exists(t, 'timed'), true);
    assert.deepEqual(
      t.events.events.map((e) => e.message),
      ['Cancelling deletion of Pod default/timed'],
    );
  });
});
