import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ago, cellsOf, columnNames, D, H, M, S } from './testing.js';

type Json = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly resource: string;
  readonly obj: Json;
  readonly want: readonly unknown[];
}

const cases: readonly Case[] = [
  {
    name: 'namespace created slightly in the future reads 0s (clock skew)',
    resource: 'namespaces',
    obj: {
      metadata: { name: 'namespace1', creationTimestamp: ago(-1.9 * S) },
      status: { phase: 'FooStatus' },
    },
    want: ['namespace1', 'FooStatus', '0s'],
  },
  {
    name: 'namespace created well in the future reads <invalid>',
    resource: 'namespaces',
    obj: { metadata: { name: 'ns', creationTimestamp: ago(-10 * S) }, status: { phase: 'Active' } },
    want: ['ns', 'Active', '<invalid>'],
  },
  {
    name: 'namespace without status or age',
    resource: 'namespaces',
    obj: { metadata: { name: 'namespace2' } },
    want: ['namespace2', '', '<unknown>'],
  },
  {
    name: 'namespace with the zero creation time',
    resource: 'namespaces',
    obj: { metadata: { name: 'z', creationTimestamp: '0001-01-01T00:00:00Z' } },
    want: ['z', '', '<unknown>'],
  },
  {
    name: 'configmap counts data and binaryData',
    resource: 'configmaps',
    obj: {
      metadata: { name: 'cm', creationTimestamp: ago(30 * S) },
      data: { a: '1', b: '2' },
      binaryData: { c: 'AA==' },
    },
    want: ['cm', 3, '30s'],
  },
  {
    name: 'secret with data',
    resource: 'secrets',
    obj: {
      metadata: { name: 'secret1' },
      type: 'kubernetes.io/service-account-token',
      data: { token: 'c2VjcmV0' },
    },
    want: ['secret1', 'kubernetes.io/service-account-token', 1, '<unknown>'],
  },
  {
    name: 'secret without data',
    resource: 'secrets',
    obj: { metadata: { name: 'secret1' }, type: 'Opaque' },
    want: ['secret1', 'Opaque', 0, '<unknown>'],
  },
  {
    name: 'serviceaccount',
    resource: 'serviceaccounts',
    obj: { metadata: { name: 'sa1', creationTimestamp: ago(5 * M) }, secrets: [{ name: 's' }] },
    want: ['sa1', '5m'],
  },
  {
    name: 'resourcequota splits requests and limits, sorted',
    resource: 'resourcequotas',
    obj: {
      metadata: { name: 'q' },
      status: {
        hard: { 'limits.cpu': '2', pods: '10', 'requests.memory': '1Gi', cpu: '1', 'limits.memory': '2Gi' },
        used: { 'limits.cpu': '500m', pods: '3', cpu: '1500m' },
      },
    },
    want: [
      'q',
      'cpu: 1500m/1, pods: 3/10, requests.memory: 0/1Gi',
      'limits.cpu: 500m/2, limits.memory: 0/2Gi',
      '<unknown>',
    ],
  },
  {
    name: 'resourcequota without status',
    resource: 'resourcequotas',
    obj: { metadata: { name: 'q' } },
    want: ['q', '', '', '<unknown>'],
  },
  {
    name: 'componentstatus healthy',
    resource: 'componentstatuses',
    obj: { metadata: { name: 'etcd-0' }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] },
    want: ['etcd-0', 'Healthy', 'ok', ''],
  },
  {
    name: 'componentstatus unhealthy',
    resource: 'componentstatuses',
    obj: {
      metadata: { name: 'scheduler' },
      conditions: [{ type: 'Healthy', status: 'False', message: '', error: 'connection refused' }],
    },
    want: ['scheduler', 'Unhealthy', '', 'connection refused'],
  },
  {
    name: 'componentstatus without a Healthy condition',
    resource: 'componentstatuses',
    obj: { metadata: { name: 'x' } },
    want: ['x', 'Unknown', '', ''],
  },
];

