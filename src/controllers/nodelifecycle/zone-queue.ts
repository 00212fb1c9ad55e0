// A zone's queue of nodes waiting for a NoExecute taint, drained no faster than the zone's eviction
// rate (upstream's RateLimitedTimedQueue with a token bucket of burst 1).

/** A node waiting in the queue. */
export interface QueuedNode {
  readonly name: string;
  readonly uid: string;
  /** Not before this time (ms); set when an attempt asked to retry later. */
  processAt: number;
}

/** FIFO of unique node names with a rate limit. Single-threaded use only. */
export class ZoneQueue {
  private readonly items = new Map<string, QueuedNode>();
  private qps: number;
  private tokens = 1;
  private last: number;

  constructor(qps: number, now: number) {
    this.qps = qps;
    this.last = now;
  }

  /** Queues `name` unless already queued; true when added. */
  add(name: string, uid: string, now: number): boolean {
    if (this.items.has(name)) return false;
    this.items.set(name, { name, uid, processAt: now });
    return true;
  }

  /** Drops `name`; true when it was queued. */
  remove(name: string): boolean {
    return this.items.delete(name);
  }

  get size(): number {
    return this.items.size;
  }

  /** The current rate (nodes per second); 0 stops the queue. */
  get rate(): number {
    return this.qps;
  }

  /** Changes the rate; a new non-zero rate starts with a full bucket, as upstream swaps limiters. */
  setRate(qps: number, now: number): void {
    if (qps === this.qps) return;
    this.qps = qps;
    this.tokens = qps > 0 ? 1 : 0;
    this.last = now;
  }

  /**
   * Takes queued nodes in order while the rate allows and they are due, calling `fn` for each;
   * `fn` returns `{ done: true }` to drop the node or `{ done: false, retryAfterMs }` to keep it.
   */
  async drain(
    now: () => number,
    fn: (n: QueuedNode) => Promise<{ done: boolean; retryAfterMs?: number }>,
  ): Promise<void> {
    for (const n of [...this.items.values()]) {
      if (!this.items.has(n.name)) continue;
      const t = now();
      if (n.processAt > t) break;
      if (!this.take(t)) break;
      const r = await fn(n);
      if (r.done) this.items.delete(n.name);
      else n.processAt = now() + (r.retryAfterMs ?? 0) + 1;
    }
  }

  /** When the next node could be taken (ms), or undefined if never (empty or rate 0). */
  nextAttemptAt(now: number): number | undefined {
    const head = this.items.values().next();
    if (head.done === true || this.qps <= 0) return undefined;
    this.refill(now);
    const tokenAt = this.tokens >= 1 ? now : now + ((1 - this.tokens) / this.qps) * 1000;
    return Math.max(tokenAt, head.value.processAt);
  }

  private refill(now: number): void {
    if (this.qps <= 0) return;
    this.tokens = Math.min(1, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }

  private take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
