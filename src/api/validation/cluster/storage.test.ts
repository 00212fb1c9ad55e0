import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import {
  csiDriverValidation,
  csiNodeValidation,
  csiStorageCapacityValidation,
  volumeAttachmentValidation,
} from './csi.js';
import { storageClassValidation, volumeAttributesClassValidation } from './storage-class.js';
import { type Case, meta, runCases } from './testing.js';

const sc = (extra: JsonObject): JsonObject => ({
  metadata: meta('fast'),
  provisioner: 'kubernetes.io/foo',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'Immediate',
  ...extra,
});

describe('StorageClass', () => {
  const manyParams: Record<string, string> = {};
  for (let i = 0; i < 513; i++) manyParams[`k${i}`] = 'v';
  const cases: Case[] = [
    { name: 'valid', obj: sc({ parameters: { type: 'ssd' } }), want: [] },
    {
      name: 'upper case provisioner is lowered first',
      obj: sc({ provisioner: 'Example.COM/Foo' }),
      want: [],
    },
    { name: 'missing provisioner', obj: sc({ provisioner: '' }), want: ['provisioner: Required value'] },
    {
      name: 'bad provisioner',
      obj: sc({ provisioner: 'a/b/c' }),
      want: [
        "provisioner: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    },
    {
      name: 'too many parameters',
      obj: sc({ parameters: manyParams }),
      want: ['parameters: Too long: may not be more than 512 bytes'],
    },
    {
      name: 'empty parameter key',
      obj: sc({ parameters: { '': 'v' } }),
      want: ['parameters: Invalid value: "": field can not be empty.'],
    },
    {
      name: 'bad reclaim policy',
      obj: sc({ reclaimPolicy: 'Recycle' }),
      want: ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"'],
    },
    {
      name: 'missing binding mode',
      obj: sc({ volumeBindingMode: null }),
      want: ['volumeBindingMode: Required value'],
    },
    {
      name: 'bad binding mode',
      obj: sc({ volumeBindingMode: 'Later' }),
      want: [
        'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
      ],
    },
    {
      name: 'topology with empty values and duplicate key',
      obj: sc({
        allowedTopologies: [
          {
            matchLabelExpressions: [
              { key: 'zone', values: [] },
              { key: 'zone', values: ['a', 'a'] },
            ],
          },
        ],
      }),
      want: [
        'allowedTopologies[0].matchLabelExpressions[0].values: Required value',
        'allowedTopologies[0].matchLabelExpressions[1].values[1]: Duplicate value: "a"',
        'allowedTopologies[0].matchLabelExpressions[1].key: Duplicate value: "zone"',
      ],
    },
    {
      name: 'duplicate topology terms',
      obj: sc({
        allowedTopologies: [
          { matchLabelExpressions: [{ key: 'zone', values: ['a'] }] },
          { matchLabelExpressions: [{ key: 'zone', values: ['a'] }] },
        ],
      }),
      want: ['allowedTopologies[1].matchLabelExpressions: Duplicate value: ""'],
    },
    {
      name: 'update of immutable fields',
      obj: sc({
        provisioner: 'x.io/b',
        parameters: { a: 'b' },
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
      old: sc({}),
      want: [
        'parameters: Forbidden: updates to parameters are forbidden.',
        'provisioner: Forbidden: updates to provisioner are forbidden.',
        'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
        'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
      ],
    },
    {
      name: 'labels may change',
      obj: sc({ metadata: meta('fast', undefined, { labels: { a: 'b' } }) }),
      old: sc({}),
      want: [],
    },
  ];
  runCases(storageClassValidation, cases, test);
});

describe('CSIDriver', () => {
  const spec = {
    attachRequired: true,
    podInfoOnMount: false,
    storageCapacity: false,
    fsGroupPolicy: 'File',
    seLinuxMount: false,
  };
  const drv = (extra: JsonObject): JsonObject => ({
    metadata: meta('csi.example.com'),
    spec: { ...spec, ...extra },
  });
  const cases: Case[] = [
    { name: 'valid', obj: drv({ tokenRequests: [{ audience: 'a', expirationSeconds: 600 }] }), want: [] },
    {
      name: 'required booleans (upstream spells the path attachedRequired)',
      obj: { metadata: meta('csi.example.com'), spec: {} },
      want: [
        'spec.attachedRequired: Required value',
        'spec.podInfoOnMount: Required value',
        'spec.storageCapacity: Required value',
        'spec.seLinuxMount: Required value',
      ],
    },
    {
      name: 'bad fsGroupPolicy and lifecycle mode',
      obj: drv({ fsGroupPolicy: 'All', volumeLifecycleModes: ['Persistent', 'Forever'] }),
      want: [
        'spec.fsGroupPolicy: Unsupported value: "All": supported values: "File", "None", "ReadWriteOnceWithFSType"',
        'spec.volumeLifecycleModes: Unsupported value: "Forever": supported values: "Persistent", "Ephemeral"',
      ],
    },
    {
      name: 'token requests',
      obj: drv({ tokenRequests: [{ audience: 'a', expirationSeconds: 10 }, { audience: 'a' }] }),
      want: [
        'spec.tokenRequests[0].expirationSeconds: Invalid value: 10: may not specify a duration less than 10 minutes',
        'spec.tokenRequests[1].audience: Duplicate value: "a"',
      ],
    },
    {
      name: 'attachRequired immutable',
      obj: drv({ attachRequired: false }),
      old: drv({}),
      want: ['spec.attachedRequired: Invalid value: false: field is immutable'],
    },
  ];
  runCases(csiDriverValidation, cases, test);
});

describe('CSINode', () => {
  const node = (drivers: JsonObject[]): JsonObject => ({ metadata: meta('node-1'), spec: { drivers } });
  const cases: Case[] = [
    {
      name: 'valid',
      obj: node([{ name: 'csi.example.com', nodeID: 'n1', topologyKeys: ['zone'] }]),
      want: [],
    },
    {
      name: 'missing node id and duplicate driver',
      obj: node([
        { name: 'd.io', nodeID: 'a' },
        { name: 'd.io', nodeID: '' },
      ]),
      want: ['spec.drivers[1].nodeID: Required value', 'spec.drivers[1].name: Duplicate value: "d.io"'],
    },
    {
      name: 'driver fields immutable',
      obj: node([{ name: 'd.io', nodeID: 'b' }]),
      old: node([{ name: 'd.io', nodeID: 'a' }]),
      want: ['spec.drivers: Invalid value: {"name":"d.io","nodeID":"b"}: field is immutable'],
    },
  ];
  runCases(csiNodeValidation, cases, test);
});

describe('VolumeAttachment', () => {
  const va = (source: JsonObject, extra: JsonObject = {}): JsonObject => ({
    metadata: meta('va'),
    spec: { attacher: 'csi.example.com', nodeName: 'node-1', source, ...extra },
  });
  const cases: Case[] = [
    { name: 'valid', obj: va({ persistentVolumeName: 'pv-1' }), want: [] },
    {
      name: 'no source',
      obj: va({}),
      want: [
        'spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName',
      ],
    },
    {
      name: 'both sources',
      obj: va({ persistentVolumeName: 'pv', inlineVolumeSpec: {} }),
      want: ['spec.source: Forbidden: must specify exactly one of inlineVolumeSpec and persistentVolumeName'],
    },
    {
      name: 'missing attacher',
      obj: va({ persistentVolumeName: 'pv' }, { attacher: '' }),
      // The v1 API checks the attacher twice: as required, then as a CSI driver name.
      want: [
        'spec.attacher: Required value',
        'spec.attacher: Required value',
        `spec.attacher: Invalid value: "": ${isDNS1123Subdomain('')[0]}`,
      ],
    },
    {
      name: 'spec immutable',
      obj: va({ persistentVolumeName: 'pv-2' }),
      old: va({ persistentVolumeName: 'pv-1' }),
      want: [
        'spec: Invalid value: {"attacher":"csi.example.com","nodeName":"node-1","source":{"persistentVolumeName":"pv-2"}}: field is immutable',
      ],
    },
  ];
  runCases(volumeAttachmentValidation, cases, test);
});

describe('CSIStorageCapacity', () => {
  const cap = (extra: JsonObject): JsonObject => ({
    metadata: meta('c', 'default'),
    storageClassName: 'fast',
    ...extra,
  });
  const cases: Case[] = [
    { name: 'valid', obj: cap({ capacity: '1Gi', nodeTopology: { matchLabels: { zone: 'a' } } }), want: [] },
    {
      name: 'negative capacity',
      obj: cap({ capacity: '-1Gi' }),
      want: ['capacity: Invalid value: "-1Gi": must be greater than or equal to 0'],
    },
    {
      name: 'class immutable',
      obj: cap({ storageClassName: 'slow' }),
      old: cap({}),
      want: ['storageClassName: Invalid value: "slow": field is immutable'],
    },
  ];
  runCases(csiStorageCapacityValidation, cases, test);
});

describe('VolumeAttributesClass', () => {
  const vac = (extra: JsonObject): JsonObject => ({
    metadata: meta('gold'),
    driverName: 'csi.example.com',
    parameters: { iops: '100' },
    ...extra,
  });
  const cases: Case[] = [
    { name: 'valid', obj: vac({}), want: [] },
    {
      name: 'parameters required',
      obj: vac({ parameters: {} }),
      want: ['parameters: Required value: must contain at least one key/value pair'],
    },
    { name: 'driver required', obj: vac({ driverName: '' }), want: ['driverName: Required value'] },
    {
      name: 'updates forbidden',
      obj: vac({ driverName: 'other.io', parameters: { iops: '200' } }),
      old: vac({}),
      want: [
        'driverName: Forbidden: updates to driverName are forbidden.',
        'parameters: Forbidden: updates to parameters are forbidden.',
      ],
    },
  ];
  runCases(volumeAttributesClassValidation, cases, test);
});

describe('StorageClass warnings', () => {
  test('deprecated topology label', () => {
    const obj = sc({
      allowedTopologies: [
        { matchLabelExpressions: [{ key: 'failure-domain.beta.kubernetes.io/zone', values: ['a'] }] },
      ],
    });
    assert.deepEqual(storageClassValidation.warnings?.(obj), [
      'allowedTopologies[0].matchLabelExpressions[0].key: deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
    ]);
  });
  test('current topology label', () => {
    const obj = sc({
      allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['a'] }] }],
    });
    assert.deepEqual(storageClassValidation.warnings?.(obj), []);
  });
});