describe('small core printers', () => {
  for (const c of cases) test(c.name, () => assert.deepEqual(cellsOf('', c.resource, c.obj), c.want));
});

const node = (meta: Json, spec: Json, status: Json): Json => ({
  metadata: { name: 'n', ...meta },
  spec,
  status,
});
const ready = (status: string) => ({ conditions: [{ type: 'Ready', status }] });

const nodes: readonly Omit<Case, 'resource'>[] = [
  {
    name: 'ready node with roles and system info',
    obj: node(
      {
        creationTimestamp: ago(30 * D),
        labels: {
          'node-role.kubernetes.io/control-plane': '',
          'node-role.kubernetes.io/worker': 'true',
          'node-role.kubernetes.io/': 'ignored',
          'kubernetes.io/role': 'master',
        },
      },
      {},
      {
        ...ready('True'),
        addresses: [
          { type: 'ExternalIP', address: '2.2.2.2' },
          { type: 'InternalIP', address: '3.3.3.3' },
          { type: 'ExternalIP', address: '4.4.4.4' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.36.0',
          osImage: 'Debian GNU/Linux 13',
          kernelVersion: '6.12.0',
          architecture: 'amd64',
          containerRuntimeVersion: 'containerd://2.1.0',
        },
      },
    ),
    want: [
      'n',
      'Ready',
      'control-plane,master,worker',
      '30d',
      'v1.36.0',
      '3.3.3.3',
      '2.2.2.2',
      'Debian GNU/Linux 13',
      '6.12.0 (amd64)',
      'containerd://2.1.0',
    ],
  },
  {
    name: 'not ready and cordoned',
    obj: node({}, { unschedulable: true }, ready('False')),
    want: [
      'n',
      'NotReady,SchedulingDisabled',
      '<none>',
      '<unknown>',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ],
  },
  {
    name: 'ready status Unknown reads NotReady',
    obj: node({}, {}, ready('Unknown')),
    want: [
      'n',
      'NotReady',
      '<none>',
      '<unknown>',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ],
  },
  {
    name: 'no conditions: Unknown; arch appended to an unknown kernel',
    obj: node({}, { unschedulable: true }, { nodeInfo: { architecture: 'arm64' } }),
    want: [
      'n',
      'Unknown,SchedulingDisabled',
      '<none>',
      '<unknown>',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown> (arm64)',
      '<unknown>',
    ],
  },
  {
    name: 'the last Ready condition wins',
    obj: node(
      {},
      {},
      {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'MemoryPressure', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
      },
    ),
    want: [
      'n',
      'Ready',
      '<none>',
      '<unknown>',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ],
  },
];

describe('node printer', () => {
  for (const c of nodes) test(c.name, () => assert.deepEqual(cellsOf('', 'nodes', c.obj), c.want));
});

const event = (extra: Json): Json => ({
  metadata: { name: 'ev' },
  involvedObject: { kind: 'Deployment', name: 'Deployment Name', fieldPath: 'spec.containers{foo}' },
  reason: 'Event Reason',
  message: '  Message Data\n',
  type: 'Warning',
  ...extra,
});

const events: readonly Omit<Case, 'resource'>[] = [
  {
    name: 'basic event with source component and host',
    obj: event({
      source: { component: 'kubelet', host: 'Node1' },
      firstTimestamp: ago(3 * D),
      lastTimestamp: ago(2 * D),
      count: 6,
    }),
    want: [
      '2d',
      'Warning',
      'Event Reason',
      'deployment/Deployment Name',
      'spec.containers{foo}',
      'kubelet, Node1',
      'Message Data',
      '3d',
      6,
      'ev',
    ],
  },
  {
    name: 'without first timestamp: the event time',
    obj: event({
      source: { component: 'kubelet' },
      eventTime: '2026-01-11T12:00:00.000000Z',
      lastTimestamp: ago(3 * D),
      count: 1,
    }),
    want: [
      '3d',
      'Warning',
      'Event Reason',
      'deployment/Deployment Name',
      'spec.containers{foo}',
      'kubelet',
      'Message Data',
      '3d',
      1,
      'ev',
    ],
  },
  {
    name: 'without last timestamp: the first seen text',
    obj: event({ firstTimestamp: ago(3 * D), count: 1 }),
    want: [
      '3d',
      'Warning',
      'Event Reason',
      'deployment/Deployment Name',
      'spec.containers{foo}',
      '',
      'Message Data',
      '3d',
      1,
      'ev',
    ],
  },
  {
    name: 'series: last observed time and series count',
    obj: event({
      eventTime: '2026-01-11T12:00:00.000000Z',
      series: { count: 2, lastObservedTime: '2026-01-12T12:00:00.000000Z' },
    }),
    want: [
      '2d',
      'Warning',
      'Event Reason',
      'deployment/Deployment Name',
      'spec.containers{foo}',
      '',
      'Message Data',
      '3d',
      2,
      'ev',
    ],
  },
  {
    name: 'singleton event without count counts 1',
    obj: event({ eventTime: '2026-01-11T12:00:00.000000Z' }),
    want: [
      '3d',
      'Warning',
      'Event Reason',
      'deployment/Deployment Name',
      'spec.containers{foo}',
      '',
      'Message Data',
      '3d',
      1,
      'ev',
    ],
  },
  {
    name: 'reporting controller and instance stand in for an empty source',
    obj: event({
      reportingComponent: 'kubelet',
      reportingInstance: 'test',
      firstTimestamp: ago(H),
      lastTimestamp: ago(H),
      count: 2,
    }),
    want: [
      '60m',
      'Warning',
      'Event Reason',
      'deployment/Deployment Name',
      'spec.containers{foo}',
      'kubelet, test',
      'Message Data',
      '60m',
      2,
      'ev',
    ],
  },
  {
    name: 'no times at all',
    obj: { metadata: { name: 'ev' }, involvedObject: { kind: 'Node' } },
    want: ['<unknown>', '', '', 'node', '', '', '', '<unknown>', 1, 'ev'],
  },
];

describe('core event printer', () => {
  for (const c of events) test(c.name, () => assert.deepEqual(cellsOf('', 'events', c.obj), c.want));
});

test('events.k8s.io events read regarding, note and the deprecated fields', () => {
  const obj = {
    metadata: { name: 'ev2' },
    regarding: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' },
    note: 'Pulled image',
    reason: 'Pulled',
    type: 'Normal',
    reportingController: 'kubelet',
    reportingInstance: 'node-a',
    eventTime: '2026-01-14T11:59:00.000000Z',
    deprecatedFirstTimestamp: ago(10 * M),
    deprecatedLastTimestamp: ago(M),
    deprecatedCount: 4,
  };
  assert.deepEqual(cellsOf('events.k8s.io', 'events', obj), [
    '60s',
    'Normal',
    'Pulled',
    'pod/web-1',
    'spec.containers{web}',
    'kubelet, node-a',
    'Pulled image',
    '10m',
    4,
    'ev2',
  ]);
});

test('core columns', () => {
  assert.deepEqual(columnNames('', 'events'), [
    'Last Seen',
    'Type',
    'Reason',
    'Object',
    '(Subobject)',
    '(Source)',
    'Message',
    '(First Seen)',
    '(Count)',
    '(Name)',
  ]);
  assert.deepEqual(columnNames('', 'nodes'), [
    'Name',
    'Status',
    'Roles',
    'Age',
    'Version',
    '(Internal-IP)',
    '(External-IP)',
    '(OS-Image)',
    '(Kernel-Version)',
    '(Container-Runtime)',
  ]);
  assert.deepEqual(columnNames('', 'pods'), [
    'Name',
    'Ready',
    'Status',
    'Restarts',
    'Age',
    '(IP)',
    '(Node)',
    '(Nominated Node)',
    '(Readiness Gates)',
  ]);
});
