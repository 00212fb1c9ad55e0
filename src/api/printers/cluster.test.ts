import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { printTable } from './table.js';
import { ago, cellsOf, columnNames, D, H, NOW } from './testing.js';

type Json = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly group: string;
  readonly resource: string;
  readonly obj: Json;
  readonly want: readonly unknown[];
}

const csr = (status: Json, spec: Json = {}): Json => ({
  metadata: { name: 'csr', creationTimestamp: ago(H) },
  spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'alice', ...spec },
  status,
});
const CERT = ['certificates.k8s.io', 'certificatesigningrequests'] as const;

const cases: readonly Case[] = [
  {
    name: 'pending CSR with a requested duration',
    group: CERT[0],
    resource: CERT[1],
    obj: csr({}, { expirationSeconds: 7200 }),
    want: ['csr', '60m', 'kubernetes.io/kube-apiserver-client', 'alice', '120m', 'Pending'],
  },
  {
    name: 'approved and issued CSR',
    group: CERT[0],
    resource: CERT[1],
    obj: csr({ conditions: [{ type: 'Approved', status: 'True' }], certificate: 'LS0tLS1CRUdJTg==' }),
    want: ['csr', '60m', 'kubernetes.io/kube-apiserver-client', 'alice', '<none>', 'Approved,Issued'],
  },
  {
    name: 'denied wins over approved; failed appended',
    group: CERT[0],
    resource: CERT[1],
    obj: csr(
      { conditions: [{ type: 'Approved' }, { type: 'Denied' }, { type: 'Failed' }] },
      { signerName: '' },
    ),
    want: ['csr', '60m', '<none>', 'alice', '<none>', 'Denied,Failed'],
  },
  {
    name: 'lease holder',
    group: 'coordination.k8s.io',
    resource: 'leases',
    obj: { metadata: { name: 'kube-scheduler' }, spec: { holderIdentity: 'node-a_1234' } },
    want: ['kube-scheduler', 'node-a_1234', '<unknown>'],
  },
  {
    name: 'lease without holder',
    group: 'coordination.k8s.io',
    resource: 'leases',
    obj: { metadata: { name: 'l' }, spec: {} },
    want: ['l', '', '<unknown>'],
  },
  {
    name: 'priorityclass',
    group: 'scheduling.k8s.io',
    resource: 'priorityclasses',
    obj: {
      metadata: { name: 'system-node-critical', creationTimestamp: ago(D) },
      value: 2000001000,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    want: ['system-node-critical', 2000001000, false, '24h', 'PreemptLowerPriority'],
  },
  {
    name: 'priorityclass global default without policy',
    group: 'scheduling.k8s.io',
    resource: 'priorityclasses',
    obj: { metadata: { name: 'p' }, value: -5, globalDefault: true },
    want: ['p', -5, true, '<unknown>', ''],
  },
  {
    name: 'runtimeclass',
    group: 'node.k8s.io',
    resource: 'runtimeclasses',
    obj: { metadata: { name: 'gvisor' }, handler: 'runsc' },
    want: ['gvisor', 'runsc', '<unknown>'],
  },
  {
    name: 'local apiservice',
    group: 'apiregistration.k8s.io',
    resource: 'apiservices',
    obj: {
      metadata: { name: 'v1.apps' },
      spec: {},
      status: { conditions: [{ type: 'Available', status: 'True', reason: 'Local' }] },
    },
    want: ['v1.apps', 'Local', 'True', '<unknown>'],
  },
  {
    name: 'unavailable aggregated apiservice',
    group: 'apiregistration.k8s.io',
    resource: 'apiservices',
    obj: {
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: { service: { namespace: 'kube-system', name: 'metrics-server' } },
      status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }] },
    },
    want: ['v1beta1.metrics.k8s.io', 'kube-system/metrics-server', 'False (MissingEndpoints)', '<unknown>'],
  },
  {
    name: 'apiservice without conditions',
    group: 'apiregistration.k8s.io',
    resource: 'apiservices',
    obj: { metadata: { name: 'x' } },
    want: ['x', 'Local', 'Unknown', '<unknown>'],
  },
  {
    name: 'pdb with min available percent',
    group: 'policy',
    resource: 'poddisruptionbudgets',
    obj: { metadata: { name: 'pdb' }, spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } },
    want: ['pdb', '50%', 'N/A', 1, '<unknown>'],
  },
  {
    name: 'pdb with max unavailable count',
    group: 'policy',
    resource: 'poddisruptionbudgets',
    obj: { metadata: { name: 'pdb' }, spec: { maxUnavailable: 1 } },
    want: ['pdb', 'N/A', '1', 0, '<unknown>'],
  },
  {
    name: 'rolebinding with all subject kinds',
    group: 'rbac.authorization.k8s.io',
    resource: 'rolebindings',
    obj: {
      metadata: { name: 'rb' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', namespace: 'ns', name: 'bot' },
        { kind: 'User', name: 'bob' },
        { kind: 'Other', name: 'x' },
      ],
    },
    want: ['rb', 'Role/reader', '<unknown>', 'alice, bob', 'devs', 'ns/bot'],
  },
  {
    name: 'clusterrolebinding without subjects',
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterrolebindings',
    obj: { metadata: { name: 'crb' }, roleRef: { kind: 'ClusterRole', name: 'admin' } },
    want: ['crb', 'ClusterRole/admin', '<unknown>', '', '', ''],
  },
  {
    name: 'webhook configuration counts webhooks',
    group: 'admissionregistration.k8s.io',
    resource: 'validatingwebhookconfigurations',
    obj: { metadata: { name: 'w' }, webhooks: [{ name: 'a' }, { name: 'b' }] },
    want: ['w', 2, '<unknown>'],
  },
  {
    name: 'validating admission policy with a param kind',
    group: 'admissionregistration.k8s.io',
    resource: 'validatingadmissionpolicies',
    obj: {
      metadata: { name: 'vap' },
      spec: { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'true' }] },
    },
    want: ['vap', 1, 'v1/ConfigMap', '<unknown>'],
  },
  {
    name: 'mutating admission policy without a param kind',
    group: 'admissionregistration.k8s.io',
    resource: 'mutatingadmissionpolicies',
    obj: { metadata: { name: 'map' }, spec: { mutations: [{}, {}] } },
    want: ['map', 2, '<unset>', '<unknown>'],
  },
  {
    name: 'policy binding with a namespaced param',
    group: 'admissionregistration.k8s.io',
    resource: 'validatingadmissionpolicybindings',
    obj: { metadata: { name: 'b' }, spec: { policyName: 'vap', paramRef: { namespace: 'ns', name: 'cfg' } } },
    want: ['b', 'vap', 'ns/cfg', '<unknown>'],
  },
  {
    name: 'policy binding with a param without namespace',
    group: 'admissionregistration.k8s.io',
    resource: 'mutatingadmissionpolicybindings',
    obj: { metadata: { name: 'b' }, spec: { policyName: 'map', paramRef: { name: 'cfg' } } },
    want: ['b', 'map', '*/cfg', '<unknown>'],
  },
  {
    name: 'policy binding with a param selector prints the Go struct text',
    group: 'admissionregistration.k8s.io',
    resource: 'validatingadmissionpolicybindings',
    obj: {
      metadata: { name: 'b' },
      spec: {
        policyName: 'vap',
        paramRef: {
          selector: {
            matchLabels: { z: '1', a: '2' },
            matchExpressions: [
              { key: 'env', operator: 'In', values: ['prod', 'dev'] },
              { key: 'x', operator: 'Exists' },
            ],
          },
        },
      },
    },
    want: [
      'b',
      'vap',
      '&LabelSelector{MatchLabels:map[string]string{a: 2,z: 1,},MatchExpressions:[]LabelSelectorRequirement' +
        '{LabelSelectorRequirement{Key:env,Operator:In,Values:[prod dev],},' +
        'LabelSelectorRequirement{Key:x,Operator:Exists,Values:[],},},}',
      '<unknown>',
    ],
  },
  {
    name: 'policy binding without a param ref',
    group: 'admissionregistration.k8s.io',
    resource: 'validatingadmissionpolicybindings',
    obj: { metadata: { name: 'b' }, spec: { policyName: 'vap' } },
    want: ['b', 'vap', '<unset>', '<unknown>'],
  },
  {
    name: 'limited priority level with queuing',
    group: 'flowcontrol.apiserver.k8s.io',
    resource: 'prioritylevelconfigurations',
    obj: {
      metadata: { name: 'workload-low' },
      spec: {
        type: 'Limited',
        limited: {
          nominalConcurrencyShares: 100,
          limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 50 } },
        },
      },
    },
    want: ['workload-low', 'Limited', 100, 128, 6, 50, '<unknown>'],
  },
  {
    name: 'limited priority level that rejects',
    group: 'flowcontrol.apiserver.k8s.io',
    resource: 'prioritylevelconfigurations',
    obj: {
      metadata: { name: 'catch-all' },
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } } },
    },
    want: ['catch-all', 'Limited', 5, '<none>', '<none>', '<none>', '<unknown>'],
  },
  {
    name: 'exempt priority level',
    group: 'flowcontrol.apiserver.k8s.io',
    resource: 'prioritylevelconfigurations',
    obj: { metadata: { name: 'exempt' }, spec: { type: 'Exempt', exempt: {} } },
    want: ['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>', '<unknown>'],
  },
];

