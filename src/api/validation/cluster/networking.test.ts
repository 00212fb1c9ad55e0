import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { ingressClassValidation, ingressValidation } from './ingress.js';
import { networkPolicyValidation } from './network-policy.js';
import { ipAddressValidation, serviceCIDRValidation } from './service-cidr.js';
import { type Case, meta, runCases } from './testing.js';

const backend = { service: { name: 'svc', port: { number: 80 } } };
const path0 = (over: JsonObject): JsonObject => ({ path: '/foo', pathType: 'Prefix', backend, ...over });
const ingress = (spec: JsonObject, extra: JsonObject = {}): JsonObject => ({
  metadata: meta('ing', 'default', extra),
  spec,
});
const ruleWith = (host: string, paths: JsonObject[] = [path0({})]): JsonObject => ({ host, http: { paths } });
const wildcardMsg =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('Ingress', () => {
  const cases: Case[] = [
    { name: 'valid rule', obj: ingress({ rules: [ruleWith('foo.bar.com')] }), want: [] },
    { name: 'valid default backend only', obj: ingress({ defaultBackend: backend }), want: [] },
    { name: 'valid wildcard host', obj: ingress({ rules: [ruleWith('*.bar.com')] }), want: [] },
    {
      name: 'valid resource backend',
      obj: ingress({ defaultBackend: { resource: { apiGroup: 'example.com', kind: 'Bucket', name: 'b' } } }),
      want: [],
    },
    {
      name: 'neither rules nor default backend',
      obj: ingress({}),
      want: ['spec: Invalid value: null: either `defaultBackend` or `rules` must be specified'],
    },
    {
      name: 'host is an IP',
      obj: ingress({ rules: [ruleWith('1.2.3.4')] }),
      want: ['spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address'],
    },
    {
      name: 'double wildcard host',
      obj: ingress({ rules: [ruleWith('*.*.bar.com')] }),
      want: [`spec.rules[0].host: Invalid value: "*.*.bar.com": ${wildcardMsg}`],
    },
    {
      name: 'wildcard in the middle',
      obj: ingress({ rules: [ruleWith('foo.*.bar.com')] }),
      want: [`spec.rules[0].host: Invalid value: "foo.*.bar.com": ${wildcardMsg}`],
    },
    {
      name: 'relative path',
      obj: ingress({ rules: [ruleWith('a.com', [path0({ path: 'foo' })])] }),
      want: ['spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path'],
    },
    {
      name: 'path with double slash and dot suffix',
      obj: ingress({ rules: [ruleWith('a.com', [path0({ path: '/foo//bar/.' })])] }),
      want: [
        `spec.rules[0].http.paths[0].path: Invalid value: "/foo//bar/.": must not contain '//'`,
        `spec.rules[0].http.paths[0].path: Invalid value: "/foo//bar/.": cannot end with '/.'`,
      ],
    },
    {
      name: 'implementation specific path may be empty',
      obj: ingress({ rules: [ruleWith('a.com', [path0({ path: '', pathType: 'ImplementationSpecific' })])] }),
      want: [],
    },
    {
      name: 'missing pathType',
      obj: ingress({ rules: [ruleWith('a.com', [{ path: '/', backend }])] }),
      want: ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified'],
    },
    {
      name: 'unknown pathType',
      obj: ingress({ rules: [ruleWith('a.com', [path0({ pathType: 'Regex' })])] }),
      want: [
        'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      ],
    },
    {
      name: 'empty paths',
      obj: ingress({ rules: [{ host: 'a.com', http: { paths: [] } }] }),
      want: ['spec.rules[0].http.paths: Required value'],
    },
    {
      name: 'both backends',
      obj: ingress({ defaultBackend: { ...backend, resource: { kind: 'K', name: 'n' } } }),
      want: ['spec.defaultBackend: Invalid value: "": cannot set both resource and service backends'],
    },
    {
      name: 'no backend',
      obj: ingress({ defaultBackend: {} }),
      want: ['spec.defaultBackend: Invalid value: "": resource or service backend is required'],
    },
    {
      name: 'port name and number',
      obj: ingress({ defaultBackend: { service: { name: 's', port: { name: 'http', number: 80 } } } }),
      want: ['spec.defaultBackend: Invalid value: "": cannot set both port name & port number'],
    },
    {
      name: 'no port',
      obj: ingress({ defaultBackend: { service: { name: 's', port: {} } } }),
      want: ['spec.defaultBackend: Required value: port name or number is required'],
    },
    {
      name: 'port out of range and missing service name',
      obj: ingress({ defaultBackend: { service: { port: { number: 70000 } } } }),
      want: [
        'spec.defaultBackend.service.name: Required value',
        'spec.defaultBackend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    },
    {
      name: 'resource backend without kind',
      obj: ingress({ defaultBackend: { resource: { name: 'n' } } }),
      want: ['spec.defaultBackend.resource.kind: Required value: kind is required'],
    },
    {
      name: 'tls wildcard host and bad secret',
      obj: ingress({ defaultBackend: backend, tls: [{ hosts: ['*.a.com'], secretName: 'Bad_Name' }] }),
      want: [`spec.tls[0].secretName: Invalid value: "Bad_Name": ${isDNS1123Subdomain('Bad_Name')[0]}`],
    },
    {
      name: 'class annotation and field disagree',
      obj: ingress(
        { defaultBackend: backend, ingressClassName: 'a' },
        { annotations: { 'kubernetes.io/ingress.class': 'b' } },
      ),
      want: [
        'annotations.kubernetes.io/ingress.class: Invalid value: "b": must match `ingressClassName` when both are specified',
      ],
    },
    {
      name: 'wrong JSON type for rules',
      obj: ingress({ rules: 'x', defaultBackend: backend }),
      want: ['spec.rules: Invalid value: "string": must be of type array'],
    },
    {
      name: 'update may keep an invalid secret name',
      obj: ingress({ defaultBackend: backend, tls: [{ secretName: 'Bad_Name' }] }),
      old: ingress({ defaultBackend: backend, tls: [{ secretName: 'Bad_Name' }] }),
      want: [],
    },
  ];
  runCases(ingressValidation, cases, test);
});

describe('IngressClass', () => {
  const ic = (spec: JsonObject): JsonObject => ({ metadata: meta('nginx'), spec });
  const cases: Case[] = [
    { name: 'valid', obj: ic({ controller: 'example.com/ingress' }), want: [] },
    {
      name: 'valid namespaced parameters',
      obj: ic({
        controller: 'example.com/ingress',
        parameters: { kind: 'Config', name: 'c', scope: 'Namespace', namespace: 'ns' },
      }),
      want: [],
    },
    { name: 'missing controller', obj: ic({}), want: ['spec.controller: Required value'] },
    {
      name: 'controller without path',
      obj: ic({ controller: 'example.com' }),
      want: [
        'spec.controller: Invalid value: "example.com": must be a domain-prefixed path (such as "acme.io/foo")',
      ],
    },
    {
      name: 'namespace scope without namespace',
      obj: ic({ controller: 'example.com/i', parameters: { kind: 'K', name: 'n', scope: 'Namespace' } }),
      want: ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"],
    },
    {
      name: 'cluster scope with namespace',
      obj: ic({
        controller: 'example.com/i',
        parameters: { kind: 'K', name: 'n', scope: 'Cluster', namespace: 'x' },
      }),
      want: ["spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"],
    },
    {
      name: 'unknown scope',
      obj: ic({ controller: 'example.com/i', parameters: { kind: 'K', name: 'n', scope: 'Galaxy' } }),
      want: ['spec.parameters.scope: Unsupported value: "Galaxy": supported values: "Cluster", "Namespace"'],
    },
    {
      name: 'controller is immutable',
      obj: ic({ controller: 'example.com/b' }),
      old: ic({ controller: 'example.com/a' }),
      want: ['spec.controller: Invalid value: "example.com/b": field is immutable'],
    },
  ];
  runCases(ingressClassValidation, cases, test);
});

describe('NetworkPolicy', () => {
  const np = (spec: JsonObject): JsonObject => ({
    metadata: meta('np', 'default'),
    spec: { podSelector: {}, ...spec },
  });
  const cases: Case[] = [
    { name: 'valid empty', obj: np({}), want: [] },
    {
      name: 'valid ports and peers',
      obj: np({
        ingress: [
          {
            ports: [{ protocol: 'TCP', port: 80, endPort: 90 }, { port: 'http' }],
            from: [
              { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
              { podSelector: {}, namespaceSelector: {} },
            ],
          },
        ],
        policyTypes: ['Ingress', 'Egress'],
      }),
      want: [],
    },
    {
      name: 'bad protocol',
      obj: np({ ingress: [{ ports: [{ protocol: 'ICMP' }] }] }),
      want: [
        'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      ],
    },
    {
      name: 'endPort below port',
      obj: np({ egress: [{ ports: [{ port: 80, endPort: 70 }] }] }),
      want: ['spec.egress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`'],
    },
    {
      name: 'endPort with named port',
      obj: np({ egress: [{ ports: [{ port: 'http', endPort: 70 }] }] }),
      want: [
        'spec.egress[0].ports[0].endPort: Invalid value: 70: may not be specified when `port` is non-numeric',
      ],
    },
    {
      name: 'endPort without port',
      obj: np({ egress: [{ ports: [{ endPort: 70 }] }] }),
      want: [
        'spec.egress[0].ports[0].endPort: Invalid value: 70: may not be specified when `port` is not specified',
      ],
    },
    {
      name: 'empty peer',
      obj: np({ ingress: [{ from: [{}] }] }),
      want: ['spec.ingress[0].from[0]: Required value: must specify a peer'],
    },
    {
      name: 'ipBlock with selector',
      obj: np({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }] }] }),
      want: ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
    },
    {
      name: 'bad cidr',
      obj: np({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0' } }] }] }),
      want: [
        'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ],
    },
    {
      name: 'except outside cidr and except equal to cidr',
      obj: np({
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16', '10.0.0.0/8'] } }] }],
      }),
      want: [
        'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "11.0.0.0/16": must be a strict subset of `cidr`',
        'spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`',
      ],
    },
    {
      name: 'missing cidr',
      obj: np({ ingress: [{ from: [{ ipBlock: {} }] }] }),
      want: ['spec.ingress[0].from[0].ipBlock.cidr: Required value'],
    },
    {
      name: 'selector operator',
      obj: np({ podSelector: { matchExpressions: [{ key: 'a', operator: 'In' }] } }),
      want: [
        "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      ],
    },
    {
      name: 'unknown policy type',
      obj: np({ policyTypes: ['Foo'] }),
      want: ['spec.policyTypes[0]: Unsupported value: "Foo": supported values: "Ingress", "Egress"'],
    },
    {
      name: 'three policy types',
      obj: np({ policyTypes: ['Ingress', 'Egress', 'Ingress'] }),
      want: [
        'spec.policyTypes: Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes',
      ],
    },
  ];
  runCases(networkPolicyValidation, cases, test);
});

describe('IPAddress', () => {
  const ref = { group: '', resource: 'services', name: 'kubernetes', namespace: 'default' };
  const cases: Case[] = [
    { name: 'valid', obj: { metadata: meta('10.96.0.1'), spec: { parentRef: ref } }, want: [] },
    { name: 'valid ipv6', obj: { metadata: meta('2001:db8::1'), spec: { parentRef: ref } }, want: [] },
    {
      name: 'non-canonical name',
      obj: { metadata: meta('2001:db8:0::1'), spec: { parentRef: ref } },
      want: ['metadata.name: Invalid value: "2001:db8:0::1": must be a canonical format IP address'],
    },
    {
      name: 'leading zero name',
      obj: { metadata: meta('10.96.0.01'), spec: { parentRef: ref } },
      want: [
        'metadata.name: Invalid value: "10.96.0.01": ParseAddr("10.96.0.01"): IPv4 field has octet with leading zero',
      ],
    },
    {
      name: 'short ipv4 name',
      obj: { metadata: meta('10.96.0'), spec: { parentRef: ref } },
      want: ['metadata.name: Invalid value: "10.96.0": ParseAddr("10.96.0"): IPv4 address too short'],
    },
    {
      name: 'not an address',
      obj: { metadata: meta('kubernetes'), spec: { parentRef: ref } },
      want: ['metadata.name: Invalid value: "kubernetes": ParseAddr("kubernetes"): unable to parse IP'],
    },
    {
      name: 'missing parentRef',
      obj: { metadata: meta('10.96.0.1'), spec: {} },
      want: ['spec.parentRef: Required value'],
    },
    {
      name: 'parentRef without resource and name',
      obj: { metadata: meta('10.96.0.1'), spec: { parentRef: { group: 'Bad_Group' } } },
      want: [
        `spec.parentRef.group: Invalid value: "Bad_Group": ${isDNS1123Subdomain('Bad_Group')[0]}`,
        'spec.parentRef.resource: Required value',
        'spec.parentRef.name: Required value',
      ],
    },
    {
      name: 'parentRef immutable',
      obj: { metadata: meta('10.96.0.1'), spec: { parentRef: { ...ref, name: 'other' } } },
      old: { metadata: meta('10.96.0.1'), spec: { parentRef: ref } },
      want: [
        'spec.parentRef: Invalid value: {"group":"","name":"other","namespace":"default","resource":"services"}: field is immutable',
      ],
    },
  ];
  runCases(ipAddressValidation, cases, test);
});

describe('ServiceCIDR', () => {
  const sc = (cidrs: string[]): JsonObject => ({ metadata: meta('kubernetes'), spec: { cidrs } });
  const cases: Case[] = [
    { name: 'valid single', obj: sc(['10.96.0.0/12']), want: [] },
    { name: 'valid dual', obj: sc(['10.96.0.0/12', 'fd00::/108']), want: [] },
    { name: 'empty', obj: sc([]), want: ['spec.cidrs: Required value: at least one CIDR required'] },
    {
      name: 'three',
      obj: sc(['10.0.0.0/8', '11.0.0.0/8', '12.0.0.0/8']),
      want: [
        'spec.cidrs: Invalid value: {"CIDRs":["10.0.0.0/8","11.0.0.0/8","12.0.0.0/8"]}: may only hold up to 2 values',
      ],
    },
    {
      name: 'same family twice',
      obj: sc(['10.0.0.0/8', '11.0.0.0/8']),
      want: [
        'spec.cidrs: Invalid value: {"CIDRs":["10.0.0.0/8","11.0.0.0/8"]}: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64',
      ],
    },
    {
      name: 'host bits',
      obj: sc(['10.96.0.1/12']),
      want: ['spec.cidrs[0]: Invalid value: "10.96.0.1/12": must not have bits set beyond the prefix length'],
    },
    {
      name: 'changing a cidr',
      obj: sc(['10.97.0.0/16']),
      old: sc(['10.96.0.0/16']),
      want: ['spec.cidrs[0]: Invalid value: "10.97.0.0/16": field is immutable'],
    },
    {
      name: 'adding the other family',
      obj: sc(['10.96.0.0/16', 'fd00::/108']),
      old: sc(['10.96.0.0/16']),
      want: [],
    },
    {
      name: 'adding the same family',
      obj: sc(['10.96.0.0/16', '10.97.0.0/16']),
      old: sc(['10.96.0.0/16']),
      want: [
        'spec.cidrs: Invalid value: {"CIDRs":["10.96.0.0/16","10.97.0.0/16"]}: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64',
      ],
    },
    {
      name: 'removing a cidr',
      obj: sc(['10.96.0.0/16']),
      old: sc(['10.96.0.0/16', 'fd00::/108']),
      want: ['spec.cidrs: Invalid value: ["10.96.0.0/16"]: field is immutable'],
    },
  ];
  runCases(serviceCIDRValidation, cases, test);
});

describe('Ingress warnings', () => {
  const cases: Array<[string, JsonObject, string[]]> = [
    [
      'class annotation without the field',
      ingress({ defaultBackend: backend }, { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }),
      [`annotation "kubernetes.io/ingress.class" is deprecated, please use 'spec.ingressClassName' instead`],
    ],
    [
      'annotation and field',
      ingress(
        { defaultBackend: backend, ingressClassName: 'nginx' },
        { annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
      ),
      [],
    ],
    ['no annotation', ingress({ defaultBackend: backend }), []],
  ];
  for (const [name, obj, want] of cases)
    test(name, () => assert.deepEqual(ingressValidation.warnings?.(obj), want));
});

describe('NetworkPolicy warnings', () => {
  const np = (cidr: string, except: string[] = []): JsonObject => ({
    metadata: meta('np', 'default'),
    spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr, except } }] }] },
  });
  const cases: Array<[string, JsonObject, string[]]> = [
    ['canonical', np('10.0.0.0/8', ['10.1.0.0/16']), []],
    [
      'host bits',
      np('10.0.0.1/8'),
      [
        'spec.ingress[0].from[0].ipBlock.cidr: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)',
      ],
    ],
    [
      'leading zeros',
      np('010.0.0.0/8'),
      [
        'spec.ingress[0].from[0].ipBlock.cidr: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
      ],
    ],
    [
      'non-canonical ipv6 except',
      np('2001:db8::/32', ['2001:DB8::/64']),
      [
        'spec.ingress[0].from[0].ipBlock.except[0]: IPv6 CIDR value "2001:DB8::/64" should be in RFC 5952 canonical format ("2001:db8::/64")',
      ],
    ],
  ];
  for (const [name, obj, want] of cases)
    test(name, () => assert.deepEqual(networkPolicyValidation.warnings?.(obj), want));
  test('unchanged spec on update gives none', () => {
    assert.deepEqual(networkPolicyValidation.warnings?.(np('10.0.0.1/8'), np('10.0.0.1/8')), []);
  });
});
