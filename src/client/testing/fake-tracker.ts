// The object store behind the in-memory client: objects per resource, one revision counter,
// an event history for watches, and the metadata rules of the API server's generic registry.
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { subresourceFor } from '../../api/index.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  generateNameConflict,
  invalid,
  notFound,
  OptimisticLockErrorMsg,
  resourceExpired,
  type Status,
  StatusError,
} from '../../apimachinery/errors/index.js';
import { required } from '../../apimachinery/field/index.js';
import {
  deepEqual,
  formatRFC3339,
  generateName,
  newUID,
  type RandomInt,
} from '../../apimachinery/meta/index.js';
import type { Clock } from '../clock.js';
import { apiVersionOf } from '../resources.js';
import type { DeleteOptions, KubeObject, ListOptions, ListResult, Resource, WatchEvent } from '../types.js';
import { EventQueue } from './event-queue.js';
import { type ObjectFilter, objectFilter } from './fake-selection.js';

/** A stored object: any API object, treated as plain JSON. */
export type Obj = { apiVersion?: string; kind?: string; metadata?: Meta; [field: string]: unknown };
/** Object metadata, writable. */
type Meta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

interface HistoryEntry {
  readonly rv: number;
  readonly gr: string;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly obj: Obj;
  /** The state before a MODIFIED change. */
  readonly prev: Obj | undefined;
}

interface Watcher {
  readonly gr: string;
  readonly filter: ObjectFilter;
  readonly queue: EventQueue<WatchEvent<KubeObject>>;
}

/** Options of the tracker. */
export interface TrackerOptions {
  readonly clock: Clock;
  readonly random?: RandomInt;
  /** Events kept for watches from a past revision; older revisions answer 410 Expired. */
  readonly historyLimit?: number;
}

const clone = <T>(v: T): T => structuredClone(v);

function grKey(r: Resource): string {
  return `${r.group}/${r.resource}`;
}

