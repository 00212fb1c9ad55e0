import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { coreValidations } from './index.js';
import { at, type Case, runCases, strs, subdomainMsg } from './testing.js';

const pvc = coreValidations['v1/PersistentVolumeClaim']!;
const spec = (o: JsonObject): JsonObject => at(o, 'spec');

function makeClaim(): JsonObject {
  return {
    metadata: { name: 'foo', namespace: 'ns', resourceVersion: '1' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10G' } },
      volumeMode: 'Filesystem',
    },
  };
}

const claimCases: Case[] = [
  { name: 'valid', tweak: () => {}, want: [] },
  {
    name: 'missing access modes',
    tweak: (o) => {
      spec(o)['accessModes'] = [];
    },
    want: ['spec.accessModes: Required value: at least 1 access mode is required'],
  },
  {
    name: 'missing storage request',
    tweak: (o) => {
      spec(o)['resources'] = { requests: { cpu: '1' } };
    },
    want: ['spec.resources[storage]: Required value'],
  },
  {
    name: 'zero storage request',
    tweak: (o) => {
      spec(o)['resources'] = { requests: { storage: '0' } };
    },
    want: ['spec.resources[storage]: Invalid value: "0": must be greater than zero'],
  },
  {
    name: 'invalid selector',
    tweak: (o) => {
      spec(o)['selector'] = {
        matchExpressions: [{ key: 'key2', operator: 'Exists', values: ['value1'] }],
      };
    },
    want: [
      "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ],
  },
  {
    name: 'invalid storage class name',
    tweak: (o) => {
      spec(o)['storageClassName'] = 'Bad';
    },
    want: [`spec.storageClassName: Invalid value: "Bad": ${subdomainMsg}`],
  },
  {
    name: 'empty storage class name is allowed',
    tweak: (o) => {
      spec(o)['storageClassName'] = '';
    },
    want: [],
  },
  {
    name: 'dataSource of another group without apiGroup',
    tweak: (o) => {
      spec(o)['dataSource'] = { kind: 'VolumeSnapshot', name: 'snap' };
    },
    want: [
      'spec.dataSource: Invalid value: "VolumeSnapshot": must be \'PersistentVolumeClaim\' when referencing the default apiGroup',
    ],
  },
  {
    name: 'valid snapshot dataSource',
    tweak: (o) => {
      spec(o)['dataSource'] = {
        apiGroup: 'snapshot.storage.k8s.io',
        kind: 'VolumeSnapshot',
        name: 'snap',
      };
    },
    want: [],
  },
  {
    name: 'dataSource missing kind and name',
    tweak: (o) => {
      spec(o)['dataSource'] = { apiGroup: 'x.io' };
    },
    want: ['spec.dataSource.kind: Required value', 'spec.dataSource.name: Required value'],
  },
  {
    name: 'dataSource and dataSourceRef disagree',
    tweak: (o) => {
      spec(o)['dataSource'] = { kind: 'PersistentVolumeClaim', name: 'a' };
      spec(o)['dataSourceRef'] = { kind: 'PersistentVolumeClaim', name: 'b' };
    },
    want: ['spec: Invalid value: {}: must match dataSourceRef'],
  },
  {
    name: 'dataSource with a namespaced dataSourceRef',
    tweak: (o) => {
      spec(o)['dataSource'] = { kind: 'PersistentVolumeClaim', name: 'a' };
      spec(o)['dataSourceRef'] = { kind: 'PersistentVolumeClaim', name: 'a', namespace: 'other' };
    },
    want: ['spec: Invalid value: {}: may not be specified when dataSourceRef.namespace is specified'],
  },
];

describe('PersistentVolumeClaim create (upstream TestValidatePersistentVolumeClaim cases)', () =>
  runCases(makeClaim, (o) => pvc.validate(o), claimCases));

const immutableSpec =
  'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
describe('PersistentVolumeClaim update (upstream TestValidatePersistentVolumeClaimUpdate cases)', () => {
  const bound = (o: JsonObject): void => {
    o['status'] = { phase: 'Bound', capacity: { storage: '10G' } };
  };
  const cases: Array<[string, (o: JsonObject) => void, (o: JsonObject) => void, string[]]> = [
    ['unchanged', () => {}, () => {}, []],
    [
      'volumeName set once',
      () => {},
      (o) => {
        spec(o)['volumeName'] = 'pv-1';
      },
      [],
    ],
    [
      'volumeName changed',
      (o) => {
        spec(o)['volumeName'] = 'pv-1';
      },
      (o) => {
        spec(o)['volumeName'] = 'pv-2';
      },
      [immutableSpec],
    ],
    [
      'access modes changed',
      () => {},
      (o) => {
        spec(o)['accessModes'] = ['ReadOnlyMany'];
      },
      [immutableSpec],
    ],
    [
      'bound claim grows',
      bound,
      (o) => {
        spec(o)['resources'] = { requests: { storage: '15G' } };
      },
      [],
    ],
    [
      'unbound claim may not grow',
      () => {},
      (o) => {
        spec(o)['resources'] = { requests: { storage: '15G' } };
      },
      [immutableSpec],
    ],
    [
      'bound claim shrinks to its capacity',
      (o) => {
        bound(o);
        spec(o)['resources'] = { requests: { storage: '15G' } };
      },
      (o) => {
        spec(o)['resources'] = { requests: { storage: '10G' } };
      },
      ['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity'],
    ],
    [
      'same quantity in another spelling is no change',
      () => {},
      (o) => {
        spec(o)['resources'] = { requests: { storage: '10000M' } };
      },
      [],
    ],
    [
      'volumeMode changed',
      () => {},
      (o) => {
        spec(o)['volumeMode'] = 'Block';
      },
      [immutableSpec, 'volumeMode: Invalid value: "Block": field is immutable'],
    ],
    [
      'storage class set from the beta annotation',
      (o) => {
        at(o, 'metadata', 'annotations')['volume.beta.kubernetes.io/storage-class'] = 'gold';
      },
      (o) => {
        spec(o)['storageClassName'] = 'gold';
      },
      [],
    ],
    [
      'storage class set from unset',
      () => {},
      (o) => {
        spec(o)['storageClassName'] = 'gold';
      },
      [],
    ],
    [
      'storage class changed',
      (o) => {
        spec(o)['storageClassName'] = 'gold';
      },
      (o) => {
        spec(o)['storageClassName'] = 'silver';
      },
      [immutableSpec],
    ],
    [
      'volume attributes class cleared',
      (o) => {
        bound(o);
        spec(o)['volumeAttributesClassName'] = 'gold';
      },
      (o) => delete spec(o)['volumeAttributesClassName'],
      // The clone comparison also sees the class go, as upstream's does.
      [
        immutableSpec,
        'spec.volumeAttributesClassName: Forbidden: update from non-nil value to nil is forbidden',
      ],
    ],
  ];
  for (const [name, oldTweak, newTweak, want] of cases) {
    test(name, () => {
      const old = makeClaim();
      oldTweak(old);
      const n = structuredClone(old);
      newTweak(n);
      assert.deepEqual(strs(pvc.validateUpdate(n, old)), want.sort());
    });
  }

  test('status update checks allocated resources', () => {
    const n = makeClaim();
    n['status'] = {
      phase: 'Bound',
      allocatedResources: { storage: '10G', cpu: '1' },
      allocatedResourceStatuses: { storage: 'Resizing' },
    };
    assert.deepEqual(strs(pvc.validateStatusUpdate!(n, makeClaim())), [
      'status.allocatedResourceStatus: Unsupported value: "storage": supported values: "ControllerResizeInProgress", "ControllerResizeInfeasible", "NodeResizeInProgress", "NodeResizeInfeasible", "NodeResizePending"',
      'status.allocatedResources: Unsupported value: "cpu": supported values: "storage"',
    ]);
  });

  test('beta storage-class annotation warning', () => {
    const n = makeClaim();
    at(n, 'metadata', 'annotations')['volume.beta.kubernetes.io/storage-class'] = 'gold';
    assert.deepEqual(pvc.warnings!(n), [
      'metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead',
    ]);
  });
});
