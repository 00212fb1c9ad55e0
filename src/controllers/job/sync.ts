// One reconciliation of a Job: count its pods, decide whether it failed, succeeded or goes on,
// create or delete pods, and write the status.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { labelSelectorAsSelector } from '../../apimachinery/labels/index.js';
import { splitKey } from '../../client/informers/keys.js';
import { JOBS } from '../../client/resources.js';
import { ControllerRefManager, isPodReady, isPodTerminating, canAdoptFor } from '../util/index.js';
import {
  ensureCondition,
  isJobFinished,
  JOB_FAILED,
  JOB_FAILURE_TARGET,
  JOB_SUCCESS_CRITERIA_MET,
  JOB_SUSPENDED,
  MESSAGE_BACKOFF_LIMIT_EXCEEDED,
  MESSAGE_COMPLETIONS_REACHED,
  MESSAGE_DEADLINE_EXCEEDED,
  MESSAGE_FAILED_INDEXES,
  MESSAGE_MAX_FAILED_INDEXES_EXCEEDED,
  newCondition,
  REASON_BACKOFF_LIMIT_EXCEEDED,
  REASON_COMPLETIONS_REACHED,
  REASON_DEADLINE_EXCEEDED,
  REASON_FAILED_INDEXES,
  REASON_MAX_FAILED_INDEXES_EXCEEDED,
  REASON_POD_FAILURE_POLICY,
  REASON_SUCCESS_POLICY,
  trueCondition,
} from './conditions.js';
import { OrderedIntervals } from './intervals.js';
import { matchSuccessPolicy } from './success-policy.js';
import {
  completionIndexOf,
  finishedTime,
  hasBackoffLimitPerIndex,
  hasTrackingFinalizer,
  indexAbsoluteFailureCount,
  indexesOf,
  isIndexedJob,
  isPodFailed,
  JOB_TRACKING_FINALIZER,
  sortedNumbers,
  UNKNOWN_COMPLETION_INDEX,
} from './pod-state.js';

import type { PodManager } from './pod-manager.js';
import {
  calculateFailedIndexes,
  completionsOf,
  failJobMessage,
  formatTime,
  isSuspended,
  JOB_KIND,
  ManageError,
  managedByOther,
  nonIgnoredFailedCount,
  pastBackoffLimitOnFailure,
  prepareJob,
  setCount,
  SOURCE,
  uid,
} from './rules.js';
import { type JobDeps, JobPart, type SyncContext } from './sync-context.js';
import type { StatusTracker } from './status-tracker.js';

/** Syncs Jobs. */
export class JobSyncer extends JobPart {
  constructor(
    d: JobDeps,
    private readonly manager: PodManager,
    private readonly tracker: StatusTracker,
  ) {
    super(d);
  }

