import { describe } from 'node:test';
import type { JsonObject } from '../types.js';
import { hpaV1Validation, hpaV2Validation, validateScale } from './hpa.js';
import { at, stored, table } from './test-support.js';

const hpa: JsonObject = {
  metadata: { name: 'myautoscaler', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'ReplicationController', name: 'myrc' },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ],
  },
};

const spec = (o: JsonObject) => at(o, 'spec');
const metric = (o: JsonObject, m: JsonObject) => (spec(o)['metrics'] = [m]);
const rules = (o: JsonObject, r: JsonObject) => (spec(o)['behavior'] = { scaleUp: r });
const podsPolicy = { type: 'Pods', value: 1, periodSeconds: 60 };

describe('HorizontalPodAutoscaler v2 create', () => {
  table(hpaV2Validation.validate, hpa, [
    ['valid', () => {}, []],
    [
      'valid object metric',
      (o) =>
        metric(o, {
          type: 'Object',
          object: {
            describedObject: { kind: 'Service', name: 'svc' },
            metric: { name: 'qps' },
            target: { type: 'Value', value: '10' },
          },
        }),
      [],
    ],
    [
      'valid external metric',
      (o) =>
        metric(o, {
          type: 'External',
          external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '100m' } },
        }),
      [],
    ],
    [
      'valid container resource',
      (o) =>
        metric(o, {
          type: 'ContainerResource',
          containerResource: {
            name: 'memory',
            container: 'app',
            target: { type: 'AverageValue', averageValue: '1Gi' },
          },
        }),
      [],
    ],
    [
      'valid behavior',
      (o) =>
        (spec(o)['behavior'] = {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            selectPolicy: 'Max',
            policies: [podsPolicy, { type: 'Percent', value: 100, periodSeconds: 1800 }],
          },
          scaleDown: { stabilizationWindowSeconds: 3600, selectPolicy: 'Disabled', policies: [podsPolicy] },
        }),
      [],
    ],
    [
      'minReplicas zero',
      (o) => (spec(o)['minReplicas'] = 0),
      [
        'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
        'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
      ],
    ],
    [
      'maxReplicas zero',
      (o) => {
        spec(o)['maxReplicas'] = 0;
        delete spec(o)['minReplicas'];
      },
      ['spec.maxReplicas: Invalid value: 0: must be greater than 0'],
    ],
    [
      'max below min',
      (o) => (spec(o)['minReplicas'] = 7),
      ['spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`'],
    ],
    [
      'scaleTargetRef empty',
      (o) => (spec(o)['scaleTargetRef'] = {}),
      [
        'spec.scaleTargetRef.kind: Required value',
        'spec.scaleTargetRef.name: Required value',
        'spec.scaleTargetRef.apiVersion: Invalid value: "": apiVersion must specify API group',
      ],
    ],
    [
      'scaleTargetRef with a slash',
      (o) => (at(o, 'spec', 'scaleTargetRef')['name'] = 'my/rc'),
      ['spec.scaleTargetRef.name: Invalid value: "my/rc": may not contain \'/\''],
    ],
    [
      'ReplicationController needs no group',
      (o) => (at(o, 'spec', 'scaleTargetRef')['apiVersion'] = 'v1'),
      [],
    ],
    [
      'other kinds need a group',
      (o) => (at(o, 'spec')['scaleTargetRef'] = { apiVersion: 'v1', kind: 'Deployment', name: 'web' }),
      ['spec.scaleTargetRef.apiVersion: Invalid value: "v1": apiVersion must specify API group'],
    ],
    [
      'apiVersion with two slashes',
      (o) => (at(o, 'spec', 'scaleTargetRef')['apiVersion'] = 'a/b/c'),
      ['spec.scaleTargetRef.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c'],
    ],
    [
      'described object may be in the core group',
      (o) =>
        metric(o, {
          type: 'Object',
          object: {
            describedObject: { apiVersion: 'v1', kind: 'Service', name: 'svc' },
            metric: { name: 'qps' },
            target: { type: 'Value', value: '10' },
          },
        }),
      [],
    ],
    [
      'metric type empty',
      (o) => metric(o, {}),
      [
        'spec.metrics[0].type: Required value: must specify a metric source type',
        'spec.metrics[0].type: Unsupported value: "": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
        'spec.metrics[0].type: Unsupported value: "": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
      ],
    ],
    [
      'metric source missing',
      (o) => metric(o, { type: 'Pods' }),
      ['spec.metrics[0].pods: Required value: must populate information for the given metric source'],
    ],
    [
      'two sources',
      (o) =>
        metric(o, {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1' } },
        }),
      ['spec.metrics[0].pods: Forbidden: must populate the given metric source only'],
    ],
    [
      'resource without a target',
      (o) => metric(o, { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }),
      [
        'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
      ],
    ],
    [
      'resource with both targets',
      (o) =>
        metric(o, {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70, averageValue: '100m' },
          },
        }),
      [
        'spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization',
      ],
    ],
    [
      'resource name missing and utilization zero',
      (o) =>
        metric(o, { type: 'Resource', resource: { target: { type: 'Utilization', averageUtilization: 0 } } }),
      [
        'spec.metrics[0].resource.name: Required value: must specify a resource name',
        'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
      ],
    ],
    [
      'target type unknown',
      (o) =>
        metric(o, {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Average', averageUtilization: 70 } },
        }),
      [
        'spec.metrics[0].resource.target.type: Invalid value: "Average": must be either Utilization, Value, or AverageValue',
      ],
    ],
    [
      'pods target needs averageValue',
      (o) =>
        metric(o, {
          type: 'Pods',
          pods: { metric: { name: 'qps' }, target: { type: 'Value', value: '-1' } },
        }),
      [
        'spec.metrics[0].pods.target.value: Invalid value: "-1": must be positive',
        'spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue',
      ],
    ],
    [
      'object target missing',
      (o) =>
        metric(o, {
          type: 'Object',
          object: {
            describedObject: { kind: 'Service', name: 'svc' },
            metric: {},
            target: { type: 'Value' },
          },
        }),
      [
        'spec.metrics[0].object.metric.name: Required value: must specify a metric name',
        'spec.metrics[0].object.target.averageValue: Required value: must set either a target value or averageValue',
      ],
    ],
    [
      'external with both targets',
      (o) =>
        metric(o, {
          type: 'External',
          external: { metric: { name: 'q' }, target: { type: 'Value', value: '1', averageValue: '2' } },
        }),
      [
        'spec.metrics[0].external.target.value: Forbidden: may not set both a target value for metric and a per-pod target',
      ],
    ],
    [
      'container resource not standard',
      (o) =>
        metric(o, {
          type: 'ContainerResource',
          containerResource: {
            name: 'gpu',
            container: 'App',
            target: { type: 'Utilization', averageUtilization: 50 },
          },
        }),
      [
        'spec.metrics[0].containerResource.name: Invalid value: "gpu": must be a standard resource for containers',
        "spec.metrics[0].containerResource.container: Invalid value: \"App\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    [
      'policies required',
      (o) => rules(o, { stabilizationWindowSeconds: 10 }),
      ['spec.behavior.scaleUp.policies: Required value: must specify at least one Policy'],
    ],
    [
      'window out of range',
      (o) => rules(o, { stabilizationWindowSeconds: 3601, policies: [podsPolicy] }),
      [
        'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600',
      ],
    ],
    [
      'negative window',
      (o) => rules(o, { stabilizationWindowSeconds: -1, policies: [podsPolicy] }),
      [
        'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero',
      ],
    ],
    [
      'select policy unknown',
      (o) => rules(o, { selectPolicy: 'Middle', policies: [podsPolicy] }),
      [
        'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Middle": supported values: "Disabled", "Max", "Min"',
      ],
    ],
    [
      'policy fields out of range',
      (o) => rules(o, { policies: [{ type: 'Repetition', value: 0, periodSeconds: 1801 }] }),
      [
        'spec.behavior.scaleUp.policies[0].type: Unsupported value: "Repetition": supported values: "Percent", "Pods"',
        'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
        'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800',
      ],
    ],
    [
      'period zero',
      (o) => rules(o, { policies: [{ type: 'Pods', value: 1, periodSeconds: 0 }] }),
      ['spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 0: must be greater than zero'],
    ],
  ]);
});

