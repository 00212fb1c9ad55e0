import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ago, cellsOf, columnNames, D, H } from './testing.js';

type Json = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly obj: Json;
  readonly want: readonly unknown[];
}

const svc = (spec: Json, status: Json = {}): Json => ({ metadata: { name: 's' }, spec, status });
const lb = (...ingress: Json[]) => ({ loadBalancer: { ingress } });

const services: readonly Case[] = [
  {
    name: 'cluster IP service with node ports and selector',
    obj: {
      metadata: { name: 'web', creationTimestamp: ago(5 * D) },
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.20',
        clusterIPs: ['10.96.0.20'],
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 443, protocol: 'TCP' },
        ],
        selector: { app: 'web' },
      },
    },
    want: ['web', 'NodePort', '10.96.0.20', '<none>', '80:30080/TCP,443/TCP', '5d', 'app=web'],
  },
  {
    name: 'headless service without ports',
    obj: svc({ type: 'ClusterIP', clusterIPs: ['None'] }),
    want: ['s', 'ClusterIP', 'None', '<none>', '<none>', '<unknown>', '<none>'],
  },
  {
    name: 'cluster IP taken from clusterIPs only',
    obj: svc({ type: 'ClusterIP', clusterIP: '10.0.0.1' }),
    want: ['s', 'ClusterIP', '<none>', '<none>', '<none>', '<unknown>', '<none>'],
  },
  {
    name: 'external IPs of a ClusterIP service',
    obj: svc({ type: 'ClusterIP', clusterIPs: ['10.0.0.1'], externalIPs: ['1.1.1.1', '2.2.2.2'] }),
    want: ['s', 'ClusterIP', '10.0.0.1', '1.1.1.1,2.2.2.2', '<none>', '<unknown>', '<none>'],
  },
  {
    name: 'load balancer pending',
    obj: svc({
      type: 'LoadBalancer',
      clusterIPs: ['1.3.4.5'],
      ports: [
        { port: 80, protocol: 'TCP' },
        { port: 8090, protocol: 'UDP' },
        { port: 8000, protocol: 'TCP' },
        { port: 7777, protocol: 'SCTP' },
      ],
    }),
    want: [
      's',
      'LoadBalancer',
      '1.3.4.5',
      '<pending>',
      '80/TCP,8090/UDP,8000/TCP,7777/SCTP',
      '<unknown>',
      '<none>',
    ],
  },
  {
    name: 'load balancer addresses sorted, unique, hostnames when no IP, never clipped',
    obj: svc(
      { type: 'LoadBalancer', clusterIPs: ['1.5.6.7'], ports: [{ port: 80, protocol: 'TCP' }] },
      lb(
        { ip: '3.4.5.6' },
        { ip: '2.3.4.5' },
        { ip: '5.6.7.8', hostname: 'host5678' },
        { hostname: 'lb.example' },
        { ip: '2.3.4.5' },
      ),
    ),
    want: [
      's',
      'LoadBalancer',
      '1.5.6.7',
      '2.3.4.5,3.4.5.6,5.6.7.8,lb.example',
      '80/TCP',
      '<unknown>',
      '<none>',
    ],
  },
  {
    name: 'load balancer addresses then external IPs',
    obj: svc({ type: 'LoadBalancer', externalIPs: ['9.9.9.9'] }, lb({ ip: '2.3.4.5' })),
    want: ['s', 'LoadBalancer', '<none>', '2.3.4.5,9.9.9.9', '<none>', '<unknown>', '<none>'],
  },
  {
    name: 'load balancer without status but with external IPs',
    obj: svc({ type: 'LoadBalancer', externalIPs: ['9.9.9.9'] }),
    want: ['s', 'LoadBalancer', '<none>', '9.9.9.9', '<none>', '<unknown>', '<none>'],
  },
  {
    name: 'external name service',
    obj: svc({ type: 'ExternalName', externalName: 'db.example.com' }),
    want: ['s', 'ExternalName', '<none>', 'db.example.com', '<none>', '<unknown>', '<none>'],
  },
  {
    name: 'unknown type',
    obj: svc({}),
    want: ['s', '', '<none>', '<unknown>', '<none>', '<unknown>', '<none>'],
  },
];

