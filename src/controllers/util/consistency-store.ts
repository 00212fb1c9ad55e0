// Reading one's own writes: a controller that wrote an object at resourceVersion R does not act
// on that owner again until its informer cache has seen R, so it never decides from a state older
// than its own last write (upstream's stale controller mitigation, on by default since 1.36).
import type { DeletedFinalStateUnknown, SharedInformer } from '../../client/informers/types.js';
import type { KubeObject } from '../../client/types.js';

/** The sync was skipped because the cache has not caught up with the controller's own write. */
export class StaleCacheError extends Error {
  override readonly name = 'StaleCacheError';
}

/** A resourceVersion as a number for ordering, or undefined when it is not a decimal integer. */
function parseRV(rv: string | undefined): bigint | undefined {
  if (rv === undefined || !/^[1-9][0-9]*$/.test(rv)) return undefined;
  return BigInt(rv);
}

function rvOf(obj: KubeObject | DeletedFinalStateUnknown<KubeObject>): string | undefined {
  const o = 'type' in obj && obj.type === 'tombstone' ? obj.obj : (obj as KubeObject);
  return o.metadata?.resourceVersion;
}

interface Tracked {
  informer: SharedInformer<KubeObject>;
  /** The highest resourceVersion delivered to our handler. */
  seen: bigint;
}

/**
 * Remembers, per owner key, the resourceVersion of the controller's last write of each tracked
 * resource, and the highest resourceVersion each tracked informer has delivered (events, lists
 * and bookmarks). Single event loop use.
 */
export class ConsistencyStore {
  private readonly tracked = new Map<string, Tracked>();
  private readonly writes = new Map<string, { uid: string; byResource: Map<string, bigint> }>();

  /**
   * Follows `informer` under the name `resource` (e.g. `replicasets.apps`). Call once per
   * resource, before the informer starts delivering.
   */
  track<T extends KubeObject>(resource: string, informer: SharedInformer<T>): void {
    const t: Tracked = { informer: informer as unknown as SharedInformer<KubeObject>, seen: 0n };
    this.tracked.set(resource, t);
    const bump = (obj: KubeObject | DeletedFinalStateUnknown<KubeObject>) => {
      const rv = parseRV(rvOf(obj));
      if (rv !== undefined && rv > t.seen) t.seen = rv;
    };
    informer.addEventHandler({ onAdd: bump, onUpdate: (_old, cur) => bump(cur), onDelete: bump });
  }

  /** The highest resourceVersion the cache of `resource` is known to have reached. */
  private seen(resource: string): bigint | undefined {
    const t = this.tracked.get(resource);
    if (t === undefined) return undefined;
    const listed = parseRV(t.informer.lastSyncResourceVersion());
    return listed !== undefined && listed > t.seen ? listed : t.seen;
  }

  /** Records that the controller wrote `resource` at `rv` while working on owner `key` (uid `uid`); writes
   * recorded for another uid are dropped. A resourceVersion that is not a decimal is ignored. */
  wroteAt(key: string, uid: string, resource: string, rv: string | undefined): void {
    let w = this.writes.get(key);
    if (w === undefined || w.uid !== uid) {
      w = { uid, byResource: new Map() };
      this.writes.set(key, w);
    }
    const n = parseRV(rv);
    if (n === undefined) return;
    const prev = w.byResource.get(resource);
    if (prev === undefined || n > prev) w.byResource.set(resource, n);
  }

  /**
   * Throws StaleCacheError while a tracked cache has not yet reached the last write recorded for
   * `key`; otherwise forgets the writes it has caught up with.
   */
  ensureReady(key: string): void {
    const w = this.writes.get(key);
    if (w === undefined) return;
    for (const [resource, rv] of w.byResource) {
      const seen = this.seen(resource);
      if (seen !== undefined && seen < rv) {
        throw new StaleCacheError(
          `cache of ${resource} at ${seen} has not yet seen the write at ${rv} for ${key}`,
        );
      }
      w.byResource.delete(resource);
    }
    if (w.byResource.size === 0) this.writes.delete(key);
  }

  /** Forgets the writes recorded for `key` (the owner is gone). Idempotent. */
  clear(key: string): void {
    this.writes.delete(key);
  }
}
