import { describe } from 'node:test';
import { coreValidations } from './index.js';
import { asNodePort, headless, makeService, ports, spec } from './service-fixtures.js';
import { at, type Case, labelMsg, runCases } from './testing.js';

const v = coreValidations['v1/Service']!;
const dns1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const ipMsg = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const range = 'must be between 1 and 65535, inclusive';
const protocols = 'supported values: "SCTP", "TCP", "UDP"';

const createCases: Case[] = [
  { name: 'valid ClusterIP', tweak: () => {}, want: [] },
  {
    name: 'missing namespace',
    tweak: (o) => delete at(o, 'metadata')['namespace'],
    want: ['metadata.namespace: Required value'],
  },
  {
    name: 'invalid name (not a DNS-1035 label)',
    tweak: (o) => {
      at(o, 'metadata')['name'] = '-123';
    },
    want: [`metadata.name: Invalid value: "-123": ${dns1035}`],
  },
  {
    name: 'invalid selector label value',
    tweak: (o) => {
      spec(o)['selector'] = { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' };
    },
    want: [
      `spec.selector: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ],
  },
  { name: 'nil selector is valid', tweak: (o) => delete spec(o)['selector'], want: [] },
  {
    name: 'missing session affinity',
    tweak: (o) => delete spec(o)['sessionAffinity'],
    want: ['spec.sessionAffinity: Required value'],
  },
  {
    name: 'unknown session affinity',
    tweak: (o) => {
      spec(o)['sessionAffinity'] = 'Sticky';
    },
    want: ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
  },
  {
    name: 'missing type',
    tweak: (o) => delete spec(o)['type'],
    want: ['spec.type: Required value'],
  },
  {
    name: 'invalid type',
    tweak: (o) => {
      spec(o)['type'] = 'Cluster';
      delete spec(o)['internalTrafficPolicy'];
    },
    want: [
      'spec.type: Unsupported value: "Cluster": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
  },
  { name: 'missing ports', tweak: (o) => delete spec(o)['ports'], want: ['spec.ports: Required value'] },
  {
    name: 'missing ports but headless',
    tweak: (o) => {
      delete spec(o)['ports'];
      headless(o);
    },
    want: [],
  },
  { name: 'single port may be unnamed', tweak: (o) => delete ports(o)[0]!['name'], want: [] },
  {
    name: 'empty port[1] name with two ports',
    tweak: (o) => {
      ports(o).push({ protocol: 'TCP', port: 12345, targetPort: 12345 });
    },
    want: ['spec.ports[1].name: Required value'],
  },
  {
    name: 'invalid port name',
    tweak: (o) => {
      ports(o)[0]!['name'] = 'INVALID';
    },
    want: [`spec.ports[0].name: Invalid value: "INVALID": ${labelMsg}`],
  },
  {
    name: 'duplicate port name',
    tweak: (o) => {
      ports(o).push({ name: 'p', protocol: 'TCP', port: 80, targetPort: 80 });
    },
    want: ['spec.ports[1].name: Duplicate value: "p"'],
  },
  {
    name: 'missing protocol',
    tweak: (o) => delete ports(o)[0]!['protocol'],
    want: ['spec.ports[0].protocol: Required value'],
  },
  {
    name: 'invalid protocol',
    tweak: (o) => {
      ports(o)[0]!['protocol'] = 'INVALID';
    },
    want: [`spec.ports[0].protocol: Unsupported value: "INVALID": ${protocols}`],
  },
  {
    name: 'valid SCTP port',
    tweak: (o) => {
      ports(o)[0]!['protocol'] = 'SCTP';
    },
    want: [],
  },
  {
    name: 'missing port',
    tweak: (o) => delete ports(o)[0]!['port'],
    want: [`spec.ports[0].port: Invalid value: 0: ${range}`],
  },
  {
    name: 'port out of range',
    tweak: (o) => {
      ports(o)[0]!['port'] = 65536;
    },
    want: [`spec.ports[0].port: Invalid value: 65536: ${range}`],
  },
  {
    name: 'invalid target port number',
    tweak: (o) => {
      ports(o)[0]!['targetPort'] = 65536;
    },
    want: [`spec.ports[0].targetPort: Invalid value: 65536: ${range}`],
  },
  {
    name: 'named target port',
    tweak: (o) => {
      ports(o)[0]!['targetPort'] = 'http';
    },
    want: [],
  },
  {
    name: 'invalid named target port',
    tweak: (o) => {
      ports(o)[0]!['targetPort'] = '-http';
    },
    want: ['spec.ports[0].targetPort: Invalid value: "-http": must not begin or end with a hyphen'],
  },
  {
    name: 'numeric string target port is a name without letters',
    tweak: (o) => {
      ports(o)[0]!['targetPort'] = '8080';
    },
    want: ['spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)'],
  },
  {
    name: 'invalid appProtocol',
    tweak: (o) => {
      ports(o)[0]!['appProtocol'] = 'a b';
    },
    want: [
      `spec.ports[0].appProtocol: Invalid value: "a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ],
  },
  {
    name: 'valid appProtocol',
    tweak: (o) => {
      ports(o)[0]!['appProtocol'] = 'kubernetes.io/h2c';
    },
    want: [],
  },
  {
    name: 'nodePort forbidden for ClusterIP',
    tweak: (o) => {
      ports(o)[0]!['nodePort'] = 30001;
    },
    want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  },
  {
    name: 'duplicate ports with the same protocol',
    tweak: (o) => void ports(o).push({ name: 'q', protocol: 'TCP', port: 8675, targetPort: 80 }),
    want: [
      'spec.ports[1]: Duplicate value: {"AppProtocol":null,"Name":"","NodePort":0,"Port":8675,"Protocol":"TCP","TargetPort":0}',
    ],
  },
  {
    name: 'same port with different protocols',
    tweak: (o) => void ports(o).push({ name: 'q', protocol: 'UDP', port: 8675, targetPort: 80 }),
    want: [],
  },
  {
    name: 'duplicate nodePorts',
    tweak: (o) => {
      asNodePort(o);
      ports(o)[0]!['nodePort'] = 30001;
      ports(o).push({ name: 'q', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30001 });
    },
    want: ['spec.ports[1].nodePort: Duplicate value: 30001'],
  },
  {
    name: 'same nodePort with different protocols',
    tweak: (o) => {
      asNodePort(o);
      ports(o)[0]!['nodePort'] = 30001;
      ports(o).push({ name: 'q', protocol: 'UDP', port: 80, targetPort: 80, nodePort: 30001 });
    },
    want: [],
  },
  {
    name: 'invalid cluster IP',
    tweak: (o) => Object.assign(spec(o), { clusterIP: 'invalid', clusterIPs: ['invalid'] }),
    want: [`spec.clusterIPs[0]: Invalid value: "invalid": ${ipMsg}`],
  },
  {
    name: 'legacy leading zeros in cluster IP are accepted',
    tweak: (o) => Object.assign(spec(o), { clusterIP: '010.0.0.1', clusterIPs: ['010.0.0.1'] }),
    want: [],
  },
  {
    name: 'clusterIPs missing while clusterIP set',
    tweak: (o) => delete spec(o)['clusterIPs'],
    want: ['spec.clusterIPs: Required value'],
  },
  {
    name: 'clusterIPs[0] differs from clusterIP',
    tweak: (o) => {
      spec(o)['clusterIPs'] = ['1.2.3.5'];
    },
    want: ['spec.clusterIPs: Invalid value: ["1.2.3.5"]: first value must match `clusterIP`'],
  },
  {
    name: 'clusterIPs without clusterIP',
    tweak: (o) => delete spec(o)['clusterIP'],
    want: ['spec.clusterIPs: Invalid value: ["1.2.3.4"]: must be empty when `clusterIP` is not specified'],
  },
  {
    name: 'None must be alone',
    tweak: (o) => Object.assign(spec(o), { clusterIP: 'None', clusterIPs: ['None', '2001::1'] }),
    want: ['spec.clusterIPs: Invalid value: ["None","2001::1"]: \'None\' must be the first and only value'],
  },
  {
    name: 'two IPs of one family',
    tweak: (o) =>
      Object.assign(spec(o), { clusterIPs: ['1.2.3.4', '1.2.3.5'], ipFamilyPolicy: 'PreferDualStack' }),
    want: [
      'spec.clusterIPs: Invalid value: ["1.2.3.4","1.2.3.5"]: may specify no more than one IP for each IP family',
    ],
  },
  {
    name: 'valid dual stack',
    tweak: (o) =>
      Object.assign(spec(o), {
        clusterIPs: ['1.2.3.4', '2001::1'],
        ipFamilies: ['IPv4', 'IPv6'],
        ipFamilyPolicy: 'RequireDualStack',
      }),
    want: [],
  },
  {
    name: 'three cluster IPs',
    tweak: (o) =>
      Object.assign(spec(o), {
        clusterIPs: ['1.2.3.4', '2001::1', '1.2.3.5'],
        ipFamilyPolicy: 'RequireDualStack',
      }),
    want: ['spec.clusterIPs: Invalid value: ["1.2.3.4","2001::1","1.2.3.5"]: may only hold up to 2 values'],
  },
  {
    name: 'IP family does not match the IP',
    tweak: (o) => {
      spec(o)['ipFamilies'] = ['IPv6'];
    },
    want: [
      'spec.clusterIPs[0]: Invalid value: "1.2.3.4": expected an IPv6 value as indicated by `ipFamilies[0]`',
    ],
  },
  {
    name: 'unknown and duplicate IP families',
    tweak: (o) => {
      spec(o)['ipFamilies'] = ['IPv4', 'IPv4', 'IPv5'];
    },
    want: [
      'spec.ipFamilies[1]: Duplicate value: "IPv4"',
      'spec.ipFamilies[2]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"',
    ],
  },
  {
    name: 'unknown IP family policy',
    tweak: (o) => {
      spec(o)['ipFamilyPolicy'] = 'Single';
    },
    want: [
      'spec.ipFamilyPolicy: Unsupported value: "Single": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"',
    ],
  },
  {
    name: 'external IPs: loopback, unspecified, link-local',
    tweak: (o) => {
      spec(o)['externalIPs'] = ['127.0.0.1', '0.0.0.0', '169.254.1.1', 'fe80::1', '1.2.3.4'];
    },
    want: [
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'spec.externalIPs[1]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
      'spec.externalIPs[2]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      'spec.externalIPs[3]: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      'spec.externalTrafficPolicy: Required value',
    ],
  },
  {
    name: 'external IP not an IP',
    tweak: (o) => {
      spec(o)['externalIPs'] = ['myhost.mydomain'];
      spec(o)['externalTrafficPolicy'] = 'Cluster';
    },
    want: [`spec.externalIPs[0]: Invalid value: "myhost.mydomain": ${ipMsg}`],
  },
];

describe('Service create (upstream TestValidateServiceCreate cases)', () => {
  runCases(makeService, (o) => v.validate(o), createCases);
});
