import type { FieldError, FieldPath } from '../../../apimachinery/field/index.js';
import { type Dict, bool, int, obj, objList, optStr, str, strList } from './shape.js';

/** A service port read from JSON; `targetPort` keeps its IntOrString form. */
export interface ServicePortView {
  readonly raw: Dict;
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly targetPort: { kind: 'int'; value: number } | { kind: 'string'; value: string } | { kind: 'unset' };
  readonly nodePort: number;
  readonly appProtocol: string | undefined;
}

/** The members of a Service spec the rules look at, read once with their type errors. */
export interface ServiceSpecView {
  readonly type: string;
  readonly ports: readonly ServicePortView[];
  readonly selector: unknown;
  readonly sessionAffinity: string;
  readonly sessionAffinityConfig: Dict | undefined;
  readonly clusterIP: string;
  readonly clusterIPs: readonly string[];
  readonly ipFamilies: readonly string[];
  readonly ipFamilyPolicy: string | undefined;
  readonly externalIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly allocateLoadBalancerNodePorts: boolean | undefined;
  readonly loadBalancerClass: string | undefined;
  readonly externalTrafficPolicy: string;
  readonly healthCheckNodePort: number;
  readonly internalTrafficPolicy: string | undefined;
  readonly trafficDistribution: string | undefined;
  readonly externalName: string;
}

function readPort(p: Dict, fldPath: FieldPath, errs: FieldError[]): ServicePortView {
  const tp = p['targetPort'];
  let targetPort: ServicePortView['targetPort'] = { kind: 'unset' };
  if (typeof tp === 'string') targetPort = { kind: 'string', value: tp };
  else if (typeof tp === 'number' && Number.isInteger(tp)) targetPort = { kind: 'int', value: tp };
  else if (tp !== undefined && tp !== null) int(p, 'targetPort', fldPath, errs);
  return {
    raw: p,
    name: str(p, 'name', fldPath, errs),
    port: int(p, 'port', fldPath, errs) ?? 0,
    protocol: str(p, 'protocol', fldPath, errs),
    targetPort,
    nodePort: int(p, 'nodePort', fldPath, errs) ?? 0,
    appProtocol: optStr(p, 'appProtocol', fldPath, errs),
  };
}

/** Reads a Service spec (any JSON shape); wrong types are appended to `errs` and read as unset. */
export function readServiceSpec(
  spec: Dict | undefined,
  fldPath: FieldPath,
  errs: FieldError[],
): ServiceSpecView {
  const portsPath = fldPath.child('ports');
  return {
    type: str(spec, 'type', fldPath, errs),
    ports: objList(spec, 'ports', fldPath, errs).map((p, i) => readPort(p, portsPath.index(i), errs)),
    selector: spec?.['selector'],
    sessionAffinity: str(spec, 'sessionAffinity', fldPath, errs),
    sessionAffinityConfig: obj(spec, 'sessionAffinityConfig', fldPath, errs),
    clusterIP: str(spec, 'clusterIP', fldPath, errs),
    clusterIPs: strList(spec, 'clusterIPs', fldPath, errs),
    ipFamilies: strList(spec, 'ipFamilies', fldPath, errs),
    ipFamilyPolicy: optStr(spec, 'ipFamilyPolicy', fldPath, errs),
    externalIPs: strList(spec, 'externalIPs', fldPath, errs),
    loadBalancerSourceRanges: strList(spec, 'loadBalancerSourceRanges', fldPath, errs),
    allocateLoadBalancerNodePorts: bool(spec, 'allocateLoadBalancerNodePorts', fldPath, errs),
    loadBalancerClass: optStr(spec, 'loadBalancerClass', fldPath, errs),
    externalTrafficPolicy: str(spec, 'externalTrafficPolicy', fldPath, errs),
    healthCheckNodePort: int(spec, 'healthCheckNodePort', fldPath, errs) ?? 0,
    internalTrafficPolicy: optStr(spec, 'internalTrafficPolicy', fldPath, errs),
    trafficDistribution: optStr(spec, 'trafficDistribution', fldPath, errs),
    externalName: str(spec, 'externalName', fldPath, errs),
  };
}

/** A headless service: exactly one cluster IP, `None`. */
export function isHeadless(s: ServiceSpecView): boolean {
  return s.clusterIPs.length === 1 && s.clusterIPs[0] === 'None';
}

/** Reachable from outside the cluster: NodePort, LoadBalancer, or ClusterIP with external IPs. */
export function externallyAccessible(s: ServiceSpecView): boolean {
  return (
    s.type === 'LoadBalancer' || s.type === 'NodePort' || (s.type === 'ClusterIP' && s.externalIPs.length > 0)
  );
}

/** A LoadBalancer with the Local external traffic policy, which gets a health-check node port. */
export function needsHealthCheck(s: ServiceSpecView): boolean {
  return s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
}
