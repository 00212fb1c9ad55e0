// Contracts of the informer machinery: a local cache of one resource kept current by list+watch,
// shared by every controller of a process.
import type { Selector } from '../../apimachinery/labels/index.js';
import type { KubeObject, Resource } from '../types.js';

/**
 * The last known state of an object whose deletion was missed (the watch broke and a relist no
 * longer had it), as client-go's DeletedFinalStateUnknown.
 */
export interface DeletedFinalStateUnknown<T> {
  readonly type: 'tombstone';
  /** `namespace/name` or `name`. */
  readonly key: string;
  readonly obj: T;
}

/** Callbacks of an informer. Called on the event loop, in event order, never concurrently. */
export interface ResourceEventHandler<T> {
  /** `isInitialList` is true for objects of the first list (and of relists, for new objects). */
  onAdd?(obj: T, isInitialList: boolean): void;
  /** Old and new state; called only when the object changed (no periodic resync). */
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

/** Maps an object to the index values it is filed under. */
export type IndexFunc<T> = (obj: T) => readonly string[];

/** Name of the index every indexer has: objects by `metadata.namespace`. */
export const NAMESPACE_INDEX = 'namespace';

/**
 * A thread-safe-by-construction (single event loop) keyed store with secondary indexes. Objects are
 * shared, never copied: callers must not mutate what they get (clone before changing).
 * Mutators exist so tests can fill a cache directly; in a running informer only the informer writes.
 */
export interface Indexer<T extends KubeObject> {
  get(namespace: string, name: string): T | undefined;
  getByKey(key: string): T | undefined;
  list(): T[];
  listKeys(): string[];
  /** Objects whose index `indexName` includes `value`. Throws for an unknown index name. */
  byIndex(indexName: string, value: string): T[];
  /** Adds indexes; existing objects are indexed at once. Throws when a name is taken. */
  addIndexers(indexers: Readonly<Record<string, IndexFunc<T>>>): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  /** Replaces the whole content. */
  replace(objs: readonly T[]): void;
}

/** Read access to a cache, by namespace and label selector (as client-go listers). */
export interface Lister<T extends KubeObject> {
  /** All objects matching `selector` (everything when absent). */
  list(selector?: Selector): T[];
  /** Objects of one namespace matching `selector`. */
  listNamespace(namespace: string, selector?: Selector): T[];
  get(namespace: string, name: string): T | undefined;
}

/** Handle to remove an event handler. */
export interface HandlerRegistration {
  remove(): void;
  /** True once the handler has seen the informer's initial list. */
  hasSynced(): boolean;
}

/** One resource's shared cache and event fan-out. */
export interface SharedInformer<T extends KubeObject> {
  readonly resource: Resource<T>;
  readonly indexer: Indexer<T>;
  readonly lister: Lister<T>;
  /**
   * Adds a handler. Added after the informer synced, it first gets onAdd(obj, true) for every
   * cached object.
   */
  addEventHandler(handler: ResourceEventHandler<T>): HandlerRegistration;
  /** True once the first list has been stored and delivered. */
  hasSynced(): boolean;
  /** The resourceVersion of the last list or event seen ('' before the first list). */
  lastSyncResourceVersion(): string;
}

/**
 * The process-wide informers: one list+watch per resource however many controllers ask.
 * `informerFor` may be called before or after `start`; an informer requested after `start` is
 * started at once.
 */
export interface SharedInformerFactory {
  informerFor<T extends KubeObject>(r: Resource<T>): SharedInformer<T>;
  /** Starts every informer requested so far (and later ones when requested). Stops on abort. */
  start(signal: AbortSignal): void;
  /** Resolves true once every started informer synced, false if `signal` aborted first. */
  waitForCacheSync(signal: AbortSignal): Promise<boolean>;
}
