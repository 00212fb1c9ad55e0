import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { coreValidations } from './index.js';
import { at, type Case, labelMsg, runCases, strs, subdomainMsg } from './testing.js';

const endpoints = coreValidations['v1/Endpoints']!;
const event = coreValidations['v1/Event']!;
const rc = coreValidations['v1/ReplicationController']!;
const sa = coreValidations['v1/ServiceAccount']!;
const binding = coreValidations['v1/Binding']!;
const cs = coreValidations['v1/ComponentStatus']!;

function makeEndpoints(): JsonObject {
  return {
    metadata: { name: 'mysvc', namespace: 'namespace', resourceVersion: '1' },
    subsets: [
      {
        addresses: [{ ip: '10.10.1.1' }, { ip: '10.10.2.2', hostname: 'a', nodeName: 'node-1' }],
        ports: [
          { name: 'a', port: 8675, protocol: 'TCP' },
          { name: 'b', port: 309, protocol: 'TCP' },
        ],
      },
    ],
  };
}
const subset = (o: JsonObject): JsonObject => (o['subsets'] as JsonObject[])[0]!;

const endpointsCases: Case[] = [
  { name: 'valid', tweak: () => {}, want: [] },
  {
    name: 'empty subsets',
    tweak: (o) => {
      o['subsets'] = [];
    },
    want: [],
  },
  {
    name: 'subset without addresses',
    tweak: (o) => {
      o['subsets'] = [{ ports: [{ port: 80, protocol: 'TCP' }] }];
    },
    want: ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`'],
  },
  {
    name: 'invalid address IP',
    tweak: (o) => {
      subset(o)['addresses'] = [{ ip: '[2001:0db8:85a3:0042:1000:8a2e:0370:7334]' }];
    },
    want: [
      'subsets[0].addresses[0].ip: Invalid value: "[2001:0db8:85a3:0042:1000:8a2e:0370:7334]": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].addresses[0].ip: Invalid value: "[2001:0db8:85a3:0042:1000:8a2e:0370:7334]": must be a valid IP address',
    ],
  },
  {
    name: 'loopback and link-local multicast addresses',
    tweak: (o) => {
      subset(o)['notReadyAddresses'] = [{ ip: '127.0.0.1' }, { ip: '224.0.0.1' }];
    },
    want: [
      'subsets[0].notReadyAddresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'subsets[0].notReadyAddresses[1].ip: Invalid value: "224.0.0.1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    ],
  },
  {
    name: 'invalid hostname and node name',
    tweak: (o) => {
      subset(o)['addresses'] = [{ ip: '10.1.1.1', hostname: 'a.b', nodeName: 'Node!' }];
    },
    want: [
      'subsets[0].addresses[0].hostname: Invalid value: "a.b": must not contain dots',
      `subsets[0].addresses[0].nodeName: Invalid value: "Node!": ${subdomainMsg}`,
    ],
  },
  {
    name: 'unnamed port among several',
    tweak: (o) => delete (subset(o)['ports'] as JsonObject[])[1]!['name'],
    want: ['subsets[0].ports[1].name: Required value'],
  },
  {
    name: 'invalid port, protocol and name',
    tweak: (o) => {
      subset(o)['ports'] = [{ name: 'A', port: 66000, protocol: 'HTTP' }];
    },
    want: [
      `subsets[0].ports[0].name: Invalid value: "A": ${labelMsg}`,
      'subsets[0].ports[0].port: Invalid value: 66000: must be between 1 and 65535, inclusive',
      'subsets[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
  },
];

describe('Endpoints (upstream TestValidateEndpointsCreate cases)', () =>
  runCases(makeEndpoints, (o) => endpoints.validate(o), endpointsCases));

function makeEvent(): JsonObject {
  return {
    metadata: { name: 'test1', namespace: 'foo' },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'foo' },
    reason: 'Started',
    message: 'm',
    type: 'Normal',
  };
}

const eventCases: Case[] = [
  { name: 'valid legacy event', tweak: () => {}, want: [] },
  {
    name: 'namespace mismatch',
    tweak: (o) => {
      at(o, 'involvedObject')['namespace'] = 'bar';
    },
    want: ['involvedObject.namespace: Invalid value: "bar": does not match event.namespace'],
  },
  {
    name: 'cluster-scoped object recorded in default',
    tweak: (o) => {
      at(o, 'metadata')['namespace'] = 'default';
      delete at(o, 'involvedObject')['namespace'];
    },
    want: [],
  },
  {
    name: 'cluster-scoped object recorded in another namespace',
    tweak: (o) => delete at(o, 'involvedObject')['namespace'],
    want: ['involvedObject.namespace: Invalid value: "": does not match event.namespace'],
  },
  {
    name: 'any type is accepted on core v1',
    tweak: (o) => {
      o['type'] = 'Weird';
    },
    want: [],
  },
  {
    name: 'new-style event missing reporting fields',
    tweak: (o) => {
      o['eventTime'] = '2024-01-01T00:00:00.000000Z';
      delete o['reason'];
    },
    want: [
      'reportingComponent: Required value',
      `reportingComponent: Invalid value: "": name part must be non-empty`,
      `reportingComponent: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ],
  },
  {
    name: 'new-style event with long fields',
    tweak: (o) => {
      Object.assign(o, {
        eventTime: '2024-01-01T00:00:00.000000Z',
        reportingComponent: 'kubelet',
        reportingInstance: 'x'.repeat(129),
        action: 'Pull',
        message: 'm'.repeat(1025),
      });
    },
    want: [
      'reportingInstance: Invalid value: "": can have at most 128 characters',
      'message: Invalid value: "": can have at most 1024 characters',
    ],
  },
];

