import { goQuote, path } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';
import { type ParsedIP, parseCIDRSloppy, parseIPSloppy, to4 } from './ip.js';
import { annotationsOf } from './meta.js';
import { readServiceSpec } from './service-spec.js';
import { optStr, quiet, topObj } from './shape.js';

/** An address printed as Go's `net.IP.String` does (IPv4-mapped addresses in dotted form). */
export function formatIP(ip: ParsedIP): string {
  const v4 = to4(ip);
  if (v4 !== undefined) return [...v4].join('.');
  return formatIPv6(ip.bytes);
}

// RFC 5952: lower-case hex without leading zeros, the longest run (two or more) of zero groups
// shortened to `::`, the first such run on a tie.
function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]): string => g.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** Upstream's GetWarningsForIP: non-standard (leading zeros, IPv4-mapped) or non-canonical IPv6 text. */
export function ipWarnings(field: string, value: string): string[] {
  const ip = parseIPSloppy(value);
  if (ip === undefined) return [];
  const mapped = !ip.dotted && to4(ip) !== undefined;
  if (ip.lax || mapped) {
    return [
      `${field}: non-standard IP address ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(formatIP(ip))}`,
    ];
  }
  if (!ip.dotted) {
    const canonical = formatIPv6(ip.bytes);
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
  const c = parseCIDRSloppy(value);
  if (c === undefined) return [];
  const out: string[] = [];
  const masked = new Uint8Array(c.ip.bytes);
  const offset = c.width === 32 ? 96 : 0;
  for (let bit = offset + c.bits; bit < 128; bit++) masked[bit >> 3]! &= ~(1 << (7 - (bit & 7)));
  const maskedIP: ParsedIP = { bytes: masked, dotted: c.ip.dotted, lax: false };
  // Go prints an IPv4-mapped network in IPv4 form with the prefix shortened to match.
  const netBits = c.width === 128 && to4(maskedIP) !== undefined && c.bits >= 96 ? c.bits - 96 : c.bits;
  const network = `${formatIP(maskedIP)}/${netBits}`;
  if (masked.some((b, i) => b !== c.ip.bytes[i])) {
    const single = `${formatIP(c.ip)}/${c.width}`;
    out.push(
      `${field}: CIDR value ${goQuote(value)} is ambiguous in this context (should be ${goQuote(network)} or ${goQuote(single)}?)`,
    );
  }
  const mapped = !c.ip.dotted && to4(c.ip) !== undefined;
  if (c.ip.lax || c.laxPrefix || mapped) {
    out.push(
      `${field}: non-standard CIDR value ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(network)}`,
    );
  }
  if (out.length === 0 && c.width === 128) {
    const canonical = `${formatIPv6(c.ip.bytes)}/${c.bits}`;
    if (canonical !== value) {
      out.push(
        `${field}: IPv6 CIDR value ${goQuote(value)} should be in RFC 5952 canonical format (${goQuote(canonical)})`,
      );
    }
  }
  return out;
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
