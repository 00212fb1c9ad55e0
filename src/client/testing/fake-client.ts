// An in-memory Client for unit tests: an object tracker with the API server's metadata rules,
// an action log and reactors that replace or fail calls.
import { resourceFor, servedGroups } from '../../api/index.js';
import type { RandomInt } from '../../apimachinery/meta/index.js';
import { type Clock, SYSTEM_CLOCK } from '../clock.js';
import type {
  Client,
  DeleteOptions,
  DiscoveredGroupVersion,
  DiscoveredResource,
  KubeObject,
  ListOptions,
  ListResult,
  PatchOptions,
  PatchType,
  Resource,
  ResourceClient,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from '../types.js';
import { patchObject } from './fake-patch.js';
import { createSubresource, getSubresource, scaleOf, updateSubresource } from './fake-subresources.js';
import { type Obj, ObjectTracker } from './fake-tracker.js';
import { objectFilter } from './fake-selection.js';

/** The verbs the action log records (subresource calls use get, create, update and patch). */
export type FakeVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection';

/** One call made through the fake client. */
export interface FakeAction {
  readonly verb: FakeVerb;
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. `pods`. */
  readonly resource: string;
  /** '' for cluster-scoped resources and all-namespace calls. */
  readonly namespace: string;
  /** '' for list, watch, deletecollection and create from a generateName. */
  readonly name: string;
  /** '' for the main resource; `status` for updateStatus. */
  readonly subresource: string;
  /** A copy of the object (or subresource body) sent by create and update. */
  readonly object?: unknown;
  /** A copy of the patch body and its type. */
  readonly patch?: unknown;
  readonly patchType?: PatchType;
  /** A copy of the call's options, when given. */
  readonly options?: unknown;
}

/**
 * Decides a call before the tracker does. Returning `undefined` passes the call on (to older
 * reactors, then the tracker); any other value ends it with that value as its result (ignored
 * by delete and deleteCollection; for watch it must be an AsyncIterable of events); throwing —
 * e.g. a StatusError from apimachinery/errors — makes the call reject with that error.
 */
export type FakeReactor = (action: FakeAction) => unknown;

/** Options of the fake client. */
export interface FakeClientOptions {
  /** Source of creationTimestamp and deletionTimestamp; the system clock when absent. */
  readonly clock?: Clock;
  /** Resources discover() reports besides those used so far. */
  readonly resources?: readonly Resource[];
  readonly userAgent?: string;
  /** Random source of generateName suffixes. */
  readonly random?: RandomInt;
  /** Watch events kept for watches from past revisions (10 000 when absent). */
  readonly historyLimit?: number;
}

interface ReactorEntry {
  readonly verb: string;
  readonly resource: string;
  readonly fn: FakeReactor;
}

/**
 * An in-memory `Client` for unit tests, after client-go's fake clientset and object tracker.
 *
 * What it does as the API server does: uid, resourceVersion from one global counter,
 * creationTimestamp, generation (1 on create, +1 when anything besides metadata and status
 * changes), generateName (5 random characters), AlreadyExists / NotFound / Conflict errors with
 * upstream messages, the 500 for a create that carries a resourceVersion, conditional updates, no-op writes that keep the revision, status
 * subresource semantics (update keeps the stored status of resources that have one; updateStatus
 * changes only status), finalizers (deletion sets deletionTimestamp while finalizers remain;
 * Foreground and Orphan add `foregroundDeletion` / `orphan`; removing the last finalizer of a
 * deleting object removes it), the namespace lifecycle (new namespaces get the `kubernetes`
 * finalizer and phase Active; delete makes them Terminating; they go once `finalize` clears
 * spec.finalizers), label selectors, every field selector the server supports, limit
 * and continue, JSON / merge / strategic merge patches, scale, eviction and binding, and watches
 * from any retained revision, in order, with 410 Expired after `compact()`.
 *
 * What it simplifies: no defaulting, validation, admission, field management (apply is a merge
 * patch) or garbage collection; list ignores resourceVersion and resourceVersionMatch; watches
 * send no bookmarks and ignore timeoutSeconds; pods are deleted at once (no graceful deletion);
 * eviction does not check PodDisruptionBudgets; updateStatus ignores metadata changes; objects
 * are kept per group and resource (versions share one store, without conversion).
 */
export class FakeClient implements Client {
  readonly userAgent: string;
  private readonly tracker: ObjectTracker;
  private readonly log: FakeAction[] = [];
  private readonly reactors: ReactorEntry[] = [];
  private readonly used = new Map<string, Resource>();

  constructor(opts: FakeClientOptions = {}) {
    this.userAgent = opts.userAgent ?? 'fake-client';
    this.tracker = new ObjectTracker({
      clock: opts.clock ?? SYSTEM_CLOCK,
      ...(opts.random === undefined ? {} : { random: opts.random }),
      ...(opts.historyLimit === undefined ? {} : { historyLimit: opts.historyLimit }),
    });
    for (const r of opts.resources ?? []) this.use(r);
  }

  resource<T extends KubeObject>(r: Resource<T>): ResourceClient<T> {
    this.use(r);
    return new FakeResourceClient<T>(r, this.tracker, (a) => this.dispatch(a));
  }

  /** Group-versions of the resources used so far and those given to the constructor. */
  async discover(): Promise<DiscoveredGroupVersion[]> {
    const byGV = new Map<string, { group: string; version: string; resources: DiscoveredResource[] }>();
    for (const r of this.used.values()) {
      const k = `${r.group}/${r.version}`;
      let gv = byGV.get(k);
      if (gv === undefined) {
        gv = { group: r.group, version: r.version, resources: [] };
        byGV.set(k, gv);
      }
      gv.resources.push(...discovered(r));
    }
    const all = [...byGV.values()];
    return all.map((gv) => {
      // The server's preferred version when it is among those used, else the first one used.
      const used = all.filter((o) => o.group === gv.group).map((o) => o.version);
      const served = servedGroups().find((g) => g.name === gv.group)?.preferredVersion;
      const preferred = served !== undefined && used.includes(served) ? served : used[0];
      return { ...gv, preferred: preferred === gv.version };
    });
  }

  /** Preloads objects (no action logged): uid and creationTimestamp filled when missing. */
  seed<T extends KubeObject>(r: Resource<T>, objs: readonly T[]): T[] {
    this.use(r);
    return objs.map((o) => this.tracker.seed(r, o as unknown as Obj) as unknown as T);
  }

  /** A copy of the stored objects of `r`, in `namespace` ('' = all), without logging an action. */
  objects<T extends KubeObject>(r: Resource<T>, namespace = ''): T[] {
    return this.tracker.select(r, objectFilter(r, namespace, {})) as unknown as T[];
  }

  /** The calls made so far, oldest first (copies). */
  actions(): FakeAction[] {
    return [...this.log];
  }

  /** Forgets the calls made so far. */
  clearActions(): void {
    this.log.length = 0;
  }

  /**
   * Puts a reactor before the others for calls of `verb` ('*' = any) on `resource` ('*' = any,
   * `pods` = the resource and its subresources, `pods/status` = that subresource only).
   */
  prependReactor(verb: FakeVerb | '*', resource: string, fn: FakeReactor): void {
    this.reactors.unshift({ verb, resource, fn });
  }

  /** Drops the watch history: watches from earlier revisions then get a 410 Expired ERROR event. */
  compact(): void {
    this.tracker.compact();
  }

  /** The latest resourceVersion handed out. */
  get revision(): string {
    return String(this.tracker.revision);
  }

  /** Watches still open. */
  get openWatches(): number {
    return this.tracker.openWatches;
  }

  private use(r: Resource): void {
    this.used.set(`${r.group}/${r.version}/${r.resource}`, r);
  }

  // Logs the action and asks the reactors; `handled: false` sends the call to the tracker.
  private dispatch(a: FakeAction): { handled: true; value: unknown } | { handled: false } {
    this.log.push(a);
    for (const re of this.reactors) {
      if (re.verb !== '*' && re.verb !== a.verb) continue;
      const sub = a.subresource === '' ? a.resource : `${a.resource}/${a.subresource}`;
      if (re.resource !== '*' && re.resource !== a.resource && re.resource !== sub) continue;
      const value = re.fn(a);
      if (value !== undefined) return { handled: true, value };
    }
    return { handled: false };
  }
}

function discovered(r: Resource): DiscoveredResource[] {
  const info = resourceFor(r);
  if (info === undefined) {
    const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
    return [{ name: r.resource, kind: r.kind, namespaced: r.namespaced, verbs }];
  }
  return [
    { name: info.plural, kind: info.kind, namespaced: info.namespaced, verbs: info.verbs },
    ...info.subresources.map((s) => ({
      name: `${info.plural}/${s.name}`,
      kind: s.kind,
      namespaced: info.namespaced,
      verbs: s.verbs,
    })),
  ];
}

const copy = <V>(v: V): V => (v === undefined ? v : structuredClone(v));

type Dispatch = (a: FakeAction) => { handled: true; value: unknown } | { handled: false };

/** The verbs of one resource over the tracker; see FakeClient. */
class FakeResourceClient<T extends KubeObject> implements ResourceClient<T> {
  constructor(
    readonly resource: Resource<T>,
    private readonly tracker: ObjectTracker,
    private readonly dispatch: Dispatch,
  ) {}

  private ns(namespace: string): string {
    return this.resource.namespaced ? namespace : '';
  }

  private action(
    verb: FakeVerb,
    namespace: string,
    name: string,
    extra: Partial<Pick<FakeAction, 'subresource' | 'object' | 'patch' | 'patchType' | 'options'>> = {},
  ): FakeAction {
    const r = this.resource;
    const a: FakeAction = {
      verb,
      group: r.group,
      version: r.version,
      resource: r.resource,
      namespace: this.ns(namespace),
      name,
      subresource: extra.subresource ?? '',
    };
    const out: Record<string, unknown> = { ...a };
    for (const k of ['object', 'patch', 'patchType', 'options'] as const)
      if (extra[k] !== undefined) out[k] = copy(extra[k]);
    return out as unknown as FakeAction;
  }

  // Runs one call: reactors first, then `run` against the tracker.
  private async call<V>(a: FakeAction, run: () => V): Promise<V> {
    const d = this.dispatch(a);
    if (d.handled) return (await d.value) as V;
    return run();
  }

  get(namespace: string, name: string): Promise<T> {
    return this.call(
      this.action('get', namespace, name),
      () => this.tracker.get(this.resource, namespace, name) as unknown as T,
    );
  }

  list(namespace: string, opts?: ListOptions): Promise<ListResult<T>> {
    return this.call(
      this.action('list', namespace, '', { options: opts }),
      () => this.tracker.list(this.resource, this.ns(namespace), opts) as unknown as ListResult<T>,
    );
  }

  watch(namespace: string, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>> {
    // Registered at once (not on the first read), so that no event after this call is missed;
    // a failure surfaces when the iterable is read, as for a failed watch request.
    let source: AsyncIterable<WatchEvent<T>> | Promise<unknown>;
    try {
      const d = this.dispatch(this.action('watch', namespace, '', { options: opts }));
      source = d.handled
        ? Promise.resolve(d.value)
        : (this.tracker.watch(this.resource, this.ns(namespace), opts, signal) as AsyncIterable<
            WatchEvent<T>
          >);
    } catch (e) {
      source = Promise.reject(e);
    }
    if (!(source instanceof Promise)) return source;
    const pending = source;
    pending.catch(() => {});
    return (async function* () {
      yield* (await pending) as AsyncIterable<WatchEvent<T>>;
    })();
  }

  create(namespace: string, obj: T, opts?: WriteOptions): Promise<T> {
    const a = this.action('create', namespace, obj.metadata?.name ?? '', { object: obj, options: opts });
    return this.call(
      a,
      () =>
        this.tracker.create(
          this.resource,
          namespace,
          obj as unknown as Obj,
          opts?.dryRun === true,
        ) as unknown as T,
    );
  }

  update(obj: T, opts?: WriteOptions): Promise<T> {
    const m = obj.metadata ?? {};
    const a = this.action('update', m.namespace ?? '', m.name ?? '', { object: obj, options: opts });
    return this.call(
      a,
      () =>
        this.tracker.update(
          this.resource,
          obj as unknown as Obj,
          'main',
          opts?.dryRun === true,
        ) as unknown as T,
    );
  }

  updateStatus(obj: T, opts?: WriteOptions): Promise<T> {
    const m = obj.metadata ?? {};
    const a = this.action('update', m.namespace ?? '', m.name ?? '', {
      subresource: 'status',
      object: obj,
      options: opts,
    });
    return this.call(
      a,
      () =>
        this.tracker.update(
          this.resource,
          obj as unknown as Obj,
          'status',
          opts?.dryRun === true,
        ) as unknown as T,
    );
  }

  patch(namespace: string, name: string, type: PatchType, body: unknown, opts?: PatchOptions): Promise<T> {
    const sub = opts?.subresource ?? '';
    const a = this.action('patch', namespace, name, {
      subresource: sub,
      patch: body,
      patchType: type,
      options: opts,
    });
    return this.call(a, () => this.runPatch(namespace, name, type, body, sub, opts?.dryRun === true));
  }

  private runPatch(
    namespace: string,
    name: string,
    type: PatchType,
    body: unknown,
    sub: string,
    dryRun: boolean,
  ): T {
    const r = this.resource;
    const t = this.tracker;
    if (sub === 'scale') {
      const current = scaleOf(r, t.get(r, namespace, name));
      const next = patchObject(r, current, type, body);
      // The Scale's own resourceVersion decides the conflict check, as for a PUT of the scale.
      return updateSubresource(t, r, namespace, name, 'scale', next) as unknown as T;
    }
    if (sub !== '' && sub !== 'status') return getSubresource(t, r, namespace, name, sub) as unknown as T;
    const existing = t.peek(r, namespace, name);
    if (existing === undefined && type === 'apply' && sub === '') {
      const obj = {
        ...(body as unknown as Obj),
        metadata: { ...((body as unknown as Obj)?.metadata ?? {}), name },
      };
      return t.create(r, namespace, obj, dryRun) as unknown as T;
    }
    const current = existing ?? t.get(r, namespace, name);
    const next = patchObject(r, current, type, body) as unknown as Obj;
    next.metadata = { ...(next.metadata ?? {}), name, namespace: current.metadata?.namespace };
    return t.update(r, next, sub === 'status' ? 'status' : 'main', dryRun) as unknown as T;
  }

  delete(namespace: string, name: string, opts?: DeleteOptions): Promise<void> {
    const a = this.action('delete', namespace, name, { options: opts });
    return this.call(a, () => {
      this.tracker.delete(this.resource, namespace, name, opts);
    }).then(() => undefined);
  }

  deleteCollection(namespace: string, opts: DeleteOptions & ListOptions = {}): Promise<void> {
    const a = this.action('deletecollection', namespace, '', { options: opts });
    return this.call(a, () => {
      const r = this.resource;
      for (const o of this.tracker.select(r, objectFilter(r, this.ns(namespace), opts))) {
        this.tracker.delete(r, o.metadata?.namespace ?? '', o.metadata?.name ?? '', opts);
      }
    }).then(() => undefined);
  }

  getSubresource<R>(namespace: string, name: string, subresource: string): Promise<R> {
    const a = this.action('get', namespace, name, { subresource });
    return this.call(a, () => getSubresource(this.tracker, this.resource, namespace, name, subresource) as R);
  }

  createSubresource<R>(namespace: string, name: string, subresource: string, body: unknown): Promise<R> {
    const a = this.action('create', namespace, name, { subresource, object: body });
    return this.call(
      a,
      () => createSubresource(this.tracker, this.resource, namespace, name, subresource, body) as R,
    );
  }

  updateSubresource<R>(namespace: string, name: string, subresource: string, body: unknown): Promise<R> {
    const a = this.action('update', namespace, name, { subresource, object: body });
    return this.call(
      a,
      () => updateSubresource(this.tracker, this.resource, namespace, name, subresource, body) as R,
    );
  }
}
