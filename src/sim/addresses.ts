/** Dotted IPv4 text to a number. */
function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const b = Number(p);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

function numberToIPv4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/**
 * The node's internal address: 10.254.0.0/16, one per node index (never routed or contacted; the
 * range holds 65,534 nodes).
 */
export function nodeInternalIP(index: number): string {
  return numberToIPv4(ipv4ToNumber('10.254.0.0')! + ((index + 1) % 65_535));
}

/** The pod range used for a node without spec.podCIDR: 10.128.0.0/10 cut into /24s by node index. */
export function fallbackPodCIDR(index: number): string {
  return `${numberToIPv4(ipv4ToNumber('10.128.0.0')! + (index % 16_384) * 256)}/24`;
}

/** A parsed IPv4 CIDR: first address and size; undefined for IPv6 or malformed text. */
export interface IPv4Range {
  readonly base: number;
  readonly size: number;
}

/** Parses `a.b.c.d/n` (IPv4 only). */
export function parseIPv4CIDR(cidr: string): IPv4Range | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0) return undefined;
  const ip = ipv4ToNumber(cidr.slice(0, slash));
  const bits = Number(cidr.slice(slash + 1));
  if (ip === undefined || !Number.isInteger(bits) || bits < 8 || bits > 30) return undefined;
  const size = 2 ** (32 - bits);
  return { base: ip - (ip % size), size };
}

/**
 * The `seq`-th pod address in a range: hosts from .2 (network and gateway skipped) up to the last
 * before broadcast, wrapping around. Allocation is a counter, not a free list: addresses are not
 * reused until the counter wraps, which keeps per-node state to one number.
 */
export function podIPAt(range: IPv4Range, seq: number): string {
  const usable = range.size - 3;
  return numberToIPv4(range.base + 2 + (seq % usable));
}
