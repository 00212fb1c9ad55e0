import { isConflict, isMethodNotSupported, isNotFound } from '../../apimachinery/errors/index.js';
import { parseRFC3339 } from '../../apimachinery/meta/index.js';
import type { GroupVersionResource, JsonObject, NamespaceDeletionClient } from './client.js';
import { NamespaceConditionUpdater, objectField } from './conditions.js';
import { aggregateErrors } from '../util/errors.js';
import { deletableResources, gvrString } from './discovery.js';

/** The namespace finalizer this controller owns. */
export const FINALIZER_KUBERNETES = 'kubernetes';

/** Seconds assumed for finalizers on remaining objects to finish (upstream's estimate). */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** How often a namespace write is retried after a conflict before giving up. */
export const MAX_CONFLICT_RETRIES = 16;

/** Content remains that should go away by itself within about `estimate` seconds. */
export class ResourcesRemainingError extends Error {
  override readonly name = 'ResourcesRemainingError';

  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
  }
}

const BACKGROUND = { propagationPolicy: 'Background' } as const;

function meta(obj: JsonObject): JsonObject {
  const m = obj['metadata'];
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as JsonObject) : {};
}

function metaString(obj: JsonObject, field: string): string {
  const v = meta(obj)[field];
  return typeof v === 'string' ? v : '';
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function specFinalizers(ns: JsonObject): string[] {
  const spec = ns['spec'];
  return typeof spec === 'object' && spec !== null ? stringList((spec as JsonObject)['finalizers']) : [];
}

// Milliseconds of an RFC 3339 timestamp; undefined when it does not parse.
function instantMs(v: string): number | undefined {
  try {
    return parseRFC3339(v).seconds * 1000;
  } catch {
    return undefined;
  }
}

interface ResourceOutcome {
  /** Seconds to wait for what remains; 0 when nothing is expected to go away by itself. */
  readonly estimate: number;
  readonly remaining: number;
  readonly finalizers: ReadonlyMap<string, number>;
}

const NONE: ResourceOutcome = { estimate: 0, remaining: 0, finalizers: new Map() };

/**
 * Deletes everything in a terminating namespace, then releases the namespace's `kubernetes`
 * finalizer, as upstream's namespacedResourcesDeleter. Stateless between calls; calls for
 * different namespaces may run concurrently (the controller never runs two for the same one).
 */
export class NamespacedResourcesDeleter {
  constructor(
    private readonly client: NamespaceDeletionClient,
    private readonly now: () => Date = () => new Date(),
    private readonly finalizerToken: string = FINALIZER_KUBERNETES,
  ) {}

  /**
   * One pass over namespace `name`: nothing when it is gone or not being deleted; otherwise phase
   * Terminating, every namespaced resource's objects deleted, the deletion conditions written,
   * and, once nothing is left, the finalizer removed through namespaces/finalize. Rejects with
   * ResourcesRemainingError when content should disappear by itself (graceful pods, finalizers):
   * call again after about half the estimate. Rejects with the failure otherwise (retry with
   * backoff). Idempotent. An aborted `signal` ends the pass between resources (rejecting).
   */
  async delete(name: string, signal?: AbortSignal): Promise<void> {
    let ns: JsonObject;
    try {
      ns = await this.client.getNamespace(name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (metaString(ns, 'deletionTimestamp') === '') return;
    let current: JsonObject;
    try {
      current = await this.retryOnConflict(ns, (n) => this.ensureTerminating(n));
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (metaString(current, 'deletionTimestamp') === '') return;
    if (specFinalizers(current).length === 0) return;
    const estimate = await this.deleteAllContent(current, signal);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    try {
      await this.retryOnConflict(current, (n) => this.finalize(n));
    } catch (e) {
      // Another deleter sharing the finalizer may have finished the job.
      if (!isNotFound(e)) throw e;
    }
  }

  // Runs `fn`; on a conflict re-reads the namespace and runs it again (the UID must not change).
  private async retryOnConflict(
    ns: JsonObject,
    fn: (ns: JsonObject) => Promise<JsonObject>,
  ): Promise<JsonObject> {
    let latest = ns;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn(latest);
      } catch (e) {
        if (!isConflict(e) || attempt + 1 >= MAX_CONFLICT_RETRIES) throw e;
      }
      const prev = latest;
      latest = await this.client.getNamespace(metaString(prev, 'name'));
      if (metaString(prev, 'uid') !== metaString(latest, 'uid')) {
        throw new Error('namespace uid has changed across retries');
      }
    }
  }

  private async ensureTerminating(ns: JsonObject): Promise<JsonObject> {
    if (metaString(ns, 'deletionTimestamp') === '') return ns;
    const status = ns['status'];
    if (typeof status === 'object' && status !== null && (status as JsonObject)['phase'] === 'Terminating')
      return ns;
    const next = structuredClone(ns);
    objectField(next, 'status')['phase'] = 'Terminating';
    return this.client.updateNamespaceStatus(next);
  }

  private async finalize(ns: JsonObject): Promise<JsonObject> {
    const next = structuredClone(ns);
    const kept = [...new Set(specFinalizers(ns).filter((f) => f !== this.finalizerToken))].sort();
    objectField(next, 'spec')['finalizers'] = kept;
    return this.client.finalizeNamespace(next);
  }

  /**
   * Deletes the content of every deletable namespaced resource, carrying on past failures, and
   * records the outcome in the namespace's conditions (a failed status write is not an error of
   * the pass). Resolves the largest estimate; rejects with the failures once all were tried.
   */
  private async deleteAllContent(ns: JsonObject, signal: AbortSignal | undefined): Promise<number> {
    const name = metaString(ns, 'name');
    const deletedAt = instantMs(metaString(ns, 'deletionTimestamp')) ?? 0;
    const errs: Error[] = [];
    const conditions = new NamespaceConditionUpdater(this.now);
    let lists: Awaited<ReturnType<NamespaceDeletionClient['discoverNamespacedResources']>>['lists'] = [];
    try {
      const d = await this.client.discoverNamespacedResources();
      lists = d.lists;
      if (d.error !== undefined) {
        errs.push(d.error);
        conditions.processDiscoverResourcesErr(d.error);
      }
    } catch (e) {
      errs.push(asError(e));
      conditions.processDiscoverResourcesErr(asError(e));
    }
    const { resources, error: parseErr } = deletableResources(lists);
    if (parseErr !== undefined) {
      errs.push(parseErr);
      conditions.processGroupVersionErr(parseErr);
    }
    let estimate = 0;
    const remaining = new Map<GroupVersionResource, number>();
    const finalizers = new Map<string, number>();
    for (const { gvr, verbs } of resources) {
      // Stopping: the pass is abandoned; the next controller run starts it again.
      signal?.throwIfAborted();
      const { outcome: out, error } = await this.deleteResourceContent(gvr, verbs, name, deletedAt);
      if (error !== undefined) {
        errs.push(error);
        conditions.processDeleteContentErr(error);
      }
      estimate = Math.max(estimate, out.estimate);
      if (out.remaining > 0) {
        remaining.set(gvr, out.remaining);
        for (const [f, n] of out.finalizers) if (n > 0) finalizers.set(f, (finalizers.get(f) ?? 0) + n);
      }
    }
    conditions.processContentTotals({ remaining, finalizers });
    if (conditions.update(ns)) {
      try {
        await this.client.updateNamespaceStatus(ns);
      } catch {
        // As upstream: the conditions are informative; the next pass writes them again.
      }
    }
    const err = aggregateErrors(errs);
    if (err !== undefined) throw err;
    return estimate;
  }

  // deletecollection, or delete one by one where it is not served; then what is left.
  private async deleteResourceContent(
    gvr: GroupVersionResource,
    verbs: ReadonlySet<string>,
    namespace: string,
    deletedAt: number,
  ): Promise<{ readonly outcome: ResourceOutcome; readonly error?: Error }> {
    let estimate: number;
    try {
      estimate = await this.estimateGracefulTermination(gvr, namespace, deletedAt);
    } catch (e) {
      return { outcome: NONE, error: asError(e) };
    }
    const pending = { ...NONE, estimate };
    try {
      if (!(await this.deleteCollection(gvr, verbs, namespace)))
        await this.deleteEachItem(gvr, verbs, namespace);
    } catch (e) {
      return { outcome: pending, error: asError(e) };
    }
    let items: readonly JsonObject[] | undefined;
    try {
      items = await this.listCollection(gvr, verbs, namespace);
    } catch (e) {
      return { outcome: pending, error: asError(e) };
    }
    if (items === undefined) return { outcome: pending };
    if (items.length === 0) return { outcome: NONE };
    const finalizers = new Map<string, number>();
    for (const item of items) {
      for (const f of stringList(meta(item)['finalizers'])) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
    const remaining = items.length;
    if (estimate !== 0) return { outcome: { estimate, remaining, finalizers } };
    // Finalizers are a normal reason to wait: give the controllers behind them some time.
    if (finalizers.size > 0)
      return { outcome: { estimate: FINALIZER_ESTIMATE_SECONDS, remaining, finalizers } };
    return {
      outcome: { estimate, remaining, finalizers },
      error: new Error(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(gvr)}`),
    };
  }

  // Whether deletecollection was served (false: not offered, or answered 405/404).
  private async deleteCollection(
    gvr: GroupVersionResource,
    verbs: ReadonlySet<string>,
    namespace: string,
  ): Promise<boolean> {
    if (!verbs.has('deletecollection')) return false;
    try {
      await this.client.deleteCollection(gvr, namespace, BACKGROUND);
      return true;
    } catch (e) {
      if (isMethodNotSupported(e) || isNotFound(e)) return false;
      throw e;
    }
  }

  private async deleteEachItem(
    gvr: GroupVersionResource,
    verbs: ReadonlySet<string>,
    namespace: string,
  ): Promise<void> {
    for (const item of (await this.listCollection(gvr, verbs, namespace)) ?? []) {
      try {
        await this.client.delete(gvr, namespace, metaString(item, 'name'), BACKGROUND);
      } catch (e) {
        if (!isNotFound(e) && !isMethodNotSupported(e)) throw e;
      }
    }
  }

  // The objects of a listable resource; undefined when list is not served.
  private async listCollection(
    gvr: GroupVersionResource,
    verbs: ReadonlySet<string>,
    namespace: string,
  ): Promise<readonly JsonObject[] | undefined> {
    if (!verbs.has('list')) return undefined;
    try {
      return await this.client.list(gvr, namespace);
    } catch (e) {
      if (isMethodNotSupported(e) || isNotFound(e)) return undefined;
      throw e;
    }
  }

  // Seconds the graceful deletion of the resource's objects may still take (pods only).
  private async estimateGracefulTermination(
    gvr: GroupVersionResource,
    namespace: string,
    deletedAt: number,
  ): Promise<number> {
    if (gvr.group !== '' || gvr.resource !== 'pods') return 0;
    let estimate = 0;
    for (const pod of await this.client.listPods(namespace)) {
      const status = pod['status'] as JsonObject | undefined;
      const phase = status?.['phase'];
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const grace = (pod['spec'] as JsonObject | undefined)?.['terminationGracePeriodSeconds'];
      if (typeof grace === 'number' && grace > estimate) estimate = grace;
    }
    // A deletion older than the estimate has had its time.
    return this.now().getTime() - deletedAt >= estimate * 1000 ? 0 : estimate;
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
