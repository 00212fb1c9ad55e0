import {
  type CIDR,
  cidrNetwork,
  formatIP,
  type IPAddr,
  isIPv4,
  parseCIDRSloppy,
  parseIPSloppy,
} from '../../apimachinery/validation/index.js';

/** An IP family as Services name it. */
export type IPFamily = 'IPv4' | 'IPv6';

/** The family of an address string, or undefined when it is not an address. Pure. */
export function familyOf(ip: string): IPFamily | undefined {
  const a = parseIPSloppy(ip);
  if (a === null) return undefined;
  return isIPv4(a) ? 'IPv4' : 'IPv6';
}

function toBig(a: IPAddr, v4: boolean): bigint {
  let n = 0n;
  for (let i = v4 ? 12 : 0; i < 16; i++) n = (n << 8n) | BigInt(a.bytes[i]!);
  return n;
}

function fromBig(n: bigint, v4: boolean): string {
  const bytes = new Uint8Array(16);
  if (v4) {
    bytes[10] = 0xff;
    bytes[11] = 0xff;
  }
  let v = n;
  for (let i = 15; i >= (v4 ? 12 : 0); i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return formatIP({ bytes, v4, zone: '' });
}

/**
 * The static band at the bottom of a service range (KEP-3070): min(max(16, size/16), 256)
 * addresses, none for ranges of 16 addresses or fewer. Dynamic allocation prefers the rest. Pure.
 */
export function ipRangeOffset(cidrSize: bigint): bigint {
  if (cidrSize <= 16n) return 0n;
  const o = cidrSize / 16n;
  if (o < 16n) return 16n;
  if (o > 256n) return 256n;
  return o;
}

/**
 * A service CIDR as the cluster IP allocator sees it: the usable addresses run from the one after
 * the network address to the last (IPv6) or the one before the broadcast address (IPv4), and the
 * lowest {@link ipRangeOffset} of them form the band kept for static requests. Immutable.
 */
export class ServiceIPRange {
  readonly family: IPFamily;
  /** The CIDR as Go prints it (`10.96.0.0/12`). */
  readonly cidr: string;
  /** First and last usable address, as numbers. */
  readonly first: bigint;
  readonly last: bigint;
  /** How many usable addresses there are. */
  readonly size: bigint;
  /** How many of the lowest addresses form the static band. */
  readonly offset: bigint;
  private readonly v4: boolean;
  private readonly network: bigint;
  private readonly prefix: number;

  private constructor(c: CIDR) {
    this.v4 = isIPv4(c.ip);
    this.family = this.v4 ? 'IPv4' : 'IPv6';
    const bits = this.v4 ? 32 : 128;
    const prefix = c.bits === 32 ? c.prefix : this.v4 ? c.prefix - 96 : c.prefix;
    this.prefix = prefix;
    const net = cidrNetwork(c);
    this.network = toBig(net, this.v4);
    this.cidr = `${formatIP(net)}/${prefix}`;
    const hostBits = BigInt(bits - prefix);
    const count = 1n << hostBits;
    const broadcast = this.network + count - 1n;
    this.first = this.network + 1n;
    this.last = this.v4 ? broadcast - 1n : broadcast;
    this.size = this.last >= this.first ? this.last - this.first + 1n : 0n;
    this.offset = ipRangeOffset(count);
  }

  /** Parses a CIDR (`10.96.0.0/12`); undefined when it is not one. */
  static parse(cidr: string): ServiceIPRange | undefined {
    const c = parseCIDRSloppy(cidr.trim());
    if (c === null) return undefined;
    return new ServiceIPRange(c);
  }

  /** The numeric value of `ip` when it is an address of this family, else undefined. */
  valueOf(ip: string): bigint | undefined {
    const a = parseIPSloppy(ip);
    if (a === null || isIPv4(a) !== this.v4) return undefined;
    return toBig(a, this.v4);
  }

  /** Whether `ip` is inside the CIDR at all (network and broadcast included). */
  containsAddress(ip: string): boolean {
    const n = this.valueOf(ip);
    if (n === undefined) return false;
    const hostBits = BigInt((this.v4 ? 32 : 128) - this.prefix);
    return n >> hostBits === this.network >> hostBits;
  }

  /** Whether `ip` is a usable address of the range (between first and last). */
  contains(ip: string): boolean {
    const n = this.valueOf(ip);
    return n !== undefined && n >= this.first && n <= this.last;
  }

  /** The address with numeric value `n`, in Go's canonical form. */
  format(n: bigint): string {
    return fromBig(n, this.v4);
  }

  /** The network address (what upstream answers a dry-run allocation with). */
  networkAddress(): string {
    return fromBig(this.network, this.v4);
  }
}
