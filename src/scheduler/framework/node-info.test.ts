import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { newNodeInfo } from './node-info.js';
import { newPodInfo } from './pod-info.js';
import { newSnapshot } from './snapshot.js';

function node(name: string, images: { names: string[]; sizeBytes: number }[] = []): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, images },
  };
}

function pod(name: string, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels },
    spec: {
      containers: [
        {
          name: 'c',
          resources: { requests: { cpu: '500m' } },
          ports: [{ containerPort: 80, hostPort: 8080 }],
        },
      ],
      volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'data' } }],
      ...extra,
    },
  };
}

const antiAffinity = {
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  },
};

describe('NodeInfo', () => {
  it('adds and removes pods, keeping aggregates and generation', () => {
    const ni = newNodeInfo(node('n1'));
    assert.equal(ni.allocatable.milliCPU, 4000);
    assert.equal(ni.allocatable.allowedPodNumber, 110);
    const g0 = ni.generation;
    ni.addPod(pod('a'));
    ni.addPod(pod('b', antiAffinity));
    assert.ok(ni.generation > g0);
    assert.equal(ni.requested.milliCPU, 1000);
    assert.equal(ni.nonZeroRequested.memory, 2 * 200 * 1024 * 1024);
    assert.equal(ni.usedPorts.length, 2);
    assert.equal(ni.usedPorts[0]?.ip, '0.0.0.0');
    assert.equal(ni.usedPorts[0]?.protocol, 'TCP');
    assert.equal(ni.pvcRefCounts.get('ns/data'), 2);
    assert.equal(ni.podsWithAffinity.length, 1);
    assert.equal(ni.podsWithRequiredAntiAffinity.length, 1);
    const g1 = ni.generation;
    assert.equal(ni.removePod(pod('b')), true);
    assert.ok(ni.generation > g1);
    assert.equal(ni.requested.milliCPU, 500);
    assert.equal(ni.podsWithAffinity.length, 0);
    assert.equal(ni.pvcRefCounts.get('ns/data'), 1);
    assert.equal(ni.removePod(pod('zzz')), false);
    assert.equal(ni.removePod(pod('a')), true);
    assert.equal(ni.pvcRefCounts.size, 0);
    assert.equal(ni.usedPorts.length, 0);
    assert.equal(ni.pods.length, 0);
  });

  it('clone is independent', () => {
    const ni = newNodeInfo(node('n1'), [pod('a')]);
    const c = ni.clone();
    c.addPod(pod('b'));
    assert.equal(ni.pods.length, 1);
    assert.equal(ni.requested.milliCPU, 500);
    assert.equal(c.requested.milliCPU, 1000);
  });
});

describe('newPodInfo', () => {
  it('defaults namespaces to the pod namespace and merges matchLabelKeys', () => {
    const pi = newPodInfo(
      pod(
        'a',
        {
          affinity: {
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  labelSelector: { matchLabels: { app: 'x' } },
                  topologyKey: 'zone',
                  matchLabelKeys: ['rev'],
                  mismatchLabelKeys: ['team'],
                },
              ],
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 5,
                  podAffinityTerm: { labelSelector: {}, topologyKey: 'zone', namespaceSelector: {} },
                },
              ],
            },
          },
        },
        { rev: '1', team: 't' },
      ),
    );
    const t = pi.requiredAffinityTerms[0];
    assert.ok(t);
    assert.deepEqual([...t.namespaces], ['ns']);
    assert.equal(t.namespaceSelector, undefined);
    assert.equal(t.selector.matches({ app: 'x', rev: '1', team: 'u' }), true);
    assert.equal(t.selector.matches({ app: 'x', rev: '2', team: 'u' }), false);
    assert.equal(t.selector.matches({ app: 'x', rev: '1', team: 't' }), false);
    const p = pi.preferredAffinityTerms[0];
    assert.ok(p);
    assert.equal(p.weight, 5);
    assert.equal(p.namespaces.size, 0);
    assert.equal(p.namespaceSelector?.empty(), true);
  });

  it('a nil label selector matches nothing', () => {
    const pi = newPodInfo(
      pod('a', {
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone' }] },
        },
      }),
    );
    assert.equal(pi.requiredAntiAffinityTerms[0]?.selector.matches({}), false);
  });
});

describe('newSnapshot', () => {
  it('places pods on their nodes and counts image presence across nodes', () => {
    const img = { names: ['nginx:1'], sizeBytes: 100 };
    const s = newSnapshot(
      [{ ...pod('a', { nodeName: 'n1', ...antiAffinity }) }, pod('unbound')],
      [node('n1', [img]), node('n2', [img]), node('n3')],
    );
    assert.equal(s.nodeInfos.list().length, 3);
    assert.equal(s.nodeInfos.get('n1')?.pods.length, 1);
    assert.equal(s.nodeInfos.get('n2')?.pods.length, 0);
    assert.deepEqual(s.nodeInfos.get('n2')?.imageStates.get('nginx:1'), { size: 100, numNodes: 2 });
    assert.equal(s.nodeInfos.havePodsWithRequiredAntiAffinityList().length, 1);
    assert.equal(s.nodeInfos.havePodsWithAffinityList()[0]?.name, 'n1');
  });
});