describe('Event (upstream TestValidateEventForCoreV1Events cases)', () =>
  runCases(makeEvent, (o) => event.validate(o), eventCases));

function makeRC(): JsonObject {
  return {
    metadata: { name: 'abc', namespace: 'default', resourceVersion: '1' },
    spec: {
      replicas: 1,
      selector: { a: 'b' },
      template: {
        metadata: { labels: { a: 'b' } },
        // Defaulted as the apiserver stores it.
        spec: {
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          terminationGracePeriodSeconds: 30,
          containers: [
            { name: 'c', image: 'i', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' },
          ],
        },
      },
    },
  };
}

const rcCases: Case[] = [
  { name: 'valid', tweak: () => {}, want: [] },
  {
    name: 'missing selector',
    tweak: (o) => delete at(o, 'spec')['selector'],
    want: ['spec.selector: Required value'],
  },
  {
    name: 'selector does not match the template labels',
    tweak: (o) => {
      at(o, 'spec')['selector'] = { a: 'c' };
    },
    want: [
      'spec.template.metadata.labels: Invalid value: {"a":"b"}: `selector` does not match template `labels`',
    ],
  },
  {
    name: 'missing template',
    tweak: (o) => delete at(o, 'spec')['template'],
    want: ['spec.template: Required value'],
  },
  {
    name: 'negative replicas',
    tweak: (o) => {
      at(o, 'spec')['replicas'] = -1;
    },
    want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
  },
  {
    name: 'restartPolicy other than Always',
    tweak: (o) => {
      at(o, 'spec', 'template', 'spec')['restartPolicy'] = 'OnFailure';
    },
    want: ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
  },
  {
    name: 'activeDeadlineSeconds',
    tweak: (o) => {
      at(o, 'spec', 'template', 'spec')['activeDeadlineSeconds'] = 10;
    },
    want: [
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported',
    ],
  },
  {
    name: 'invalid template label',
    tweak: (o) => {
      at(o, 'spec', 'template', 'metadata')['labels'] = { a: 'b', 'bad key!': 'x' };
    },
    want: [
      `spec.template.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ],
  },
];

describe('ReplicationController (upstream TestValidateReplicationController cases)', () =>
  runCases(makeRC, (o) => rc.validate(o), rcCases));

describe('ReplicationController pod template', () => {
  test('the pod spec inside the template is validated', () => {
    const n = makeRC();
    at(n, 'spec', 'template', 'spec')['containers'] = [];
    assert.deepEqual(strs(rc.validate(n)), ['spec.template.spec.containers: Required value']);
  });
});

describe('ReplicationController status', () => {
  test('counts above replicas', () => {
    const n = makeRC();
    n['status'] = { replicas: 2, readyReplicas: 3, availableReplicas: 3, fullyLabeledReplicas: -1 };
    assert.deepEqual(strs(rc.validateStatusUpdate!(n, makeRC())), [
      'status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas',
      'status.fullyLabeledReplicas: Invalid value: -1: must be greater than or equal to 0',
      'status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas',
    ]);
  });
});

describe('ServiceAccount, Binding, ComponentStatus', () => {
  const cases: Array<[string, () => string[], string[]]> = [
    [
      'valid service account',
      () => strs(sa.validate({ metadata: { name: 'default', namespace: 'ns' } })),
      [],
    ],
    [
      'service account name must be a subdomain',
      () => strs(sa.validate({ metadata: { name: 'Bad', namespace: 'ns' } })),
      [`metadata.name: Invalid value: "Bad": ${subdomainMsg}`],
    ],
    [
      'valid binding',
      () => strs(binding.validate({ metadata: { name: 'p' }, target: { kind: 'Node', name: 'n' } })),
      [],
    ],
    ['binding with no kind', () => strs(binding.validate({ target: { name: 'n' } })), []],
    [
      'binding to a non-node',
      () => strs(binding.validate({ target: { kind: 'Pod' } })),
      [
        'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
        'target.name: Required value',
      ],
    ],
    ['component status has no rules', () => strs(cs.validate({ conditions: 5 })), []],
  ];
  for (const [name, run, want] of cases) test(name, () => assert.deepEqual(run(), want));
});