describe('HorizontalPodAutoscaler v2 update and status', () => {
  const zero = stored(hpa);
  spec(zero)['minReplicas'] = 0;
  spec(zero)['metrics'] = [
    { type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '1' } } },
  ];
  table((o) => hpaV2Validation.validateUpdate(o, zero), zero, [
    ['scale-to-zero kept where stored', () => {}, []],
    [
      'scale-to-zero needs an object or external metric',
      (o) => (spec(o)['metrics'] = []),
      [
        'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
      ],
    ],
  ]);
  const legacy = stored(hpa);
  at(legacy, 'spec')['scaleTargetRef'] = { kind: 'Deployment', name: 'web' };
  table((o) => hpaV2Validation.validateUpdate(o, legacy), legacy, [
    ['a stored groupless target stays updatable', (o) => (at(o, 'spec')['maxReplicas'] = 9), []],
    [
      'but changing the target rechecks it',
      (o) => (at(o, 'spec', 'scaleTargetRef')['kind'] = 'StatefulSet'),
      ['spec.scaleTargetRef.apiVersion: Invalid value: "": apiVersion must specify API group'],
    ],
  ]);
  const old = stored(hpa);
  table((o) => hpaV2Validation.validateUpdate(o, old), old, [
    [
      'scale-to-zero not newly allowed',
      (o) => (spec(o)['minReplicas'] = 0),
      [
        'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
        'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
      ],
    ],
  ]);
  table((o) => hpaV2Validation.validateStatusUpdate?.(o, old) ?? [], old, [
    [
      'negative replicas in status',
      (o) => (o['status'] = { currentReplicas: -1, desiredReplicas: -2 }),
      [
        'status.currentReplicas: Invalid value: -1: must be greater than or equal to 0',
        'status.desiredReplicas: Invalid value: -2: must be greater than or equal to 0',
      ],
    ],
  ]);
});

const hpaV1: JsonObject = {
  metadata: { name: 'myautoscaler', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 5,
    targetCPUUtilizationPercentage: 80,
  },
};

describe('HorizontalPodAutoscaler v1', () => {
  table(hpaV1Validation.validate, hpaV1, [
    ['valid', () => {}, []],
    ['valid without a target (defaults to 80%)', (o) => delete spec(o)['targetCPUUtilizationPercentage'], []],
    [
      'zero target reported at the v2 path',
      (o) => (spec(o)['targetCPUUtilizationPercentage'] = 0),
      ['spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0'],
    ],
    [
      'target of the wrong type',
      (o) => (spec(o)['targetCPUUtilizationPercentage'] = 'high'),
      ['spec.targetCPUUtilizationPercentage: Invalid value: "string": must be of type integer'],
    ],
    [
      'max below min',
      (o) => (spec(o)['maxReplicas'] = 0),
      [
        'spec.maxReplicas: Invalid value: 0: must be greater than 0',
        'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
      ],
    ],
  ]);
});

describe('Scale', () => {
  table(validateScale, { metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 1 } }, [
    ['valid', () => {}, []],
    [
      'negative replicas',
      (o) => (spec(o)['replicas'] = -1),
      ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ],
  ]);
});
