import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { coreValidations } from './index.js';
import { at, type Case, runCases, strs } from './testing.js';

const lr = coreValidations['v1/LimitRange']!;
const rq = coreValidations['v1/ResourceQuota']!;

function makeLimitRange(): JsonObject {
  return {
    metadata: { name: 'abc', namespace: 'foo', resourceVersion: '1' },
    spec: {
      limits: [
        {
          type: 'Pod',
          max: { cpu: '100m', memory: '10000Mi' },
          min: { cpu: '5m', memory: '100Mi' },
          maxLimitRequestRatio: { memory: '10' },
        },
        {
          type: 'Container',
          max: { cpu: '100m', memory: '10000Mi' },
          min: { cpu: '5m', memory: '100Mi' },
          default: { cpu: '50m', memory: '500Mi' },
          defaultRequest: { cpu: '10m', memory: '200Mi' },
          maxLimitRequestRatio: { memory: '10' },
        },
        { type: 'PersistentVolumeClaim', max: { storage: '10Gi' }, min: { storage: '5Gi' } },
      ],
    },
  };
}
const limit = (o: JsonObject, i: number): JsonObject => (at(o, 'spec')['limits'] as JsonObject[])[i]!;

const limitCases: Case[] = [
  { name: 'valid', tweak: () => {}, want: [] },
  {
    name: 'duplicate type',
    tweak: (o) => {
      (at(o, 'spec')['limits'] as JsonObject[]).push({ type: 'Pod' });
    },
    want: ['spec.limits[3].type: Duplicate value: "Pod"'],
  },
  {
    name: 'unknown unqualified type',
    tweak: (o) => {
      limit(o, 0)['type'] = 'Foo';
    },
    want: ['spec.limits[0].type: Invalid value: "Foo": must be a standard limit type or fully qualified'],
  },
  {
    name: 'default on a Pod limit',
    tweak: (o) => {
      limit(o, 0)['default'] = { cpu: '10m' };
    },
    want: ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"],
  },
  {
    name: 'min above max',
    tweak: (o) => {
      limit(o, 0)['min'] = { cpu: '200m', memory: '100Mi' };
    },
    want: ['spec.limits[0].min[cpu]: Invalid value: "200m": min value 200m is greater than max value 100m'],
  },
  {
    name: 'defaultRequest above default',
    tweak: (o) => {
      limit(o, 1)['defaultRequest'] = { cpu: '60m', memory: '200Mi' };
    },
    want: [
      'spec.limits[1].defaultRequest[cpu]: Invalid value: "60m": default request value 60m is greater than default limit value 50m',
    ],
  },
  {
    name: 'default above max',
    tweak: (o) => {
      limit(o, 1)['default'] = { cpu: '150m', memory: '500Mi' };
    },
    want: [
      'spec.limits[1].default[cpu]: Invalid value: "100m": default value 150m is greater than max value 100m',
    ],
  },
  {
    name: 'ratio below 1',
    tweak: (o) => {
      limit(o, 0)['maxLimitRequestRatio'] = { memory: '500m' };
    },
    want: ['spec.limits[0].maxLimitRequestRatio[memory]: Invalid value: "500m": ratio 500m is less than 1'],
  },
  {
    name: 'ratio above max/min',
    tweak: (o) => {
      limit(o, 0)['maxLimitRequestRatio'] = { memory: '200' };
    },
    want: [
      'spec.limits[0].maxLimitRequestRatio[memory]: Invalid value: "200": ratio 200 is greater than max/min = 100.000000',
    ],
  },
  {
    name: 'PersistentVolumeClaim without a storage bound',
    tweak: (o) => {
      at(o, 'spec')['limits'] = [{ type: 'PersistentVolumeClaim', max: { cpu: '1' } }];
    },
    want: [
      'spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided',
    ],
  },
  {
    name: 'non-container resource on a Container limit',
    tweak: (o) => {
      limit(o, 1)['max'] = { storage: '1Gi', cpu: '100m', memory: '10000Mi' };
    },
    want: [
      'spec.limits[1].max[storage]: Invalid value: "storage": must be a standard resource for containers',
    ],
  },
  {
    name: 'huge pages must have equal default and defaultRequest',
    tweak: (o) =>
      Object.assign(limit(o, 1), {
        default: { cpu: '50m', memory: '500Mi', 'hugepages-2Mi': '4Mi' },
        defaultRequest: { cpu: '10m', memory: '200Mi', 'hugepages-2Mi': '2Mi' },
      }),
    want: [
      'spec.limits[1].defaultRequest[hugepages-2Mi]: Invalid value: "2Mi": default value 4Mi must equal to defaultRequest value 2Mi in hugepages-2Mi',
    ],
  },
  {
    name: 'unparsable quantity',
    tweak: (o) => {
      limit(o, 0)['max'] = { cpu: 'lots', memory: '10000Mi' };
    },
    want: [
      'spec.limits[0].max[cpu]: Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
    ],
  },
];

describe('LimitRange (upstream TestValidateLimitRange cases)', () =>
  runCases(makeLimitRange, (o) => lr.validate(o), limitCases));

