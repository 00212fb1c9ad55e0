import type { Status } from '../../apimachinery/errors/index.js';

/** A decoded API object as the cache holds it: frozen, metadata.resourceVersion set. */
export type ApiObject = Readonly<Record<string, unknown>>;

/** Decides whether an object is selected (label and field selectors, already combined). Pure. */
export type ObjectPredicate = (obj: ApiObject) => boolean;

/**
 * One change the cache applied, in revision order. `object` is the new state; for DELETED it
 * is the last state carrying the delete's resourceVersion. `prev` is the state before the
 * change (absent for ADDED).
 */
export interface CacheEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly key: string;
  readonly revision: number;
  readonly object: ApiObject;
  readonly prev: ApiObject | undefined;
  /** When the cache applied it (clock milliseconds); ages the event window. */
  readonly recordedAt: number;
}

/** What a watch from the cache yields, as the HTTP layer writes it. */
export type WatchEventOut =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; readonly object: ApiObject }
  | { readonly type: 'ERROR'; readonly object: Status };
