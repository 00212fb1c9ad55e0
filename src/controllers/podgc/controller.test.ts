import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { NODES, PODS } from '../../client/resources.js';
import { BatchHarness } from '../job/testing.js';
import { PodGCController } from './controller.js';

const START = Date.UTC(2026, 0, 1);

function pod(name: string, phase: string, created: number, extra: Partial<Pod> = {}): Pod {
  return {
    metadata: { name, namespace: 'default', creationTimestamp: new Date(created).toISOString() },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] },
    status: { phase },
    ...extra,
  };
}

function node(name: string): Node {
  return { metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
}

function names(h: BatchHarness): string[] {
  return h.pods().map((p) => p.metadata?.name ?? '');
}

describe('PodGCController', () => {
  it('deletes the oldest terminated pods over the threshold, evicted ones first', async () => {
    const h = new BatchHarness(START, { terminatedPodGCThreshold: 2 });
    const c = new PodGCController(h.ctx);
    h.seed(NODES, [node('n1')]);
    h.seed(PODS, [
      pod('a-old', 'Succeeded', START - 4000),
      pod('b', 'Failed', START - 3000),
      pod('c-evicted', 'Failed', START - 1000, { status: { phase: 'Failed', reason: 'Evicted' } }),
      pod('d-new', 'Succeeded', START - 500),
      pod('running', 'Running', START - 9000),
    ]);
    assert.equal(c.queue.delayed(), 1, 'terminated pods schedule a pass');
    h.client.clearActions();
    await c.gc();
    assert.deepEqual(names(h), ['b', 'd-new', 'running']);
    const deletes = h.client.actions().filter((a) => a.verb === 'delete');
    assert.deepEqual(
      deletes.map((a) => [a.name, a.options]),
      [
        ['c-evicted', { gracePeriodSeconds: 0 }],
        ['a-old', { gracePeriodSeconds: 0 }],
      ],
    );
    assert.equal(
      h.client.actions().filter((a) => a.verb === 'patch').length,
      0,
      'terminal pods are not patched',
    );
  });

  it('does nothing under the threshold', async () => {
    const h = new BatchHarness(START, { terminatedPodGCThreshold: 5 });
    const c = new PodGCController(h.ctx);
    h.seed(NODES, [node('n1')]);
    h.seed(PODS, [pod('a', 'Succeeded', START), pod('b', 'Failed', START)]);
    await c.gc();
    assert.equal(h.pods().length, 2);
  });

  it('marks pods of a deleted node Failed with DisruptionTarget and deletes them after the quarantine', async () => {
    const h = new BatchHarness(START);
    const c = new PodGCController(h.ctx);
    h.seed(NODES, [node('n1')]);
    h.seed(PODS, [pod('orphan', 'Running', START - 1000, { spec: { nodeName: 'gone', containers: [] } })]);
    await c.gc();
    assert.deepEqual(names(h), ['orphan'], 'quarantined first');
    h.clock.advance(39_000);
    await c.gc();
    assert.deepEqual(names(h), ['orphan']);
    h.clock.advance(1_000);
    assert.equal(c.queue.len(), 1, 'the end of the quarantine triggers a pass');
    h.client.clearActions();
    await c.gc();
    assert.deepEqual(names(h), []);
    const patch = h.client.actions().find((a) => a.verb === 'patch');
    assert.equal(patch?.patchType, 'apply');
    assert.equal(patch?.subresource, 'status');
    assert.deepEqual((patch?.options as { fieldManager?: string } | undefined)?.fieldManager, 'PodGC');
    assert.deepEqual(patch?.patch, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'orphan', namespace: 'default' },
      status: {
        phase: 'Failed',
        conditions: [
          {
            type: 'DisruptionTarget',
            status: 'True',
            reason: 'DeletionByPodGC',
            message: 'PodGC: node no longer exists',
            lastTransitionTime: '2026-01-01T00:00:40Z',
          },
        ],
      },
    });
  });

  it('keeps pods whose node reappears during the quarantine', async () => {
    const h = new BatchHarness(START);
    const c = new PodGCController(h.ctx);
    h.seed(PODS, [pod('p', 'Running', START)]);
    await c.gc();
    h.seed(NODES, [node('n1')]);
    h.clock.advance(40_000);
    await c.gc();
    assert.deepEqual(names(h), ['p']);
  });

  it('deletes terminating pods that were never scheduled', async () => {
    const h = new BatchHarness(START);
    const c = new PodGCController(h.ctx);
    h.seed(PODS, [
      pod('pending', 'Pending', START, { spec: { containers: [] } }),
      pod('dying', 'Pending', START, {
        metadata: { name: 'dying', namespace: 'default', finalizers: ['example.com/hold'] },
        spec: { containers: [] },
      }),
    ]);
    await h.client.resource(PODS).delete('default', 'dying');
    h.refresh();
    await c.gc();
    const dying = h.pods().find((p) => p.metadata?.name === 'dying');
    assert.equal(dying?.status?.phase, 'Failed', 'moved to Failed before the delete');
    assert.ok(h.pods().some((p) => p.metadata?.name === 'pending'));
  });
});
