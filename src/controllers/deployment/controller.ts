// The deployment controller (upstream's DeploymentController): it watches deployments, their
// replica sets and pods, and drives each deployment's replica sets towards its spec. It creates,
// scales and deletes replica sets only; the replicaset controller makes the pods.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { labelSelectorAsSelector, type Labels } from '../../apimachinery/labels/index.js';
import { deepCopy } from '../../apimachinery/meta/index.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/events/types.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { DeletedFinalStateUnknown, SharedInformer } from '../../client/informers/types.js';
import { DEPLOYMENTS, PODS, REPLICA_SETS } from '../../client/resources.js';
import type { ResourceClient } from '../../client/types.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Logger } from '../../log/index.js';
import type { ControllerContext } from '../context.js';
import {
  getControllerOf,
  hasStatusCause,
  NAMESPACE_TERMINATING_CAUSE,
  runWorkers,
  type WorkerPool,
  newControllerQueue,
} from '../util/index.js';
import { DEPLOYMENT_CONTROLLER_NAME, DEPLOYMENT_KIND, deploymentEvent, type SyncEnv } from './env.js';
import { claimReplicaSets, ownedReplicaSets, podMapFor } from './ownership.js';
import { type PodMap, rolloutRecreate } from './recreate.js';
import { getRollbackTo, rollback } from './rollback.js';
import { rolloutRolling } from './rolling.js';
import { checkPausedConditions, isScalingEvent, syncScaling, syncStatusOnly } from './sync.js';
import { type Deployment, RECREATE, type ReplicaSet, ROLLING_UPDATE } from './util/index.js';

/** kube-controller-manager's `--concurrent-deployment-syncs` default. */
export const CONCURRENT_DEPLOYMENT_SYNCS = 5;

/** Retries of a failing deployment before it is dropped from the queue (until its next change). */
export const MAX_RETRIES = 15;

const SOURCE = DEPLOYMENT_CONTROLLER_NAME;

function isEmptySelector(d: Deployment): boolean {
  const s = d.spec?.selector;
  if (s === undefined || s === null) return false;
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}

/**
 * Syncs deployments from a rate-limited queue. Event handlers only compute keys; `sync(key)`
 * reads the informer caches and writes through the client. One key is never synced by two
 * workers at once. Idle (no timers, no reads) while nothing changes, except for the timed
 * progress check of a rollout that has a deadline and has not finished.
 */
export class DeploymentController implements SyncEnv {
  readonly deployments: ResourceClient<Deployment>;
  readonly replicaSets: ResourceClient<ReplicaSet>;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly log: Logger;
  readonly queue: WorkQueue<string>;
  private readonly dInformer: SharedInformer<Deployment>;
  private readonly rsInformer: SharedInformer<ReplicaSet>;
  private readonly podInformer: SharedInformer<Pod>;