describe('cluster-level printers', () => {
  for (const c of cases) test(c.name, () => assert.deepEqual(cellsOf(c.group, c.resource, c.obj), c.want));
});

describe('flowschema printer', () => {
  const fs = (name: string, precedence: number, extra: Json = {}): Json => ({
    metadata: { name },
    spec: { priorityLevelConfiguration: { name: 'pl' }, matchingPrecedence: precedence, ...extra },
  });
  test('cells, distinguisher and dangling condition', () => {
    const obj = fs('a', 500, { distinguisherMethod: { type: 'ByUser' } });
    obj['status'] = { conditions: [{ type: 'Dangling', status: 'False' }] };
    assert.deepEqual(cellsOf('flowcontrol.apiserver.k8s.io', 'flowschemas', obj), [
      'a',
      'pl',
      500,
      'ByUser',
      '<unknown>',
      'False',
    ]);
    assert.deepEqual(cellsOf('flowcontrol.apiserver.k8s.io', 'flowschemas', fs('b', 1)), [
      'b',
      'pl',
      1,
      '<none>',
      '<unknown>',
      '?',
    ]);
  });
  test('rows sorted by precedence, then name', () => {
    const rows =
      printTable(
        { group: 'flowcontrol.apiserver.k8s.io', resource: 'flowschemas' },
        [fs('z', 100), fs('b', 9000), fs('a', 100), fs('exempt', 1)],
        { now: NOW },
      ).rows ?? [];
    assert.deepEqual(
      rows.map((r) => r.cells[0]),
      ['exempt', 'a', 'z', 'b'],
    );
  });
});