describe('service printer', () => {
  for (const c of services) test(c.name, () => assert.deepEqual(cellsOf('', 'services', c.obj), c.want));
});

const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));

const endpoints: readonly Case[] = [
  { name: 'no subsets', obj: { metadata: { name: 'e' } }, want: ['e', '<none>', '<unknown>'] },
  {
    name: 'one port, two addresses',
    obj: {
      metadata: { name: 'e' },
      subsets: [{ addresses: addrs('1.1.1.1', '2.2.2.2'), ports: [{ port: 8080 }] }],
    },
    want: ['e', '1.1.1.1:8080,2.2.2.2:8080', '<unknown>'],
  },
  {
    name: 'headless without ports lists IPs',
    obj: { metadata: { name: 'e' }, subsets: [{ addresses: addrs('1.1.1.1') }] },
    want: ['e', '1.1.1.1', '<unknown>'],
  },
  {
    name: 'IPv6 addresses are bracketed',
    obj: { metadata: { name: 'e' }, subsets: [{ addresses: addrs('fd00::1'), ports: [{ port: 53 }] }] },
    want: ['e', '[fd00::1]:53', '<unknown>'],
  },
  {
    name: 'more than three: truncated with a count',
    obj: {
      metadata: { name: 'e' },
      subsets: [
        { addresses: addrs('1.1.1.1', '2.2.2.2'), ports: [{ port: 80 }, { port: 443 }] },
        { addresses: addrs('3.3.3.3') },
      ],
    },
    want: ['e', '1.1.1.1:80,2.2.2.2:80,1.1.1.1:443 + 2 more...', '<unknown>'],
  },
  {
    name: 'subset with ports but no addresses',
    obj: { metadata: { name: 'e' }, subsets: [{ ports: [{ port: 80 }] }] },
    want: ['e', '', '<unknown>'],
  },
];

describe('endpoints printer', () => {
  for (const c of endpoints) test(c.name, () => assert.deepEqual(cellsOf('', 'endpoints', c.obj), c.want));
});

const slices: readonly Case[] = [
  {
    name: 'ports and endpoints',
    obj: {
      metadata: { name: 'es', creationTimestamp: ago(H) },
      addressType: 'IPv4',
      ports: [{ port: 80 }, { name: 'https' }, {}],
      endpoints: [{ addresses: ['10.0.0.1', '10.0.0.2'] }, { addresses: ['10.0.0.3'] }],
    },
    want: ['es', 'IPv4', '80,https,*', '10.0.0.1,10.0.0.2,10.0.0.3', '60m'],
  },
  {
    name: 'truncated lists',
    obj: {
      metadata: { name: 'es' },
      addressType: 'IPv6',
      ports: [{ port: 1 }, { port: 2 }, { port: 3 }, { port: 4 }],
      endpoints: [{ addresses: ['a', 'b', 'c', 'd', 'e'] }],
    },
    want: ['es', 'IPv6', '1,2,3 + 1 more...', 'a,b,c + 2 more...', '<unknown>'],
  },
  {
    name: 'empty slice reads <unset>',
    obj: { metadata: { name: 'es' }, addressType: 'FQDN' },
    want: ['es', 'FQDN', '<unset>', '<unset>', '<unknown>'],
  },
];

describe('endpointslice printer', () => {
  for (const c of slices) {
    test(c.name, () => assert.deepEqual(cellsOf('discovery.k8s.io', 'endpointslices', c.obj), c.want));
  }
});

const ingresses: readonly Case[] = [
  {
    name: 'class, default backend only, address',
    obj: {
      metadata: { name: 'test1', creationTimestamp: ago(10 * 365 * D) },
      spec: { ingressClassName: 'foo', defaultBackend: { service: { name: 'b', port: { number: 80 } } } },
      status: { loadBalancer: { ingress: [{ ip: '2.3.4.5', hostname: 'localhost.localdomain' }] } },
    },
    want: ['test1', 'foo', '*', '2.3.4.5', '80', '10y'],
  },
  {
    name: 'hosts truncated, TLS ports, no class',
    obj: {
      metadata: { name: 'i' },
      spec: {
        tls: [{ hosts: ['a.example'] }],
        rules: [
          { host: 'a.example' },
          {},
          { host: 'b.example' },
          { host: 'c.example' },
          { host: 'd.example' },
        ],
      },
    },
    want: ['i', '<none>', 'a.example,b.example,c.example + 2 more...', '', '80, 443', '<unknown>'],
  },
];

