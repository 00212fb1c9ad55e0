import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { coreValidations } from './index.js';
import { at, type Case, runCases, strs, subdomainMsg } from './testing.js';

const pv = coreValidations['v1/PersistentVolume']!;
const modes = 'supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"';

function makePV(): JsonObject {
  return {
    metadata: { name: 'foo', resourceVersion: '1' },
    spec: {
      capacity: { storage: '10G' },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: '/foo', type: '' },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    },
  };
}
const spec = (o: JsonObject): JsonObject => at(o, 'spec');

const pvCases: Case[] = [
  { name: 'valid hostPath volume', tweak: () => {}, want: [] },
  {
    name: 'namespace is forbidden',
    tweak: (o) => {
      at(o, 'metadata')['namespace'] = 'x';
    },
    want: ['metadata.namespace: Forbidden: not allowed on this type'],
  },
  {
    name: 'missing access modes',
    tweak: (o) => delete spec(o)['accessModes'],
    want: ['spec.accessModes: Required value'],
  },
  {
    name: 'unknown access mode',
    tweak: (o) => {
      spec(o)['accessModes'] = ['fakemode'];
    },
    want: [`spec.accessModes: Unsupported value: "fakemode": ${modes}`],
  },
  {
    name: 'ReadWriteOncePod with another mode',
    tweak: (o) => {
      spec(o)['accessModes'] = ['ReadWriteOncePod', 'ReadWriteMany'];
    },
    want: ['spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes'],
  },
  {
    name: 'missing capacity',
    tweak: (o) => delete spec(o)['capacity'],
    want: [
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: null: supported values: "storage"',
    ],
  },
  {
    name: 'capacity beyond storage',
    tweak: (o) => {
      spec(o)['capacity'] = { storage: '10G', cpu: '1' };
    },
    want: ['spec.capacity: Unsupported value: {"cpu":"1","storage":"10G"}: supported values: "storage"'],
  },
  {
    name: 'zero capacity',
    tweak: (o) => {
      spec(o)['capacity'] = { storage: '0' };
    },
    want: ['spec.capacity[storage]: Invalid value: "0": must be greater than zero'],
  },
  {
    name: 'unknown reclaim policy',
    tweak: (o) => {
      spec(o)['persistentVolumeReclaimPolicy'] = 'fakeReclaimPolicy';
    },
    want: [
      'spec.persistentVolumeReclaimPolicy: Unsupported value: "fakeReclaimPolicy": supported values: "Delete", "Recycle", "Retain"',
    ],
  },
  {
    name: 'no volume source',
    tweak: (o) => delete spec(o)['hostPath'],
    want: ['spec: Required value: must specify a volume type'],
  },
  {
    name: 'two volume sources',
    tweak: (o) => {
      spec(o)['nfs'] = { server: 'host', path: '/a' };
    },
    want: ['spec.nfs: Forbidden: may not specify more than 1 volume type'],
  },
  {
    name: 'hostPath with ..',
    tweak: (o) => {
      spec(o)['hostPath'] = { path: '/foo/../bar' };
    },
    want: ['spec.hostPath.path: Invalid value: "/foo/../bar": must not contain \'..\''],
  },
  {
    name: 'unknown hostPath type',
    tweak: (o) => {
      spec(o)['hostPath'] = { path: '/a', type: 'Dir' };
    },
    want: [
      'spec.hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
    ],
  },
  {
    name: 'Recycle of a hostPath mount of /',
    tweak: (o) => {
      spec(o)['hostPath'] = { path: '/a/..' };
      spec(o)['persistentVolumeReclaimPolicy'] = 'Recycle';
    },
    want: [
      'spec.hostPath.path: Invalid value: "/a/..": must not contain \'..\'',
      "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'",
    ],
  },
  {
    name: 'nfs with a relative path',
    tweak: (o) => {
      delete spec(o)['hostPath'];
      spec(o)['nfs'] = { server: 'h', path: 'rel' };
    },
    want: ['spec.nfs.path: Invalid value: "rel": must be an absolute path'],
  },
  {
    name: 'local volume without node affinity',
    tweak: (o) => {
      delete spec(o)['hostPath'];
      spec(o)['local'] = { path: '/mnt/disk' };
    },
    want: ['spec.nodeAffinity: Required value: Local volume requires node affinity'],
  },
  {
    name: 'local volume with node affinity',
    tweak: (o) => {
      delete spec(o)['hostPath'];
      spec(o)['local'] = { path: '/mnt/disk' };
      spec(o)['nodeAffinity'] = {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] },
          ],
        },
      };
    },
    want: [],
  },
  {
    name: 'node affinity without required',
    tweak: (o) => {
      spec(o)['nodeAffinity'] = {};
    },
    want: ['spec.nodeAffinity.required: Required value: must specify required node constraints'],
  },
  {
    name: 'node affinity with no terms and bad requirements',
    tweak: (o) => {
      spec(o)['nodeAffinity'] = {
        required: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'k', operator: 'In' },
                { key: 'k', operator: 'Gt', values: ['1', '2'] },
              ],
            },
          ],
        },
      };
    },
    want: [
      "spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[1].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
    ],
  },
  {
    name: 'csi source with an invalid driver and missing handle',
    tweak: (o) => {
      delete spec(o)['hostPath'];
      spec(o)['csi'] = { driver: 'bad_driver' };
    },
    want: [
      `spec.csi.driver: Invalid value: "bad_driver": ${subdomainMsg}`,
      'spec.csi.volumeHandle: Required value',
    ],
  },
  {
    name: 'volumeAttributesClassName without csi',
    tweak: (o) => {
      spec(o)['volumeAttributesClassName'] = 'gold';
    },
    want: ['spec.csi: Required value: has to be specified when using volumeAttributesClassName'],
  },
  {
    name: 'unknown volume mode',
    tweak: (o) => {
      spec(o)['volumeMode'] = 'Raw';
    },
    want: ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"'],
  },
];

