import { goQuote, path } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';
import {
  cidrWarnings as sharedCIDRWarnings,
  formatIP,
  parseIPSloppy as sharedParseIP,
} from '../../../apimachinery/validation/index.js';
import { parseIPSloppy, to4 } from './ip.js';
import { annotationsOf } from './meta.js';
import { readServiceSpec } from './service-spec.js';
import { optStr, quiet, topObj } from './shape.js';

/** Upstream's GetWarningsForIP: non-standard (leading zeros, IPv4-mapped) or non-canonical IPv6 text. */
export function ipWarnings(field: string, value: string): string[] {
  const ip = parseIPSloppy(value);
  if (ip === undefined) return [];
  const mapped = !ip.dotted && to4(ip) !== undefined;
  if (ip.lax || mapped) {
    const addr = sharedParseIP(value)!;
    return [
      `${field}: non-standard IP address ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(formatIP(addr))}`,
    ];
  }
  if (!ip.dotted) {
    const canonical = formatIP(sharedParseIP(value)!);
    if (canonical !== value) {
      return [
        `${field}: IPv6 address ${goQuote(value)} should be in RFC 5952 canonical format (${goQuote(canonical)})`,
      ];
    }
  }
  return [];
}

/** Upstream's GetWarningsForCIDR: host bits set, non-standard text, or non-canonical IPv6 text. */
export function cidrWarnings(field: string, value: string): string[] {
  return sharedCIDRWarnings(path(field), value);
}

/**
 * Upstream's GetWarningsForService: the deprecated topology-aware-hints annotation, non-standard
 * IPs and CIDRs in clusterIPs, externalIPs, loadBalancerIP and loadBalancerSourceRanges, and
 * fields ignored for the service's type. Pure.
 */
export function serviceWarnings(svc: JsonObject): string[] {
  const out: string[] = [];
  if (annotationsOf(svc).has('service.kubernetes.io/topology-aware-hints')) {
    out.push(
      'annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead',
    );
  }
  const spec = topObj(svc, 'spec', quiet());
  const s = readServiceSpec(spec, path('spec'), quiet());
  // Only a service with an allocated address (not headless, not ExternalName) is checked.
  if (s.clusterIP !== '' && s.clusterIP !== 'None') {
    s.clusterIPs.forEach((ip, i) => {
      out.push(...ipWarnings(`spec.clusterIPs[${i}]`, ip));
    });
  }
  s.externalIPs.forEach((ip, i) => {
    out.push(...ipWarnings(`spec.externalIPs[${i}]`, ip));
  });
  const lbIP = optStr(spec, 'loadBalancerIP', path('spec'), quiet()) ?? '';
  if (lbIP !== '') out.push(...ipWarnings('spec.loadBalancerIP', lbIP));
  s.loadBalancerSourceRanges.forEach((c, i) => {
    out.push(...cidrWarnings(`spec.loadBalancerSourceRanges[${i}]`, c));
  });
  if (s.type === 'ExternalName' && s.externalIPs.length > 0) {
    out.push('spec.externalIPs is ignored when spec.type is "ExternalName"');
  }
  if (s.type !== 'ExternalName' && s.externalName !== '') {
    out.push('spec.externalName is ignored when spec.type is not "ExternalName"');
  }
  return out;
}

/**
 * The PersistentVolumeClaim warning for the deprecated beta storage-class annotation (upstream's
 * GetWarningsForPersistentVolumeClaim, annotation part). Pure.
 */
export function claimWarnings(pvc: JsonObject): string[] {
  const key = 'volume.beta.kubernetes.io/storage-class';
  if (!annotationsOf(pvc).has(key)) return [];
  return [`metadata.annotations[${key}]: deprecated since v1.8; use "storageClassName" attribute instead`];
}
