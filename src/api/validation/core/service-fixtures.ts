import type { JsonObject } from '../types.js';
import { at } from './testing.js';

/** A defaulted ClusterIP service, like upstream's makeValidService (test fixture). */
export function makeService(): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'valid', namespace: 'default', resourceVersion: '1' },
    spec: {
      selector: { key: 'val' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
      clusterIP: '1.2.3.4',
      clusterIPs: ['1.2.3.4'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      ports: [{ name: 'p', protocol: 'TCP', port: 8675, targetPort: 8675 }],
    },
  };
}
/** The spec of a test object (created when missing). */
export const spec = (o: JsonObject): JsonObject => at(o, 'spec');
/** The ports list of a test service. */
export const ports = (o: JsonObject): JsonObject[] => spec(o)['ports'] as JsonObject[];
/** Turns a test service into a defaulted LoadBalancer. Mutates. */
export const asLB = (o: JsonObject): void => {
  Object.assign(spec(o), {
    type: 'LoadBalancer',
    allocateLoadBalancerNodePorts: true,
    externalTrafficPolicy: 'Cluster',
  });
};
/** Turns a test service into a defaulted NodePort. Mutates. */
export const asNodePort = (o: JsonObject): void => {
  Object.assign(spec(o), { type: 'NodePort', externalTrafficPolicy: 'Cluster' });
};
/** Turns a test service into an ExternalName service without IP fields. Mutates. */
export const asExternalName = (o: JsonObject): void => {
  const s = spec(o);
  s['type'] = 'ExternalName';
  s['externalName'] = 'foo.bar.example.com';
  for (const k of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy'])
    delete s[k];
};
/** Makes a test service headless (`clusterIP: None`). Mutates. */
export const headless = (o: JsonObject): void => {
  Object.assign(spec(o), { clusterIP: 'None', clusterIPs: ['None'] });
};
