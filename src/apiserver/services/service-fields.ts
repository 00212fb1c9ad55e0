// Plain-JSON accessors of the Service fields the allocators read and write, and upstream's
// field fix-ups around them (normalizeClusterIPs, patchAllocatedValues, dropTypeDependentFields).
import type { JsonObject } from '../registry/index.js';

/** `spec` of a Service (created when absent). */
export function specOf(svc: JsonObject): JsonObject {
  const s = svc['spec'];
  if (typeof s === 'object' && s !== null && !Array.isArray(s)) return s as JsonObject;
  const fresh: JsonObject = {};
  svc['spec'] = fresh;
  return fresh;
}

function str(o: JsonObject, k: string): string {
  const v = o[k];
  return typeof v === 'string' ? v : '';
}

function strs(o: JsonObject, k: string): string[] {
  const v = o[k];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function num(o: JsonObject, k: string): number {
  const v = o[k];
  return typeof v === 'number' && Number.isInteger(v) ? v : 0;
}

/** spec.type ('' when unset). */
export const svcType = (svc: JsonObject): string => str(specOf(svc), 'type');
/** spec.clusterIP ('' when unset). */
export const clusterIP = (svc: JsonObject): string => str(specOf(svc), 'clusterIP');
/** spec.clusterIPs ([] when unset). */
export const clusterIPs = (svc: JsonObject): string[] => strs(specOf(svc), 'clusterIPs');
/** spec.ipFamilies ([] when unset). */
export const ipFamilies = (svc: JsonObject): string[] => strs(specOf(svc), 'ipFamilies');
/** spec.ipFamilyPolicy (undefined when unset). */
export function ipFamilyPolicy(svc: JsonObject): string | undefined {
  const v = specOf(svc)['ipFamilyPolicy'];
  return typeof v === 'string' ? v : undefined;
}
/** spec.healthCheckNodePort (0 when unset). */
export const healthCheckNodePort = (svc: JsonObject): number => num(specOf(svc), 'healthCheckNodePort');

/** Sets or removes (undefined, [] for lists) a spec field. */
export function setSpec(svc: JsonObject, k: string, v: unknown): void {
  const s = specOf(svc);
  if (v === undefined || (Array.isArray(v) && v.length === 0)) delete s[k];
  else s[k] = v;
}

/** spec.ports as objects. */
export function portsOf(svc: JsonObject): JsonObject[] {
  const v = specOf(svc)['ports'];
  return Array.isArray(v)
    ? v.filter((p): p is JsonObject => typeof p === 'object' && p !== null && !Array.isArray(p))
    : [];
}

/** A port's `port` (0 when unset). */
export const portNumber = (p: JsonObject): number => num(p, 'port');
/** A port's `nodePort` (0 when unset). */
export const nodePortOf = (p: JsonObject): number => num(p, 'nodePort');
/** A port's `name` ('' when unset). */
export const portName = (p: JsonObject): string => str(p, 'name');

/** Every non-zero nodePort of the Service's ports. */
export function collectNodePorts(svc: JsonObject): number[] {
  return portsOf(svc)
    .map(nodePortOf)
    .filter((n) => n !== 0);
}

/** Services other than ExternalName have cluster IPs (or `None`). */
export const needsClusterIP = (svc: JsonObject): boolean => svcType(svc) !== 'ExternalName';
/** NodePort and LoadBalancer Services have node ports. */
export const needsNodePort = (svc: JsonObject): boolean =>
  svcType(svc) === 'NodePort' || svcType(svc) === 'LoadBalancer';
/** A LoadBalancer with externalTrafficPolicy Local gets a health-check node port. */
export const needsHealthCheck = (svc: JsonObject): boolean =>
  svcType(svc) === 'LoadBalancer' && str(specOf(svc), 'externalTrafficPolicy') === 'Local';

/** Whether new node ports are given out: NodePort, or LoadBalancer unless allocateLoadBalancerNodePorts is false. */
export function shouldAllocateNodePorts(svc: JsonObject): boolean {
  const t = svcType(svc);
  if (t === 'NodePort') return true;
  if (t === 'LoadBalancer') return specOf(svc)['allocateLoadBalancerNodePorts'] !== false;
  return false;
}

/** A headless Service: clusterIPs[0] is `None`. */
export const isHeadless = (svc: JsonObject): boolean => clusterIPs(svc)[0] === 'None';

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether two Services carry the same clusterIPs. */
export const sameClusterIPs = (a: JsonObject, b: JsonObject): boolean =>
  sameList(clusterIPs(a), clusterIPs(b));
/** Whether two Services carry the same ipFamilies. */
export const sameIPFamilies = (a: JsonObject, b: JsonObject): boolean =>
  sameList(ipFamilies(a), ipFamilies(b));

/**
 * Upstream's normalizeClusterIPs: keeps clusterIP and clusterIPs in step for clients that only
 * know the singular field. `old` is undefined on create. Mutates `svc`.
 */
export function normalizeClusterIPs(svc: JsonObject, old: JsonObject | undefined): void {
  const ip = clusterIP(svc);
  if (old === undefined) {
    if (ip !== '' && clusterIPs(svc).length === 0) setSpec(svc, 'clusterIPs', [ip]);
    return;
  }
  if (clusterIPs(old).length > 0 && clusterIPs(svc).length === 0 && clusterIP(old) === ip) {
    setSpec(svc, 'clusterIPs', clusterIPs(old));
  }
  if (clusterIP(old) !== clusterIP(svc)) {
    if (clusterIP(old) !== '' && clusterIP(svc) === '') {
      if (sameClusterIPs(old, svc)) setSpec(svc, 'clusterIPs', undefined);
    } else if (sameClusterIPs(old, svc)) {
      setSpec(svc, 'clusterIPs', [clusterIP(svc)]);
    }
  }
}

/**
 * Upstream's patchAllocatedValues: an update that leaves out values the server allocated (cluster
 * IPs, node ports matched by port name, the health-check node port) keeps them, so re-applying the
 * original manifest works. Mutates `svc`.
 */
export function patchAllocatedValues(svc: JsonObject, old: JsonObject): void {
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (clusterIP(svc) === '' && clusterIP(old) !== '') setSpec(svc, 'clusterIP', clusterIP(old));
    if (clusterIPs(svc).length === 0 && clusterIPs(old).length > 0)
      setSpec(svc, 'clusterIPs', clusterIPs(old));
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const newUsed = new Set(collectNodePorts(svc));
    const used = new Set(collectNodePorts(old).filter((p) => newUsed.has(p)));
    const byName = new Map<string, number>();
    for (const p of portsOf(old)) byName.set(portName(p), nodePortOf(p));
    for (const p of portsOf(svc)) {
      if (nodePortOf(p) !== 0) continue;
      const prev = byName.get(portName(p)) ?? 0;
      if (prev !== 0 && !used.has(prev)) p['nodePort'] = prev;
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(svc) && healthCheckNodePort(svc) === 0) {
    const hc = healthCheckNodePort(old);
    if (hc !== 0) setSpec(svc, 'healthCheckNodePort', hc);
  }
}

function externallyAccessible(svc: JsonObject): boolean {
  const t = svcType(svc);
  return (
    t === 'NodePort' ||
    t === 'LoadBalancer' ||
    (t === 'ClusterIP' && strs(specOf(svc), 'externalIPs').length > 0)
  );
}

/**
 * Upstream's dropTypeDependentFields (part of the Service update strategy): when the type changes,
 * fields that no longer apply and that the client left as they were are cleared: cluster IPs and
 * families (to ExternalName), node ports, the health-check node port, allocateLoadBalancerNodePorts,
 * loadBalancerClass and externalTrafficPolicy. The load-balancer status is not cleared here (the
 * status is restored after this runs). Mutates `svc`.
 */
export function dropTypeDependentFields(svc: JsonObject, old: JsonObject): void {
  const s = specOf(svc);
  const o = specOf(old);
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (sameClusterIPs(old, svc)) {
      delete s['clusterIP'];
      delete s['clusterIPs'];
    }
    if (sameIPFamilies(old, svc)) delete s['ipFamilies'];
    if (ipFamilyPolicy(old) === ipFamilyPolicy(svc)) delete s['ipFamilyPolicy'];
  }
  const sameNodePorts =
    portsOf(old).length === portsOf(svc).length &&
    portsOf(old).every((p, i) => nodePortOf(p) === nodePortOf(portsOf(svc)[i]!));
  if (needsNodePort(old) && !needsNodePort(svc) && sameNodePorts) {
    for (const p of portsOf(svc)) delete p['nodePort'];
  }
  if (
    needsHealthCheck(old) &&
    !needsHealthCheck(svc) &&
    healthCheckNodePort(old) === healthCheckNodePort(svc)
  ) {
    delete s['healthCheckNodePort'];
  }
  if (svcType(old) === 'LoadBalancer' && svcType(svc) !== 'LoadBalancer') {
    const a = o['allocateLoadBalancerNodePorts'];
    const b = s['allocateLoadBalancerNodePorts'];
    if (typeof a === 'boolean' && typeof b === 'boolean' && a === b)
      delete s['allocateLoadBalancerNodePorts'];
    if (o['loadBalancerClass'] === s['loadBalancerClass']) delete s['loadBalancerClass'];
  }
  if (externallyAccessible(old) && !externallyAccessible(svc)) {
    if (o['externalTrafficPolicy'] === s['externalTrafficPolicy']) delete s['externalTrafficPolicy'];
  }
}