  /** Builds the controller and registers its event handlers; nothing runs before `run`. */
  constructor(private readonly ctx: ControllerContext) {
    this.deployments = ctx.client.resource(DEPLOYMENTS) as ResourceClient<Deployment>;
    this.replicaSets = ctx.client.resource(REPLICA_SETS) as ResourceClient<ReplicaSet>;
    this.recorder = ctx.events.newRecorder(DEPLOYMENT_CONTROLLER_NAME);
    this.clock = ctx.clock;
    this.log = ctx.log;
    this.queue = newControllerQueue(ctx.clock);
    this.dInformer = ctx.informers.informerFor(DEPLOYMENTS) as SharedInformer<Deployment>;
    this.rsInformer = ctx.informers.informerFor(REPLICA_SETS) as SharedInformer<ReplicaSet>;
    this.podInformer = ctx.informers.informerFor(PODS);
    this.dInformer.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_old, cur) => this.enqueue(cur),
      onDelete: (d) => this.enqueue(unwrapTombstone(d)),
    });
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.addReplicaSet(rs),
      onUpdate: (old, cur) => this.updateReplicaSet(old, cur),
      onDelete: (rs) => this.deleteReplicaSet(rs),
    });
    this.podInformer.addEventHandler({ onDelete: (pod) => this.deletePod(pod) });
  }

  /** The replica-set cache. */
  get rsLister() {
    return this.rsInformer.lister;
  }

  /** Queues the deployment's key. */
  enqueue(d: Deployment): void {
    this.queue.add(objectKey(d));
  }

  /** Queues the deployment's key after `ms` (the earliest pending time wins). */
  enqueueAfter(d: Deployment, ms: number): void {
    this.queue.addAfter(objectKey(d), ms);
  }

  /** Queues the deployment's key after its backoff delay. */
  enqueueRateLimited(d: Deployment): void {
    this.queue.addRateLimited(objectKey(d));
  }

  /**
   * Waits for the caches, then works the queue with `workers` workers until `signal` aborts.
   * Resolves once every worker stopped (a sync in progress finishes first).
   */
  run(workers: number, signal: AbortSignal): Promise<void> {
    const pool: WorkerPool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.log,
      source: SOURCE,
      startMessage: 'Starting controller',
      stopMessage: 'Shutting down controller',
      lifecycleKv: { controller: 'deployment' },
      handleError: (key, err) => this.handleErr(err, key),
      sync: (key) => this.sync(key),
    };
    return runWorkers(pool, workers, signal);
  }

  /** Syncs one key and applies the retry policy to the outcome (exposed for tests). */
  async processKey(key: string): Promise<void> {
    try {
      await this.sync(key);
      this.queue.forget(key);
    } catch (err) {
      this.handleErr(err, key);
    }
  }

  private handleErr(err: unknown, key: string): void {
    if (hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) {
      this.queue.forget(key);
      return;
    }
    const { namespace, name } = splitKey(key);
    if (this.queue.numRequeues(key) < MAX_RETRIES) {
      this.log.info(2, SOURCE, 'Error syncing deployment', { deployment: `${namespace}/${name}`, err });
      this.queue.addRateLimited(key);
      return;
    }
    this.log.info(2, SOURCE, 'Dropping deployment out of the queue', {
      deployment: `${namespace}/${name}`,
      err,
    });
    this.queue.forget(key);
  }

  // The deployment a controller reference points at, when it exists with that uid.
  private resolveControllerRef(
    namespace: string,
    ref: { kind?: string; name?: string; uid?: string },
  ): Deployment | undefined {
    if (ref.kind !== DEPLOYMENT_KIND.kind) return undefined;
    const d = this.dInformer.lister.get(namespace, ref.name ?? '');
    if (d === undefined || d.metadata?.uid !== ref.uid) return undefined;
    return d;
  }

  // Deployments whose selector matches the replica set's labels (a non-empty selector only).
  private deploymentsForReplicaSet(rs: ReplicaSet): Deployment[] {
    const labels = rs.metadata?.labels ?? {};
    if (Object.keys(labels).length === 0) return [];
    const out: Deployment[] = [];
    for (const d of this.dInformer.lister.listNamespace(rs.metadata?.namespace ?? '')) {
      let matches: boolean;
      try {
        const sel = labelSelectorAsSelector(d.spec?.selector);
        matches = !sel.empty() && sel.matches(labels as Labels);
      } catch {
        matches = false;
      }
      if (matches) out.push(d);
    }
    return out;
  }

  private addReplicaSet(rs: ReplicaSet): void {
    if (rs.metadata?.deletionTimestamp != null) {
      // After a restart a replica set may first be seen already being deleted.
      this.deleteReplicaSet(rs);
      return;
    }
    const ref = getControllerOf(rs);
    if (ref !== undefined) {
      const d = this.resolveControllerRef(rs.metadata?.namespace ?? '', ref);
      if (d !== undefined) this.enqueue(d);
      return;
    }
    // An orphan: whoever matches may adopt it.
    for (const d of this.deploymentsForReplicaSet(rs)) this.enqueue(d);
  }

  private updateReplicaSet(oldRS: ReplicaSet, curRS: ReplicaSet): void {
    if (curRS.metadata?.resourceVersion === oldRS.metadata?.resourceVersion) return;
    const curRef = getControllerOf(curRS);
    const oldRef = getControllerOf(oldRS);
    const refChanged = JSON.stringify(curRef ?? null) !== JSON.stringify(oldRef ?? null);
    const ns = curRS.metadata?.namespace ?? '';
    if (refChanged && oldRef !== undefined) {
      const d = this.resolveControllerRef(oldRS.metadata?.namespace ?? '', oldRef);
      if (d !== undefined) this.enqueue(d);
    }
    if (curRef !== undefined) {
      const d = this.resolveControllerRef(ns, curRef);
      if (d !== undefined) this.enqueue(d);
      return;
    }
    const labelsChanged =
      JSON.stringify(curRS.metadata?.labels ?? {}) !== JSON.stringify(oldRS.metadata?.labels ?? {});
    if (labelsChanged || refChanged) for (const d of this.deploymentsForReplicaSet(curRS)) this.enqueue(d);
  }

  private deleteReplicaSet(obj: ReplicaSet | DeletedFinalStateUnknown<ReplicaSet>): void {
    const rs = unwrapTombstone(obj);
    const ref = getControllerOf(rs);
    // Nobody cares about orphans going away.
    if (ref === undefined) return;
    const d = this.resolveControllerRef(rs.metadata?.namespace ?? '', ref);
    if (d !== undefined) this.enqueue(d);
  }

  // A Recreate deployment waits for its old pods to be gone: wake it when the last one goes.
  private deletePod(obj: Pod | DeletedFinalStateUnknown<Pod>): void {
    const pod = unwrapTombstone(obj);
    const d = this.deploymentForPod(pod);
    if (d === undefined || d.spec?.strategy?.type !== RECREATE) return;
    const podMap = podMapFor(this.podInformer.lister, d, ownedReplicaSets(this.rsInformer.lister, d));
    if (podMap === undefined) return;
    let count = 0;
    for (const pods of podMap.values()) count += pods.length;
    if (count === 0) this.enqueue(d);
  }

  private deploymentForPod(pod: Pod): Deployment | undefined {
    const ref = getControllerOf(pod);
    if (ref === undefined || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.rsInformer.lister.get(pod.metadata?.namespace ?? '', ref.name);
    if (rs === undefined || rs.metadata?.uid !== ref.uid) return undefined;
    const dRef = getControllerOf(rs);
    if (dRef === undefined) return undefined;
    return this.resolveControllerRef(rs.metadata?.namespace ?? '', dRef);
  }

  /**
   * Syncs one deployment by key: deleted → nothing; selecting everything → a warning event;
   * being deleted → status only; paused → scaling only; a rollback request → rollback; resized
   * → proportional scaling; otherwise a step of its rollout strategy.
   */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const started = this.clock.now();
    this.log.info(4, SOURCE, 'Started syncing deployment', { deployment: key });
    try {
      const cached = this.dInformer.lister.get(namespace, name);
      if (cached === undefined) {
        this.log.info(2, SOURCE, 'Deployment has been deleted', { deployment: key });
        return;
      }
      const d = deepCopy(cached);
      if (isEmptySelector(d)) {
        deploymentEvent(
          this,
          d,
          'Warning',
          'SelectingAll',
          'This deployment is selecting all pods. A non-empty selector is required.',
        );
        if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
          d.status = { ...(d.status ?? {}), observedGeneration: d.metadata?.generation ?? 0 };
          await this.deployments.updateStatus(d).catch(() => undefined);
        }
        return;
      }
      const rsList = await claimReplicaSets(this.deployments, this.replicaSets, this.rsInformer.lister, d);
      const podMap: PodMap = podMapFor(this.podInformer.lister, d, rsList) ?? new Map();
      if (d.metadata?.deletionTimestamp != null) {
        await syncStatusOnly(this, d, rsList);
        return;
      }
      await checkPausedConditions(this, d);
      if (d.spec?.paused === true) {
        await syncScaling(this, d, rsList);
        return;
      }
      // A rollback changes revisions of replica sets: finish it before anything else moves.
      if (getRollbackTo(d) !== undefined) {
        await rollback(this, d, rsList);
        return;
      }
      if (await isScalingEvent(this, d, rsList)) {
        await syncScaling(this, d, rsList);
        return;
      }
      const strategy = d.spec?.strategy?.type ?? ROLLING_UPDATE;
      switch (strategy) {
        case RECREATE:
          await rolloutRecreate(this, d, rsList, podMap);
          return;
        case ROLLING_UPDATE:
          await rolloutRolling(this, d, rsList);
          return;
        default:
          throw new Error(`unexpected deployment strategy type: ${strategy}`);
      }
    } finally {
      this.log.info(4, SOURCE, 'Finished syncing deployment', {
        deployment: key,
        durationMs: this.clock.now() - started,
      });
    }
  }
}
