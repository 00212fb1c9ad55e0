// The ReplicaSet controller (also run for ReplicationControllers): keeps the number of active pods
// owned by each ReplicaSet at spec.replicas and reports their state in status.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { labelSelectorAsSelector, type Selector } from '../../apimachinery/labels/index.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/events/types.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { DeletedFinalStateUnknown, Lister } from '../../client/informers/types.js';
import { PODS } from '../../client/resources.js';
import type { KubeObject } from '../../client/types.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Logger } from '../../log/index.js';
import type { ControllerContext } from '../context.js';
import {
  ConsistencyStore,
  ControllerRefManager,
  filterActivePods,
  filterTerminatingPods,
  findMinNextPodAvailabilityCheck,
  getControllerOf,
  hasStatusCause,
  isPodReady,
  NAMESPACE_TERMINATING_CAUSE,
  newControllerRef,
  type PodControl,
  podKey,
  RealPodControl,
  ranksByRelatedPodsOnSameNode,
  canAdoptFor,
  messageOf,
  runWorkers,
  type WorkerPool,
  SLOW_START_INITIAL_BATCH_SIZE,
  slowStartBatch,
  sortPodsForDeletion,
  StaleCacheError,
  UIDTrackingControllerExpectations,
  withTypeMeta,
  newControllerQueue,
} from '../util/index.js';
import type { ManagedKind, ReplicaSetView } from './kinds.js';
import { calculateStatus, statusUpToDate } from './status.js';

/**
 * At most this many pods are created or deleted per sync; the rest waits for the next sync after
 * these were observed (upstream's BurstReplicas).
 */
export const BURST_REPLICAS = 500;

/** kube-controller-manager's --concurrent-replicaset-syncs / --concurrent-rc-syncs default. */
export const DEFAULT_WORKERS = 5;

/** Retries of a status write after re-reading the object (upstream's statusUpdateRetries). */
const STATUS_UPDATE_RETRIES = 1;

/** Tunables of the controller; upstream defaults when absent. */
export interface ReplicaSetControllerOptions {
  readonly burstReplicas?: number;
  /** Replaces the pod control (tests). */
  readonly podControl?: PodControl;
}

