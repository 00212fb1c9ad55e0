// The Job controller (upstream's pkg/controller/job): runs a Job's pods to completion and keeps
// its status. Pods carry the tracking finalizer until their outcome is counted: a terminated pod
// is first recorded in `.status.uncountedTerminatedPods`, then its finalizer is removed, then it
// moves into the succeeded/failed counters; so no outcome is lost or counted twice even when pods
// are deleted right after they finish. This module holds the event handlers and workers; the
// sync is in sync.ts, pod creation and deletion in pod-manager.ts, status in status-tracker.ts.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { labelSelectorAsSelector, type Labels } from '../../apimachinery/labels/index.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { DeletedFinalStateUnknown, Lister } from '../../client/informers/types.js';
import { JOBS, PODS } from '../../client/resources.js';
import { ItemExponentialFailureRateLimiter } from '../../client/workqueue/rate-limiter.js';
import { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Logger } from '../../log/index.js';
import type { Clock } from '../../client/clock.js';
import type { ControllerContext } from '../context.js';
import {
  ControllerExpectations,
  getControllerOf,
  type PodControl,
  RealPodControl,
  runWorkers,
  type WorkerPool,
} from '../util/index.js';
import { BackoffStore } from './backoff.js';
import { isJobFinished } from './conditions.js';
import { hasTrackingFinalizer } from './pod-state.js';

import { FinalizerExpectations } from './finalizer-expectations.js';
import { PodManager } from './pod-manager.js';
import {
  JOB_KIND,
  managedByOther,
  removeFinalizerPatch,
  SOURCE,
  SYNC_JOB_BATCH_PERIOD_MS,
  uid,
} from './rules.js';
import type { JobDeps } from './sync-context.js';
import { StatusTracker } from './status-tracker.js';
import { JobSyncer } from './sync.js';

/** The component name of the controller's events. */
export const JOB_CONTROLLER_COMPONENT = 'job-controller';
/** kube-controller-manager's `--concurrent-job-syncs` default. */
export const CONCURRENT_JOB_SYNCS = 5;
/** Retry backoff of failed syncs: 1 s doubling to 1 minute (DefaultJobApiBackOff, MaxJobApiBackOff). */
export const JOB_API_BACKOFF_MS = 1000;
/** Longest retry delay of a failing sync. */
export const MAX_JOB_API_BACKOFF_MS = 60_000;

/** Optional parts of the controller; tests replace them. */
export interface JobControllerOptions {
  readonly podControl?: PodControl;
}

/**
 * The Job controller. Handlers enqueue Job keys (pod events batched by one second); `sync(key)`
 * reconciles one Job. A second queue removes the tracking finalizer from orphaned pods. Timers are
 * set only for deadlines: activeDeadlineSeconds and pod re-creation backoff.
 */
export class JobController {
  readonly queue: WorkQueue<string>;
  readonly orphanQueue: WorkQueue<string>;
  readonly expectations: ControllerExpectations;
  private readonly finalizers = new FinalizerExpectations();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly podControl: PodControl;
  private readonly jobs: Lister<Job>;
  private readonly pods: Lister<Pod>;
  private readonly ctx: ControllerContext;
  private readonly syncer: JobSyncer;

