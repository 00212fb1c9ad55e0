import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { printTable } from './table.js';
import { ago, cellsOf, columnNames, D, H, M, NOW } from './testing.js';
import { PrintError } from './types.js';

const template = {
  metadata: { labels: { app: 'web', tier: 'fe' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1' },
      { name: 'log', image: 'busybox' },
    ],
    nodeSelector: { disk: 'ssd' },
  },
};

interface Case {
  readonly name: string;
  readonly group: string;
  readonly resource: string;
  readonly obj: object;
  readonly want: readonly unknown[];
}

const cases: readonly Case[] = [
  {
    name: 'deployment with selector and containers',
    group: 'apps',
    resource: 'deployments',
    obj: {
      metadata: { name: 'web', creationTimestamp: ago(3 * H) },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    },
    want: ['web', '2/3', 3, 2, '3h', 'web,log', 'nginx:1,busybox', 'app=web'],
  },
  {
    name: 'deployment with an empty selector prints an empty selector',
    group: 'apps',
    resource: 'deployments',
    obj: { metadata: { name: 'd' }, spec: { selector: {} } },
    want: ['d', '0/0', 0, 0, '<unknown>', '', '', ''],
  },
  {
    name: 'deployment with an invalid selector operator',
    group: 'apps',
    resource: 'deployments',
    obj: {
      metadata: { name: 'd' },
      spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Bogus', values: ['x'] }] } },
    },
    want: ['d', '0/0', 0, 0, '<unknown>', '', '', '<invalid>'],
  },
  {
    name: 'replicaset with set-based selector',
    group: 'apps',
    resource: 'replicasets',
    obj: {
      metadata: { name: 'rs', creationTimestamp: ago(90 * 1000) },
      spec: {
        replicas: 5,
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }],
        },
        template,
      },
      status: { replicas: 5, readyReplicas: 4 },
    },
    want: ['rs', 5, 5, 4, '90s', 'web,log', 'nginx:1,busybox', 'app=web,env in (dev,prod)'],
  },
  {
    name: 'replicaset with no selector reads <none>',
    group: 'apps',
    resource: 'replicasets',
    obj: { metadata: { name: 'rs' } },
    want: ['rs', 0, 0, 0, '<unknown>', '', '', '<none>'],
  },
  {
    name: 'replicationcontroller with a map selector',
    group: '',
    resource: 'replicationcontrollers',
    obj: {
      metadata: { name: 'rc', creationTimestamp: ago(7 * M) },
      spec: { replicas: 2, selector: { b: '2', a: '1' }, template },
      status: { replicas: 2, readyReplicas: 1 },
    },
    want: ['rc', 2, 2, 1, '7m', 'web,log', 'nginx:1,busybox', 'a=1,b=2'],
  },
  {
    name: 'statefulset READY',
    group: 'apps',
    resource: 'statefulsets',
    obj: {
      metadata: { name: 'db', creationTimestamp: ago(10 * D) },
      spec: { replicas: 3, template },
      status: { readyReplicas: 1 },
    },
    want: ['db', '1/3', '10d', 'web,log', 'nginx:1,busybox'],
  },
  {
    name: 'daemonset counts and node selector',
    group: 'apps',
    resource: 'daemonsets',
    obj: {
      metadata: { name: 'ds', creationTimestamp: ago(400 * D) },
      spec: { selector: { matchLabels: { app: 'ds' } }, template },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 1,
        numberAvailable: 2,
      },
    },
    want: ['ds', 3, 3, 2, 1, 2, 'disk=ssd', '400d', 'web,log', 'nginx:1,busybox', 'app=ds'],
  },
  {
    name: 'daemonset without node selector',
    group: 'apps',
    resource: 'daemonsets',
    obj: { metadata: { name: 'ds' } },
    want: ['ds', 0, 0, 0, 0, 0, '<none>', '<unknown>', '', '', '<none>'],
  },
  {
    name: 'controllerrevision owned by a statefulset',
    group: 'apps',
    resource: 'controllerrevisions',
    obj: {
      metadata: {
        name: 'db-7c9',
        creationTimestamp: ago(H),
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Pod', name: 'x', uid: '1' },
          { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: '2', controller: true },
        ],
      },
      revision: 4,
    },
    want: ['db-7c9', 'statefulset.apps/db', 4, '60m'],
  },
  {
    name: 'controllerrevision owned by a core kind and with no owner',
    group: 'apps',
    resource: 'controllerrevisions',
    obj: {
      metadata: {
        name: 'r',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'x', uid: '1', controller: true }],
      },
    },
    want: ['r', 'pod/x', 0, '<unknown>'],
  },
  {
    name: 'controllerrevision without a controller',
    group: 'apps',
    resource: 'controllerrevisions',
    obj: { metadata: { name: 'r' }, revision: 1 },
    want: ['r', '<none>', 1, '<unknown>'],
  },
  {
    name: 'podtemplate',
    group: '',
    resource: 'podtemplates',
    obj: { metadata: { name: 'pt' }, template },
    want: ['pt', 'web,log', 'nginx:1,busybox', 'app=web,tier=fe'],
  },
];

describe('workload printers', () => {
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(cellsOf(c.group, c.resource, c.obj), c.want));
  }
});

describe('workload columns', () => {
  const cases = [
    {
      name: 'deployments',
      group: 'apps',
      resource: 'deployments',
      want: ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', '(Containers)', '(Images)', '(Selector)'],
    },
    {
      name: 'daemonsets',
      group: 'apps',
      resource: 'daemonsets',
      want: [
        'Name',
        'Desired',
        'Current',
        'Ready',
        'Up-to-date',
        'Available',
        'Node Selector',
        'Age',
        '(Containers)',
        '(Images)',
        '(Selector)',
      ],
    },
    {
      name: 'statefulsets',
      group: 'apps',
      resource: 'statefulsets',
      want: ['Name', 'Ready', 'Age', '(Containers)', '(Images)'],
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(columnNames(c.group, c.resource), c.want));
});

test('controllerrevision with a malformed owner apiVersion fails as upstream does', () => {
  const obj = {
    metadata: {
      name: 'r',
      ownerReferences: [{ apiVersion: 'a/b/c', kind: 'X', name: 'x', controller: true }],
    },
  };
  assert.throws(
    () => printTable({ group: 'apps', resource: 'controllerrevisions' }, [obj], { now: NOW }),
    (e: unknown) => e instanceof PrintError && e.message === 'unexpected GroupVersion string: a/b/c',
  );
});
