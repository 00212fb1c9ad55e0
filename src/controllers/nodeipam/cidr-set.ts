// One cluster CIDR cut into equal node subnets, with a bitmap of those in use (upstream's
// cidrset): allocation scans round-robin from just after the last one handed out.
import {
  type CIDR,
  cidrNetwork,
  formatCIDR,
  formatIP,
  parseCIDRSloppy,
} from '../../apimachinery/validation/index.js';

/** The most subnets one set may hold: 2^16, as upstream limits clusterMask..subnetMask to 16 bits. */
export const MAX_SUBNET_BITS = 16;

/** The range has no free subnet left (upstream's ErrCIDRRangeNoCIDRsRemaining text). */
export class CIDRRangeFullError extends Error {
  override readonly name = 'CIDRRangeFullError';
  constructor() {
    super('CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range');
  }
}

function toBig(bytes: Uint8Array, v4: boolean): bigint {
  let n = 0n;
  for (const b of v4 ? bytes.slice(12) : bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function fromBig(n: bigint, v4: boolean): string {
  if (v4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
  const bytes = new Uint8Array(16);
  for (let i = 15; i >= 0; i--) {
    bytes[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return formatIP({ bytes, v4: false, zone: '' });
}

/** Subnets of size `/subnetMaskSize` of one cluster CIDR. Not safe to share across processes. */
export class CIDRSet {
  private readonly v4: boolean;
  private readonly base: bigint;
  private readonly shift: bigint;
  private readonly used: Uint8Array;
  private readonly count: number;
  private allocated = 0;
  private next = 0;

  /** Throws when the mask is shorter than the cluster's or leaves more than 2^16 subnets. */
  constructor(
    readonly cluster: CIDR,
    readonly subnetMaskSize: number,
  ) {
    if (subnetMaskSize < cluster.prefix || subnetMaskSize > cluster.bits) {
      throw new Error(
        `invalid node CIDR mask size ${subnetMaskSize} for cluster CIDR ${formatCIDR(cluster)}`,
      );
    }
    if (subnetMaskSize - cluster.prefix > MAX_SUBNET_BITS) {
      throw new Error(
        `CIDRSet: subnetwork mask size is too big: mask size ${subnetMaskSize} with cluster CIDR ${formatCIDR(cluster)} gives more than 2^${MAX_SUBNET_BITS} subnets`,
      );
    }
    this.v4 = cluster.bits === 32;
    this.base = toBig(cidrNetwork(cluster).bytes, this.v4);
    this.shift = BigInt(cluster.bits - subnetMaskSize);
    this.count = 2 ** (subnetMaskSize - cluster.prefix);
    this.used = new Uint8Array(this.count);
  }

  /** Subnets in use. */
  get allocatedCount(): number {
    return this.allocated;
  }

  /** Takes the next free subnet; throws CIDRRangeFullError when none is left. */
  allocateNext(): string {
    for (let i = 0; i < this.count; i++) {
      const idx = (this.next + i) % this.count;
      if (this.used[idx] === 0) {
        this.used[idx] = 1;
        this.allocated++;
        this.next = (idx + 1) % this.count;
        return this.format(idx);
      }
    }
    throw new CIDRRangeFullError();
  }

  /**
   * Marks every subnet overlapping `cidr` as used (idempotent). False when `cidr` is not in this
   * set's range (of the other family, or outside it).
   */
  occupy(cidr: string): boolean {
    return this.mark(cidr, 1);
  }

  /** Frees every subnet overlapping `cidr` (idempotent); false when not in range. */
  release(cidr: string): boolean {
    return this.mark(cidr, 0);
  }

  /** Whether `cidr` (any size) lies within the cluster range. */
  contains(cidr: string): boolean {
    return this.indexRange(cidr) !== undefined;
  }

  private mark(cidr: string, v: 0 | 1): boolean {
    const range = this.indexRange(cidr);
    if (range === undefined) return false;
    for (let i = range[0]; i <= range[1]; i++) {
      if (this.used[i] !== v) this.allocated += v === 1 ? 1 : -1;
      this.used[i] = v;
    }
    return true;
  }

  private indexRange(cidr: string): [number, number] | undefined {
    const c = parseCIDRSloppy(cidr);
    if (c === null || c.bits !== this.cluster.bits || c.prefix < this.cluster.prefix) return undefined;
    const start = toBig(cidrNetwork(c).bytes, this.v4);
    const size = 1n << BigInt(c.bits - c.prefix);
    const end = start + size - 1n;
    const clusterEnd = this.base + (BigInt(this.count) << this.shift) - 1n;
    if (start < this.base || end > clusterEnd) return undefined;
    return [Number((start - this.base) >> this.shift), Number((end - this.base) >> this.shift)];
  }

  private format(idx: number): string {
    return `${fromBig(this.base + (BigInt(idx) << this.shift), this.v4)}/${this.subnetMaskSize}`;
  }
}
