/**
 * Defaults for core/v1 Service. Cluster IPs, IP families and the family policy are not defaults:
 * the service registry assigns them while allocating addresses, so they are not set here.
 */
import type { JsonObject } from './json.js';
import { child, defaultPtr, defaultString, eachObject, ensure, own } from './json.js';

/** Seconds a ClientIP session affinity lasts when the timeout is not given (three hours). */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/** A service reachable from outside the cluster: NodePort, LoadBalancer, or ClusterIP with externalIPs. */
function externallyAccessible(spec: JsonObject): boolean {
  const type = own(spec, 'type');
  if (type === 'LoadBalancer' || type === 'NodePort') return true;
  const externalIPs = own(spec, 'externalIPs');
  return type === 'ClusterIP' && Array.isArray(externalIPs) && externalIPs.length > 0;
}

function defaultSessionAffinity(spec: JsonObject): void {
  defaultString(spec, 'sessionAffinity', 'None');
  const affinity = own(spec, 'sessionAffinity');
  if (affinity === 'None') {
    delete spec['sessionAffinityConfig'];
  } else if (affinity === 'ClientIP') {
    const config = child(spec, 'sessionAffinityConfig');
    const clientIP = config && child(config, 'clientIP');
    const timeout = clientIP && own(clientIP, 'timeoutSeconds');
    // Upstream replaces the whole config when any level is missing, rather than filling it in.
    if (timeout === undefined || timeout === null) {
      spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
    }
  }
}

function defaultServicePort(port: JsonObject): void {
  defaultString(port, 'protocol', 'TCP');
  const target = own(port, 'targetPort');
  if (target === undefined || target === null || target === 0 || target === '') {
    const p = own(port, 'port');
    if (p === undefined || p === null) port['targetPort'] = 0;
    else if (typeof p === 'number') port['targetPort'] = p;
  }
}

/** Defaults a core/v1 Service. Mutates `svc`; idempotent; never throws. */
export function defaultService(svc: JsonObject): void {
  const spec = ensure(svc, 'spec');
  if (!spec) return;
  defaultSessionAffinity(spec);
  defaultString(spec, 'type', 'ClusterIP');
  eachObject(spec, 'ports', defaultServicePort);
  if (externallyAccessible(spec)) defaultString(spec, 'externalTrafficPolicy', 'Cluster');
  const type = own(spec, 'type');
  if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') {
    defaultPtr(spec, 'internalTrafficPolicy', 'Cluster');
  }
  if (type === 'LoadBalancer') {
    defaultPtr(spec, 'allocateLoadBalancerNodePorts', true);
    const status = child(svc, 'status');
    const lb = status && child(status, 'loadBalancer');
    if (lb) {
      eachObject(lb, 'ingress', (ingress) => {
        const ip = own(ingress, 'ip');
        if (typeof ip === 'string' && ip !== '') defaultPtr(ingress, 'ipMode', 'VIP');
      });
    }
  }
}
