import { describe } from 'node:test';
import type { JsonObject } from '../types.js';
import { pdbValidation } from './pdb.js';
import { at, stored, table } from './test-support.js';

const percentMsg =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

const pdb: JsonObject = {
  metadata: { name: 'mypdb', namespace: 'default' },
  spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
};

const spec = (o: JsonObject) => at(o, 'spec');

describe('PodDisruptionBudget', () => {
  table(pdbValidation.validate, pdb, [
    ['valid', () => {}, []],
    ['valid percent', (o) => (spec(o)['minAvailable'] = '50%'), []],
    [
      'valid maxUnavailable only',
      (o) => {
        delete spec(o)['minAvailable'];
        spec(o)['maxUnavailable'] = '100%';
      },
      [],
    ],
    ['valid without a selector', (o) => delete spec(o)['selector'], []],
    ['valid eviction policy', (o) => (spec(o)['unhealthyPodEvictionPolicy'] = 'AlwaysAllow'), []],
    [
      'both set',
      (o) => (spec(o)['maxUnavailable'] = 1),
      [
        'spec: Invalid value: {"maxUnavailable":1,"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}: minAvailable and maxUnavailable cannot be both set',
      ],
    ],
    [
      'negative',
      (o) => (spec(o)['minAvailable'] = -1),
      ['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'over 100%',
      (o) => (spec(o)['minAvailable'] = '101%'),
      ['spec.minAvailable: Invalid value: "101%": must not be greater than 100%'],
    ],
    [
      'not a percent',
      (o) => (spec(o)['minAvailable'] = '1.1%'),
      [`spec.minAvailable: Invalid value: "1.1%": ${percentMsg}`],
    ],
    [
      'maxUnavailable not a percent',
      (o) => {
        delete spec(o)['minAvailable'];
        spec(o)['maxUnavailable'] = 'abc';
      },
      [`spec.maxUnavailable: Invalid value: "abc": ${percentMsg}`],
    ],
    [
      'eviction policy unknown',
      (o) => (spec(o)['unhealthyPodEvictionPolicy'] = 'Never'),
      [
        'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
      ],
    ],
    [
      'bad selector value',
      (o) => (spec(o)['selector'] = { matchLabels: { app: 'a b' } }),
      [
        "spec.selector.matchLabels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    ],
    [
      'Exists with values',
      (o) =>
        (spec(o)['selector'] = { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }),
      [
        "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      ],
    ],
    ['name only needs to be a path segment', (o) => (at(o, 'metadata')['name'] = 'My_PDB'), []],
    [
      'name with a slash',
      (o) => (at(o, 'metadata')['name'] = 'a/b'),
      ['metadata.name: Invalid value: "a/b": may not contain \'/\''],
    ],
  ]);
  const old = stored({
    ...pdb,
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  });
  table((o) => pdbValidation.validateUpdate(o, old), old, [
    ['spec is mutable', (o) => (spec(o)['minAvailable'] = 2), []],
  ]);
  const legacy = stored(pdb);
  spec(legacy)['selector'] = { matchExpressions: [{ key: 'app', operator: 'In', values: ['a b'] }] };
  const badValue =
    "spec.selector.matchExpressions[0].values[0]: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  table(pdbValidation.validate, legacy, [['create rejects a bad selector value', () => {}, [badValue]]]);
  table((o) => pdbValidation.validateUpdate(o, legacy), legacy, [
    ['an update keeps accepting a stored bad selector value', (o) => (spec(o)['minAvailable'] = 2), []],
  ]);
  const condition = {
    type: 'DisruptionAllowed',
    status: 'True',
    reason: 'SufficientPods',
    lastTransitionTime: '2024-01-01T00:00:00Z',
  };
  table((o) => pdbValidation.validateStatusUpdate?.(o, old) ?? [], old, [
    ['valid status', (o) => (at(o, 'status')['conditions'] = [condition]), []],
    [
      'negative counters',
      (o) => (at(o, 'status')['expectedPods'] = -1),
      ['status.expectedPods: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'bad conditions',
      (o) =>
        (at(o, 'status')['conditions'] = [
          condition,
          { ...condition, status: 'Yes', reason: '1bad', lastTransitionTime: null },
        ]),
      [
        'status.conditions[1].type: Duplicate value: "DisruptionAllowed"',
        'status.conditions[1].status: Unsupported value: "Yes": supported values: "False", "True", "Unknown"',
        'status.conditions[1].lastTransitionTime: Required value: must be set',
        "status.conditions[1].reason: Invalid value: \"1bad\": a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')",
      ],
    ],
  ]);
});
