import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, PodSpec } from 'kubernetes-types/core/v1.js';
import {
  addDaemonPodTolerations,
  daemonPodTemplate,
  nodeShouldRunDaemonPod,
  replaceNodeNameAffinity,
  targetNodeName,
} from './daemon-pods.js';
import { requiredNodeAffinityMatches, toleratesTaint } from './node-affinity.js';
import { planRollingUpdate } from './rolling-update.js';

function node(name: string, labels: Record<string, string> = {}, taints: Node['spec'] = {}): Node {
  return { metadata: { name, labels }, spec: taints };
}

function ds(spec: Partial<PodSpec> = {}, extra: Partial<NonNullable<DaemonSet['spec']>> = {}): DaemonSet {
  return {
    metadata: { name: 'agent', namespace: 'ns', uid: 'u1' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
      },
      ...extra,
    },
  };
}

describe('daemon pod tolerations', () => {
  test('the six defaults, and network-unavailable for host-network pods', () => {
    const spec: PodSpec = { containers: [] };
    addDaemonPodTolerations(spec);
    assert.deepEqual(
      spec.tolerations?.map((t) => `${t.key}:${t.effect}:${t.operator}`),
      [
        'node.kubernetes.io/not-ready:NoExecute:Exists',
        'node.kubernetes.io/unreachable:NoExecute:Exists',
        'node.kubernetes.io/disk-pressure:NoSchedule:Exists',
        'node.kubernetes.io/memory-pressure:NoSchedule:Exists',
        'node.kubernetes.io/pid-pressure:NoSchedule:Exists',
        'node.kubernetes.io/unschedulable:NoSchedule:Exists',
      ],
    );
    const host: PodSpec = { containers: [], hostNetwork: true };
    addDaemonPodTolerations(host);
    assert.equal(host.tolerations?.at(-1)?.key, 'node.kubernetes.io/network-unavailable');
  });
  test('an equal toleration is not added twice; others are kept', () => {
    const spec: PodSpec = {
      containers: [],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'x', operator: 'Equal', value: 'y', effect: 'NoSchedule' },
      ],
    };
    addDaemonPodTolerations(spec);
    assert.equal(spec.tolerations?.length, 7);
    assert.equal(spec.tolerations?.[1]?.key, 'x');
  });
});

describe('nodeShouldRunDaemonPod', () => {
  const cases: [string, Node, DaemonSet, boolean, boolean][] = [
    ['plain node', node('n'), ds(), true, true],
    ['nodeSelector mismatch', node('n', { role: 'db' }), ds({ nodeSelector: { role: 'web' } }), false, false],
    ['nodeSelector match', node('n', { role: 'web' }), ds({ nodeSelector: { role: 'web' } }), true, true],
    [
      'untolerated NoSchedule: stay but do not start',
      node('n', {}, { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] }),
      ds(),
      false,
      true,
    ],
    [
      'untolerated NoExecute: leave',
      node('n', {}, { taints: [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }] }),
      ds(),
      false,
      false,
    ],
    [
      'tolerated taint',
      node('n', {}, { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] }),
      ds({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'x' }] }),
      true,
      true,
    ],
    [
      'PreferNoSchedule does not matter',
      node('n', {}, { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }),
      ds(),
      true,
      true,
    ],
    [
      'not-ready and unschedulable are tolerated',
      node(
        'n',
        {},
        {
          unschedulable: true,
          taints: [
            { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
            { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
          ],
        },
      ),
      ds(),
      true,
      true,
    ],
    [
      'network-unavailable blocks only non-host-network pods',
      node('n', {}, { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }),
      ds(),
      false,
      true,
    ],
    [
      'network-unavailable with hostNetwork',
      node('n', {}, { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }),
      ds({ hostNetwork: true }),
      true,
      true,
    ],
    ['template nodeName elsewhere', node('n'), ds({ nodeName: 'other' }), false, false],
  ];
  for (const [name, n, d, run, stay] of cases) {
    test(name, () =>
      assert.deepEqual(nodeShouldRunDaemonPod(n, d), { shouldRun: run, shouldContinueRunning: stay }),
    );
  }
});

