import { describe } from 'node:test';
import type { JsonObject } from '../types.js';
import { statefulSetValidation } from './statefulset.js';
import { at, podTemplate, stored, table } from './test-support.js';

const forbiddenUpdate =
  "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

const sts: JsonObject = {
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    replicas: 1,
    podManagementPolicy: 'OrderedReady',
    serviceName: 'abc',
    selector: { matchLabels: { a: 'b' } },
    template: podTemplate({ a: 'b' }),
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    revisionHistoryLimit: 10,
    volumeClaimTemplates: [
      {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
          volumeMode: 'Filesystem',
        },
      },
    ],
  },
};

describe('StatefulSet create', () => {
  const spec = (o: JsonObject) => at(o, 'spec');
  const ru = (o: JsonObject) => at(o, 'spec', 'updateStrategy', 'rollingUpdate');
  table(statefulSetValidation.validate, sts, [
    ['valid', () => {}, []],
    [
      'valid Parallel and OnDelete',
      (o) => {
        spec(o)['podManagementPolicy'] = 'Parallel';
        spec(o)['updateStrategy'] = { type: 'OnDelete' };
      },
      [],
    ],
    ['valid without serviceName', (o) => delete spec(o)['serviceName'], []],
    ['valid maxUnavailable', (o) => (ru(o)['maxUnavailable'] = '50%'), []],
    ['valid ordinals', (o) => (spec(o)['ordinals'] = { start: 3 }), []],
    ['negative history limit is not an error', (o) => (spec(o)['revisionHistoryLimit'] = -1), []],
    [
      'serviceName must be a DNS label',
      (o) => (spec(o)['serviceName'] = 'Bad_Svc'),
      [
        "spec.serviceName: Invalid value: \"Bad_Svc\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    [
      'mounts of claim templates resolve, others do not',
      (o) =>
        (at(o, 'spec', 'template', 'spec', 'containers', '0')['volumeMounts'] = [
          { name: 'data', mountPath: '/data' },
          { name: 'other', mountPath: '/other' },
        ]),
      ['spec.template.spec.containers[0].volumeMounts[1].name: Not found: "other"'],
    ],
    [
      'pod spec validated',
      (o) => delete at(o, 'spec', 'template', 'spec', 'containers', '0')['image'],
      ['spec.template.spec.containers[0].image: Required value'],
    ],
    [
      'claim templates get the claim spec rules',
      (o) => {
        const claim = at(o, 'spec', 'volumeClaimTemplates', '0', 'spec');
        delete claim['accessModes'];
        claim['resources'] = { requests: { storage: '-1' } };
      },
      [
        'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
        'spec.volumeClaimTemplates[0].spec.resources[storage]: Invalid value: "-1": must be greater than zero',
      ],
    ],
    [
      'claim template of the wrong type',
      (o) => (spec(o)['volumeClaimTemplates'] = ['data']),
      ['spec.volumeClaimTemplates[0]: Invalid value: "string": must be of type object'],
    ],
    [
      'name must be a DNS label',
      (o) => (at(o, 'metadata')['name'] = 'a.b'),
      ['metadata.name: Invalid value: "a.b": must not contain dots'],
    ],
    [
      'podManagementPolicy empty',
      (o) => (spec(o)['podManagementPolicy'] = ''),
      ['spec.podManagementPolicy: Required value'],
    ],
    [
      'podManagementPolicy unknown',
      (o) => (spec(o)['podManagementPolicy'] = 'foo'),
      ["spec.podManagementPolicy: Invalid value: \"foo\": must be 'OrderedReady' or 'Parallel'"],
    ],
    [
      'update strategy type empty',
      (o) => (spec(o)['updateStrategy'] = {}),
      ['spec.updateStrategy: Required value'],
    ],
    [
      'update strategy unknown',
      (o) => (spec(o)['updateStrategy'] = { type: 'foo' }),
      ['spec.updateStrategy: Invalid value: {"type":"foo"}: must be \'RollingUpdate\' or \'OnDelete\''],
    ],
    [
      'rollingUpdate with OnDelete',
      (o) => (at(o, 'spec', 'updateStrategy')['type'] = 'OnDelete'),
      [
        'spec.updateStrategy.rollingUpdate: Invalid value: {"partition":0}: only allowed for updateStrategy \'RollingUpdate\'',
      ],
    ],
    [
      'negative partition',
      (o) => (ru(o)['partition'] = -1),
      ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'maxUnavailable zero',
      (o) => (ru(o)['maxUnavailable'] = 0),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0'],
    ],
    [
      'maxUnavailable zero percent',
      (o) => (ru(o)['maxUnavailable'] = '0%'),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "0%": cannot be 0'],
    ],
    [
      'maxUnavailable over 100%',
      (o) => (ru(o)['maxUnavailable'] = '101%'),
      [
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "101%": must not be greater than 100%',
      ],
    ],
    [
      'negative ordinals.start',
      (o) => (spec(o)['ordinals'] = { start: -2 }),
      ['spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0'],
    ],
    [
      'retention whenDeleted unknown',
      (o) => (at(o, 'spec', 'persistentVolumeClaimRetentionPolicy')['whenDeleted'] = 'Keep'),
      [
        'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
      ],
    ],
    [
      'selector missing',
      (o) => delete spec(o)['selector'],
      [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: {"a":"b"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'empty selector',
      (o) => (spec(o)['selector'] = {}),
      ['spec.selector: Invalid value: {}: empty selector is invalid for statefulset'],
    ],
    [
      'mismatched labels',
      (o) => (at(o, 'spec', 'template', 'metadata')['labels'] = { a: 'c' }),
      [
        'spec.template.metadata.labels: Invalid value: {"a":"c"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'restartPolicy Never',
      (o) => (at(o, 'spec', 'template', 'spec')['restartPolicy'] = 'Never'),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'activeDeadlineSeconds',
      (o) => (at(o, 'spec', 'template', 'spec')['activeDeadlineSeconds'] = 5),
      [
        'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
      ],
    ],
    [
      'negative replicas',
      (o) => (spec(o)['replicas'] = -1),
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
  ]);
});

describe('StatefulSet update', () => {
  const old = stored(sts);
  const spec = (o: JsonObject) => at(o, 'spec');
  table((o) => statefulSetValidation.validateUpdate(o, old), old, [
    ['unchanged', () => {}, []],
    [
      'every mutable field changed',
      (o) => {
        spec(o)['replicas'] = 3;
        spec(o)['ordinals'] = { start: 2 };
        spec(o)['minReadySeconds'] = 5;
        spec(o)['revisionHistoryLimit'] = 2;
        spec(o)['updateStrategy'] = { type: 'OnDelete' };
        spec(o)['persistentVolumeClaimRetentionPolicy'] = { whenDeleted: 'Delete', whenScaled: 'Retain' };
        at(o, 'spec', 'template', 'spec')['dnsPolicy'] = 'Default';
      },
      [],
    ],
    ['serviceName changed', (o) => (spec(o)['serviceName'] = 'other'), [forbiddenUpdate]],
    ['podManagementPolicy changed', (o) => (spec(o)['podManagementPolicy'] = 'Parallel'), [forbiddenUpdate]],
    [
      'claim template changed',
      (o) => (at(o, 'spec', 'volumeClaimTemplates', '0', 'metadata')['name'] = 'other'),
      [forbiddenUpdate],
    ],
    [
      'selector changed',
      (o) => (spec(o)['selector'] = { matchLabels: { a: 'b', c: 'd' } }),
      [
        'spec.template.metadata.labels: Invalid value: {"a":"b"}: `selector` does not match template `labels`',
        forbiddenUpdate,
      ],
    ],
    ['empty list where none was (semantically equal)', (o) => (spec(o)['extra'] = []), []],
  ]);

  const broken = stored(sts);
  at(broken, 'spec')['serviceName'] = 'Bad_Svc';
  delete at(broken, 'spec', 'volumeClaimTemplates', '0', 'spec')['accessModes'];
  delete at(broken, 'spec', 'template', 'spec', 'containers', '0')['image'];
  table((o) => statefulSetValidation.validateUpdate(o, broken), broken, [
    [
      'a stored invalid serviceName, template and claim template stay updatable',
      (o) => (spec(o)['replicas'] = 4),
      [],
    ],
  ]);
  table((o) => statefulSetValidation.validateUpdate(o, old), old, [
    [
      'a valid stored template keeps the pod rules',
      (o) => delete at(o, 'spec', 'template', 'spec', 'containers', '0')['image'],
      ['spec.template.spec.containers[0].image: Required value'],
    ],
  ]);
});

describe('StatefulSet warnings', () => {
  table(
    (o) =>
      (statefulSetValidation.warnings?.(o) ?? []).map((m) => ({
        type: 'FieldValueForbidden',
        field: 'w',
        badValue: '',
        detail: m,
      })),
    sts,
    [
      ['none for a valid object', () => {}, []],
      [
        'negative history limit is accepted with a warning',
        (o) => (at(o, 'spec')['revisionHistoryLimit'] = -1),
        [
          'w: Forbidden: spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended',
        ],
      ],
    ],
  );
});

describe('StatefulSet status update', () => {
  const old = stored({
    ...sts,
    status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, collisionCount: 1 },
  });
  table((o) => statefulSetValidation.validateStatusUpdate?.(o, old) ?? [], old, [
    ['valid', () => {}, []],
    [
      'available above ready',
      (o) => (at(o, 'status')['readyReplicas'] = 1),
      ['status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas'],
    ],
    [
      'current above replicas',
      (o) => (at(o, 'status')['currentReplicas'] = 3),
      ['status.currentReplicas: Invalid value: 3: cannot be greater than status.replicas'],
    ],
    [
      'collisionCount decremented',
      (o) => (at(o, 'status')['collisionCount'] = 0),
      ['status.collisionCount: Invalid value: 0: cannot be decremented'],
    ],
  ]);
});
