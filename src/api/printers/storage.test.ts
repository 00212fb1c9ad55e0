import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { printTable } from './table.js';
import { ago, cellsOf, columnNames, D, NOW, S } from './testing.js';

type Json = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly obj: Json;
  readonly want: readonly unknown[];
}

const pvs: readonly Case[] = [
  {
    name: 'bound volume',
    obj: {
      metadata: { name: 'pv1', creationTimestamp: ago(2 * D) },
      spec: {
        capacity: { storage: '1.5Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'default', name: 'data' },
        storageClassName: 'fast',
        volumeAttributesClassName: 'gold',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound' },
    },
    want: [
      'pv1',
      '1536Mi',
      'RWO,RWX',
      'Retain',
      'Bound',
      'default/data',
      'fast',
      'gold',
      '',
      '2d',
      'Filesystem',
    ],
  },
  {
    name: 'beta class annotation wins, failed with reason',
    obj: {
      metadata: { name: 'pv2', annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'],
        storageClassName: 'new',
      },
      status: { phase: 'Failed', reason: 'Recycle failed' },
    },
    want: [
      'pv2',
      '1Gi',
      'ROX,RWOP',
      '',
      'Failed',
      '',
      'old',
      '<unset>',
      'Recycle failed',
      '<unknown>',
      '<unset>',
    ],
  },
  {
    name: 'terminating volume without capacity',
    obj: { metadata: { name: 'pv3', deletionTimestamp: ago(S) }, spec: {}, status: { phase: 'Released' } },
    want: ['pv3', '0', '', '', 'Terminating', '', '', '<unset>', '', '<unknown>', '<unset>'],
  },
];

describe('persistentvolume printer', () => {
  for (const c of pvs) test(c.name, () => assert.deepEqual(cellsOf('', 'persistentvolumes', c.obj), c.want));
});

const pvcs: readonly Case[] = [
  {
    name: 'bound claim shows the volume capacity and modes',
    obj: {
      metadata: { name: 'data', creationTimestamp: ago(3 * D) },
      spec: { volumeName: 'pv1', storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } },
      status: { phase: 'Bound', capacity: { storage: '2Gi' }, accessModes: ['ReadWriteOnce'] },
    },
    want: ['data', 'Bound', 'pv1', '2Gi', 'RWO', 'fast', '<unset>', '3d', '<unset>'],
  },
  {
    name: 'pending claim leaves capacity and modes empty',
    obj: {
      metadata: { name: 'data' },
      spec: {
        resources: { requests: { storage: '1Gi' } },
        volumeMode: 'Block',
        volumeAttributesClassName: 'gold',
      },
      status: { phase: 'Pending' },
    },
    want: ['data', 'Pending', '', '', '', '', 'gold', '<unknown>', 'Block'],
  },
  {
    name: 'terminating claim with beta class annotation',
    obj: {
      metadata: {
        name: 'data',
        deletionTimestamp: ago(S),
        annotations: { 'volume.beta.kubernetes.io/storage-class': 'beta' },
      },
      spec: { storageClassName: 'new', volumeName: 'pv' },
      status: { phase: 'Bound' },
    },
    want: ['data', 'Terminating', 'pv', '0', '', 'beta', '<unset>', '<unknown>', '<unset>'],
  },
];

describe('persistentvolumeclaim printer', () => {
  for (const c of pvcs) {
    test(c.name, () => assert.deepEqual(cellsOf('', 'persistentvolumeclaims', c.obj), c.want));
  }
});

const sc = (name: string, created: string, isDefault: boolean, extra: Json = {}): Json => ({
  metadata: {
    name,
    creationTimestamp: created,
    ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
  },
  provisioner: 'example.com/p',
  ...extra,
});

describe('storageclass printer', () => {
  const print = (objects: Json[], defaultStorageClass?: string) =>
    (
      printTable(
        { group: 'storage.k8s.io', resource: 'storageclasses' },
        objects,
        defaultStorageClass === undefined ? { now: NOW } : { now: NOW, defaultStorageClass },
      ).rows ?? []
    ).map((r) => r.cells);
  test('defaults of reclaim policy, binding mode and expansion', () => {
    assert.deepEqual(print([sc('std', ago(D), false)]), [
      ['std', 'example.com/p', 'Delete', 'Immediate', false, '24h'],
    ]);
  });
  test('set fields', () => {
    const obj = sc('local', ago(D), false, {
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
    assert.deepEqual(print([obj]), [
      ['local', 'example.com/p', 'Retain', 'WaitForFirstConsumer', true, '24h'],
    ]);
  });
  test('only the most recently created default class is marked', () => {
    const rows = print([sc('old', ago(2 * D), true), sc('new', ago(D), true), sc('plain', ago(D), false)]);
    assert.deepEqual(
      rows.map((r) => r[0]),
      ['old', 'new (default)', 'plain'],
    );
  });
  test('equal creation times: the smaller name wins', () => {
    const t = ago(D);
    assert.deepEqual(
      print([sc('b', t, true), sc('a', t, true)]).map((r) => r[0]),
      ['b', 'a (default)'],
    );
  });
  test('the beta annotation marks a default too', () => {
    const obj = {
      metadata: { name: 'beta', annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } },
    };
    assert.equal(print([obj])[0]?.[0], 'beta (default)');
  });
  test('an annotation other than "true" does not', () => {
    const obj = {
      metadata: { name: 'x', annotations: { 'storageclass.kubernetes.io/is-default-class': 'yes' } },
    };
    assert.equal(print([obj])[0]?.[0], 'x');
  });
  test('a known cluster default overrides the objects given', () => {
    assert.deepEqual(
      print([sc('a', ago(D), true), sc('b', ago(D), false)], 'b').map((r) => r[0]),
      ['a', 'b (default)'],
    );
  });
});

const misc: readonly (Case & { resource: string })[] = [
  {
    name: 'csidriver defaults',
    resource: 'csidrivers',
    obj: { metadata: { name: 'd' }, spec: {} },
    want: ['d', true, false, false, '<unset>', false, '<none>', '<unknown>'],
  },
  {
    name: 'csidriver with everything set',
    resource: 'csidrivers',
    obj: {
      metadata: { name: 'd' },
      spec: {
        attachRequired: false,
        podInfoOnMount: true,
        storageCapacity: true,
        tokenRequests: [{ audience: 'a' }, { audience: 'b' }],
        requiresRepublish: true,
        volumeLifecycleModes: ['Persistent', 'Ephemeral'],
      },
    },
    want: ['d', false, true, true, 'a,b', true, 'Persistent,Ephemeral', '<unknown>'],
  },
  {
    name: 'csidriver with an empty token request list',
    resource: 'csidrivers',
    obj: { metadata: { name: 'd' }, spec: { tokenRequests: [] } },
    want: ['d', true, false, false, '', false, '<none>', '<unknown>'],
  },
  {
    name: 'csinode driver count',
    resource: 'csinodes',
    obj: { metadata: { name: 'n' }, spec: { drivers: [{ name: 'a' }, { name: 'b' }] } },
    want: ['n', 2, '<unknown>'],
  },
  {
    name: 'volumeattachment',
    resource: 'volumeattachments',
    obj: {
      metadata: { name: 'va' },
      spec: { attacher: 'csi.example', source: { persistentVolumeName: 'pv1' }, nodeName: 'n1' },
      status: { attached: true },
    },
    want: ['va', 'csi.example', 'pv1', 'n1', true, '<unknown>'],
  },
  {
    name: 'volumeattachment of an inline volume',
    resource: 'volumeattachments',
    obj: { metadata: { name: 'va' }, spec: { attacher: 'a', source: { inlineVolumeSpec: {} } } },
    want: ['va', 'a', '', '', false, '<unknown>'],
  },
  {
    name: 'volumeattributesclass',
    resource: 'volumeattributesclasses',
    obj: { metadata: { name: 'gold' }, driverName: 'csi.example' },
    want: ['gold', 'csi.example', '<unknown>'],
  },
];

describe('other storage printers', () => {
  for (const c of misc)
    test(c.name, () => assert.deepEqual(cellsOf('storage.k8s.io', c.resource, c.obj), c.want));
});

test('storage columns', () => {
  assert.deepEqual(columnNames('', 'persistentvolumes'), [
    'Name',
    'Capacity',
    'Access Modes',
    'Reclaim Policy',
    'Status',
    'Claim',
    'StorageClass',
    'VolumeAttributesClass',
    'Reason',
    'Age',
    '(VolumeMode)',
  ]);
  assert.deepEqual(columnNames('', 'persistentvolumeclaims'), [
    'Name',
    'Status',
    'Volume',
    'Capacity',
    'Access Modes',
    'StorageClass',
    'VolumeAttributesClass',
    'Age',
    '(VolumeMode)',
  ]);
});