  /** Reconciles the Job of `key` (`namespace/name`). Rejects when it must be retried. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const shared = this.jobs.get(namespace, name);
    if (shared === undefined) {
      this.expectations.deleteExpectations(key);
      this.finalizers.forget(key);
      this.backoff.remove(key);
      return;
    }
    if (managedByOther(shared)) return;
    if (isJobFinished(shared)) {
      this.backoff.remove(key);
      return;
    }
    const mode = shared.spec?.completionMode;
    if (mode != null && mode !== 'NonIndexed' && mode !== 'Indexed') return;

    const job = prepareJob(shared);
    const spec = job.spec!;
    const status = job.status!;
    const now = this.clock.now();
    const satisfied = this.expectations.satisfiedExpectations(key);
    const pods = await this.podsForJob(job);
    const uncounted = status.uncountedTerminatedPods!;
    const ctx: SyncContext = {
      job,
      key,
      pods,
      activePods: pods.filter(
        (p) =>
          p.status?.phase !== 'Succeeded' &&
          p.status?.phase !== 'Failed' &&
          p.metadata?.deletionTimestamp == null,
      ),
      succeeded: 0,
      failed: 0,
      terminating: pods.filter(isPodTerminating).length,
      ready: 0,
      finishedCondition: undefined,
      expectedRmFinalizers: this.finalizers.expected(key),
      uncountedSucceeded: new Set(uncounted.succeeded ?? []),
      uncountedFailed: new Set(uncounted.failed ?? []),
      newBackoffRecord: { key, failuresAfterLastSuccess: 0, lastFailureTime: undefined },
      prevSucceededIndexes: OrderedIntervals.EMPTY,
      succeededIndexes: OrderedIntervals.EMPTY,
      failedIndexes: undefined,
      podsWithDelayedDeletionPerIndex: new Map(),
    };
    let active = ctx.activePods.length;
    const newSucceeded = this.validPods(ctx, ctx.uncountedSucceeded, (p) => p.status?.phase === 'Succeeded');
    const newFailed = this.validPods(ctx, ctx.uncountedFailed, (p) => isPodFailed(p, job));
    ctx.succeeded = (status.succeeded ?? 0) + newSucceeded.length + ctx.uncountedSucceeded.size;
    ctx.failed = (status.failed ?? 0) + nonIgnoredFailedCount(job, newFailed) + ctx.uncountedFailed.size;
    ctx.ready = ctx.activePods.filter(isPodReady).length;

    if (status.startTime == null && !isSuspended(job)) status.startTime = formatTime(now);
    ctx.newBackoffRecord = this.backoff.newRecord(key, newSucceeded, newFailed);

    let manageError: unknown;
    const exceedsBackoffLimit = ctx.failed > (spec.backoffLimit ?? 6);
    ctx.finishedCondition = trueCondition(job, JOB_SUCCESS_CRITERIA_MET);
    if (ctx.finishedCondition === undefined) {
      const target = trueCondition(job, JOB_FAILURE_TARGET);
      if (target !== undefined) {
        ctx.finishedCondition = newCondition(
          JOB_FAILED,
          'True',
          target.reason ?? '',
          target.message ?? '',
          now,
        );
      } else {
        const msg = failJobMessage(job, pods);
        if (msg !== undefined)
          ctx.finishedCondition = newCondition(
            JOB_FAILURE_TARGET,
            'True',
            REASON_POD_FAILURE_POLICY,
            msg,
            now,
          );
      }
    }
    if (ctx.finishedCondition === undefined) {
      if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, pods)) {
        ctx.finishedCondition = this.failure(REASON_BACKOFF_LIMIT_EXCEEDED, MESSAGE_BACKOFF_LIMIT_EXCEEDED);
      } else if (this.pastActiveDeadline(job)) {
        ctx.finishedCondition = this.failure(REASON_DEADLINE_EXCEEDED, MESSAGE_DEADLINE_EXCEEDED);
      } else if (spec.activeDeadlineSeconds != null && !isSuspended(job) && status.startTime != null) {
        const left = spec.activeDeadlineSeconds * 1000 - (now - Date.parse(status.startTime));
        this.log.info(2, SOURCE, 'Job has activeDeadlineSeconds configuration. Will sync this job again', {
          key,
          nextSyncIn: `${left}ms`,
        });
        this.queue.addAfter(key, left);
      }
    }

    if (isIndexedJob(job)) {
      const completions = completionsOf(job);
      ctx.prevSucceededIndexes = OrderedIntervals.parse(status.completedIndexes, completions);
      const fresh = new Set<number>();
      for (const p of pods) {
        const ix = completionIndexOf(p);
        if (
          p.status?.phase === 'Succeeded' &&
          ix !== UNKNOWN_COMPLETION_INDEX &&
          ix < completions &&
          hasTrackingFinalizer(p)
        )
          fresh.add(ix);
      }
      ctx.succeededIndexes = ctx.prevSucceededIndexes.withIndexes(sortedNumbers(fresh));
      ctx.succeeded = ctx.succeededIndexes.total();
      ctx.podsWithDelayedDeletionPerIndex = this.podsWithDelayedDeletion(ctx);
      if (hasBackoffLimitPerIndex(job)) {
        ctx.failedIndexes = calculateFailedIndexes(job, pods);
        if (ctx.finishedCondition === undefined) {
          const failedTotal = ctx.failedIndexes.total();
          if (spec.maxFailedIndexes != null && failedTotal > spec.maxFailedIndexes) {
            ctx.finishedCondition = this.failure(
              REASON_MAX_FAILED_INDEXES_EXCEEDED,
              MESSAGE_MAX_FAILED_INDEXES_EXCEEDED,
            );
          } else if (failedTotal > 0 && failedTotal + ctx.succeededIndexes.total() >= completions) {
            ctx.finishedCondition = this.failure(REASON_FAILED_INDEXES, MESSAGE_FAILED_INDEXES);
          }
        }
        ctx.podsWithDelayedDeletionPerIndex = this.podsWithDelayedDeletion(ctx);
      }
      if (ctx.finishedCondition === undefined && spec.successPolicy != null) {
        const msg = matchSuccessPolicy(spec.successPolicy, completionsOf(job), ctx.succeededIndexes);
        if (msg !== undefined)
          ctx.finishedCondition = newCondition(
            JOB_SUCCESS_CRITERIA_MET,
            'True',
            REASON_SUCCESS_POLICY,
            msg,
            now,
          );
      }
    }

    let suspendChanged = false;
    if (ctx.finishedCondition !== undefined) {
      const r = await this.manager.deleteActivePods(job, ctx.activePods);
      if (r.deleted !== active || !satisfied) ctx.finishedCondition = undefined;
      active -= r.deleted;
      ctx.terminating += r.deleted;
      ctx.ready -= r.deletedReady;
      manageError = r.error;
    } else {
      let manageCalled = false;
      if (satisfied && job.metadata?.deletionTimestamp == null) {
        try {
          active = await this.manager.manageJob(ctx);
        } catch (e) {
          active = ctx.activePods.length;
          manageError = e;
          if (e instanceof ManageError) active = e.active;
        }
        manageCalled = true;
      }
      const complete =
        spec.completions == null
          ? ctx.succeeded > 0 && active === 0
          : ctx.succeeded >= spec.completions && active === 0;
      if (complete) {
        ctx.finishedCondition = newCondition(
          JOB_SUCCESS_CRITERIA_MET,
          'True',
          REASON_COMPLETIONS_REACHED,
          MESSAGE_COMPLETIONS_REACHED,
          now,
        );
      } else if (manageCalled) {
        status.conditions ??= [];
        const conds = status.conditions;
        if (isSuspended(job)) {
          if (ensureCondition(conds, JOB_SUSPENDED, 'True', 'JobSuspended', 'Job suspended', now)) {
            suspendChanged = true;
            this.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
          }
        } else if (ensureCondition(conds, JOB_SUSPENDED, 'False', 'JobResumed', 'Job resumed', now)) {
          suspendChanged = true;
          this.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
          // activeDeadlineSeconds counts continuous activity: resuming starts the clock afresh.
          status.startTime = formatTime(now);
        }
        if (conds.length === 0) delete status.conditions;
      }
    }

    const needsUpdate =
      suspendChanged ||
      active !== (status.active ?? 0) ||
      ctx.ready !== status.ready ||
      ctx.terminating !== status.terminating ||
      (shared.status?.startTime ?? undefined) !== status.startTime;
    setCount(status, 'active', active);
    status.ready = ctx.ready;
    status.terminating = ctx.terminating;
    await this.tracker.trackStatusAndRemoveFinalizers(ctx, needsUpdate);
    if (manageError !== undefined) throw manageError;
  }

  private failure(reason: string, message: string): JobCondition {
    // The terminal Failed condition waits until every pod is gone; FailureTarget marks the decision.
    return newCondition(JOB_FAILURE_TARGET, 'True', reason, message, this.clock.now());
  }

  private pastActiveDeadline(job: Job): boolean {
    const ads = job.spec?.activeDeadlineSeconds;
    const start = job.status?.startTime;
    if (ads == null || start == null || isSuspended(job)) return false;
    return this.clock.now() - Date.parse(start) >= ads * 1000;
  }

  private validPods(ctx: SyncContext, uncounted: ReadonlySet<string>, filter: (p: Pod) => boolean): Pod[] {
    const indexed = isIndexedJob(ctx.job);
    const completions = completionsOf(ctx.job);
    return ctx.pods.filter((p) => {
      const u = uid(p);
      if (!hasTrackingFinalizer(p) || uncounted.has(u) || ctx.expectedRmFinalizers.has(u)) return false;
      if (indexed) {
        const ix = completionIndexOf(p);
        if (ix === UNKNOWN_COMPLETION_INDEX || ix >= completions) return false;
      }
      return filter(p);
    });
  }

  /**
   * Per index, the failed pod whose deletion waits until its replacement exists (so the
   * replacement can carry the index's failure count).
   */
  private podsWithDelayedDeletion(ctx: SyncContext): Map<number, Pod> {
    const out = new Map<number, Pod>();
    if (!hasBackoffLimitPerIndex(ctx.job)) return out;
    const activeIndexes = indexesOf(ctx.activePods);
    const completions = completionsOf(ctx.job);
    this.validPods(ctx, new Set(), (p) => {
      if (!isPodFailed(p, ctx.job)) return false;
      const ix = completionIndexOf(p);
      if (ix === UNKNOWN_COMPLETION_INDEX || ix >= completions) return false;
      if (ctx.succeededIndexes.has(ix) || (ctx.failedIndexes?.has(ix) ?? false) || activeIndexes.has(ix))
        return false;
      const last = out.get(ix);
      if (
        last === undefined ||
        (indexAbsoluteFailureCount(last) <= indexAbsoluteFailureCount(p) &&
          finishedTime(p) >= finishedTime(last))
      )
        out.set(ix, p);
      return false;
    });
    return out;
  }

