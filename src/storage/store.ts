/**
 * The one storage contract of the API server. Two backends implement it: the embedded SQLite
 * store (`sqlite/`) and real etcd v3 (`etcd/`); both pass `runStoreConformance`.
 *
 * Model (etcd's): one global revision counter. Every successful write (create, update, delete)
 * gets the next revision; a key remembers the revision that created it and the one that last
 * modified it. Values are opaque strings (the API server stores JSON). Keys follow upstream's
 * layout, `/registry/<resource>/<namespace>/<name>`.
 *
 *   revision:  1        2         3         4
 *   write:     create a create b  update a  delete b
 *   a:         cr=1 mr=1          cr=1 mr=3
 *   b:                  cr=2 mr=2           (gone; a delete event at 4 carries b@2)
 *
 * History older than the compacted revision is gone: reading or watching below it fails with
 * CompactedError, which the API server answers with 410 Gone (reason Expired).
 */

/** A key with its value and revisions, as stored. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** Revision of the write that created the key (since its last deletion). */
  readonly createRevision: number;
  /** Revision of the last write to the key: its resourceVersion. */
  readonly modRevision: number;
}

/** Options of writes that may carry a time to live (Events get one hour). */
export interface WriteOptions {
  /** The key is deleted by the store this many seconds after the write (a delete event follows). */
  readonly ttlSeconds?: number;
}

/** Outcome of `create`: the stored key, or the key that already exists. */
export type CreateResult =
  | { readonly ok: true; readonly kv: KeyValue }
  | { readonly ok: false; readonly reason: 'exists'; readonly current: KeyValue };

/** Outcome of `update`: the stored key, or why not (with the current key when it exists). */
export type UpdateResult =
  | { readonly ok: true; readonly kv: KeyValue }
  | { readonly ok: false; readonly reason: 'not-found' }
  | { readonly ok: false; readonly reason: 'conflict'; readonly current: KeyValue };

/** Outcome of `delete`: the deleted key's last state and the delete's revision, or why not. */
export type DeleteResult =
  | { readonly ok: true; readonly prev: KeyValue; readonly revision: number }
  | { readonly ok: false; readonly reason: 'not-found' }
  | { readonly ok: false; readonly reason: 'conflict'; readonly current: KeyValue };

/** A read of one key. */
export interface GetResult {
  readonly kv: KeyValue | undefined;
  /** The store revision the read was served at. */
  readonly revision: number;
}

/** Options of a prefix listing. */
export interface ListOptions {
  /** Serve the list as of this revision (must not be compacted); default: current. */
  readonly revision?: number;
  /** At most this many keys; 0 or absent means all. */
  readonly limit?: number;
  /** First key to return (inclusive); must start with the prefix. Used for continue tokens. */
  readonly startKey?: string;
}

/** A page of a prefix listing, in key order. */
export interface ListResult {
  readonly kvs: readonly KeyValue[];
  /** The revision the list was served at: pass it back to read the next page consistently. */
  readonly revision: number;
  /** True when keys remain after the last one returned. */
  readonly more: boolean;
  /** How many keys remain after this page (when `more`). */
  readonly remaining: number;
}

/** One change seen by a watch. */
export type WatchEvent =
  | {
      readonly type: 'put';
      /** The key as written; createRevision === modRevision means it was created. */
      readonly kv: KeyValue;
      /** The key before this write, when it existed. */
      readonly prev: KeyValue | undefined;
    }
  | {
      readonly type: 'delete';
      readonly key: string;
      /** Revision of the delete itself. */
      readonly revision: number;
      /** The key as it was just before it was deleted. */
      readonly prev: KeyValue;
    };

/** What a watch yields: events of one or more revisions in order, or a progress notice. */
export type WatchBatch =
  | { readonly type: 'events'; readonly events: readonly WatchEvent[] }
  /** Nothing under the prefix changed up to `revision` (sent when asked for, while idle). */
  | { readonly type: 'progress'; readonly revision: number };

/** Options of a watch. */
export interface WatchOptions {
  /** Watch keys under this prefix. */
  readonly prefix: string;
  /** Deliver every change with revision > afterRevision (history first, then live). */
  readonly afterRevision: number;
  /** Ends the watch; the iterator then finishes without error. */
  readonly signal: AbortSignal;
  /** Send `progress` batches while idle, at least this often (milliseconds). */
  readonly progressIntervalMs?: number;
}

/**
 * The storage interface. Every method is safe to call concurrently. Writes are atomic and
 * acknowledged only once durable.
 */
export interface Store {
  /** The latest revision (0 for an empty store). */
  currentRevision(): Promise<number>;
  /** The oldest revision still readable minus one: reads at or below it fail with CompactedError. */
  compactedRevision(): Promise<number>;
  /** Reads one key, now or as of `revision`. Throws CompactedError for a compacted revision. */
  get(key: string, revision?: number): Promise<GetResult>;
  /** Creates the key if it does not exist. */
  create(key: string, value: string, opts?: WriteOptions): Promise<CreateResult>;
  /** Replaces the value if the key's modRevision equals `expectedModRevision`. */
  update(key: string, value: string, expectedModRevision: number, opts?: WriteOptions): Promise<UpdateResult>;
  /** Deletes the key; with `expectedModRevision`, only if it still has that revision. */
  delete(key: string, expectedModRevision?: number): Promise<DeleteResult>;
  /** Lists keys under `prefix` in key order. Throws CompactedError for a compacted revision. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** Counts keys under `prefix` now. */
  count(prefix: string): Promise<number>;
  /**
   * Streams changes under a prefix after a revision, strictly in order, without gaps or
   * duplicates. The iterator throws CompactedError when `afterRevision` is below the compacted
   * revision (or falls below it before catching up), and StoreError on a broken backend.
   */
  watch(opts: WatchOptions): AsyncIterable<WatchBatch>;
  /** Drops history at and below `revision` (never the latest value of a live key). */
  compact(revision: number): Promise<void>;
  /** Stops background work and releases the backend. Idempotent. */
  close(): Promise<void>;
}

/** Why a store operation failed where no result type can say it. */
export type StoreErrorCode =
  | 'compacted'
  | 'future-revision'
  | 'unavailable'
  | 'timeout'
  | 'closed'
  | 'invalid';

/** A store failure. `code` tells the API server which Status to answer with. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A read or watch below the compacted revision. */
export class CompactedError extends StoreError {
  override readonly name = 'CompactedError';
  constructor(
    readonly requestedRevision: number,
    readonly compactRevision: number,
  ) {
    super(
      'compacted',
      `required revision ${requestedRevision} has been compacted (compacted revision ${compactRevision})`,
    );
  }
}

/** Whether an error is a compaction failure (from either backend). */
export function isCompacted(err: unknown): err is CompactedError {
  return err instanceof StoreError && err.code === 'compacted';
}
