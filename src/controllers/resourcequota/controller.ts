// The resource quota controller: keeps every ResourceQuota's status (hard copied from spec, used
// measured) current as quotas and the objects they count change.
import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import { isConflict } from '../../apimachinery/errors/index.js';
import {
  formatResourceList,
  parseResourceList,
  type Quantity,
  resourceListsEqual,
} from '../../apimachinery/quantity/index.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { SharedInformer } from '../../client/informers/types.js';
import { RESOURCE_QUOTAS, resourceOf } from '../../client/resources.js';
import type { KubeObject, Resource } from '../../client/types.js';
import { defaultControllerRateLimiter } from '../../client/workqueue/rate-limiter.js';
import { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import { runWorkers, type WorkerPool } from '../util/index.js';
import { calculateUsage, scopeRequirements } from './calculate.js';
import { builtinEvaluators, type Evaluator, objectCountEvaluator } from './evaluators.js';
import { parseObjectCountName } from './resource-names.js';

/** kube-controller-manager's `--concurrent-resource-quota-syncs` default. */
export const CONCURRENT_RESOURCE_QUOTA_SYNCS = 5;
/** How often discovery may be re-read for `count/` names of unknown resources (upstream's 30 s). */
export const QUOTA_DISCOVERY_PERIOD_MS = 30_000;
/** Resources never counted (upstream's ignored resources with a list verb: the Event kinds). */
export const QUOTA_IGNORED_RESOURCES: ReadonlySet<string> = new Set(['/events', 'events.k8s.io/events']);

const SOURCE = 'resourcequota';

function grKey(r: { group: string; resource: string }): string {
  return `${r.group}/${r.resource}`;
}

function hardOf(q: ResourceQuota): Map<string, Quantity> {
  try {
    return parseResourceList(q.spec?.hard);
  } catch {
    return new Map();
  }
}

function specKey(q: ResourceQuota): string {
  return JSON.stringify([q.spec?.hard ?? null, q.spec?.scopes ?? null, q.spec?.scopeSelector ?? null]);
}

/**
 * Upstream's resource quota controller. A quota is synced when it is added, when its spec changes,
 * and when an object it counts is added, deleted or changed in a way that matters to usage; a
 * deleted pod is looked at again when its grace period ends. Informers of counted resources are
 * started only once some quota needs them.
 */
export class ResourceQuotaController {
  readonly queue: WorkQueue<string>;
  readonly quotas: SharedInformer<ResourceQuota>;
  private readonly byGroupResource = new Map<string, Evaluator>();
  private readonly watched = new Map<string, SharedInformer<KubeObject>>();
  private discovered = new Map<string, Resource>();
  private discoveredAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(
      defaultControllerRateLimiter<string>(() => ctx.clock.now()),
      ctx.clock,
    );
    for (const e of builtinEvaluators()) this.byGroupResource.set(grKey(e.resource), e);
    this.quotas = ctx.informers.informerFor(RESOURCE_QUOTAS);
    this.quotas.addEventHandler({
      onAdd: (q) => this.quotaChanged(q),
      onUpdate: (old, q) => {
        if (specKey(old) !== specKey(q)) this.quotaChanged(q);
      },
    });
  }

  /** Runs `workers` workers until `signal` aborts (after the caches synced). */
  run(workers: number, signal: AbortSignal): Promise<void> {
    const pool: WorkerPool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.ctx.log,
      source: SOURCE,
      handleError: (key, e) => {
        if (signal.aborted) return;
        // A conflict means the cached quota was stale (often our own last write): retry quietly.
        if (isConflict(e))
          this.ctx.log.info(4, SOURCE, 'Resource quota changed meanwhile, will retry', { key });
        else this.ctx.log.error(SOURCE, 'Failed to sync resource quota', { key, err: e });
        this.queue.addRateLimited(key);
      },
      sync: (key) => this.sync(key, signal),
    };
    return runWorkers(pool, workers, signal);
  }

  private quotaChanged(q: ResourceQuota): void {
    for (const e of this.knownEvaluatorsFor([...hardOf(q).keys()])) this.watch(e);
    this.queue.add(objectKey(q));
  }

  // The evaluators tracking some of `names`, among those known without discovery.
  private knownEvaluatorsFor(names: readonly string[]): Evaluator[] {
    const out: Evaluator[] = [];
    for (const e of this.byGroupResource.values()) if (e.matchingResources(names).length > 0) out.push(e);
    return out;
  }

  /**
   * The evaluators for `names`, creating object-count evaluators for `count/` names of resources
   * found by discovery; `unresolved` when some such name names no known resource.
   */
  async evaluatorsFor(names: readonly string[]): Promise<{ evaluators: Evaluator[]; unresolved: boolean }> {
    let unresolved = false;
    for (const n of names) {
      const gr = parseObjectCountName(n);
      if (gr === undefined || this.byGroupResource.has(grKey(gr)) || QUOTA_IGNORED_RESOURCES.has(grKey(gr)))
        continue;
      let r = this.discovered.get(grKey(gr));
      if (r === undefined && this.ctx.clock.now() - this.discoveredAt >= QUOTA_DISCOVERY_PERIOD_MS) {
        await this.discover();
        r = this.discovered.get(grKey(gr));
      }
      if (r === undefined) {
        unresolved = true;
        continue;
      }
      this.byGroupResource.set(grKey(gr), objectCountEvaluator(r));
    }
    return { evaluators: this.knownEvaluatorsFor(names), unresolved };
  }

  // The quotable resources (namespaced; create, list, watch and delete) in preferred versions.
  private async discover(): Promise<void> {
    this.discoveredAt = this.ctx.clock.now();
    const found = new Map<string, Resource>();
    for (const gv of await this.ctx.client.discover()) {
      if (!gv.preferred) continue;
      for (const r of gv.resources) {
        if (r.name.includes('/') || !r.namespaced) continue;
        if (!['create', 'list', 'watch', 'delete'].every((v) => r.verbs.includes(v))) continue;
        found.set(`${gv.group}/${r.name}`, resourceOf(gv.group, gv.version, r.name, r.kind, true));
      }
    }
    this.discovered = found;
  }

  // Starts following the objects `e` counts (once per resource).
  private watch(e: Evaluator): SharedInformer<KubeObject> {
    const key = grKey(e.resource);
    const known = this.watched.get(key);
    if (known !== undefined) return known;
    const informer = this.ctx.informers.informerFor(e.resource as Resource<KubeObject>);
    this.watched.set(key, informer);
    informer.addEventHandler({
      onAdd: (obj) => this.replenish(e, obj),
      onUpdate: (old, obj) => {
        if (old.metadata?.uid !== obj.metadata?.uid || e.fingerprint(old) !== e.fingerprint(obj))
          this.replenish(e, obj);
      },
      onDelete: (obj) => this.replenish(e, unwrapTombstone(obj)),
    });
    return informer;
  }

  // Queues the quotas of the object's namespace that `e` charges.
  private replenish(e: Evaluator, obj: KubeObject): void {
    const ns = obj.metadata?.namespace ?? '';
    if (ns === '') return;
    for (const q of this.quotas.lister.listNamespace(ns))
      if (e.matchingResources([...hardOf(q).keys()]).length > 0) this.queue.add(objectKey(q));
  }

  /**
   * Recomputes the usage of quota `key` (`namespace/name`) and writes its status when hard or used
   * changed. Rejects after writing what could be computed when an evaluator failed.
   */
  async sync(key: string, signal: AbortSignal): Promise<void> {
    const { namespace, name } = splitKey(key);
    const quota = this.quotas.lister.get(namespace, name);
    if (quota === undefined) return;
    const hard = hardOf(quota);
    const hardNames = [...hard.keys()];
    const { evaluators, unresolved } = await this.evaluatorsFor(hardNames);
    const informers = new Map<Evaluator, SharedInformer<KubeObject>>();
    for (const e of evaluators) informers.set(e, this.watch(e));
    if ([...informers.values()].some((i) => !i.hasSynced())) {
      if (!(await this.ctx.informers.waitForCacheSync(signal))) return;
    }
    const now = this.ctx.clock.now();
    const result = calculateUsage(
      hardNames,
      scopeRequirements(quota),
      evaluators,
      (e) => informers.get(e)?.lister.listNamespace(namespace) ?? [],
      now,
    );
    let previous: Map<string, Quantity>;
    let previousHard: Map<string, Quantity> | undefined;
    try {
      previous = parseResourceList(quota.status?.used);
      previousHard = quota.status?.hard === undefined ? undefined : parseResourceList(quota.status.hard);
    } catch {
      previous = new Map();
      previousHard = undefined;
    }
    const used = new Map(previous);
    for (const [n, q] of result.used) used.set(n, q);
    for (const n of used.keys()) if (!hard.has(n)) used.delete(n);
    const dirty =
      previousHard === undefined ||
      quota.status?.used === undefined ||
      !resourceListsEqual(hard, previousHard) ||
      !resourceListsEqual(used, previous);
    if (dirty) {
      await this.ctx.client.resource(RESOURCE_QUOTAS).updateStatus({
        ...quota,
        // Empty lists are left out, as upstream's encoder omits them.
        status: {
          ...(hard.size === 0 ? {} : { hard: formatResourceList(hard) }),
          ...(used.size === 0 ? {} : { used: formatResourceList(used) }),
        },
      });
    }
    if (result.nextChangeAt !== undefined) this.queue.addAfter(key, result.nextChangeAt - now + 1);
    if (unresolved) this.queue.addAfter(key, QUOTA_DISCOVERY_PERIOD_MS);
    if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join(', '));
  }
}