describe('PersistentVolume create (upstream TestValidatePersistentVolumes cases)', () =>
  runCases(makePV, (o) => pv.validate(o), pvCases));

describe('PersistentVolume update', () => {
  test('source is immutable', () => {
    const n = makePV();
    spec(n)['hostPath'] = { path: '/bar', type: '' };
    assert.deepEqual(strs(pv.validateUpdate(n, makePV())), [
      'spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation',
    ]);
  });
  test('volumeMode is immutable', () => {
    const n = makePV();
    spec(n)['volumeMode'] = 'Block';
    assert.deepEqual(strs(pv.validateUpdate(n, makePV())), [
      'volumeMode: Invalid value: "Block": field is immutable',
    ]);
  });
  test('capacity and reclaim policy may change', () => {
    const n = makePV();
    spec(n)['capacity'] = { storage: '20G' };
    spec(n)['persistentVolumeReclaimPolicy'] = 'Delete';
    assert.deepEqual(strs(pv.validateUpdate(n, makePV())), []);
  });
});

describe('PersistentVolume sources (more upstream cases)', () => {
  const cases: Array<[string, JsonObject, string[]]> = [
    [
      'csi secret reference without namespace',
      { driver: 'test.driver', volumeHandle: 'h', nodePublishSecretRef: { name: 'foo' } },
      ['spec.csi.nodePublishSecretRef.namespace: Required value'],
    ],
    [
      'csi driver name too long',
      { driver: `${'a'.repeat(64)}`, volumeHandle: 'h' },
      ['spec.csi.driver: Too long: may not be more than 63 bytes'],
    ],
    [
      'valid csi',
      { driver: 'test.driver', volumeHandle: 'h', controllerExpandSecretRef: { name: 's', namespace: 'n' } },
      [],
    ],
  ];
  for (const [name, csi, want] of cases) {
    test(name, () => {
      const o = makePV();
      delete spec(o)['hostPath'];
      spec(o)['csi'] = csi;
      assert.deepEqual(strs(pv.validate(o)), want.sort());
    });
  }
  test('gcePersistentDisk errors sit under persistentDisk, as upstream reports them', () => {
    const o = makePV();
    delete spec(o)['hostPath'];
    spec(o)['gcePersistentDisk'] = { partition: 300 };
    assert.deepEqual(strs(pv.validate(o)), [
      'spec.persistentDisk.partition: Invalid value: 300: must be between 1 and 255, inclusive',
      'spec.persistentDisk.pdName: Required value',
    ]);
  });
  test('a controllerExpandSecretRef may be added to a csi volume', () => {
    const old = makePV();
    delete spec(old)['hostPath'];
    spec(old)['csi'] = { driver: 'test.driver', volumeHandle: 'h' };
    const n = structuredClone(old);
    spec(n)['csi'] = {
      driver: 'test.driver',
      volumeHandle: 'h',
      controllerExpandSecretRef: { name: 's', namespace: 'n' },
    };
    assert.deepEqual(strs(pv.validateUpdate(n, old)), []);
    spec(n)['csi'] = { driver: 'test.driver', volumeHandle: 'other' };
    assert.deepEqual(strs(pv.validateUpdate(n, old)), [
      'spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation',
    ]);
  });
});
