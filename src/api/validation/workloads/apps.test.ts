import { describe } from 'node:test';
import type { JsonObject } from '../types.js';
import { controllerRevisionValidation } from './controller-revision.js';
import { daemonSetValidation } from './daemonset.js';
import { deploymentValidation } from './deployment.js';
import { replicaSetValidation } from './replicaset.js';
import { at, podTemplate, stored, table } from './test-support.js';

const percentMsg =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

const deployment: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { name: 'abc', type: 'production' } },
    template: podTemplate({ name: 'abc', type: 'production' }),
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
};

describe('Deployment create', () => {
  const spec = (o: JsonObject) => at(o, 'spec');
  const ru = (o: JsonObject) => at(o, 'spec', 'strategy', 'rollingUpdate');
  table(deploymentValidation.validate, deployment, [
    ['valid', () => {}, []],
    ['valid Recreate', (o) => (spec(o)['strategy'] = { type: 'Recreate' }), []],
    [
      'pod spec validated',
      (o) => (at(o, 'spec', 'template', 'spec', 'containers', '0')['name'] = 'Bad_Name'),
      [
        "spec.template.spec.containers[0].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    [
      'valid zero replicas and surge-only rollout',
      (o) => {
        spec(o)['replicas'] = 0;
        ru(o)['maxUnavailable'] = 0;
      },
      [],
    ],
    [
      'name missing',
      (o) => delete at(o, 'metadata')['name'],
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      'namespace missing',
      (o) => delete at(o, 'metadata')['namespace'],
      ['metadata.namespace: Required value'],
    ],
    [
      'selector missing',
      (o) => delete spec(o)['selector'],
      [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: {"name":"abc","type":"production"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'empty selector',
      (o) => (spec(o)['selector'] = {}),
      ['spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
    ],
    [
      'selector does not match template labels',
      (o) => (spec(o)['selector'] = { matchLabels: { name: 'other' } }),
      [
        'spec.template.metadata.labels: Invalid value: {"name":"abc","type":"production"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'bad selector operator',
      (o) =>
        (spec(o)['selector'] = { matchExpressions: [{ key: 'name', operator: 'Bad', values: ['abc'] }] }),
      [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Bad": not a valid selector operator',
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"name","operator":"Bad","values":["abc"]}]}: invalid label selector',
      ],
    ],
    [
      'In without values',
      (o) => (spec(o)['selector'] = { matchExpressions: [{ key: 'name', operator: 'In' }] }),
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"name","operator":"In"}]}: invalid label selector',
      ],
    ],
    [
      'negative replicas',
      (o) => (spec(o)['replicas'] = -1),
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'restartPolicy Never',
      (o) => (at(o, 'spec', 'template', 'spec')['restartPolicy'] = 'Never'),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'activeDeadlineSeconds set',
      (o) => (at(o, 'spec', 'template', 'spec')['activeDeadlineSeconds'] = 30),
      [
        'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
      ],
    ],
    [
      'unknown strategy type',
      (o) => (spec(o)['strategy'] = { type: 'randomType' }),
      [
        'spec.strategy: Unsupported value: {"type":"randomType"}: supported values: "Recreate", "RollingUpdate"',
      ],
    ],
    [
      'rollingUpdate with Recreate',
      (o) => (at(o, 'spec', 'strategy')['type'] = 'Recreate'),
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ],
    [
      'maxSurge not a percent',
      (o) => (ru(o)['maxSurge'] = '20Percent'),
      [`spec.strategy.rollingUpdate.maxSurge: Invalid value: "20Percent": ${percentMsg}`],
    ],
    [
      'maxUnavailable over 100%',
      (o) => (ru(o)['maxUnavailable'] = '110%'),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%'],
    ],
    ['maxSurge over 100% is allowed', (o) => (ru(o)['maxSurge'] = '200%'), []],
    [
      'maxUnavailable negative',
      (o) => (ru(o)['maxUnavailable'] = -1),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'both zero',
      (o) => {
        ru(o)['maxUnavailable'] = 0;
        ru(o)['maxSurge'] = 0;
      },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    ],
    [
      'both zero percent',
      (o) => {
        ru(o)['maxUnavailable'] = '0%';
        ru(o)['maxSurge'] = '0%';
      },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0'],
    ],
    [
      'negative revisionHistoryLimit',
      (o) => (spec(o)['revisionHistoryLimit'] = -2),
      ['spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0'],
    ],
    [
      'progress deadline equal to minReadySeconds',
      (o) => {
        spec(o)['minReadySeconds'] = 600;
        spec(o)['progressDeadlineSeconds'] = 600;
      },
      ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds'],
    ],
    [
      'negative progress deadline',
      (o) => (spec(o)['progressDeadlineSeconds'] = -1),
      [
        'spec.progressDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
        'spec.progressDeadlineSeconds: Invalid value: -1: must be greater than minReadySeconds',
      ],
    ],
    [
      'template label invalid',
      (o) => {
        at(o, 'spec', 'template', 'metadata')['labels'] = { 'bad key!': 'x' };
        spec(o)['selector'] = { matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] };
      },
      [
        "spec.template.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
    [
      'spec of the wrong type',
      (o) => (o['spec'] = 'x'),
      [
        'spec: Invalid value: "string": must be of type object',
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`',
        'spec.template.spec.terminationGracePeriodSeconds: Required value',
        'spec.template.spec.containers: Required value',
        'spec.template.spec.restartPolicy: Required value',
        'spec.template.spec.dnsPolicy: Required value',
        'spec.template.spec.restartPolicy: Unsupported value: "": supported values: "Always"',
        'spec.strategy: Unsupported value: {}: supported values: "Recreate", "RollingUpdate"',
      ],
    ],
  ]);
});

describe('Deployment update', () => {
  const old = stored(deployment);
  table((o) => deploymentValidation.validateUpdate(o, old), old, [
    ['unchanged', () => {}, []],
    [
      'scaled and retemplated',
      (o) => {
        at(o, 'spec')['replicas'] = 5;
        at(o, 'spec', 'template', 'spec')['dnsPolicy'] = 'Default';
      },
      [],
    ],
    [
      'selector changed',
      (o) => {
        at(o, 'spec')['selector'] = { matchLabels: { name: 'abc' } };
      },
      ['spec.selector: Invalid value: {"matchLabels":{"name":"abc"}}: field is immutable'],
    ],
    [
      'selector gains an empty list (semantically equal)',
      (o) => (at(o, 'spec', 'selector')['matchExpressions'] = []),
      [],
    ],
    [
      'resourceVersion missing',
      (o) => delete at(o, 'metadata')['resourceVersion'],
      ['metadata.resourceVersion: Invalid value: "": must be specified for an update'],
    ],
  ]);
});

describe('Deployment status update', () => {
  const old = stored({
    ...deployment,
    status: { replicas: 3, readyReplicas: 3, availableReplicas: 3, collisionCount: 2 },
  });
  const status = (o: JsonObject) => at(o, 'status');
  table((o) => deploymentValidation.validateStatusUpdate?.(o, old) ?? [], old, [
    ['valid', () => {}, []],
    [
      'negative replicas',
      (o) => (status(o)['replicas'] = -1),
      [
        'status.replicas: Invalid value: -1: must be greater than or equal to 0',
        'status.updatedReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas',
        'status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas',
      ],
    ],
    [
      'available above ready',
      (o) => (status(o)['readyReplicas'] = 2),
      ['status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas'],
    ],
    [
      'collisionCount decremented',
      (o) => (status(o)['collisionCount'] = 1),
      ['status.collisionCount: Invalid value: 1: cannot be decremented'],
    ],
    [
      'collisionCount removed',
      (o) => delete status(o)['collisionCount'],
      ['status.collisionCount: Invalid value: 0: cannot be decremented'],
    ],
    [
      'negative observedGeneration',
      (o) => (status(o)['observedGeneration'] = -3),
      ['status.observedGeneration: Invalid value: -3: must be greater than or equal to 0'],
    ],
  ]);
});

const replicaSet: JsonObject = {
  metadata: { name: 'abc', namespace: 'default' },
  spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: podTemplate({ a: 'b' }) },
};

describe('ReplicaSet', () => {
  table(replicaSetValidation.validate, replicaSet, [
    [
      'replicated pods need read-only GCE disks',
      (o) => {
        at(o, 'spec')['replicas'] = 2;
        at(o, 'spec', 'template', 'spec')['volumes'] = [
          { name: 'pd', gcePersistentDisk: { pdName: 'disk', fsType: 'ext4' } },
        ];
      },
      [
        'spec.template.spec.volumes[0].gcePersistentDisk.readOnly: Invalid value: false: must be true for replicated pods > 1; GCE PD can only be mounted on multiple machines if it is read-only',
      ],
    ],
    [
      'a single replica may write to a GCE disk',
      (o) =>
        (at(o, 'spec', 'template', 'spec')['volumes'] = [
          { name: 'pd', gcePersistentDisk: { pdName: 'disk', fsType: 'ext4' } },
        ]),
      [],
    ],
    ['valid', () => {}, []],
    [
      'negative minReadySeconds',
      (o) => (at(o, 'spec')['minReadySeconds'] = -1),
      ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'empty selector says deployment, as upstream',
      (o) => (at(o, 'spec')['selector'] = { matchLabels: {} }),
      ['spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
    ],
    [
      'replicas not an integer',
      (o) => (at(o, 'spec')['replicas'] = 1.5),
      ['spec.replicas: Invalid value: "number": must be of type integer'],
    ],
  ]);
  const old = stored(replicaSet);
  table((o) => replicaSetValidation.validateUpdate(o, old), old, [
    [
      'selector immutable',
      (o) => (at(o, 'spec')['selector'] = { matchLabels: { a: 'b', c: 'd' } }),
      [
        'spec.template.metadata.labels: Invalid value: {"a":"b"}: `selector` does not match template `labels`',
        'spec.selector: Invalid value: {"matchLabels":{"a":"b","c":"d"}}: field is immutable',
      ],
    ],
  ]);
  const oldStatus = stored({
    ...replicaSet,
    status: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1 },
  });
  table((o) => replicaSetValidation.validateStatusUpdate?.(o, oldStatus) ?? [], oldStatus, [
    ['valid status', () => {}, []],
    [
      'fullyLabeled above replicas',
      (o) => (at(o, 'status')['fullyLabeledReplicas'] = 3),
      ['status.fullyLabeledReplicas: Invalid value: 3: cannot be greater than status.replicas'],
    ],
  ]);
});

const daemonSet: JsonObject = {
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    template: podTemplate({ a: 'b' }),
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    revisionHistoryLimit: 10,
  },
};

describe('DaemonSet', () => {
  const ru = (o: JsonObject) => at(o, 'spec', 'updateStrategy', 'rollingUpdate');
  table(daemonSetValidation.validate, daemonSet, [
    ['valid', () => {}, []],
    ['valid OnDelete', (o) => (at(o, 'spec')['updateStrategy'] = { type: 'OnDelete' }), []],
    [
      'pod spec validated',
      (o) => delete at(o, 'spec', 'template', 'spec', 'containers', '0')['image'],
      ['spec.template.spec.containers[0].image: Required value'],
    ],
    [
      'valid surge only',
      (o) => {
        ru(o)['maxUnavailable'] = 0;
        ru(o)['maxSurge'] = '10%';
      },
      [],
    ],
    [
      'selector missing: no Required, only the mismatch',
      (o) => delete at(o, 'spec')['selector'],
      [
        'spec.template.metadata.labels: Invalid value: {"a":"b"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'empty selector',
      (o) => (at(o, 'spec')['selector'] = {}),
      ['spec.selector: Invalid value: {}: empty selector is invalid for daemonset'],
    ],
    [
      'both set',
      (o) => (ru(o)['maxSurge'] = 1),
      [
        'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
      ],
    ],
    [
      'both zero',
      (o) => (ru(o)['maxUnavailable'] = '0%'),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
    ],
    [
      'surge over 100%',
      (o) => {
        ru(o)['maxUnavailable'] = 0;
        ru(o)['maxSurge'] = '101%';
      },
      ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "101%": must not be greater than 100%'],
    ],
    [
      'rollingUpdate missing',
      (o) => delete at(o, 'spec', 'updateStrategy')['rollingUpdate'],
      ['spec.updateStrategy.rollingUpdate: Required value'],
    ],
    [
      'unknown strategy',
      (o) => (at(o, 'spec')['updateStrategy'] = { type: 'Foo' }),
      [
        'spec.updateStrategy: Unsupported value: {"type":"Foo"}: supported values: "RollingUpdate", "OnDelete"',
      ],
    ],
    [
      'restartPolicy OnFailure',
      (o) => (at(o, 'spec', 'template', 'spec')['restartPolicy'] = 'OnFailure'),
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    ],
    [
      'activeDeadlineSeconds',
      (o) => (at(o, 'spec', 'template', 'spec')['activeDeadlineSeconds'] = 1),
      [
        'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported',
      ],
    ],
  ]);
  const old = stored(daemonSet);
  table((o) => daemonSetValidation.validateUpdate(o, old), old, [
    ['unchanged', () => {}, []],
    [
      'selector immutable',
      (o) => (at(o, 'spec', 'selector')['matchExpressions'] = [{ key: 'a', operator: 'Exists' }]),
      [
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"a","operator":"Exists"}],"matchLabels":{"a":"b"}}: field is immutable',
      ],
    ],
  ]);
  const oldStatus = stored({ ...daemonSet, status: { numberReady: 1 } });
  table((o) => daemonSetValidation.validateStatusUpdate?.(o, oldStatus) ?? [], oldStatus, [
    [
      'negative numberReady',
      (o) => (at(o, 'status')['numberReady'] = -1),
      ['status.numberReady: Invalid value: -1: must be greater than or equal to 0'],
    ],
  ]);
});

const revision: JsonObject = {
  metadata: { name: 'abc-1', namespace: 'default' },
  data: { spec: {} },
  revision: 1,
};

describe('ControllerRevision', () => {
  table(controllerRevisionValidation.validate, revision, [
    ['valid', () => {}, []],
    ['data missing', (o) => delete o['data'], ['data: Required value: data is mandatory']],
    [
      'negative revision',
      (o) => (o['revision'] = -1),
      ['revision: Invalid value: -1: must be greater than or equal to 0'],
    ],
  ]);
  const old = stored(revision);
  table((o) => controllerRevisionValidation.validateUpdate(o, old), old, [
    ['unchanged', () => {}, []],
    [
      'data changed',
      (o) => (o['data'] = { spec: { x: 1 } }),
      ['data: Invalid value: {"spec":{"x":1}}: field is immutable'],
    ],
  ]);
});