const hpa = (spec: Json, status: Json = {}, apiVersion = 'autoscaling/v2'): Json => ({
  apiVersion,
  metadata: { name: 'h' },
  spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 10, ...spec },
  status: { currentReplicas: 2, ...status },
});
const cpu = (target: Json) => ({ type: 'Resource', resource: { name: 'cpu', target } });

describe('horizontalpodautoscaler TARGETS', () => {
  const cases: readonly { name: string; obj: Json; targets: string; min?: string }[] = [
    {
      name: 'utilization with current value',
      obj: hpa(
        { minReplicas: 1, metrics: [cpu({ type: 'Utilization', averageUtilization: 80 })] },
        {
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50 } } },
          ],
        },
      ),
      targets: 'cpu: 50%/80%',
      min: '1',
    },
    {
      name: 'utilization without current metrics',
      obj: hpa({ metrics: [cpu({ type: 'Utilization', averageUtilization: 80 })] }),
      targets: 'cpu: <unknown>/80%',
      min: '<unset>',
    },
    {
      name: 'utilization without a target utilization',
      obj: hpa({ metrics: [cpu({ type: 'Utilization' })] }),
      targets: 'cpu: <unknown>/<auto>',
    },
    {
      name: 'average value',
      obj: hpa(
        { metrics: [cpu({ type: 'AverageValue', averageValue: '500m' })] },
        {
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '250m' } } },
          ],
        },
      ),
      targets: 'cpu: 250m/500m',
    },
    {
      name: 'pods metric',
      obj: hpa(
        {
          metrics: [
            {
              type: 'Pods',
              pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } },
            },
          ],
        },
        { currentMetrics: [{ type: 'Pods', pods: { current: { averageValue: '500' } } }] },
      ),
      targets: '500/1k',
    },
    {
      name: 'object metric by value and external by average value',
      obj: hpa({
        metrics: [
          { type: 'Object', object: { target: { type: 'Value', value: '10' } } },
          { type: 'External', external: { target: { type: 'AverageValue', averageValue: '30' } } },
        ],
      }),
      targets: '<unknown>/10, <unknown>/30 (avg)',
    },
    {
      name: 'container resource and more than two metrics',
      obj: hpa({
        metrics: [
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'memory',
              container: 'app',
              target: { type: 'Utilization', averageUtilization: 60 },
            },
          },
          cpu({ type: 'Utilization', averageUtilization: 80 }),
          { type: 'Weird' },
        ],
      }),
      targets: 'memory: <unknown>/60%, cpu: <unknown>/80% + 1 more...',
    },
    { name: 'no metrics', obj: hpa({ metrics: [] }), targets: '<none>' },
    {
      name: 'autoscaling/v1 object converts its CPU target',
      obj: hpa(
        { minReplicas: 2, targetCPUUtilizationPercentage: 70 },
        { currentCPUUtilizationPercentage: 35 },
        'autoscaling/v1',
      ),
      targets: 'cpu: 35%/70%',
      min: '2',
    },
    {
      name: 'autoscaling/v1 object without a target gets the implicit 80%',
      obj: hpa({}, {}, 'autoscaling/v1'),
      targets: 'cpu: <unknown>/80%',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const cells = cellsOf('autoscaling', 'horizontalpodautoscalers', c.obj);
      assert.equal(cells[2], c.targets);
      assert.deepEqual(
        [cells[0], cells[1], cells[4], cells[5], cells[6]],
        ['h', 'Deployment/web', 10, 2, '<unknown>'],
      );
      if (c.min !== undefined) assert.equal(cells[3], c.min);
    });
  }
});

