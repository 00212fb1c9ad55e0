import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { coreValidations, validateNamespaceFinalizeUpdate } from './index.js';
import { at, type Case, labelMsg, runCases, strs } from './testing.js';

const ns = coreValidations['v1/Namespace']!;
const node = coreValidations['v1/Node']!;

function makeNamespace(): JsonObject {
  return {
    metadata: { name: 'abc', resourceVersion: '1' },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

const namespaceCases: Case[] = [
  { name: 'valid', tweak: () => {}, want: [] },
  {
    name: 'qualified finalizer',
    tweak: (o) => {
      at(o, 'spec')['finalizers'] = ['example.com/fin'];
    },
    want: [],
  },
  {
    name: 'name with dots is not a label',
    tweak: (o) => {
      at(o, 'metadata')['name'] = 'abc.def';
    },
    want: ['metadata.name: Invalid value: "abc.def": must not contain dots'],
  },
  {
    name: 'upper-case name',
    tweak: (o) => {
      at(o, 'metadata')['name'] = 'ABC';
    },
    want: [`metadata.name: Invalid value: "ABC": ${labelMsg}`],
  },
  {
    name: 'namespace set on a namespace',
    tweak: (o) => {
      at(o, 'metadata')['namespace'] = 'x';
    },
    want: ['metadata.namespace: Forbidden: not allowed on this type'],
  },
  {
    name: 'unqualified non-standard finalizer',
    tweak: (o) => {
      at(o, 'spec')['finalizers'] = ['foo'];
    },
    want: [
      'spec.finalizers: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified',
    ],
  },
];

describe('Namespace create', () => runCases(makeNamespace, (o) => ns.validate(o), namespaceCases));

describe('Namespace status and finalize updates', () => {
  test('Active while not deleted', () =>
    assert.deepEqual(strs(ns.validateStatusUpdate!(makeNamespace(), makeNamespace())), []));
  test('Terminating while not deleted', () => {
    const n = makeNamespace();
    n['status'] = { phase: 'Terminating' };
    assert.deepEqual(strs(ns.validateStatusUpdate!(n, makeNamespace())), [
      'status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty',
    ]);
  });
  test('Active while deleted', () => {
    const n = makeNamespace();
    const old = makeNamespace();
    at(n, 'metadata')['deletionTimestamp'] = '2024-01-01T00:00:00Z';
    at(old, 'metadata')['deletionTimestamp'] = '2024-01-01T00:00:00Z';
    assert.deepEqual(strs(ns.validateStatusUpdate!(n, old)), [
      'status.Phase: Invalid value: "Active": may only be \'Terminating\' if `deletionTimestamp` is not empty',
    ]);
  });
  test('finalize reports the index', () => {
    const n = makeNamespace();
    at(n, 'spec')['finalizers'] = ['kubernetes', 'foo'];
    assert.deepEqual(strs(validateNamespaceFinalizeUpdate(n, makeNamespace())), [
      'spec.finalizers[1]: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
  test('name is immutable', () => {
    const n = makeNamespace();
    at(n, 'metadata')['name'] = 'other';
    assert.deepEqual(strs(ns.validateUpdate(n, makeNamespace())), [
      'metadata.name: Invalid value: "other": field is immutable',
    ]);
  });
});

function makeNode(): JsonObject {
  return {
    metadata: { name: 'node-1', resourceVersion: '1' },
    spec: { podCIDRs: ['10.244.0.0/24'], taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      addresses: [{ type: 'InternalIP', address: '10.0.0.5' }],
    },
  };
}

const nodeCases: Case[] = [
  { name: 'valid', tweak: () => {}, want: [] },
  {
    name: 'dual-stack podCIDRs',
    tweak: (o) => {
      at(o, 'spec')['podCIDRs'] = ['10.244.0.0/24', 'fd00::/64'];
    },
    want: [],
  },
  {
    name: 'invalid podCIDR',
    tweak: (o) => {
      at(o, 'spec')['podCIDRs'] = ['10.244.0.0/33'];
    },
    want: [
      'spec.podCIDRs[0]: Invalid value: "10.244.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  },
  {
    name: 'two podCIDRs of one family',
    tweak: (o) => {
      at(o, 'spec')['podCIDRs'] = ['10.244.0.0/24', '10.245.0.0/24'];
    },
    want: [
      'spec.podCIDRs: Invalid value: ["10.244.0.0/24","10.245.0.0/24"]: may specify no more than one CIDR for each IP family',
    ],
  },
  {
    name: 'repeated podCIDR',
    tweak: (o) => {
      at(o, 'spec')['podCIDRs'] = ['10.244.0.0/24', '10.244.0.0/24'];
    },
    want: [
      'spec.podCIDRs: Invalid value: ["10.244.0.0/24","10.244.0.0/24"]: may specify no more than one CIDR for each IP family',
      'spec.podCIDRs[1]: Duplicate value: "10.244.0.0/24"',
    ],
  },
  {
    name: 'taint with an invalid key, value and effect',
    tweak: (o) => {
      at(o, 'spec')['taints'] = [{ key: 'nospecialchars^=@', value: 'bar$', effect: 'NoExecution' }];
    },
    want: [
      `metadata.taints[0].key: Invalid value: "nospecialchars^=@": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `metadata.taints[0].value: Invalid value: "bar$": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      'metadata.taints[0].effect: Unsupported value: "NoExecution": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
  },
  {
    name: 'taint without effect',
    tweak: (o) => {
      at(o, 'spec')['taints'] = [{ key: 'a' }];
    },
    want: ['metadata.taints[0].effect: Required value'],
  },
  {
    name: 'duplicate taint key and effect',
    tweak: (o) => {
      at(o, 'spec')['taints'] = [
        { key: 'a', value: 'x', effect: 'NoSchedule' },
        { key: 'a', value: 'y', effect: 'NoSchedule' },
        { key: 'a', value: 'z', effect: 'NoExecute' },
      ];
    },
    want: [
      'metadata.taints[1]: Duplicate value: {"Effect":"NoSchedule","Key":"a","TimeAdded":null,"Value":"y"}: taints must be unique by key and effect pair',
    ],
  },
  {
    name: 'negative and fractional capacity',
    tweak: (o) => {
      at(o, 'status')['capacity'] = { cpu: '-1', pods: '1500m' };
    },
    want: [
      'status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0',
      'status.capacity.pods: Invalid value: "1500m": must be an integer',
    ],
  },
  {
    name: 'name must be a DNS subdomain',
    tweak: (o) => {
      at(o, 'metadata')['name'] = 'Node_1';
    },
    want: [
      `metadata.name: Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
  },
];

describe('Node create (upstream TestValidateNode cases)', () =>
  runCases(makeNode, (o) => node.validate(o), nodeCases));

const podCIDRChange = 'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid';
describe('Node update (upstream TestValidateNodeUpdate cases)', () => {
  const cases: Array<[string, (o: JsonObject) => void, (o: JsonObject) => void, string[]]> = [
    ['unchanged', () => {}, () => {}, []],
    ['podCIDR set from empty', (o) => delete at(o, 'spec')['podCIDRs'], () => {}, []],
    [
      'podCIDR changed',
      () => {},
      (o) => {
        at(o, 'spec')['podCIDRs'] = ['10.245.0.0/24'];
      },
      [podCIDRChange],
    ],
    ['podCIDR removed', () => {}, (o) => delete at(o, 'spec')['podCIDRs'], [podCIDRChange]],
    [
      'providerID set from empty',
      () => {},
      (o) => {
        at(o, 'spec')['providerID'] = 'kite://node-1';
      },
      [],
    ],
    [
      'providerID changed',
      (o) => {
        at(o, 'spec')['providerID'] = 'a://1';
      },
      (o) => {
        at(o, 'spec')['providerID'] = 'a://2';
      },
      ['spec.providerID: Forbidden: node updates may not change providerID except from "" to valid'],
    ],
    [
      'duplicate addresses',
      () => {},
      (o) => {
        at(o, 'status')['addresses'] = [
          { type: 'InternalIP', address: '10.0.0.5' },
          { type: 'InternalIP', address: '10.0.0.5' },
        ];
      },
      ['status.addresses[1]: Duplicate value: {"Address":"10.0.0.5","Type":"InternalIP"}'],
    ],
    [
      'taints may change',
      () => {},
      (o) => {
        at(o, 'spec')['taints'] = [];
      },
      [],
    ],
    [
      'externalID may not change',
      () => {},
      (o) => {
        at(o, 'spec')['externalID'] = 'x';
      },
      ['spec.externalID: Forbidden: may not be updated'],
    ],
    [
      'configSource with uid set in spec',
      () => {},
      (o) => {
        at(o, 'spec')['configSource'] = {
          configMap: { namespace: 'kube-system', name: 'cfg', kubeletConfigKey: 'kubelet', uid: 'u' },
        };
      },
      ['spec.configSource.configMap.uid: Forbidden: uid must not be set in spec'],
    ],
  ];
  for (const [name, oldTweak, newTweak, want] of cases) {
    test(name, () => {
      const old = makeNode();
      oldTweak(old);
      const n = makeNode();
      oldTweak(n);
      newTweak(n);
      assert.deepEqual(strs(node.validateUpdate(n, old)), want.sort());
    });
  }
});

describe('updates run the create rules too, each problem once', () => {
  test('namespace update checks spec.finalizers', () => {
    const n = makeNamespace();
    at(n, 'spec')['finalizers'] = ['foo'];
    assert.deepEqual(strs(ns.validateUpdate(n, makeNamespace())), [
      'spec.finalizers: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
  test('node update reports a bad taint once', () => {
    const n = makeNode();
    at(n, 'spec')['taints'] = [{ key: 'a' }];
    assert.deepEqual(strs(node.validateUpdate(n, makeNode())), ['metadata.taints[0].effect: Required value']);
  });
});