function makeQuota(): JsonObject {
  return {
    metadata: { name: 'abc', namespace: 'foo', resourceVersion: '1' },
    spec: {
      hard: {
        cpu: '100',
        memory: '10000',
        'requests.cpu': '100',
        'limits.memory': '10000',
        pods: '5',
        services: '0',
        'requests.storage': '10Gi',
        'count/deployments.apps': '4',
        'example.com/dongles': '2',
      },
    },
  };
}
const hard = (o: JsonObject): JsonObject => at(o, 'spec', 'hard');

const quotaCases: Case[] = [
  { name: 'valid', tweak: () => {}, want: [] },
  {
    name: 'negative quantity',
    tweak: (o) => {
      hard(o)['cpu'] = '-10';
    },
    want: ['spec.hard[cpu]: Invalid value: "-10": must be greater than or equal to 0'],
  },
  {
    name: 'fractional count',
    tweak: (o) => {
      hard(o)['pods'] = '1500m';
    },
    want: ['spec.hard[pods]: Invalid value: "1500m": must be an integer'],
  },
  {
    name: 'non-quota resource name',
    tweak: (o) => {
      hard(o)['storage'] = '10Gi';
    },
    want: ['spec.hard[storage]: Invalid value: "storage": must be a standard resource for quota'],
  },
  {
    name: 'unqualified unknown resource',
    tweak: (o) => {
      hard(o)['dongles'] = '1';
    },
    want: [
      'spec.hard[dongles]: Invalid value: "dongles": must be a standard resource type or fully qualified',
      'spec.hard[dongles]: Invalid value: "dongles": must be a standard resource for quota',
    ],
  },
  {
    name: 'valid scopes for pod resources',
    tweak: (o) => {
      at(o, 'spec')['hard'] = { pods: '5', cpu: '1' };
      at(o, 'spec')['scopes'] = ['Terminating', 'NotBestEffort'];
    },
    want: [],
  },
  {
    name: 'unsupported scope',
    tweak: (o) => {
      at(o, 'spec')['hard'] = { pods: '5' };
      at(o, 'spec')['scopes'] = ['Weekends'];
    },
    want: ['spec.scopes: Invalid value: ["Weekends"]: unsupported scope'],
  },
  {
    name: 'BestEffort scope with a compute resource',
    tweak: (o) => {
      at(o, 'spec')['hard'] = { cpu: '1' };
      at(o, 'spec')['scopes'] = ['BestEffort'];
    },
    want: ['spec.scopes: Invalid value: ["BestEffort"]: unsupported scope applied to resource'],
  },
  {
    name: 'conflicting scopes',
    tweak: (o) => {
      at(o, 'spec')['hard'] = { pods: '5' };
      at(o, 'spec')['scopes'] = ['Terminating', 'NotTerminating'];
    },
    want: ['spec.scopes: Invalid value: ["Terminating","NotTerminating"]: conflicting scopes'],
  },
  {
    name: 'valid scope selector',
    tweak: (o) => {
      at(o, 'spec')['hard'] = { pods: '5' };
      at(o, 'spec')['scopeSelector'] = {
        matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['cluster-services'] }],
      };
    },
    want: [],
  },
  {
    name: 'scope selector operator and values',
    tweak: (o) => {
      at(o, 'spec')['hard'] = { pods: '5' };
      at(o, 'spec')['scopeSelector'] = {
        matchExpressions: [
          { scopeName: 'Terminating', operator: 'In', values: ['x'] },
          { scopeName: 'PriorityClass', operator: 'In' },
          { scopeName: 'PriorityClass', operator: 'Equals' },
        ],
      };
    },
    want: [
      'spec.scopeSelector.matchExpressions.operator: Invalid value: "In": must be \'Exists\' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity',
      "spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
      'spec.scopeSelector.matchExpressions.operator: Invalid value: "Equals": not a valid selector operator',
    ],
  },
];

describe('ResourceQuota (upstream TestValidateResourceQuota cases)', () =>
  runCases(makeQuota, (o) => rq.validate(o), quotaCases));

describe('ResourceQuota update', () => {
  test('scopes are immutable', () => {
    const old = makeQuota();
    at(old, 'spec')['hard'] = { pods: '5' };
    const n = structuredClone(old);
    at(n, 'spec')['scopes'] = ['BestEffort'];
    assert.deepEqual(strs(rq.validateUpdate(n, old)), [
      'spec.scopes: Invalid value: ["BestEffort"]: field is immutable',
    ]);
  });
  test('hard may change', () => {
    const n = makeQuota();
    hard(n)['pods'] = '10';
    assert.deepEqual(strs(rq.validateUpdate(n, makeQuota())), []);
  });
  test('status update checks used quantities', () => {
    const n = makeQuota();
    n['status'] = { hard: { pods: '5' }, used: { pods: '-1' } };
    assert.deepEqual(strs(rq.validateStatusUpdate!(n, makeQuota())), [
      'status.used[pods]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
  });
});

describe('ResourceQuota scope selector applied to the wrong resource', () => {
  test('prints the selector as upstream prints its internal struct', () => {
    const o = makeQuota();
    at(o, 'spec')['hard'] = { cpu: '1' };
    at(o, 'spec')['scopeSelector'] = { matchExpressions: [{ scopeName: 'BestEffort', operator: 'Exists' }] };
    assert.deepEqual(strs(rq.validate(o)), [
      'spec.scopeSelector.matchExpressions: Invalid value: {"MatchExpressions":[{"Operator":"Exists","ScopeName":"BestEffort","Values":null}]}: unsupported scope applied to resource',
    ]);
  });
});