test('cluster-level columns', () => {
  assert.deepEqual(columnNames('certificates.k8s.io', 'certificatesigningrequests'), [
    'Name',
    'Age',
    'SignerName',
    'Requestor',
    'RequestedDuration',
    'Condition',
  ]);
  assert.deepEqual(columnNames('scheduling.k8s.io', 'priorityclasses'), [
    'Name',
    'Value',
    'Global-Default',
    'Age',
    'PreemptionPolicy',
  ]);
  assert.deepEqual(columnNames('rbac.authorization.k8s.io', 'rolebindings'), [
    'Name',
    'Role',
    'Age',
    '(Users)',
    '(Groups)',
    '(ServiceAccounts)',
  ]);
  assert.deepEqual(columnNames('autoscaling', 'horizontalpodautoscalers'), [
    'Name',
    'Reference',
    'Targets',
    'MinPods',
    'MaxPods',
    'Replicas',
    'Age',
  ]);
  assert.deepEqual(columnNames('apiregistration.k8s.io', 'apiservices'), [
    'Name',
    'Service',
    'Available',
    'Age',
  ]);
});

test('csr requested duration over a day', () => {
  assert.equal(cellsOf(CERT[0], CERT[1], csr({}, { expirationSeconds: 3 * 24 * 3600 }))[4], '3d');
  assert.equal(D, 86_400_000);
});
