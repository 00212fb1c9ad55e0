import { formatIP, isDNS1123Subdomain, parseIPSloppy } from '../../apimachinery/validation/index.js';
import { PKIError } from './errors.js';

/**
 * Subject alternative names split as X.509 carries them: DNS names, then IP addresses in Go's
 * `net.IP.String()` form (an IPv4-mapped IPv6 address is written, and encoded, as IPv4).
 */
export interface AltNames {
  readonly dnsNames: readonly string[];
  readonly ips: readonly string[];
}

/** The in-cluster names of the `kubernetes` Service every serving certificate of the API server carries. */
export const kubernetesServiceNames: readonly string[] = [
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];

/** The first address of the default service CIDR 10.96.0.0/12: the `kubernetes` Service's ClusterIP. */
export const kubernetesServiceIP = '10.96.0.1';

/**
 * The SANs of the API server's serving certificate: localhost, 127.0.0.1, the host addresses,
 * the `kubernetes` Service names and ClusterIP, then the extra SANs. Pure; throws PKIError on an
 * entry that is neither an IP address nor a DNS name.
 */
export function apiServerAltNames(hosts: readonly string[], extraSANs: readonly string[] = []): AltNames {
  return altNames([
    'localhost',
    '127.0.0.1',
    ...hosts,
    ...kubernetesServiceNames,
    kubernetesServiceIP,
    ...extraSANs,
  ]);
}

/**
 * Sorts each entry into DNS names or IPs, keeping first-seen order and dropping duplicates (an IP
 * is a duplicate when it is the same address however written; DNS names compare case-insensitively
 * and are kept lower-case). Throws PKIError naming the first invalid entry.
 */
export function altNames(entries: readonly string[]): AltNames {
  const dnsNames: string[] = [];
  const ips: string[] = [];
  for (const entry of entries) {
    const ip = parseIPSloppy(entry);
    if (ip !== null) {
      const s = formatIP(ip);
      if (!ips.includes(s)) ips.push(s);
      continue;
    }
    const name = entry.toLowerCase();
    if (!isDNSName(name)) {
      throw new PKIError(
        `invalid subject alternative name ${JSON.stringify(entry)}: not an IP address, a DNS name or a wildcard DNS name`,
      );
    }
    if (!dnsNames.includes(name)) dnsNames.push(name);
  }
  return { dnsNames, ips };
}

/** Whether two SAN sets hold the same names, in any order. */
export function sameAltNames(a: AltNames, b: AltNames): boolean {
  return sameSet(a.dnsNames, b.dnsNames) && sameSet(a.ips, b.ips);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

// A DNS-1123 subdomain, or one with a leading `*.` label, as kubeadm accepts for certificate SANs.
function isDNSName(name: string): boolean {
  const bare = name.startsWith('*.') ? name.slice(2) : name;
  return bare !== '' && isDNS1123Subdomain(bare).length === 0;
}
