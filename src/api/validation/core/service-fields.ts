import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { isValidPortNum } from '../../../apimachinery/validation/index.js';
import { isIPv6String, validateIP } from './ip.js';
import { qualifiedName } from './meta.js';
import { externallyAccessible, isHeadless, needsHealthCheck, type ServiceSpecView } from './service-spec.js';

const specPath = path('spec');
const ipFamilies = ['IPv4', 'IPv6'];
const ipFamilyPolicies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const externalPolicies = ['Cluster', 'Local'];
const internalPolicies = ['Cluster', 'Local'];
const trafficDistributions = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];

/**
 * Upstream's ValidateServiceClusterIPsRelatedFields: clusterIP and clusterIPs agree, families are
 * known and unique, the policy is known, cluster IPs are valid (`None` only alone), at most two,
 * one per family, and each matches its family. ExternalName services are skipped (their own rule
 * forbids these fields). Pure.
 */
export function validateClusterIPFields(s: ServiceSpecView): FieldError[] {
  if (s.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ipsPath = specPath.child('clusterIPs');
  if (s.clusterIP !== '') {
    if (s.clusterIPs.length === 0) errs.push(required(ipsPath, ''));
    else if (s.clusterIPs[0] !== s.clusterIP)
      errs.push(invalid(ipsPath, s.clusterIPs, 'first value must match `clusterIP`'));
  } else if (s.clusterIPs.length !== 0) {
    errs.push(invalid(ipsPath, s.clusterIPs, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  s.ipFamilies.forEach((f, i) => {
    const p = specPath.child('ipFamilies').index(i);
    if (!ipFamilies.includes(f)) errs.push(notSupported(p, f, ipFamilies));
    if (seen.has(f)) errs.push(duplicate(p, f));
    seen.add(f);
  });
  if (s.ipFamilyPolicy !== undefined && !ipFamilyPolicies.includes(s.ipFamilyPolicy)) {
    errs.push(notSupported(specPath.child('ipFamilyPolicy'), s.ipFamilyPolicy, ipFamilyPolicies));
  }
  let hasInvalid = false;
  s.clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (s.clusterIPs.length > 1) {
        hasInvalid = true;
        errs.push(invalid(ipsPath, s.clusterIPs, "'None' must be the first and only value"));
      }
      return;
    }
    const ipErrs = validateIP(ipsPath.index(i), ip);
    if (ipErrs.length > 0) hasInvalid = true;
    errs.push(...ipErrs);
  });
  if (s.clusterIPs.length > 2) errs.push(invalid(ipsPath, s.clusterIPs, 'may only hold up to 2 values'));
  if (hasInvalid) return errs;
  if (s.clusterIPs.length > 1) {
    const v6 = s.clusterIPs.some(isIPv6String);
    const v4 = s.clusterIPs.some((ip) => !isIPv6String(ip));
    if (!(v4 && v6)) {
      errs.push(invalid(ipsPath, s.clusterIPs, 'may specify no more than one IP for each IP family'));
    }
  }
  if (!isHeadless(s) && s.clusterIPs.length > 0 && s.ipFamilies.length > 0) {
    s.clusterIPs.forEach((ip, i) => {
      const family = s.ipFamilies[i];
      if (family === undefined) return;
      if (family === 'IPv4' && isIPv6String(ip)) {
        errs.push(
          invalid(ipsPath.index(i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
      if (family === 'IPv6' && !isIPv6String(ip)) {
        errs.push(
          invalid(ipsPath.index(i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
    });
  }
  return errs;
}

function validateExternalTraffic(s: ServiceSpecView, errs: FieldError[]): void {
  const etp = specPath.child('externalTrafficPolicy');
  if (!externallyAccessible(s)) {
    if (s.externalTrafficPolicy !== '') {
      errs.push(invalid(etp, s.externalTrafficPolicy, 'may only be set for externally-accessible services'));
    }
  } else if (s.externalTrafficPolicy === '') {
    errs.push(required(etp, ''));
  } else if (!externalPolicies.includes(s.externalTrafficPolicy)) {
    errs.push(notSupported(etp, s.externalTrafficPolicy, externalPolicies));
  }
  const hc = specPath.child('healthCheckNodePort');
  if (!needsHealthCheck(s)) {
    if (s.healthCheckNodePort !== 0) {
      errs.push(
        invalid(
          hc,
          s.healthCheckNodePort,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (s.healthCheckNodePort === 0) {
    errs.push(required(hc, ''));
  } else {
    for (const m of isValidPortNum(s.healthCheckNodePort)) errs.push(invalid(hc, s.healthCheckNodePort, m));
  }
}

/**
 * The load balancer and traffic rules at the end of upstream's ValidateService:
 * allocateLoadBalancerNodePorts, loadBalancerClass, external and internal traffic policies, the
 * health-check node port and trafficDistribution. Pure.
 */
export function validateServiceTrafficFields(s: ServiceSpecView): FieldError[] {
  const errs: FieldError[] = [];
  const lbOnly = "may only be used when `type` is 'LoadBalancer'";
  if (s.allocateLoadBalancerNodePorts !== undefined && s.type !== 'LoadBalancer') {
    errs.push(forbidden(specPath.child('allocateLoadBalancerNodePorts'), lbOnly));
  }
  if (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts === undefined) {
    // Upstream reports this one without the `spec.` prefix.
    errs.push(required(path('allocateLoadBalancerNodePorts'), ''));
  }
  if (s.loadBalancerClass !== undefined) {
    if (s.type === 'LoadBalancer')
      errs.push(...qualifiedName(s.loadBalancerClass, specPath.child('loadBalancerClass')));
    else errs.push(forbidden(specPath.child('loadBalancerClass'), lbOnly));
  }
  validateExternalTraffic(s, errs);
  const itp = specPath.child('internalTrafficPolicy');
  if (s.internalTrafficPolicy === undefined) {
    if (s.type === 'NodePort' || s.type === 'LoadBalancer' || s.type === 'ClusterIP')
      errs.push(required(itp, ''));
  } else if (!internalPolicies.includes(s.internalTrafficPolicy)) {
    errs.push(notSupported(itp, s.internalTrafficPolicy, internalPolicies));
  }
  if (s.trafficDistribution !== undefined && !trafficDistributions.includes(s.trafficDistribution)) {
    errs.push(
      notSupported(specPath.child('trafficDistribution'), s.trafficDistribution, trafficDistributions),
    );
  }
  return errs;
}
