/** Grants an etcd lease of `ttlSeconds` and resolves with its ID (an int64, as a decimal string). */
export type GrantLease = (ttlSeconds: number) => Promise<string>;

/** Tuning of lease reuse; the defaults are the Kubernetes API server's. */
export interface LeaseManagerOptions {
  /** At most this many seconds of extra life are added to a lease so that it can be reused. */
  readonly reuseMaxSeconds?: number;
  /** ...and at most this fraction of the requested TTL. */
  readonly reuseFraction?: number;
  /** A lease is shared by at most this many writes. */
  readonly maxObjectsPerLease?: number;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
}

/**
 * Hands out leases for writes with a TTL, reusing the previous lease while its expiry falls
 * within [now + ttl, now + ttl + reuse]: granting a lease is a consensus round trip, and the API
 * server writes many keys with the same TTL (Events), so sharing one lease per short window
 * saves most of them. A key may therefore live up to `reuse` seconds past its TTL (the same
 * slack upstream accepts). Safe for concurrent use: grants are serialized.
 */
export class LeaseManager {
  private readonly reuseMaxSeconds: number;
  private readonly reuseFraction: number;
  private readonly maxObjects: number;
  private readonly now: () => number;
  private prev: { id: string; expiresAt: number; uses: number } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly grant: GrantLease,
    opts: LeaseManagerOptions = {},
  ) {
    this.reuseMaxSeconds = opts.reuseMaxSeconds ?? 60;
    this.reuseFraction = opts.reuseFraction ?? 0.05;
    this.maxObjects = opts.maxObjectsPerLease ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  /**
   * A lease ID under which a key written now expires no sooner than `ttlSeconds` from now.
   * Rejects with whatever the grant rejects with.
   */
  leaseFor(ttlSeconds: number): Promise<string> {
    const next = this.queue.then(() => this.leaseForLocked(ttlSeconds));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Forgets `id` if it is the lease being reused (etcd reported it gone). Idempotent. */
  forget(id: string): void {
    if (this.prev?.id === id) this.prev = undefined;
  }

  private async leaseForLocked(ttlSeconds: number): Promise<string> {
    const now = this.now();
    const reuse = Math.min(Math.trunc(this.reuseFraction * ttlSeconds), this.reuseMaxSeconds);
    const prev = this.prev;
    if (
      prev !== undefined &&
      prev.uses < this.maxObjects &&
      now + ttlSeconds * 1000 < prev.expiresAt &&
      now + (ttlSeconds + reuse) * 1000 > prev.expiresAt
    ) {
      prev.uses++;
      return prev.id;
    }
    const ttl = ttlSeconds + reuse;
    const id = await this.grant(ttl);
    this.prev = { id, expiresAt: now + ttl * 1000, uses: 1 };
    return id;
  }
}
