import {
  type CIDR,
  cidrNetwork,
  formatCIDR,
  isIPv4,
  parseCIDRSloppy,
  parseIPSloppy,
} from '../../apimachinery/validation/index.js';

/** One `serverAddressByClientCIDRs` entry. */
export interface ServerAddressByClientCIDR {
  readonly clientCIDR: string;
  readonly serverAddress: string;
}

/** An alternative address handed to clients whose IP falls inside `range`. */
export interface CIDRRule {
  readonly range: CIDR;
  readonly serverAddress: string;
}

/** Where clients reach this server: the default `host:port` and optional per-CIDR rules. */
export interface DiscoveryAddresses {
  readonly defaultAddress: string;
  readonly rules?: readonly CIDRRule[];
}

/** A rule's CIDR that does not parse. */
export class InvalidCIDRError extends Error {
  override readonly name = 'InvalidCIDRError';
}

/**
 * A rule from its CIDR text (as Go's `net.ParseCIDR` reads it) and the address to hand out.
 * Pure. @throws InvalidCIDRError when the CIDR does not parse.
 */
export function cidrRule(cidr: string, serverAddress: string): CIDRRule {
  const range = parseCIDRSloppy(cidr);
  if (range === null) throw new InvalidCIDRError(`invalid CIDR address: ${cidr}`);
  return { range, serverAddress };
}

/**
 * The `serverAddressByClientCIDRs` a client at `clientIP` sees: `0.0.0.0/0` → the default
 * address first, then every rule whose range holds the client, in rule order, each named by
 * its network (`10.96.0.0/12`). An IPv4-mapped IPv6 client counts as IPv4. A client IP that
 * is unknown or does not parse matches no rule. Pure.
 */
export function serverAddressesFor(
  addresses: DiscoveryAddresses,
  clientIP: string | undefined,
): ServerAddressByClientCIDR[] {
  const out: ServerAddressByClientCIDR[] = [
    { clientCIDR: '0.0.0.0/0', serverAddress: addresses.defaultAddress },
  ];
  const ip = clientIP === undefined ? null : parseIPSloppy(clientIP);
  if (ip === null) return out;
  for (const rule of addresses.rules ?? []) {
    if (contains(rule.range, ip.bytes, isIPv4(ip))) {
      out.push({ clientCIDR: formatCIDR(rule.range), serverAddress: rule.serverAddress });
    }
  }
  return out;
}

function contains(range: CIDR, bytes: Uint8Array, v4: boolean): boolean {
  // As Go's IPNet.Contains: an IPv4 client only matches IPv4 ranges and IPv6 only IPv6.
  if ((range.bits === 32) !== v4) return false;
  const net = cidrNetwork(range).bytes;
  const prefix = range.bits === 32 ? range.prefix + 96 : range.prefix;
  for (let i = 0; i < prefix; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if (((net[byte] ?? 0) & mask) !== ((bytes[byte] ?? 0) & mask)) return false;
  }
  return true;
}