function objKey(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

function meta(o: Obj): Meta {
  o.metadata ??= {};
  return o.metadata;
}

/** The object without metadata and status: what a change of bumps `metadata.generation`. */
function specPart(o: Obj): unknown {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

/**
 * In-memory objects of any resources with the API server's metadata handling (uid,
 * resourceVersion from one counter, creationTimestamp, generation, generateName, finalizers and
 * deletionTimestamp, optimistic concurrency) and ordered watch events. Every method works on
 * copies: callers never share objects with the store. Synchronous, so each call is atomic.
 */
export class ObjectTracker {
  private rv = 0;
  private readonly objects = new Map<string, Map<string, Obj>>();
  private readonly history: HistoryEntry[] = [];
  /** Revisions up to this one are no longer in `history`. */
  private compacted = 0;
  private readonly watchers = new Set<Watcher>();
  private readonly historyLimit: number;

  constructor(private readonly opts: TrackerOptions) {
    this.historyLimit = opts.historyLimit ?? 10_000;
  }

  /** The latest revision handed out. */
  get revision(): number {
    return this.rv;
  }

  private bucket(r: Resource): Map<string, Obj> {
    const k = grKey(r);
    let b = this.objects.get(k);
    if (b === undefined) {
      b = new Map();
      this.objects.set(k, b);
    }
    return b;
  }

  /** The clock's time as an RFC 3339 timestamp (seconds). */
  timestamp(): string {
    return formatRFC3339(new Date(this.opts.clock.now()));
  }

  private gr(r: Resource): { group: string; resource: string } {
    return { group: r.group, resource: r.resource };
  }

  private stamp(r: Resource, o: Obj): void {
    o.apiVersion = apiVersionOf(r);
    o.kind = r.kind;
    meta(o).resourceVersion = String(++this.rv);
  }

  /** The stored object, or undefined. */
  peek(r: Resource, namespace: string, name: string): Obj | undefined {
    const o = this.bucket(r).get(objKey(r.namespaced ? namespace : '', name));
    return o === undefined ? undefined : clone(o);
  }

  /** The stored object; NotFound when absent. */
  get(r: Resource, namespace: string, name: string): Obj {
    const o = this.peek(r, namespace, name);
    if (o === undefined) throw notFound(this.gr(r), name);
    return o;
  }

  /** Objects of `r` passing the filter, sorted by namespace/name. */
  select(r: Resource, filter: ObjectFilter): Obj[] {
    return [...this.bucket(r).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .filter(([, o]) => filter(o))
      .map(([, o]) => clone(o));
  }

  /** A LIST: filtered, paged by `limit` with an opaque `continue` token. */
  list(r: Resource, namespace: string, opts: ListOptions = {}): ListResult<Obj> {
    let items = this.select(r, objectFilter(r, namespace, opts));
    if (opts.continue !== undefined && opts.continue !== '') {
      let after: string;
      try {
        after = Buffer.from(opts.continue, 'base64url').toString('utf8');
      } catch {
        throw badRequest('continue key is not valid: illegal base64 data');
      }
      items = items.filter((o) => objKey(o.metadata?.namespace ?? '', o.metadata?.name ?? '') > after);
    }
    const out: ListResult<Obj> = {
      apiVersion: apiVersionOf(r),
      kind: `${r.kind}List`,
      metadata: { resourceVersion: String(this.rv) },
      items,
    };
    if (opts.limit !== undefined && opts.limit > 0 && items.length > opts.limit) {
      out.items = items.slice(0, opts.limit);
      const last = out.items[out.items.length - 1]!;
      out.metadata.continue = Buffer.from(
        objKey(last.metadata?.namespace ?? '', last.metadata?.name ?? ''),
      ).toString('base64url');
      out.metadata.remainingItemCount = items.length - opts.limit;
    }
    return out;
  }

  /** Puts `obj` in place as given (uid and timestamps filled when missing); an ADDED or MODIFIED event. */
  seed(r: Resource, obj: Obj): Obj {
    const o = clone(obj);
    const m = meta(o);
    if (r.namespaced) m.namespace ??= 'default';
    else delete m.namespace;
    if (m.name === undefined || m.name === '') throw new Error('seeded objects need metadata.name');
    m.uid ??= newUID();
    m.creationTimestamp ??= this.timestamp();
    const given = Number(m.resourceVersion);
    this.stamp(r, o);
    if (Number.isSafeInteger(given) && given > this.rv) {
      this.rv = given;
      m.resourceVersion = String(given);
    }
    const key = objKey(m.namespace ?? '', m.name);
    const prev = this.bucket(r).get(key);
    this.bucket(r).set(key, o);
    this.record(r, prev === undefined ? 'ADDED' : 'MODIFIED', o, prev);
    return clone(o);
  }

  /** A CREATE into `namespace` (ignored for cluster-scoped resources). */
  create(r: Resource, namespace: string, obj: Obj, dryRun = false): Obj {
    const o = clone(obj);
    const m = meta(o);
    if (r.namespaced) {
      if (namespace === '') throw badRequest('an empty namespace may not be set during creation');
      m.namespace = namespace;
    } else delete m.namespace;
    const bucket = this.bucket(r);
    if (m.name === undefined || m.name === '') {
      if (m.generateName === undefined || m.generateName === '') {
        throw invalid({ group: r.group, kind: r.kind }, '', [
          required('metadata.name', 'name or generateName is required'),
        ]);
      }
      const candidate = generateName(m.generateName, this.opts.random);
      if (bucket.has(objKey(m.namespace ?? '', candidate)))
        throw generateNameConflict(this.gr(r), candidate, 1);
      m.name = candidate;
    } else if (bucket.has(objKey(m.namespace ?? '', m.name))) {
      throw alreadyExists(this.gr(r), m.name);
    }
    const given = m.resourceVersion;
    if (given !== undefined && given !== '' && given !== '0')
      throw new StatusError({
        status: 'Failure',
        code: 500,
        message: 'resourceVersion should not be set on objects to be created',
      });
    delete m.resourceVersion;
    m.uid = newUID();
    m.creationTimestamp = this.timestamp();
    m.generation = 1;
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    if (isNamespaces(r)) prepareNamespace(o);
    if (dryRun) {
      o.apiVersion = apiVersionOf(r);
      o.kind = r.kind;
      return o;
    }
    this.stamp(r, o);
    bucket.set(objKey(m.namespace ?? '', m.name), o);
    this.record(r, 'ADDED', o, undefined);
    return clone(o);
  }

  /**
   * An UPDATE. `mode` 'main' keeps the stored status of resources that have a status subresource;
   * 'status' keeps everything but `status`; 'raw' takes the object as given (subresource writes).
   * Conditional on `metadata.resourceVersion` when set. A write that changes nothing keeps the
   * revision and sends no event; a deleting object whose last finalizer goes away is removed.
   */
  update(r: Resource, obj: Obj, mode: 'main' | 'status' | 'raw', dryRun = false): Obj {
    const incoming = clone(obj);
    const name = incoming.metadata?.name ?? '';
    const namespace = r.namespaced ? (incoming.metadata?.namespace ?? '') : '';
    const key = objKey(namespace, name);
    const old = this.bucket(r).get(key);
    if (old === undefined) throw notFound(this.gr(r), name);
    const rv = incoming.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata?.resourceVersion)
      throw conflict(this.gr(r), name, OptimisticLockErrorMsg);
    let next: Obj;
    if (mode === 'status') {
      next = clone(old);
      if (incoming.status === undefined) delete next.status;
      else next.status = incoming.status;
    } else {
      next = incoming;
      if (mode === 'main' && subresourceFor(r, 'status') !== undefined) {
        if (old.status === undefined) delete next.status;
        else next.status = clone(old.status);
      }
      const m = meta(next);
      const om = old.metadata ?? {};
      m.namespace = om.namespace;
      if (om.namespace === undefined) delete m.namespace;
      m.uid = om.uid;
      m.creationTimestamp = om.creationTimestamp;
      for (const f of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
        if (om[f] === undefined) delete m[f];
        else (m as Record<string, unknown>)[f] = om[f];
      }
      if (!deepEqual(specPart(next), specPart(old))) m.generation = (om.generation ?? 0) + 1;
    }
    meta(next).resourceVersion = old.metadata?.resourceVersion;
    next.apiVersion = old.apiVersion;
    next.kind = old.kind;
    if (deepEqual(next, old)) return clone(old);
    if (dryRun) return next;
    const m = meta(next);
    const held = (m.finalizers ?? []).length > 0 || (isNamespaces(r) && namespaceFinalizers(next).length > 0);
    if (m.deletionTimestamp !== undefined && !held) {
      this.stamp(r, next);
      this.bucket(r).delete(key);
      this.record(r, 'DELETED', next, undefined);
      return clone(next);
    }
    this.stamp(r, next);
    this.bucket(r).set(key, next);
    this.record(r, 'MODIFIED', next, old);
    return clone(next);
  }

  /**
   * A DELETE: checks preconditions; Foreground and Orphan add their finalizers; an object with
   * finalizers gets deletionTimestamp (and a generation bump) instead of going away.
   */
  delete(r: Resource, namespace: string, name: string, opts: DeleteOptions = {}): void {
    const key = objKey(r.namespaced ? namespace : '', name);
    const old = this.bucket(r).get(key);
    if (old === undefined) throw notFound(this.gr(r), name);
    const om = old.metadata ?? {};
    const pre = opts.preconditions;
    if (pre?.uid !== undefined && pre.uid !== om.uid) {
      throw conflict(
        this.gr(r),
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${om.uid ?? ''}`,
      );
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== om.resourceVersion) {
      throw conflict(
        this.gr(r),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${om.resourceVersion ?? ''}`,
      );
    }
    if (opts.dryRun === true) return;
    const next = clone(old);
    const m = meta(next);
    if (isNamespaces(r) && namespaceFinalizers(old).length > 0) {
      // Namespaces first turn Terminating and wait for their spec.finalizers to be cleared
      // (through `finalize`); only a delete after that removes them.
      if (m.deletionTimestamp !== undefined) return;
      m.deletionTimestamp = this.timestamp();
      next.status = { ...(next.status as object | undefined), phase: 'Terminating' };
      this.stamp(r, next);
      this.bucket(r).set(key, next);
      this.record(r, 'MODIFIED', next, old);
      return;
    }
    const finalizers = [...(m.finalizers ?? [])];
    const policy = opts.propagationPolicy;
    const add = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
    const drop = policy === 'Foreground' ? 'orphan' : policy === 'Orphan' ? 'foregroundDeletion' : undefined;
    if (add !== undefined || drop !== undefined) {
      const kept = finalizers.filter((f) => f !== drop);
      if (add !== undefined && !kept.includes(add)) kept.push(add);
      finalizers.splice(0, finalizers.length, ...kept);
    }
    if (finalizers.length === 0) {
      this.stamp(r, next);
      this.bucket(r).delete(key);
      this.record(r, 'DELETED', next, undefined);
      return;
    }
    m.finalizers = finalizers;
    if (m.deletionTimestamp === undefined) {
      m.deletionTimestamp = this.timestamp();
      m.deletionGracePeriodSeconds = 0;
      m.generation = (m.generation ?? 0) + 1;
    }
    if (deepEqual(next, old)) return;
    this.stamp(r, next);
    this.bucket(r).set(key, next);
    this.record(r, 'MODIFIED', next, old);
  }

  /** Drops the watch history: watches from any earlier revision then answer 410 Expired. */
  compact(): void {
    this.compacted = this.rv;
    this.history.length = 0;
  }

  private record(r: Resource, type: HistoryEntry['type'], obj: Obj, prev: Obj | undefined): void {
    const entry: HistoryEntry = { rv: this.rv, gr: grKey(r), type, obj: clone(obj), prev };
    this.history.push(entry);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compacted = dropped[dropped.length - 1]?.rv ?? this.compacted;
    }
    for (const w of this.watchers) if (w.gr === entry.gr) deliver(w, entry);
  }

  /**
   * A WATCH. Without a resourceVersion (or '0') the current objects come first as ADDED; with one,
   * every later event of the resource in order; a compacted revision yields one ERROR event
   * (410 Expired) and ends. Objects moving into or out of the filter arrive as ADDED or DELETED.
   */
  watch(
    r: Resource,
    namespace: string,
    opts: { labelSelector?: string; fieldSelector?: string; resourceVersion?: string },
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent<KubeObject>> {
    const filter = objectFilter(r, namespace, opts);
    const rvText = opts.resourceVersion ?? '';
    let from: number | undefined;
    if (rvText !== '' && rvText !== '0') {
      from = Number(rvText);
      if (!Number.isSafeInteger(from) || from < 0)
        throw badRequest(`invalid resource version: ${JSON.stringify(rvText)}`);
    }
    const watcher: Watcher = {
      gr: grKey(r),
      filter,
      queue: new EventQueue<WatchEvent<KubeObject>>(signal, () => this.watchers.delete(watcher)),
    };
    if (from === undefined) {
      for (const o of this.select(r, filter)) watcher.queue.push({ type: 'ADDED', object: o });
    } else if (from < this.compacted) {
      const status: Status = resourceExpired(
        `too old resource version: ${from} (${this.compacted + 1})`,
      ).toJSON();
      watcher.queue.push({ type: 'ERROR', object: status });
      watcher.queue.close();
      return watcher.queue;
    } else {
      for (const e of this.history) if (e.rv > from && e.gr === watcher.gr) deliver(watcher, e);
    }
    if (!watcher.queue.isClosed) this.watchers.add(watcher);
    return watcher.queue;
  }

  /** Open watches (for tests that check watches end). */
  get openWatches(): number {
    return this.watchers.size;
  }
}

function isNamespaces(r: Resource): boolean {
  return r.group === '' && r.resource === 'namespaces';
}

function namespaceFinalizers(o: Obj): unknown[] {
  const f = (o.spec as { finalizers?: unknown } | undefined)?.finalizers;
  return Array.isArray(f) ? f : [];
}

/** What the API server sets on a new namespace: the `kubernetes` finalizer and phase Active. */
function prepareNamespace(o: Obj): void {
  o.spec = { ...(o.spec as object | undefined), finalizers: ['kubernetes'] };
  o.status = { phase: 'Active' };
}

function deliver(w: Watcher, e: HistoryEntry): void {
  const now = w.filter(e.obj);
  if (e.type === 'MODIFIED') {
    const before = e.prev !== undefined && w.filter(e.prev);
    if (now && before) w.queue.push({ type: 'MODIFIED', object: clone(e.obj) });
    else if (now) w.queue.push({ type: 'ADDED', object: clone(e.obj) });
    else if (before) w.queue.push({ type: 'DELETED', object: clone(e.obj) });
    return;
  }
  if (now) w.queue.push({ type: e.type, object: clone(e.obj) });
}