describe('ingress printer', () => {
  for (const c of ingresses) {
    test(c.name, () => assert.deepEqual(cellsOf('networking.k8s.io', 'ingresses', c.obj), c.want));
  }
});

const others: readonly (Case & { resource: string })[] = [
  {
    name: 'ingressclass with parameters',
    resource: 'ingressclasses',
    obj: {
      metadata: { name: 'test1' },
      spec: { controller: 'example.com/controller', parameters: { kind: 'customgroup', name: 'example' } },
    },
    want: ['test1', 'example.com/controller', 'customgroup/example', '<unknown>'],
  },
  {
    name: 'ingressclass with parameters and API group, marked default',
    resource: 'ingressclasses',
    obj: {
      metadata: { name: 'test1', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: {
        controller: 'example.com/controller',
        parameters: { apiGroup: 'example.com', kind: 'customgroup', name: 'example' },
      },
    },
    want: ['test1 (default)', 'example.com/controller', 'customgroup.example.com/example', '<unknown>'],
  },
  {
    name: 'ingressclass without parameters',
    resource: 'ingressclasses',
    obj: { metadata: { name: 'test2', creationTimestamp: ago(11 * 365 * D) }, spec: { controller: 'c2' } },
    want: ['test2', 'c2', '<none>', '11y'],
  },
  {
    name: 'networkpolicy selecting all pods',
    resource: 'networkpolicies',
    obj: { metadata: { name: 'deny' }, spec: { podSelector: {} } },
    want: ['deny', '<none>', '<unknown>'],
  },
  {
    name: 'networkpolicy with a selector',
    resource: 'networkpolicies',
    obj: { metadata: { name: 'np' }, spec: { podSelector: { matchLabels: { role: 'db' } } } },
    want: ['np', 'role=db', '<unknown>'],
  },
  {
    name: 'servicecidr',
    resource: 'servicecidrs',
    obj: { metadata: { name: 'kubernetes' }, spec: { cidrs: ['10.96.0.0/12', 'fd00::/108'] } },
    want: ['kubernetes', '10.96.0.0/12,fd00::/108', '<unknown>'],
  },
  {
    name: 'ipaddress of a service',
    resource: 'ipaddresses',
    obj: {
      metadata: { name: '10.96.0.1' },
      spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'kubernetes' } },
    },
    want: ['10.96.0.1', 'services/default/kubernetes', '<unknown>'],
  },
  {
    name: 'ipaddress with a grouped cluster-scoped parent',
    resource: 'ipaddresses',
    obj: {
      metadata: { name: 'x' },
      spec: { parentRef: { group: 'Example.COM', resource: 'Gateways', name: 'gw' } },
    },
    want: ['x', 'gateways.example.com/gw', '<unknown>'],
  },
  {
    name: 'ipaddress without parent',
    resource: 'ipaddresses',
    obj: { metadata: { name: 'x' }, spec: {} },
    want: ['x', '<none>', '<unknown>'],
  },
];

describe('other networking printers', () => {
  for (const c of others) {
    test(c.name, () => assert.deepEqual(cellsOf('networking.k8s.io', c.resource, c.obj), c.want));
  }
});

test('networking columns', () => {
  assert.deepEqual(columnNames('', 'services'), [
    'Name',
    'Type',
    'Cluster-IP',
    'External-IP',
    'Port(s)',
    'Age',
    '(Selector)',
  ]);
  assert.deepEqual(columnNames('networking.k8s.io', 'ingresses'), [
    'Name',
    'Class',
    'Hosts',
    'Address',
    'Ports',
    'Age',
  ]);
  assert.deepEqual(columnNames('networking.k8s.io', 'ipaddresses'), ['Name', 'ParentRef']);
});
