import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { coreValidations } from './index.js';
import { asExternalName, asLB, makeService, spec } from './service-fixtures.js';
import { at, type Case, runCases, strs } from './testing.js';

const v = coreValidations['v1/Service']!;

const updateCases: Case[] = [
  { name: 'no change', tweak: () => {}, want: [] },
  {
    name: 'change cluster IP',
    tweak: (o) => Object.assign(spec(o), { clusterIP: '8.6.7.5', clusterIPs: ['8.6.7.5'] }),
    want: ['spec.clusterIPs[0]: Invalid value: ["8.6.7.5"]: may not change once set'],
  },
  {
    name: 'remove cluster IP',
    tweak: (o) => {
      delete spec(o)['clusterIP'];
      delete spec(o)['clusterIPs'];
    },
    want: ['spec.clusterIPs[0]: Invalid value: []: primary clusterIP can not be unset'],
  },
  {
    name: 'add a secondary cluster IP (upgrade to dual stack)',
    tweak: (o) =>
      Object.assign(spec(o), {
        clusterIPs: ['1.2.3.4', '2001::1'],
        ipFamilies: ['IPv4', 'IPv6'],
        ipFamilyPolicy: 'PreferDualStack',
      }),
    want: [],
  },
  {
    name: 'change the IP family',
    tweak: (o) => {
      spec(o)['ipFamilies'] = ['IPv6'];
    },
    want: [
      'spec.ipFamilies[0]: Invalid value: ["IPv6"]: may not change once set',
      'spec.clusterIPs[0]: Invalid value: "1.2.3.4": expected an IPv6 value as indicated by `ipFamilies[0]`',
    ],
  },
  {
    name: 'change type to ExternalName',
    tweak: asExternalName,
    want: [],
  },
  {
    name: 'missing resourceVersion',
    tweak: (o) => delete at(o, 'metadata')['resourceVersion'],
    want: ['metadata.resourceVersion: Invalid value: "": must be specified for an update'],
  },
];

describe('Service update', () => {
  runCases(makeService, (o) => v.validateUpdate(o, makeService()), updateCases);

  test('downgrade from dual stack requires SingleStack', () => {
    const old = makeService();
    Object.assign(spec(old), {
      clusterIPs: ['1.2.3.4', '2001::1'],
      ipFamilies: ['IPv4', 'IPv6'],
      ipFamilyPolicy: 'PreferDualStack',
    });
    const n = makeService();
    spec(n)['ipFamilyPolicy'] = 'PreferDualStack';
    assert.deepEqual(strs(v.validateUpdate(n, old)), [
      'spec.ipFamilyPolicy: Invalid value: "PreferDualStack": must be set to \'SingleStack\' when releasing the secondary clusterIP',
      'spec.ipFamilyPolicy: Invalid value: "PreferDualStack": must be set to \'SingleStack\' when releasing the secondary ipFamily',
    ]);
    spec(n)['ipFamilyPolicy'] = 'SingleStack';
    assert.deepEqual(strs(v.validateUpdate(n, old)), []);
  });

  test('loadBalancerClass may not change while LoadBalancer', () => {
    const old = makeService();
    asLB(old);
    spec(old)['loadBalancerClass'] = 'a.io/x';
    const n = makeService();
    asLB(n);
    spec(n)['loadBalancerClass'] = 'a.io/y';
    assert.deepEqual(strs(v.validateUpdate(n, old)), [
      'spec.loadBalancerClass: Invalid value: "a.io/y": may not change once set',
    ]);
  });

  test('healthCheckNodePort is immutable while needed', () => {
    const old = makeService();
    asLB(old);
    Object.assign(spec(old), { externalTrafficPolicy: 'Local', healthCheckNodePort: 31000 });
    const n = structuredClone(old);
    spec(n)['healthCheckNodePort'] = 31001;
    assert.deepEqual(strs(v.validateUpdate(n, old)), [
      'spec.healthCheckNodePort: Forbidden: field is immutable',
    ]);
  });
});

describe('Service status update', () => {
  const withIngress = (type: string, ingress: JsonObject[]): JsonObject => {
    const o = makeService();
    if (type === 'LoadBalancer') asLB(o);
    o['status'] = { loadBalancer: { ingress } };
    return o;
  };
  const cases: Array<[string, string, JsonObject[], string[]]> = [
    ['valid ingress', 'LoadBalancer', [{ ip: '1.2.3.4', ipMode: 'VIP' }, { hostname: 'lb.example.com' }], []],
    [
      'ingress on a ClusterIP service',
      'ClusterIP',
      [{ ip: '1.2.3.4', ipMode: 'VIP' }],
      ["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"],
    ],
    [
      'ipMode missing with ip',
      'LoadBalancer',
      [{ ip: '1.2.3.4' }],
      ['status.loadBalancer.ingress[0].ipMode: Required value: must be specified when `ip` is set'],
    ],
    [
      'ipMode without ip',
      'LoadBalancer',
      [{ hostname: 'a.b', ipMode: 'VIP' }],
      ['status.loadBalancer.ingress[0].ipMode: Forbidden: may not be specified when `ip` is not set'],
    ],
    [
      'unknown ipMode',
      'LoadBalancer',
      [{ ip: '1.2.3.4', ipMode: 'Tunnel' }],
      [
        'status.loadBalancer.ingress[0].ipMode: Unsupported value: "Tunnel": supported values: "Proxy", "VIP"',
      ],
    ],
    [
      'hostname that is an IP',
      'LoadBalancer',
      [{ hostname: '1.2.3.4' }],
      [
        'status.loadBalancer.ingress[0].hostname: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
      ],
    ],
  ];
  for (const [name, type, ingress, want] of cases) {
    test(name, () => {
      const o = withIngress(type, ingress);
      assert.deepEqual(strs(v.validateStatusUpdate!(o, makeService())), [...want].sort());
    });
  }
});

describe('Service warnings', () => {
  test('non-standard and non-canonical addresses', () => {
    const o = makeService();
    Object.assign(spec(o), {
      clusterIP: '010.0.0.1',
      clusterIPs: ['010.0.0.1'],
      externalIPs: ['2001:DB8::1'],
    });
    assert.deepEqual(v.warnings!(o), [
      'spec.clusterIPs[0]: non-standard IP address "010.0.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1"',
      'spec.externalIPs[0]: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")',
    ]);
  });
  test('ambiguous source range and ignored fields', () => {
    const o = makeService();
    asExternalName(o);
    Object.assign(spec(o), { externalIPs: ['1.2.3.4'], loadBalancerSourceRanges: ['10.0.0.1/8'] });
    assert.deepEqual(v.warnings!(o), [
      'spec.loadBalancerSourceRanges[0]: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)',
      'spec.externalIPs is ignored when spec.type is "ExternalName"',
    ]);
  });
});