function errorOf(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Upstream's ReplicaSetController for one kind (ReplicaSet or ReplicationController). Event
 * handlers only enqueue `namespace/name` keys and keep expectations current; `sync(key)` reads the
 * caches, claims pods (adopting orphans that match, releasing owned pods that no longer match),
 * creates or deletes pods towards spec.replicas in slow-start batches of at most burstReplicas,
 * and writes status. While creations or deletions it made have not yet been observed through the
 * pod informer, it does not create or delete again (expectations), so lagging watches never
 * cause double creation.
 */
export class ReplicaSetController<T extends KubeObject> {
  readonly queue: WorkQueue<string>;
  readonly expectations: UIDTrackingControllerExpectations;
  /** Holds an owner back until the cache has seen this controller's last status write of it. */
  readonly consistency = new ConsistencyStore();
  private readonly owners: Lister<T>;
  private readonly pods: Lister<Pod>;
  private readonly podControl: PodControl;
  private readonly recorder: EventRecorder;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly burstReplicas: number;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly kind: ManagedKind<T>,
    opts: ReplicaSetControllerOptions = {},
  ) {
    this.clock = ctx.clock;
    this.log = ctx.log;
    this.burstReplicas = opts.burstReplicas ?? BURST_REPLICAS;
    this.queue = newControllerQueue(this.clock);
    this.expectations = new UIDTrackingControllerExpectations(this.clock);
    this.recorder = ctx.events.newRecorder(kind.component);
    this.podControl = opts.podControl ?? new RealPodControl(ctx.client, this.recorder);
    const ownerInformer = ctx.informers.informerFor(kind.resource);
    const podInformer = ctx.informers.informerFor(PODS);
    this.owners = ownerInformer.lister;
    this.pods = podInformer.lister;
    this.consistency.track(this.ownerResource(), ownerInformer);
    ownerInformer.addEventHandler({
      onAdd: (rs) => this.enqueue(rs),
      onUpdate: (oldRS, curRS) => this.updateOwner(oldRS, curRS),
      onDelete: (rs) => this.deleteOwner(rs),
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (oldPod, curPod) => this.updatePod(oldPod, curPod),
      onDelete: (pod) => this.deletePod(pod),
    });
  }

  /**
   * Waits for the caches, then runs `workers` workers until `signal` aborts. Resolves once every
   * worker stopped (a sync in progress finishes first).
   */
  run(workers: number, signal: AbortSignal): Promise<void> {
    const source = this.kind.logName;
    const pool: WorkerPool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.log,
      source,
      startMessage: `Starting ${source} controller`,
      stopMessage: `Shutting down ${source} controller`,
      logRetry: (key, e) => {
        if (e instanceof StaleCacheError) this.log.info(4, source, 'Skipping sync: stale cache', { key });
        else this.log.error(source, 'Sync failed', { key, err: messageOf(e) });
      },
      sync: (key) => this.sync(key),
    };
    return runWorkers(pool, workers, signal);
  }

  private ownerResource(): string {
    const r = this.kind.resource;
    return r.group === '' ? r.resource : `${r.resource}.${r.group}`;
  }

  // ---- event handlers: compute keys, keep expectations, enqueue ----

  private enqueue(obj: T): void {
    this.queue.add(objectKey(obj));
  }

  private updateOwner(oldRS: T, curRS: T): void {
    if (oldRS.metadata?.uid !== curRS.metadata?.uid) {
      // A delete and re-create seen as one update: forget the old object first.
      this.deleteOwner({ type: 'tombstone', key: objectKey(oldRS), obj: oldRS });
    }
    this.enqueue(curRS);
  }

  private deleteOwner(obj: T | DeletedFinalStateUnknown<T>): void {
    const key = objectKey(unwrapTombstone(obj));
    // A new object of the same name must start without the old one's expectations.
    this.expectations.deleteExpectations(key);
    this.queue.add(key);
  }

  /** The owner a controller reference points at, if it is of our kind, cached and the same uid. */
  private resolveControllerRef(
    namespace: string,
    ref: { kind?: string; name?: string; uid?: string },
  ): T | undefined {
    if (ref.kind !== this.kind.controllerKind.kind) return undefined;
    const owner = this.owners.get(namespace, ref.name ?? '');
    if (owner === undefined || owner.metadata?.uid !== ref.uid) return undefined;
    return owner;
  }

  /** Owners in the pod's namespace whose (non-empty) selector matches the pod's labels. */
  private ownersSelecting(pod: Pod): T[] {
    const labels = pod.metadata?.labels ?? {};
    if (Object.keys(labels).length === 0) return [];
    const out: T[] = [];
    for (const owner of this.owners.listNamespace(pod.metadata?.namespace ?? '')) {
      let sel: Selector;
      try {
        sel = labelSelectorAsSelector(this.kind.view(owner).spec?.selector);
      } catch {
        continue;
      }
      if (!sel.empty() && sel.matches(labels)) out.push(owner);
    }
    if (out.length > 1)
      this.log.warning(
        this.kind.logName,
        `user error! more than one ${this.kind.controllerKind.kind} is selecting pods with labels`,
        {
          labels,
        },
      );
    return out;
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp != null) {
      // Seen for the first time already being deleted (e.g. after a restart): not a creation.
      this.deletePod(pod);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref !== undefined) {
      const owner = this.resolveControllerRef(pod.metadata?.namespace ?? '', ref);
      if (owner === undefined) return;
      const key = objectKey(owner);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    // An orphan: wake every owner that may adopt it. Not a creation anyone waits for.
    for (const owner of this.ownersSelecting(pod)) this.enqueue(owner);
  }

  private updatePod(oldPod: Pod, curPod: Pod): void {
    if (curPod.metadata?.resourceVersion === oldPod.metadata?.resourceVersion) return;
    const labelChanged = !deepEqual(curPod.metadata?.labels ?? {}, oldPod.metadata?.labels ?? {});
    if (curPod.metadata?.deletionTimestamp != null) {
      // Graceful deletion: replace the pod now rather than when it is finally gone.
      this.deletePod(curPod);
      if (labelChanged) this.deletePod(oldPod);
      return;
    }
    const curRef = getControllerOf(curPod);
    const oldRef = getControllerOf(oldPod);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef !== undefined) {
      const old = this.resolveControllerRef(oldPod.metadata?.namespace ?? '', oldRef);
      if (old !== undefined) this.enqueue(old);
    }
    if (curRef !== undefined) {
      const owner = this.resolveControllerRef(curPod.metadata?.namespace ?? '', curRef);
      if (owner === undefined) return;
      this.enqueue(owner);
      const minReady = this.kind.view(owner).spec?.minReadySeconds ?? 0;
      if (!isPodReady(oldPod) && isPodReady(curPod) && minReady > 0) {
        // Look again once the pod may have become available (a second more against clock skew).
        this.queue.addAfter(objectKey(owner), minReady * 1000 + 1000);
      }
      return;
    }
    if (labelChanged || refChanged) for (const owner of this.ownersSelecting(curPod)) this.enqueue(owner);
  }

  private deletePod(obj: Pod | DeletedFinalStateUnknown<Pod>): void {
    const pod = unwrapTombstone(obj);
    const ref = getControllerOf(pod);
    if (ref === undefined) return;
    const owner = this.resolveControllerRef(pod.metadata?.namespace ?? '', ref);
    if (owner === undefined) return;
    const key = objectKey(owner);
    this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  // ---- sync ----

  /**
   * Brings one owner (`namespace/name`) towards its spec. Resolves when done; rejects with the
   * error to retry with backoff. Never runs twice at once for one key (the queue guarantees it).
   */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const obj = this.owners.get(namespace, name);
    if (obj === undefined) {
      this.log.info(4, this.kind.logName, 'deleted', { kind: this.kind.controllerKind.kind, key });
      this.expectations.deleteExpectations(key);
      this.consistency.clear(key);
      return;
    }
    // Rejects (retried with backoff) until the cache has seen our last status write.
    this.consistency.ensureReady(key);
    const rs = this.kind.view(obj);
    const needsSync = this.expectations.satisfiedExpectations(key);
    let selector: Selector;
    try {
      selector = labelSelectorAsSelector(rs.spec?.selector);
    } catch (e) {
      // An invalid selector cannot become valid by retrying.
      this.log.error(this.kind.logName, 'error converting pod selector to selector', {
        key,
        err: errorOf(e).message,
      });
      return;
    }
    const uid = rs.metadata?.uid;
    // Pods controlled by this owner, and orphans it may adopt.
    const candidates = this.pods.listNamespace(namespace).filter((p) => {
      const ref = getControllerOf(p);
      return ref === undefined || ref.uid === uid;
    });
    const activePods = await this.claimPods(obj, selector, filterActivePods(candidates));
    const terminatingPods = this.kind.terminatingReplicas
      ? filterTerminatingPods(candidates).filter(
          (p) => getControllerOf(p)?.uid === uid && selector.matches(p.metadata?.labels ?? {}),
        )
      : undefined;

    let manageError: Error | undefined;
    if (needsSync && rs.metadata?.deletionTimestamp == null) {
      try {
        await this.manageReplicas(activePods, obj, rs, key);
      } catch (e) {
        manageError = errorOf(e);
      }
    }
    const now = this.clock.now();
    const status = calculateStatus(rs, {
      activePods,
      terminatingPods,
      manageReplicasError: manageError,
      now,
    });
    const written = await this.updateStatus(obj, status);
    this.consistency.wroteAt(key, uid ?? '', this.ownerResource(), written.metadata?.resourceVersion);
    const updated = this.kind.view(written);
    const minReady = updated.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && (updated.status?.readyReplicas ?? 0) !== (updated.status?.availableReplicas ?? 0)) {
      const next = findMinNextPodAvailabilityCheck(activePods, minReady, now) ?? minReady * 1000;
      this.queue.addAfter(key, next);
    }
    if (manageError !== undefined) throw manageError;
  }

  private async claimPods(obj: T, selector: Selector, pods: Pod[]): Promise<Pod[]> {
    const client = this.ctx.client.resource(this.kind.resource);
    const mgr = new ControllerRefManager<Pod>({
      owner: obj,
      ownerKind: this.kind.controllerKind,
      selector,
      childKind: 'Pod',
      patch: (ns, name, body) => this.podControl.patchPod(ns, name, body),
      canAdopt: canAdoptFor(client, obj, this.kind.controllerKind.kind),
    });
    return mgr.claim(pods);
  }

  private async manageReplicas(activePods: Pod[], obj: T, rs: ReplicaSetView, key: string): Promise<void> {
    const want = rs.spec?.replicas ?? 1;
    let diff = activePods.length - want;
    const owner = withTypeMeta(obj, this.kind.controllerKind);
    const namespace = rs.metadata?.namespace ?? '';
    if (diff < 0) {
      diff = Math.min(-diff, this.burstReplicas);
      // Set before the first request: informer events for the new pods may come at any await.
      this.expectations.expectCreations(key, diff);
      this.log.info(2, this.kind.logName, 'Too few replicas', {
        replicaSet: key,
        need: want,
        creating: diff,
      });
      const ref = newControllerRef(obj, this.kind.controllerKind);
      const template = rs.spec?.template ?? {};
      const result = await slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, async () => {
        try {
          await this.podControl.createPods(namespace, template, owner, ref);
        } catch (e) {
          // Nothing can be created in a namespace being deleted: not a failure to report.
          if (hasStatusCause(e, NAMESPACE_TERMINATING_CAUSE)) return;
          throw e;
        }
      });
      // Pods never attempted will never be observed.
      for (let skipped = diff - result.successes; skipped > 0; skipped--)
        this.expectations.creationObserved(key);
      if (result.failed) throw errorOf(result.error);
      return;
    }
    if (diff > 0) {
      diff = Math.min(diff, this.burstReplicas);
      this.log.info(2, this.kind.logName, 'Too many replicas', {
        replicaSet: key,
        need: want,
        deleting: diff,
      });
      const related = this.indirectlyRelatedPods(rs);
      const victims = podsToDelete(activePods, related, diff, this.clock.now());
      // Record exactly which pods must go, so each is counted once whether it is first seen
      // with a deletionTimestamp or as deleted.
      this.expectations.expectDeletions(key, victims.map(podKey));
      const errors: unknown[] = [];
      await Promise.all(
        victims.map(async (pod) => {
          try {
            await this.podControl.deletePod(namespace, pod.metadata?.name ?? '', owner);
          } catch (e) {
            // The deletion will never be observed.
            this.expectations.deletionObserved(key, podKey(pod));
            if (!isNotFound(e)) errors.push(e);
          }
        }),
      );
      const first = errors[0];
      if (first !== undefined) throw errorOf(first);
    }
  }

  /** Pods of every owner controlled by the same controller as `rs` (e.g. one Deployment's). */
  private indirectlyRelatedPods(rs: ReplicaSetView): Pod[] {
    const ref = getControllerOf(rs);
    if (ref === undefined) return [];
    const seen = new Set<string>();
    const out: Pod[] = [];
    for (const other of this.owners.listNamespace(rs.metadata?.namespace ?? '')) {
      if (getControllerOf(other)?.uid !== ref.uid) continue;
      let sel: Selector;
      try {
        sel = labelSelectorAsSelector(this.kind.view(other).spec?.selector);
      } catch {
        continue;
      }
      for (const pod of this.pods.listNamespace(other.metadata?.namespace ?? '', sel)) {
        const uid = pod.metadata?.uid ?? '';
        if (seen.has(uid)) continue;
        seen.add(uid);
        out.push(pod);
      }
    }
    return out;
  }

  /**
   * Writes `status` unless nothing changed (then `obj` is returned): observedGeneration is set to
   * the generation acted on; on failure the object is read again and the write retried once.
   */
  private async updateStatus(obj: T, status: ReturnType<typeof calculateStatus>): Promise<T> {
    const rs = this.kind.view(obj);
    if (statusUpToDate(rs, status)) return obj;
    const next = { ...status, observedGeneration: rs.metadata?.generation ?? 0 };
    const client = this.ctx.client.resource(this.kind.resource);
    let current = obj;
    for (let i = 0; ; i++) {
      this.log.info(4, this.kind.logName, `Updating status for ${this.kind.controllerKind.kind}`, {
        key: objectKey(current),
        replicas: next.replicas,
        readyReplicas: next.readyReplicas,
        availableReplicas: next.availableReplicas,
      });
      try {
        return await client.updateStatus(this.kind.withStatus(current, next));
      } catch (e) {
        if (i >= STATUS_UPDATE_RETRIES) throw e;
        const m = current.metadata ?? {};
        current = await client.get(m.namespace ?? '', m.name ?? '');
      }
    }
  }
}

/**
 * The `diff` pods to delete: all of them when deleting every pod, else the first after ranking by
 * co-located related pods and sorting in the scale-down order (see util sortPodsForDeletion).
 */
export function podsToDelete(
  active: readonly Pod[],
  related: readonly Pod[],
  diff: number,
  now: number,
): Pod[] {
  if (diff >= active.length) return active.slice(0, diff);
  const ranks = ranksByRelatedPodsOnSameNode(active, related);
  return sortPodsForDeletion(active, ranks, now).slice(0, diff);
}
