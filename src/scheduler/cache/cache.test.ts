import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { ManualClock } from '../../client/testing/manual-clock.js';
import { Snapshot } from '../framework/snapshot.js';
import { CacheError, SchedulerCache } from './cache.js';
import { NodeTree } from './node-tree.js';

function node(name: string, zone?: string, images: string[] = []): Node {
  return {
    metadata: { name, labels: zone ? { 'topology.kubernetes.io/zone': zone } : {} },
    status: {
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      images: images.map((i) => ({ names: [i], sizeBytes: 10 })),
    },
  };
}

function pod(name: string, nodeName: string, cpu = '1'): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}` },
    spec: { nodeName, containers: [{ name: 'c', resources: { requests: { cpu } } }] },
  };
}

describe('SchedulerCache', () => {
  it('assume, finish binding, confirm on add', () => {
    const cache = new SchedulerCache({ clock: new ManualClock() });
    cache.addNode(node('n1'));
    const p = pod('a', 'n1');
    cache.assumePod(p);
    assert.equal(cache.isAssumedPod(p), true);
    assert.equal(cache.nodeInfo('n1')?.requested.milliCPU, 1000);
    assert.throws(() => cache.assumePod(p), CacheError);
    cache.finishBinding(p);
    cache.addPod(p);
    assert.equal(cache.isAssumedPod(p), false);
    assert.equal(cache.nodeInfo('n1')?.requested.milliCPU, 1000);
    assert.equal(cache.podCount(), 1);
  });

  it('confirmation on another node moves the charge', () => {
    const cache = new SchedulerCache({ clock: new ManualClock() });
    cache.addNode(node('n1'));
    cache.addNode(node('n2'));
    cache.assumePod(pod('a', 'n1'));
    cache.addPod(pod('a', 'n2'));
    assert.equal(cache.nodeInfo('n1')?.requested.milliCPU, 0);
    assert.equal(cache.nodeInfo('n2')?.requested.milliCPU, 1000);
  });

  it('forget removes an assumed pod; forgetting a bound pod is an error', () => {
    const cache = new SchedulerCache({ clock: new ManualClock() });
    cache.addNode(node('n1'));
    cache.assumePod(pod('a', 'n1'));
    cache.forgetPod(pod('a', 'n1'));
    assert.equal(cache.nodeInfo('n1')?.pods.length, 0);
    cache.addPod(pod('b', 'n1'));
    assert.throws(() => cache.forgetPod(pod('b', 'n1')), CacheError);
  });

  it('assumed pods never expire with the default TTL', () => {
    const clock = new ManualClock();
    const cache = new SchedulerCache({ clock });
    cache.addNode(node('n1'));
    cache.assumePod(pod('a', 'n1'));
    cache.finishBinding(pod('a', 'n1'));
    clock.advance(3_600_000);
    cache.cleanupExpiredAssumedPods();
    assert.equal(cache.isAssumedPod(pod('a', 'n1')), true);
    assert.equal(clock.pending(), 0);
  });

  it('assumed pods expire after the TTL once binding finished', () => {
    const clock = new ManualClock();
    const cache = new SchedulerCache({ clock, assumedPodTtlMs: 30_000 });
    cache.addNode(node('n1'));
    cache.assumePod(pod('a', 'n1'));
    cache.assumePod(pod('b', 'n1'));
    cache.finishBinding(pod('a', 'n1'));
    clock.advance(29_000);
    assert.equal(cache.nodeInfo('n1')?.pods.length, 2);
    clock.advance(2_000);
    assert.equal(cache.isAssumedPod(pod('a', 'n1')), false);
    assert.equal(cache.isAssumedPod(pod('b', 'n1')), true, 'binding not finished: kept');
    assert.equal(cache.nodeInfo('n1')?.pods.length, 1);
    cache.close();
  });

  it('update and remove of bound pods', () => {
    const cache = new SchedulerCache({ clock: new ManualClock() });
    cache.addNode(node('n1'));
    cache.addPod(pod('a', 'n1', '1'));
    cache.updatePod(pod('a', 'n1', '1'), pod('a', 'n1', '2'));
    assert.equal(cache.nodeInfo('n1')?.requested.milliCPU, 2000);
    cache.removePod(pod('a', 'n1'));
    assert.equal(cache.nodeInfo('n1')?.requested.milliCPU, 0);
  });

  it('pods arriving before their node, and a node removed before its pods', () => {
    const cache = new SchedulerCache({ clock: new ManualClock() });
    cache.addPod(pod('a', 'n1'));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    assert.equal(snap.nodeInfos.list().length, 0);
    cache.addNode(node('n1'));
    cache.updateSnapshot(snap);
    assert.equal(snap.nodeInfos.get('n1')?.pods.length, 1);
    cache.removeNode(node('n1'));
    cache.updateSnapshot(snap);
    assert.equal(snap.nodeInfos.list().length, 0);
    assert.equal(cache.nodeInfo('n1')?.pods.length, 1);
    cache.removePod(pod('a', 'n1'));
    assert.equal(cache.nodeInfo('n1'), undefined);
  });

  it('updateSnapshot copies only changed nodes and keeps lists in zone round-robin order', () => {
    const cache = new SchedulerCache({ clock: new ManualClock() });
    for (const [n, z] of [
      ['a1', 'a'],
      ['a2', 'a'],
      ['b1', 'b'],
      ['c1', 'c'],
      ['b2', 'b'],
    ] as const) {
      cache.addNode(node(n, z));
    }
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    assert.deepEqual(
      snap.nodeInfos.list().map((n) => n.name),
      ['a1', 'b1', 'c1', 'a2', 'b2'],
    );
    const b1 = snap.nodeInfos.get('b1');
    const a1 = snap.nodeInfos.get('a1');
    cache.addPod(pod('p', 'b1'));
    cache.updateSnapshot(snap);
    assert.equal(snap.nodeInfos.get('b1'), b1, 'same object updated in place');
    assert.equal(b1?.pods.length, 1);
    assert.equal(snap.nodeInfos.get('a1'), a1);
    // The cache's NodeInfo is not shared with the snapshot.
    cache.addPod(pod('q', 'b1'));
    assert.equal(b1?.pods.length, 1);
    cache.removeNode(node('c1', 'c'));
    cache.updateSnapshot(snap);
    assert.deepEqual(
      snap.nodeInfos.list().map((n) => n.name),
      ['a1', 'b1', 'a2', 'b2'],
    );
    assert.equal(snap.nodeInfos.get('b1')?.pods.length, 2);
  });

  it('tracks pods with affinity in the snapshot lists', () => {
    const cache = new SchedulerCache({ clock: new ManualClock() });
    cache.addNode(node('n1'));
    cache.addNode(node('n2'));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    const p: Pod = {
      ...pod('x', 'n2'),
      spec: {
        nodeName: 'n2',
        containers: [{ name: 'c' }],
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {}, topologyKey: 'zone' }],
          },
        },
      },
    };
    cache.addPod(p);
    cache.updateSnapshot(snap);
    assert.deepEqual(
      snap.nodeInfos.havePodsWithRequiredAntiAffinityList().map((n) => n.name),
      ['n2'],
    );
    cache.removePod(p);
    cache.updateSnapshot(snap);
    assert.equal(snap.nodeInfos.havePodsWithAffinityList().length, 0);
  });

  it('counts image presence across nodes', () => {
    const cache = new SchedulerCache({ clock: new ManualClock() });
    cache.addNode(node('n1', undefined, ['img:1']));
    cache.addNode(node('n2', undefined, ['img:1']));
    assert.deepEqual(cache.nodeInfo('n2')?.imageStates.get('img:1'), { size: 10, numNodes: 2 });
  });
});

describe('NodeTree', () => {
  it('interleaves zones and moves nodes whose zone changed', () => {
    const t = new NodeTree();
    t.add(node('a1', 'a'));
    t.add(node('a2', 'a'));
    t.add(node('b1', 'b'));
    assert.deepEqual(t.list(), ['a1', 'b1', 'a2']);
    t.update(node('a2', 'a'), node('a2', 'b'));
    assert.deepEqual(t.list(), ['a1', 'b1', 'a2']);
    t.update(node('a1', 'a'), node('a1', 'b'));
    assert.deepEqual(t.list(), ['b1', 'a2', 'a1']);
    assert.equal(t.numNodes, 3);
  });
});