describe('required node affinity', () => {
  const withTerms = (terms: object[]) =>
    ({
      spec: {
        containers: [],
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
        },
      },
    }) as never;
  const n = node('n1', { zone: 'a', cpus: '8' });
  const cases: [string, object[], boolean][] = [
    ['In', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }], true],
    [
      'NotIn on a missing key',
      [{ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['x'] }] }],
      true,
    ],
    ['DoesNotExist', [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }], false],
    ['Gt', [{ matchExpressions: [{ key: 'cpus', operator: 'Gt', values: ['4'] }] }], true],
    ['Lt', [{ matchExpressions: [{ key: 'cpus', operator: 'Lt', values: ['4'] }] }], false],
    [
      'terms are ORed',
      [
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z'] }] },
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
      ],
      true,
    ],
    ['an empty term matches nothing', [{}], false],
    [
      'matchFields NotIn',
      [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }],
      false,
    ],
  ];
  for (const [name, terms, want] of cases)
    test(name, () => assert.equal(requiredNodeAffinityMatches(withTerms(terms), n), want));
  test('tolerations: Exists with empty key tolerates everything', () => {
    assert.equal(toleratesTaint({ operator: 'Exists' }, { key: 'a', effect: 'NoExecute' }), true);
    assert.equal(
      toleratesTaint({ key: 'a', value: 'x' }, { key: 'a', value: 'y', effect: 'NoSchedule' }),
      false,
    );
  });
});

describe('pinning and templates', () => {
  test('node name affinity replaces required terms and keeps the rest', () => {
    const a = replaceNodeNameAffinity(
      {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'z', operator: 'Exists' }] }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: {} }],
        },
      },
      'n7',
    );
    assert.deepEqual(a.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms, [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n7'] }] },
    ]);
    assert.equal(a.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length, 1);
    assert.equal(targetNodeName({ spec: { containers: [], affinity: a } }), 'n7');
    assert.equal(targetNodeName({ spec: { containers: [], nodeName: 'n2', affinity: a } }), 'n2');
    assert.equal(targetNodeName({ spec: { containers: [] } }), undefined);
  });
  test('template labels: hash, and generation when the annotation is there', () => {
    const d = ds();
    d.metadata!.annotations = { 'deprecated.daemonset.template.generation': '3' };
    const t = daemonPodTemplate(d, 'abc');
    assert.deepEqual(t.metadata?.labels, {
      app: 'agent',
      'pod-template-generation': '3',
      'controller-revision-hash': 'abc',
    });
    assert.equal(t.spec?.tolerations?.length, 6);
  });
});

describe('planRollingUpdate', () => {
  const ready = (name: string, nodeName: string, hash: string) => ({
    metadata: { name, labels: { 'controller-revision-hash': hash } },
    spec: { containers: [], nodeName },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const nodes = [node('a'), node('b'), node('c')];
  const byNode = () =>
    new Map([
      ['a', [ready('p-a', 'a', 'old')]],
      ['b', [ready('p-b', 'b', 'old')]],
      ['c', [ready('p-c', 'c', 'old')]],
    ]);
  test('maxUnavailable 1: one old pod goes', () => {
    const d = ds({}, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } });
    assert.deepEqual(planRollingUpdate(d, nodes, byNode(), 'new', 0), {
      podsToDelete: ['p-a'],
      nodesToCreate: [],
    });
  });
  test('maxUnavailable 2 with one node already missing its pod: one more goes', () => {
    const d = ds({}, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } });
    const m = byNode();
    m.delete('a');
    assert.deepEqual(planRollingUpdate(d, nodes, m, 'new', 0), { podsToDelete: ['p-b'], nodesToCreate: [] });
  });
  test('surge: new pods start beside old ones, old ones go once new are available', () => {
    const d = ds(
      {},
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } },
    );
    assert.deepEqual(planRollingUpdate(d, nodes, byNode(), 'new', 0), {
      podsToDelete: [],
      nodesToCreate: ['a'],
    });
    const m = byNode();
    m.set('a', [ready('p-a', 'a', 'old'), ready('p-a2', 'a', 'new')]);
    assert.deepEqual(planRollingUpdate(d, nodes, m, 'new', 0), {
      podsToDelete: ['p-a'],
      nodesToCreate: ['b'],
    });
  });
});
