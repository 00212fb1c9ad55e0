// Which pods' tracking finalizers a Job's sync removed and the cache does not show removed yet
// (upstream's uidTrackingExpectations for finalizers): such pods are not counted again.

/** Job key → uids of pods whose finalizer removal is not yet observed. Event-loop use only. */
export class FinalizerExpectations {
  private readonly store = new Map<string, Set<string>>();

  /** Expects the removal of the finalizers of `uids`. */
  expect(key: string, uids: readonly string[]): void {
    let set = this.store.get(key);
    if (set === undefined) {
      set = new Set();
      this.store.set(key, set);
    }
    for (const u of uids) set.add(u);
  }

  /** The removal for `uid` was observed (or will never happen). */
  observed(key: string, uid: string): void {
    const set = this.store.get(key);
    if (set === undefined) return;
    set.delete(uid);
    if (set.size === 0) this.store.delete(key);
  }

  /** A copy of the uids still expected for `key`. */
  expected(key: string): ReadonlySet<string> {
    return new Set(this.store.get(key) ?? []);
  }

  /** Forgets `key` (the Job is gone). */
  forget(key: string): void {
    this.store.delete(key);
  }
}
