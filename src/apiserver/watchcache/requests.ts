import type { Store } from '../../storage/index.js';
import type { Clock } from './clock.js';
import type { EventWindowOptions } from './event-window.js';
import type { DecodeError, TypeMeta } from './objects.js';
import type { Page } from './page.js';
import type { ObjectPredicate } from './types.js';

/** Settings of a WatchCache. */
export interface WatchCacheOptions {
  readonly store: Store;
  /** The resource's key prefix, ending in '/' (e.g. `/registry/pods/`). */
  readonly prefix: string;
  /** kind and apiVersion written into BOOKMARK objects. */
  readonly type: TypeMeta;
  readonly clock?: Clock;
  readonly window?: EventWindowOptions;
  /** How long a request waits for the cache to reach a revision (default 3 s, as upstream). */
  readonly blockTimeoutMs?: number;
  /** Idle progress notices asked of the store; bounds how stale an idle cache looks (default 100 ms). */
  readonly progressIntervalMs?: number;
  /** Bookmark period of watches that allow bookmarks (default 1 minute). */
  readonly bookmarkIntervalMs?: number;
  /** Live events a watcher may lag behind before it is dropped (default 100). */
  readonly watcherBufferSize?: number;
  /** Pause before relisting after a store failure other than compaction (default 1 s). */
  readonly relistBackoffMs?: number;
  /** Told about values that do not decode; such keys are left out of the cache. */
  readonly onDecodeError?: (err: DecodeError) => void;
}

/** A LIST as the cache sees it (selectors already turned into a predicate). */
export interface CacheListRequest {
  /** '' (latest), '0' (any) or a revision. */
  readonly resourceVersion: string;
  readonly resourceVersionMatch?: '' | 'Exact' | 'NotOlderThan';
  /** Narrows the cache's prefix, e.g. to one namespace (`/registry/pods/ns/`). */
  readonly keyPrefix?: string;
  /** Absent when neither selector restricts anything (an unready cache tells them apart). */
  readonly predicate?: ObjectPredicate;
  /** 0 or absent: no limit. Ignored for resourceVersion '0', as upstream's cache does. */
  readonly limit?: number;
  /** True when the request carries a continue token (those are read from the store). */
  readonly hasContinue?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Why a LIST goes to the store instead: the cache is (re)initializing and the list is an
 * unfiltered page; an exact revision; a continue token; or a consistent read the cache did not
 * catch up with in time.
 */
export type DelegateReason = 'not-ready' | 'exact' | 'continue' | 'stale';

/** Result of a LIST: a page at `resourceVersion`, or the store must answer it. */
export type CacheListResult =
  | { readonly type: 'delegate'; readonly reason: DelegateReason }
  | ({ readonly type: 'list'; readonly resourceVersion: number } & Page);

/** A WATCH as the cache sees it. */
export interface CacheWatchRequest {
  readonly resourceVersion: string;
  /**
   * true: the current state as ADDED events first (after waiting for resourceVersion, or for
   * the store's revision when it is ''), closed by an initial-events-end BOOKMARK when bookmarks
   * are allowed. false: no initial state. Undefined: upstream's legacy behaviour, the state for
   * '' and '0' and none for a revision, without the closing bookmark.
   */
  readonly sendInitialEvents?: boolean;
  readonly allowWatchBookmarks?: boolean;
  readonly keyPrefix?: string;
  readonly predicate?: ObjectPredicate;
  readonly timeoutSeconds?: number;
  /** Aborting it stops the watch, or the wait before it starts (which then rejects). */
  readonly signal?: AbortSignal;
}
