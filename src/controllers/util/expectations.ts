// Expectations: what a controller is waiting to observe through its informers before it acts on an
// owner again. A controller that created five pods must not create five more because its cache has
// not yet shown the first ones; it records "expect 5 adds", counts them down as the pods appear,
// and only syncs the owner again once the count reaches zero or the record is older than the TTL
// (a watch event may have been lost).
import type { Clock } from '../../client/clock.js';

/**
 * How long expectations are trusted: after this a controller syncs anyway, so a lost watch event
 * cannot stall it forever. Upstream's ExpectationsTimeout (5 minutes).
 */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

/** The pending adds and deletes of one owner, and when they were set. */
export interface ControlleeExpectations {
  readonly key: string;
  /** Creations still to be observed (may go below zero). */
  add: number;
  /** Deletions still to be observed (may go below zero). */
  del: number;
  /** When the expectations were set (ms since epoch). */
  readonly timestamp: number;
}

/** Whether nothing more is expected. */
export function expectationsFulfilled(e: ControlleeExpectations): boolean {
  return e.add <= 0 && e.del <= 0;
}

/**
 * Owner key → pending creations and deletions (upstream's ControllerExpectations). Keys are the
 * owners' `namespace/name`. Single event loop use: handlers lower counts, workers set and read them.
 */
export class ControllerExpectations {
  private readonly store = new Map<string, ControlleeExpectations>();

  constructor(private readonly clock: Clock) {}

  /** The record for `key`, or undefined. The returned object is live (not a copy). */
  getExpectations(key: string): ControlleeExpectations | undefined {
    return this.store.get(key);
  }

  /**
   * Whether the owner may be synced: true when it has no record, when the record is fulfilled, or
   * when the record is older than {@link EXPECTATIONS_TIMEOUT_MS}.
   */
  satisfiedExpectations(key: string): boolean {
    const e = this.store.get(key);
    if (e === undefined) return true;
    if (expectationsFulfilled(e)) return true;
    return this.isExpired(e);
  }

  /** Whether the record is older than the TTL. */
  isExpired(e: ControlleeExpectations): boolean {
    return this.clock.now() - e.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  /** Forgets the record of `key` (the owner was deleted). Idempotent. */
  deleteExpectations(key: string): void {
    this.store.delete(key);
  }

  /** Replaces the record of `key` with `add` creations and `del` deletions, timestamped now. */
  setExpectations(key: string, add: number, del: number): void {
    this.store.set(key, { key, add, del, timestamp: this.clock.now() });
  }

  /** Replaces the record of `key`: `adds` creations, no deletions. */
  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, 0);
  }

  /** Replaces the record of `key`: `dels` deletions, no creations. */
  expectDeletions(key: string, dels: number): void {
    this.setExpectations(key, 0, dels);
  }

  /** Lowers the counts of an existing record (no-op without one). */
  lowerExpectations(key: string, add: number, del: number): void {
    const e = this.store.get(key);
    if (e === undefined) return;
    e.add -= add;
    e.del -= del;
  }

  /** Raises the counts of an existing record (no-op without one). */
  raiseExpectations(key: string, add: number, del: number): void {
    const e = this.store.get(key);
    if (e === undefined) return;
    e.add += add;
    e.del += del;
  }

  /** One creation was observed (or will never happen). */
  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  /** One deletion was observed (or will never happen). */
  deletionObserved(key: string): void {
    this.lowerExpectations(key, 0, 1);
  }
}

/**
 * Expectations that remember which pods (`namespace/name`) are expected to go away, so a pod seen
 * first with a deletionTimestamp and later as deleted lowers the count once, not twice (upstream's
 * UIDTrackingControllerExpectations). Creations are counted as in {@link ControllerExpectations}.
 */
export class UIDTrackingControllerExpectations {
  readonly counts: ControllerExpectations;
  private readonly uids = new Map<string, Set<string>>();

  constructor(clock: Clock) {
    this.counts = new ControllerExpectations(clock);
  }

  /** See {@link ControllerExpectations.getExpectations}. */
  getExpectations(key: string): ControlleeExpectations | undefined {
    return this.counts.getExpectations(key);
  }

  /** See {@link ControllerExpectations.satisfiedExpectations}. */
  satisfiedExpectations(key: string): boolean {
    return this.counts.satisfiedExpectations(key);
  }

  /** See {@link ControllerExpectations.expectCreations}. */
  expectCreations(key: string, adds: number): void {
    this.counts.expectCreations(key, adds);
  }

  /** See {@link ControllerExpectations.creationObserved}. */
  creationObserved(key: string): void {
    this.counts.creationObserved(key);
  }

  /** The pod keys still expected to be deleted for `key` (a live set), or undefined. */
  getUIDs(key: string): ReadonlySet<string> | undefined {
    return this.uids.get(key);
  }

  /** Replaces the record of `key`: the given pods are expected to be deleted, nothing created. */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    const set = new Set(podKeys);
    this.uids.set(key, set);
    this.counts.expectDeletions(key, set.size);
  }

  /** The deletion of `podKey` was observed: counted once, only if it was expected. */
  deletionObserved(key: string, podKey: string): void {
    const set = this.uids.get(key);
    if (set === undefined || !set.has(podKey)) return;
    this.counts.deletionObserved(key);
    set.delete(podKey);
  }

  /** Forgets everything about `key`. Idempotent. */
  deleteExpectations(key: string): void {
    this.counts.deleteExpectations(key);
    this.uids.delete(key);
  }
}