  constructor(ctx: ControllerContext, opts: JobControllerOptions = {}) {
    this.ctx = ctx;
    this.clock = ctx.clock;
    this.log = ctx.log;
    const recorder = ctx.events.newRecorder(JOB_CONTROLLER_COMPONENT);
    this.podControl = opts.podControl ?? new RealPodControl(ctx.client, recorder);
    this.queue = new WorkQueue<string>(
      new ItemExponentialFailureRateLimiter(JOB_API_BACKOFF_MS, MAX_JOB_API_BACKOFF_MS),
      ctx.clock,
    );
    this.orphanQueue = new WorkQueue<string>(
      new ItemExponentialFailureRateLimiter(JOB_API_BACKOFF_MS, MAX_JOB_API_BACKOFF_MS),
      ctx.clock,
    );
    this.expectations = new ControllerExpectations(ctx.clock);
    const jobInformer = ctx.informers.informerFor(JOBS);
    const podInformer = ctx.informers.informerFor(PODS);
    this.jobs = jobInformer.lister;
    this.pods = podInformer.lister;
    const deps: JobDeps = {
      client: ctx.client,
      clock: ctx.clock,
      log: ctx.log,
      recorder,
      podControl: this.podControl,
      queue: this.queue,
      expectations: this.expectations,
      finalizers: this.finalizers,
      backoff: new BackoffStore(),
      jobs: this.jobs,
      pods: this.pods,
    };
    this.syncer = new JobSyncer(deps, new PodManager(deps), new StatusTracker(deps));
    jobInformer.addEventHandler({
      onAdd: (j) => this.addJob(j),
      onUpdate: (o, n) => this.updateJob(o, n),
      onDelete: (j) => this.deleteJob(j),
    });
    podInformer.addEventHandler({
      onAdd: (p) => this.addPod(p),
      onUpdate: (o, n) => this.updatePod(o, n),
      onDelete: (p) => this.deletePod(p, true),
    });
  }

