// An informer cache overlaid with objects the scheduler assumed (written in its head before the
// API server has them), as upstream's AssumeCache.
import type { SharedInformer } from '../../../client/informers/index.js';
import type { KubeObject } from '../../../client/types.js';

function keyOf(o: KubeObject): string {
  const ns = o.metadata?.namespace ?? '';
  const name = o.metadata?.name ?? '';
  return ns === '' ? name : `${ns}/${name}`;
}

/**
 * Reads go to the assumed copy while the informer still holds the version it was assumed from;
 * once the informer has another version (or none), the assumption is dropped. Single event loop:
 * no locking.
 */
export class AssumeCache<T extends KubeObject> {
  private readonly assumed = new Map<string, { obj: T; baseVersion: string }>();

  constructor(private readonly informer: SharedInformer<T>) {}

  /** The current view of `namespace/name` (namespace '' for cluster-scoped objects). */
  get(namespace: string, name: string): T | undefined {
    const latest = this.informer.lister.get(namespace, name);
    const key = namespace === '' ? name : `${namespace}/${name}`;
    const a = this.assumed.get(key);
    if (a === undefined) return latest;
    if (latest === undefined || (latest.metadata?.resourceVersion ?? '') !== a.baseVersion) {
      this.assumed.delete(key);
      return latest;
    }
    return a.obj;
  }

  /** Every object, assumed copies in place of their informer versions. */
  list(): T[] {
    const out: T[] = [];
    for (const o of this.informer.lister.list()) {
      out.push(this.get(o.metadata?.namespace ?? '', o.metadata?.name ?? '') ?? o);
    }
    return out;
  }

  /**
   * Records `obj` as the object's state. Throws when the object is unknown or `obj` was derived
   * from an older version than the one cached.
   */
  assume(obj: T): void {
    const key = keyOf(obj);
    const current = this.informer.lister.get(obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
    if (current === undefined) throw new Error(`cannot assume ${key}: not found`);
    const base = current.metadata?.resourceVersion ?? '';
    if ((obj.metadata?.resourceVersion ?? '') !== base) {
      throw new Error(
        `cannot assume ${key}: resourceVersion ${obj.metadata?.resourceVersion ?? ''} is not ${base}`,
      );
    }
    this.assumed.set(key, { obj, baseVersion: base });
  }

  /** Drops the assumption for the object, if any. Idempotent. */
  restore(namespace: string, name: string): void {
    this.assumed.delete(namespace === '' ? name : `${namespace}/${name}`);
  }
}
