import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultObject } from './index.js';
import type { JsonObject } from './json.js';

function spec(input: JsonObject, status?: JsonObject): JsonObject {
  const svc: JsonObject = { spec: structuredClone(input) };
  if (status) svc['status'] = structuredClone(status);
  defaultObject('v1', 'Service', svc);
  return svc;
}

test('service defaults by type', () => {
  const cases: Array<{ name: string; input: JsonObject; expected: JsonObject }> = [
    {
      name: 'empty spec becomes a ClusterIP service',
      input: {},
      expected: { type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' },
    },
    {
      name: 'NodePort gets an external traffic policy',
      input: { type: 'NodePort' },
      expected: {
        type: 'NodePort',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        externalTrafficPolicy: 'Cluster',
      },
    },
    {
      name: 'LoadBalancer also allocates node ports',
      input: { type: 'LoadBalancer' },
      expected: {
        type: 'LoadBalancer',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        externalTrafficPolicy: 'Cluster',
        allocateLoadBalancerNodePorts: true,
      },
    },
    {
      name: 'LoadBalancer keeps an explicit allocateLoadBalancerNodePorts false and Local policy',
      input: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, externalTrafficPolicy: 'Local' },
      expected: {
        type: 'LoadBalancer',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        externalTrafficPolicy: 'Local',
        allocateLoadBalancerNodePorts: false,
      },
    },
    {
      name: 'ClusterIP with external IPs is externally accessible',
      input: { externalIPs: ['1.2.3.4'] },
      expected: {
        type: 'ClusterIP',
        externalIPs: ['1.2.3.4'],
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        externalTrafficPolicy: 'Cluster',
      },
    },
    {
      name: 'ExternalName gets no traffic policies',
      input: { type: 'ExternalName', externalName: 'example.com' },
      expected: { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' },
    },
    {
      name: 'None affinity drops an affinity config',
      input: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } },
      expected: { type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' },
    },
    {
      name: 'ClientIP affinity gets the three-hour timeout',
      input: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: {} } },
      expected: {
        type: 'ClusterIP',
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        internalTrafficPolicy: 'Cluster',
      },
    },
    {
      name: 'ClientIP affinity keeps an explicit timeout',
      input: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } },
      expected: {
        type: 'ClusterIP',
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
        internalTrafficPolicy: 'Cluster',
      },
    },
  ];
  for (const c of cases) assert.deepEqual(spec(c.input)['spec'], c.expected, c.name);
});

test('service ports get protocol and target port', () => {
  const out = spec({
    ports: [
      { port: 80 },
      { port: 81, targetPort: 0 },
      { port: 82, targetPort: '' },
      { port: 83, targetPort: 'http' },
      { port: 84, targetPort: 8084, protocol: 'UDP' },
      {},
    ],
  });
  assert.deepEqual((out['spec'] as JsonObject)['ports'], [
    { port: 80, targetPort: 80, protocol: 'TCP' },
    { port: 81, targetPort: 81, protocol: 'TCP' },
    { port: 82, targetPort: 82, protocol: 'TCP' },
    { port: 83, targetPort: 'http', protocol: 'TCP' },
    { port: 84, targetPort: 8084, protocol: 'UDP' },
    { targetPort: 0, protocol: 'TCP' },
  ]);
});

test('load balancer ingress IPs get ipMode VIP', () => {
  const out = spec(
    { type: 'LoadBalancer' },
    {
      loadBalancer: {
        ingress: [{ ip: '10.0.0.1' }, { hostname: 'lb.example.com' }, { ip: '10.0.0.2', ipMode: 'Proxy' }],
      },
    },
  );
  assert.deepEqual(out['status'], {
    loadBalancer: {
      ingress: [
        { ip: '10.0.0.1', ipMode: 'VIP' },
        { hostname: 'lb.example.com' },
        { ip: '10.0.0.2', ipMode: 'Proxy' },
      ],
    },
  });
  const clusterIP = spec({}, { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } });
  assert.deepEqual(clusterIP['status'], { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } });
});

test('cluster IPs and IP families are not defaulted', () => {
  const out = spec({ type: 'ClusterIP' });
  const s = out['spec'] as JsonObject;
  for (const key of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy'])
    assert.equal(s[key], undefined, key);
});
