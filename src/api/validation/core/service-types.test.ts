import { describe } from 'node:test';
import { coreValidations } from './index.js';
import { asExternalName, asLB, asNodePort, headless, makeService, spec } from './service-fixtures.js';
import { at, type Case, runCases, subdomainMsg } from './testing.js';

const v = coreValidations['v1/Service']!;
const cidrMsg = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const range = 'must be between 1 and 65535, inclusive';

const typeCases: Case[] = [
  { name: 'valid LoadBalancer', tweak: asLB, want: [] },
  {
    name: 'LoadBalancer without allocateLoadBalancerNodePorts',
    tweak: (o) => {
      asLB(o);
      delete spec(o)['allocateLoadBalancerNodePorts'];
    },
    want: ['allocateLoadBalancerNodePorts: Required value'],
  },
  {
    name: 'allocateLoadBalancerNodePorts on ClusterIP',
    tweak: (o) => {
      spec(o)['allocateLoadBalancerNodePorts'] = true;
    },
    want: ["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"],
  },
  {
    name: 'headless LoadBalancer',
    tweak: (o) => {
      asLB(o);
      headless(o);
    },
    want: ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services'],
  },
  {
    name: 'headless NodePort',
    tweak: (o) => {
      asNodePort(o);
      headless(o);
    },
    want: ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services'],
  },
  {
    name: 'source ranges on ClusterIP',
    tweak: (o) => {
      spec(o)['loadBalancerSourceRanges'] = ['10.0.0.0/8'];
    },
    want: ["spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"],
  },
  {
    name: 'valid source ranges with padding',
    tweak: (o) => {
      asLB(o);
      spec(o)['loadBalancerSourceRanges'] = [' 10.0.0.0/8 ', '2001:db8::/32'];
    },
    want: [],
  },
  {
    name: 'invalid source range',
    tweak: (o) => {
      asLB(o);
      spec(o)['loadBalancerSourceRanges'] = ['10.0.0.0/33', 'foo.bar'];
    },
    want: [
      `spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": ${cidrMsg}`,
      `spec.LoadBalancerSourceRanges[1]: Invalid value: "foo.bar": ${cidrMsg}`,
    ],
  },
  {
    name: 'invalid source range annotation',
    tweak: (o) => {
      asLB(o);
      at(o, 'metadata', 'annotations')['service.beta.kubernetes.io/load-balancer-source-ranges'] =
        '1.2.3.4/8, foo';
    },
    want: [
      `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "foo": ${cidrMsg}`,
    ],
  },
  {
    name: 'empty source range annotation is accepted',
    tweak: (o) => {
      asLB(o);
      at(o, 'metadata', 'annotations')['service.beta.kubernetes.io/load-balancer-source-ranges'] = '  ';
    },
    want: [],
  },
  {
    name: 'ClientIP affinity with a valid timeout',
    tweak: (o) =>
      Object.assign(spec(o), {
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
      }),
    want: [],
  },
  {
    name: 'ClientIP affinity timeout too long',
    tweak: (o) =>
      Object.assign(spec(o), {
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } },
      }),
    want: [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400',
    ],
  },
  {
    name: 'ClientIP affinity timeout zero',
    tweak: (o) =>
      Object.assign(spec(o), {
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
      }),
    want: [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    ],
  },
  {
    name: 'ClientIP affinity without config',
    tweak: (o) => {
      spec(o)['sessionAffinity'] = 'ClientIP';
    },
    want: ['spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP'],
  },
  {
    name: 'affinity config with None',
    tweak: (o) => {
      spec(o)['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 90 } };
    },
    want: ['spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None'],
  },
  { name: 'valid ExternalName', tweak: asExternalName, want: [] },
  {
    name: 'valid ExternalName with a trailing dot',
    tweak: (o) => {
      asExternalName(o);
      spec(o)['externalName'] = 'foo.bar.example.com.';
    },
    want: [],
  },
  {
    name: 'ExternalName missing the name',
    tweak: (o) => {
      asExternalName(o);
      delete spec(o)['externalName'];
    },
    want: ['spec.externalName: Required value'],
  },
  {
    name: 'ExternalName not a DNS name',
    tweak: (o) => {
      asExternalName(o);
      spec(o)['externalName'] = '-123.invalid_name';
    },
    want: [`spec.externalName: Invalid value: "-123.invalid_name": ${subdomainMsg}`],
  },
  {
    name: 'ExternalName with cluster IPs and families',
    tweak: (o) => {
      asExternalName(o);
      Object.assign(spec(o), {
        clusterIPs: ['1.2.3.4'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
      });
    },
    want: [
      'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
      'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
      'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
    ],
  },
  {
    name: 'externalTrafficPolicy on ClusterIP',
    tweak: (o) => {
      spec(o)['externalTrafficPolicy'] = 'Local';
    },
    want: [
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ],
  },
  {
    name: 'unknown externalTrafficPolicy',
    tweak: (o) => {
      asNodePort(o);
      spec(o)['externalTrafficPolicy'] = 'Global';
    },
    want: ['spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"'],
  },
  {
    name: 'Local LoadBalancer needs a health check node port',
    tweak: (o) => {
      asLB(o);
      spec(o)['externalTrafficPolicy'] = 'Local';
    },
    want: ['spec.healthCheckNodePort: Required value'],
  },
  {
    name: 'health check node port out of range',
    tweak: (o) => {
      asLB(o);
      Object.assign(spec(o), { externalTrafficPolicy: 'Local', healthCheckNodePort: 65536 });
    },
    want: [`spec.healthCheckNodePort: Invalid value: 65536: ${range}`],
  },
  {
    name: 'health check node port without Local',
    tweak: (o) => {
      asLB(o);
      spec(o)['healthCheckNodePort'] = 31000;
    },
    want: [
      "spec.healthCheckNodePort: Invalid value: 31000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    ],
  },
  {
    name: 'missing internalTrafficPolicy',
    tweak: (o) => delete spec(o)['internalTrafficPolicy'],
    want: ['spec.internalTrafficPolicy: Required value'],
  },
  {
    name: 'unknown internalTrafficPolicy',
    tweak: (o) => {
      spec(o)['internalTrafficPolicy'] = 'Node';
    },
    want: ['spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"'],
  },
  {
    name: 'loadBalancerClass on ClusterIP',
    tweak: (o) => {
      spec(o)['loadBalancerClass'] = 'test.com/test';
    },
    want: ["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"],
  },
  {
    name: 'invalid loadBalancerClass',
    tweak: (o) => {
      asLB(o);
      spec(o)['loadBalancerClass'] = 'Bad/Class';
    },
    want: [`spec.loadBalancerClass: Invalid value: "Bad/Class": prefix part ${subdomainMsg}`],
  },
  {
    name: 'unknown trafficDistribution',
    tweak: (o) => {
      spec(o)['trafficDistribution'] = 'Random';
    },
    want: [
      'spec.trafficDistribution: Unsupported value: "Random": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"',
    ],
  },
  {
    name: 'topology annotations disagree',
    tweak: (o) => {
      Object.assign(at(o, 'metadata', 'annotations'), {
        'service.kubernetes.io/topology-aware-hints': 'Auto',
        'service.kubernetes.io/topology-mode': 'Disabled',
      });
    },
    want: [
      'metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Disabled": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
    ],
  },
  {
    name: 'wrong JSON types are field errors',
    tweak: (o) => {
      Object.assign(spec(o), {
        type: 5,
        ports: [{ name: 'p', protocol: 'TCP', port: '80', targetPort: 1.5 }],
      });
    },
    want: [
      'spec.type: Invalid value: "integer": must be of type string',
      'spec.ports[0].port: Invalid value: "string": must be of type integer',
      'spec.ports[0].targetPort: Invalid value: "number": must be of type integer',
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.type: Required value',
    ],
  },
];

describe('Service create: types, affinity and traffic policies (upstream TestValidateServiceCreate cases)', () => {
  runCases(makeService, (o) => v.validate(o), typeCases);
});