  /** Runs `workers` Job workers and one orphan-pod worker until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    const common = {
      informers: this.ctx.informers,
      log: this.log,
      source: SOURCE,
      retryMessage: 'syncing job',
      retryLevel: 'error',
    } as const;
    const jobs: WorkerPool = { ...common, queue: this.queue, sync: (k) => this.sync(k) };
    const orphans: WorkerPool = { ...common, queue: this.orphanQueue, sync: (k) => this.syncOrphanPod(k) };
    return runWorkers(jobs, workers, signal, [orphans]);
  }

  // ---- event handlers: compute keys and enqueue ----

  private enqueueImmediately(job: Job): void {
    this.queue.add(objectKey(job));
  }

  private enqueueBatched(job: Job): void {
    this.queue.addAfter(objectKey(job), SYNC_JOB_BATCH_PERIOD_MS);
  }

  private enqueueOrphanPod(pod: Pod): void {
    this.orphanQueue.add(objectKey(pod));
  }

  private addJob(job: Job): void {
    this.enqueueImmediately(job);
  }

  private updateJob(old: Job, cur: Job): void {
    if (cur.metadata?.generation === old.metadata?.generation) this.enqueueBatched(cur);
    else this.enqueueImmediately(cur);
    // A finished Job has no pod left with a finalizer; this is a safety net.
    if (isJobFinished(cur)) this.cleanupPodFinalizers(cur);
    const start = cur.status?.startTime;
    const curAds = cur.spec?.activeDeadlineSeconds;
    if (start == null || curAds == null) return;
    const oldAds = old.spec?.activeDeadlineSeconds;
    if (oldAds == null || oldAds !== curAds) {
      const passed = this.clock.now() - Date.parse(start);
      this.queue.addAfter(objectKey(cur), curAds * 1000 - passed);
    }
  }

  private deleteJob(obj: Job | DeletedFinalStateUnknown<Job>): void {
    const job = unwrapTombstone(obj);
    this.queue.add(objectKey(obj));
    this.cleanupPodFinalizers(job);
  }

  private cleanupPodFinalizers(job: Job): void {
    const selector = labelSelectorAsSelector(job.spec?.selector);
    for (const pod of this.pods.listNamespace(job.metadata?.namespace ?? '', selector)) {
      if (getControllerOf(pod)?.uid === uid(job) && hasTrackingFinalizer(pod)) this.enqueueOrphanPod(pod);
    }
  }

  private resolveControllerRef(
    namespace: string,
    ref: { kind?: string; name?: string; uid?: string },
  ): Job | undefined {
    if (ref.kind !== JOB_KIND.kind) return undefined;
    const job = this.jobs.get(namespace, ref.name ?? '');
    return job !== undefined && uid(job) === ref.uid ? job : undefined;
  }

  private podJobs(pod: Pod): Job[] {
    const labels = (pod.metadata?.labels ?? {}) as Labels;
    if (Object.keys(labels).length === 0) return [];
    return this.jobs
      .listNamespace(pod.metadata?.namespace ?? '')
      .filter((j) => j.spec?.selector != null && labelSelectorAsSelector(j.spec.selector).matches(labels));
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp != null) {
      this.deletePod(pod, false);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref !== undefined) {
      const job = this.resolveControllerRef(pod.metadata?.namespace ?? '', ref);
      if (job === undefined) return;
      this.expectations.creationObserved(objectKey(job));
      this.enqueueBatched(job);
      return;
    }
    if (hasTrackingFinalizer(pod)) this.enqueueOrphanPod(pod);
    for (const job of this.podJobs(pod)) this.enqueueBatched(job);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (cur.metadata?.resourceVersion === old.metadata?.resourceVersion) return;
    if (cur.metadata?.deletionTimestamp != null) {
      this.deletePod(cur, false);
      return;
    }
    const finalizerRemoved = !hasTrackingFinalizer(cur);
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !deepEqual(curRef ?? null, oldRef ?? null);
    const ns = cur.metadata?.namespace ?? '';
    if (refChanged && oldRef !== undefined) {
      const job = this.resolveControllerRef(ns, oldRef);
      if (job !== undefined) {
        if (finalizerRemoved) this.finalizers.observed(objectKey(job), uid(cur));
        this.enqueueBatched(job);
      }
    }
    if (curRef !== undefined) {
      const job = this.resolveControllerRef(ns, curRef);
      if (job === undefined) return;
      if (finalizerRemoved) this.finalizers.observed(objectKey(job), uid(cur));
      this.enqueueBatched(job);
      return;
    }
    if (hasTrackingFinalizer(cur)) this.enqueueOrphanPod(cur);
    const labelsChanged = !deepEqual(cur.metadata?.labels ?? {}, old.metadata?.labels ?? {});
    if (labelsChanged || refChanged) for (const job of this.podJobs(cur)) this.enqueueBatched(job);
  }

  private deletePod(obj: Pod | DeletedFinalStateUnknown<Pod>, final: boolean): void {
    const pod = unwrapTombstone(obj);
    const ref = getControllerOf(pod);
    const hasFinalizer = hasTrackingFinalizer(pod);
    if (ref === undefined) {
      // The garbage collector may have removed the reference of a Job's pod.
      if (hasFinalizer) this.enqueueOrphanPod(pod);
      return;
    }
    const job = this.resolveControllerRef(pod.metadata?.namespace ?? '', ref);
    if (job === undefined || isJobFinished(job)) {
      // No sync will remove this finalizer.
      if (hasFinalizer) this.enqueueOrphanPod(pod);
      return;
    }
    const key = objectKey(job);
    this.expectations.deletionObserved(key);
    if (final || !hasFinalizer) this.finalizers.observed(key, uid(pod));
    this.enqueueBatched(job);
  }

  // ---- orphan pods ----

  /** Removes the tracking finalizer of a pod whose Job is gone or finished. */
  async syncOrphanPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.get(namespace, name);
    if (pod === undefined) return;
    const ref = getControllerOf(pod);
    if (ref !== undefined) {
      if (ref.kind !== JOB_KIND.kind || ref.apiVersion !== JOB_KIND.apiVersion) return;
      const job = this.resolveControllerRef(namespace, ref);
      if (job !== undefined && managedByOther(job)) return;
      if (job !== undefined && !isJobFinished(job)) return;
    }
    if (!hasTrackingFinalizer(pod)) return;
    try {
      await this.podControl.patchPod(namespace, name, removeFinalizerPatch());
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** Reconciles the Job of `key` (`namespace/name`). Rejects when it must be retried. */
  sync(key: string): Promise<void> {
    return this.syncer.sync(key);
  }
}
