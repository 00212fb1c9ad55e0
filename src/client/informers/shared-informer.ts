// One resource's cache and event fan-out, as client-go's sharedIndexInformer (without resync).
import { DISCARD_LOGGER, type Logger } from '../../log/index.js';
import type { Clock } from '../clock.js';
import type { KubeObject, Resource, ResourceClient } from '../types.js';
import { CacheIndexer } from './indexer.js';
import { objectKey } from './keys.js';
import { CacheLister } from './lister.js';
import { Reflector, type ReflectorSink } from './reflector.js';
import type {
  DeletedFinalStateUnknown,
  HandlerRegistration,
  Indexer,
  Lister,
  ResourceEventHandler,
  SharedInformer,
} from './types.js';

/** Options of a SharedIndexInformer. */
export interface SharedInformerOptions {
  clock?: Clock;
  log?: Logger;
  /** Namespace to cache; '' (default) for all. */
  namespace?: string;
  random?: () => number;
}

interface Registration<T> {
  readonly handler: ResourceEventHandler<T>;
  synced: boolean;
  removed: boolean;
}

function rvOf(obj: KubeObject): string {
  return obj.metadata?.resourceVersion ?? '';
}

/**
 * A SharedInformer fed by one Reflector. The cache is updated before handlers are called, so
 * handlers (and listers read from them) see the new state. Handlers run synchronously in
 * registration order; one that throws is logged and the others still run. An update whose
 * resourceVersion equals the cached one (a relist of an unchanged object) is not delivered.
 */
export class SharedIndexInformer<T extends KubeObject> implements SharedInformer<T>, ReflectorSink<T> {
  readonly indexer: Indexer<T>;
  readonly lister: Lister<T>;
  readonly resource: Resource<T>;
  private readonly reflector: Reflector<T>;
  private readonly log: Logger;
  private readonly registrations: Registration<T>[] = [];
  private synced = false;
  private started = false;
  private readonly syncWaiters: (() => void)[] = [];

  constructor(rc: ResourceClient<T>, opts: SharedInformerOptions = {}) {
    this.resource = rc.resource;
    const indexer = new CacheIndexer<T>();
    this.indexer = indexer;
    this.lister = new CacheLister(indexer);
    this.log = opts.log ?? DISCARD_LOGGER;
    this.reflector = new Reflector(rc, this, {
      ...(opts.clock !== undefined ? { clock: opts.clock } : {}),
      log: this.log,
      ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
      ...(opts.random !== undefined ? { random: opts.random } : {}),
    });
  }

  /** Whether `run` was called. */
  isStarted(): boolean {
    return this.started;
  }

  /**
   * Lists and watches until `signal` aborts (resolving then). A second call while running does
   * nothing and resolves at once.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.reflector.run(signal);
  }

  addEventHandler(handler: ResourceEventHandler<T>): HandlerRegistration {
    const reg: Registration<T> = { handler, synced: false, removed: false };
    this.registrations.push(reg);
    if (this.synced) {
      for (const obj of this.indexer.list()) this.call(reg, 'onAdd', () => handler.onAdd?.(obj, true));
      reg.synced = true;
    }
    return {
      remove: () => {
        reg.removed = true;
        const i = this.registrations.indexOf(reg);
        if (i >= 0) this.registrations.splice(i, 1);
      },
      hasSynced: () => reg.synced,
    };
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the informer has synced (at once if it has). */
  whenSynced(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion();
  }

  // ReflectorSink: DeltaFIFO Replace semantics. New objects are adds, known ones updates, and
  // cached objects the list no longer has are deleted as tombstones (their deletion was missed).
  replace(items: T[]): void {
    const firstList = !this.synced;
    const seen = new Set<string>();
    const changes: (() => void)[] = [];
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.indexer.getByKey(key);
      if (old === undefined) {
        this.indexer.add(obj);
        changes.push(() => this.notifyAdd(obj, true));
      } else {
        this.indexer.update(obj);
        if (rvOf(old) !== rvOf(obj)) changes.push(() => this.notifyUpdate(old, obj));
      }
    }
    for (const key of this.indexer.listKeys()) {
      if (seen.has(key)) continue;
      const old = this.indexer.getByKey(key);
      if (old === undefined) continue;
      this.indexer.delete(old);
      const tombstone: DeletedFinalStateUnknown<T> = { type: 'tombstone', key, obj: old };
      changes.push(() => this.notifyDelete(tombstone));
    }
    for (const deliver of changes) deliver();
    if (firstList) this.markSynced();
  }

  added(obj: T): void {
    this.upsert(obj);
  }

  modified(obj: T): void {
    this.upsert(obj);
  }

  deleted(obj: T): void {
    const old = this.indexer.getByKey(objectKey(obj));
    // A delete of an object the cache never had was already accounted for by a relist.
    if (old === undefined) return;
    this.indexer.delete(obj);
    this.notifyDelete(obj);
  }

  private upsert(obj: T): void {
    const old = this.indexer.getByKey(objectKey(obj));
    if (old === undefined) {
      this.indexer.add(obj);
      this.notifyAdd(obj, false);
      return;
    }
    this.indexer.update(obj);
    if (rvOf(old) !== rvOf(obj)) this.notifyUpdate(old, obj);
  }

  private markSynced(): void {
    this.synced = true;
    for (const reg of this.registrations) reg.synced = true;
    for (const resolve of this.syncWaiters.splice(0)) resolve();
  }

  private notifyAdd(obj: T, initial: boolean): void {
    for (const reg of [...this.registrations]) {
      if (!reg.removed) this.call(reg, 'onAdd', () => reg.handler.onAdd?.(obj, initial));
    }
  }

  private notifyUpdate(oldObj: T, newObj: T): void {
    for (const reg of [...this.registrations]) {
      if (!reg.removed) this.call(reg, 'onUpdate', () => reg.handler.onUpdate?.(oldObj, newObj));
    }
  }

  private notifyDelete(obj: T | DeletedFinalStateUnknown<T>): void {
    for (const reg of [...this.registrations]) {
      if (!reg.removed) this.call(reg, 'onDelete', () => reg.handler.onDelete?.(obj));
    }
  }

  private call(_reg: Registration<T>, what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error('informer', 'Event handler failed', {
        resource: this.resource.resource,
        handler: what,
        err,
      });
    }
  }
}