  private async podsForJob(job: Job): Promise<Pod[]> {
    const ns = job.metadata?.namespace ?? '';
    const all = this.pods.listNamespace(ns);
    const manager = new ControllerRefManager<Pod>({
      owner: job,
      ownerKind: JOB_KIND,
      selector: labelSelectorAsSelector(job.spec?.selector),
      childKind: 'Pod',
      patch: (namespace, name, body) => {
        // Adopted pods get the tracking finalizer with the owner reference.
        const b = body as { metadata: Record<string, unknown> };
        const isAdoption =
          Array.isArray(b.metadata['ownerReferences']) &&
          !(b.metadata['ownerReferences'] as { $patch?: string }[]).some((r) => r.$patch === 'delete');
        const withFinalizer = isAdoption
          ? { metadata: { ...b.metadata, finalizers: [JOB_TRACKING_FINALIZER] } }
          : body;
        return this.podControl.patchPod(namespace, name, withFinalizer);
      },
      canAdopt: canAdoptFor(this.client.resource(JOBS), job, 'Job'),
    });
    // A failed adoption or release fails the sync; it is retried with backoff.
    const claimed = await manager.claim(all);
    // Adopted pods get the finalizer with the owner reference; count them as having it already.
    return claimed.map((p) => {
      const owned = (p.metadata?.ownerReferences ?? []).some((r) => r.uid === uid(job));
      if (owned || hasTrackingFinalizer(p)) return p;
      const copy = structuredClone(p);
      copy.metadata = {
        ...copy.metadata,
        finalizers: [...(copy.metadata?.finalizers ?? []), JOB_TRACKING_FINALIZER],
      };
      return copy;
    });
  }
}
