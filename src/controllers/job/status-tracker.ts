// Counting terminated pods into a Job's status: first as uncounted UIDs, then, once their
// finalizers are gone, in the counters; and the terminal condition once nothing is pending.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { JOBS } from '../../client/resources.js';
import { aggregateErrors } from '../util/index.js';
import {
  ensureCondition,
  JOB_COMPLETE,
  JOB_FAILED,
  JOB_FAILURE_TARGET,
  JOB_SUCCESS_CRITERIA_MET,
  newCondition,
  trueCondition,
} from './conditions.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import {
  completionIndexOf,
  hasBackoffLimitPerIndex,
  hasTrackingFinalizer,
  isIndexedJob,
  isPodFailed,
  UNKNOWN_COMPLETION_INDEX,
} from './pod-state.js';

import {
  cleanUncounted,
  completionsOf,
  formatTime,
  prepareJob,
  pushCondition,
  removeFinalizerPatch,
  SOURCE,
  uid,
  MAX_UNCOUNTED_PODS,
} from './rules.js';
import { JobPart, type SyncContext } from './sync-context.js';

/** Writes Job status from its pods. */
export class StatusTracker extends JobPart {
  /**
   * Records newly terminated pods in uncountedTerminatedPods, removes their finalizers, moves
   * them into the counters, and writes the terminal condition once nothing is left uncounted.
   */
  async trackStatusAndRemoveFinalizers(ctx: SyncContext, needsFlushIn: boolean): Promise<void> {
    let needsFlush = needsFlushIn;
    const job = ctx.job;
    const indexed = isIndexedJob(job);
    const completions = completionsOf(job);
    const status = job.status!;
    const uncounted = status.uncountedTerminatedPods!;
    uncounted.succeeded = [...(uncounted.succeeded ?? [])];
    uncounted.failed = [...(uncounted.failed ?? [])];
    const pods = indexed
      ? [...ctx.pods].sort((a, b) => completionIndexOf(a) - completionIndexOf(b))
      : ctx.pods;
    const withFinalizer = new Set<string>();
    for (const p of pods) {
      if (hasTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(uid(p))) withFinalizer.add(uid(p));
    }
    if (cleanUncounted(status, withFinalizer)) needsFlush = true;

    const toRemove: Pod[] = [];
    const newSucceededIndexes: number[] = [];
    let reachedMax = false;
    for (const pod of pods) {
      const u = uid(pod);
      if (!hasTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(u)) continue;
      const failed = isPodFailed(pod, job);
      if (!this.canRemoveFinalizer(ctx, pod, failed)) continue;
      toRemove.push(pod);
      if (pod.status?.phase === 'Succeeded' && !ctx.uncountedFailed.has(u)) {
        if (indexed) {
          const ix = completionIndexOf(pod);
          if (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && !ctx.prevSucceededIndexes.has(ix)) {
            newSucceededIndexes.push(ix);
            needsFlush = true;
          }
        } else if (!ctx.uncountedSucceeded.has(u)) {
          needsFlush = true;
          uncounted.succeeded.push(u);
        }
      } else if (
        failed ||
        (ctx.finishedCondition !== undefined && ctx.finishedCondition.type !== JOB_SUCCESS_CRITERIA_MET)
      ) {
        // Once the Job is decided as failed, every pod not yet terminated counts as failed.
        const ix = completionIndexOf(pod);
        if (
          !ctx.uncountedFailed.has(u) &&
          (!indexed || (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions))
        ) {
          if (job.spec?.podFailurePolicy != null) {
            if (matchPodFailurePolicy(job.spec.podFailurePolicy, pod).countFailed) {
              needsFlush = true;
              uncounted.failed.push(u);
            }
          } else {
            needsFlush = true;
            uncounted.failed.push(u);
          }
        }
      }
      if (
        newSucceededIndexes.length + uncounted.succeeded.length + uncounted.failed.length >=
        MAX_UNCOUNTED_PODS
      ) {
        reachedMax = true;
        break;
      }
    }
    if (indexed) {
      ctx.succeededIndexes = ctx.succeededIndexes.withIndexes([...newSucceededIndexes].sort((a, b) => a - b));
      const text = ctx.succeededIndexes.toString();
      if (text !== (status.completedIndexes ?? '')) needsFlush = true;
      status.succeeded = ctx.succeededIndexes.total();
      status.completedIndexes = text;
      const failedText = ctx.failedIndexes?.toString();
      if (failedText !== (status.failedIndexes ?? undefined)) {
        if (failedText === undefined) delete status.failedIndexes;
        else status.failedIndexes = failedText;
        needsFlush = true;
      }
    }
    const now = this.clock.now();
    if (ctx.finishedCondition?.type === JOB_FAILURE_TARGET) {
      pushCondition(status, ctx.finishedCondition);
      needsFlush = true;
      const c = ctx.finishedCondition;
      ctx.finishedCondition = newCondition(JOB_FAILED, 'True', c.reason ?? '', c.message ?? '', now);
    }
    if (ctx.finishedCondition?.type === JOB_SUCCESS_CRITERIA_MET) {
      const c = ctx.finishedCondition;
      if (trueCondition(job, JOB_SUCCESS_CRITERIA_MET) === undefined) {
        pushCondition(status, c);
        needsFlush = true;
      }
      ctx.finishedCondition = newCondition(JOB_COMPLETE, 'True', c.reason ?? '', c.message ?? '', now);
    }

    needsFlush = await this.flushUncountedAndRemoveFinalizers(ctx, toRemove, withFinalizer, needsFlush);
    const finished = !reachedMax && this.enactJobFinished(ctx);
    if (finished) needsFlush = true;
    if (needsFlush) {
      ctx.job = await this.updateStatus(ctx.job);
      if (finished && ctx.finishedCondition !== undefined)
        this.recordJobFinished(ctx.job, ctx.finishedCondition);
    }
  }

  private canRemoveFinalizer(ctx: SyncContext, pod: Pod, failed: boolean): boolean {
    if (ctx.job.metadata?.deletionTimestamp != null || ctx.finishedCondition !== undefined) return true;
    if (pod.status?.phase === 'Succeeded') return true;
    if (!failed) return false;
    if (hasBackoffLimitPerIndex(ctx.job)) {
      const ix = completionIndexOf(pod);
      const delayed = ctx.podsWithDelayedDeletionPerIndex.get(ix);
      if (ix !== UNKNOWN_COMPLETION_INDEX && delayed !== undefined && uid(delayed) === uid(pod)) return false;
    }
    return true;
  }

  private async flushUncountedAndRemoveFinalizers(
    ctx: SyncContext,
    toRemove: readonly Pod[],
    withFinalizer: Set<string>,
    needsFlushIn: boolean,
  ): Promise<boolean> {
    let needsFlush = needsFlushIn;
    if (needsFlush) {
      ctx.job = await this.updateStatus(ctx.job);
      this.backoff.update(ctx.newBackoffRecord);
      needsFlush = false;
    }
    let rmError: unknown;
    if (toRemove.length > 0) {
      const r = await this.removeTrackingFinalizers(ctx.key, toRemove);
      for (const u of r.removed) withFinalizer.delete(u);
      rmError = r.error;
    }
    if (cleanUncounted(ctx.job.status!, withFinalizer)) needsFlush = true;
    if (rmError !== undefined) {
      if (needsFlush) ctx.job = await this.updateStatus(ctx.job);
      throw rmError;
    }
    return needsFlush;
  }

  private async removeTrackingFinalizers(
    key: string,
    pods: readonly Pod[],
  ): Promise<{ removed: string[]; error: unknown }> {
    this.finalizers.expect(key, pods.map(uid));
    const removed: string[] = [];
    const errors: unknown[] = [];
    await Promise.all(
      pods.map(async (pod) => {
        try {
          await this.podControl.patchPod(
            pod.metadata?.namespace ?? '',
            pod.metadata?.name ?? '',
            removeFinalizerPatch(),
          );
          removed.push(uid(pod));
        } catch (e) {
          // The removal will not be observed: stop expecting it.
          this.finalizers.observed(key, uid(pod));
          if (isNotFound(e)) removed.push(uid(pod));
          else errors.push(e);
        }
      }),
    );
    return { removed, error: aggregateErrors(errors) };
  }

  private enactJobFinished(ctx: SyncContext): boolean {
    const cond = ctx.finishedCondition;
    if (cond === undefined) return false;
    const status = ctx.job.status!;
    const uncounted = status.uncountedTerminatedPods;
    const count = (uncounted?.succeeded?.length ?? 0) + (uncounted?.failed?.length ?? 0);
    if (count > 0) {
      this.log.info(
        4,
        SOURCE,
        'Delaying marking the Job as finished, because there are still uncounted pod(s)',
        {
          job: ctx.key,
          condition: cond.type,
          count,
        },
      );
      return false;
    }
    if (ctx.terminating > 0) {
      this.log.info(
        4,
        SOURCE,
        'Delaying marking the Job as finished, because there are still terminating pod(s)',
        {
          job: ctx.key,
          condition: cond.type,
          count: ctx.terminating,
        },
      );
      return false;
    }
    status.conditions ??= [];
    const conds = status.conditions;
    ensureCondition(conds, cond.type, cond.status, cond.reason ?? '', cond.message ?? '', this.clock.now());
    if (cond.type === JOB_COMPLETE) {
      status.completionTime =
        conds.find((c) => c.type === JOB_COMPLETE)?.lastTransitionTime ?? formatTime(this.clock.now());
    }
    // A finished Job has no active, ready or terminating pods left to report.
    return true;
  }

  private recordJobFinished(job: Job, cond: JobCondition): void {
    if (cond.type === JOB_COMPLETE) {
      const completions = job.spec?.completions;
      if (completions != null && (job.status?.succeeded ?? 0) > completions)
        this.recorder.event(
          job,
          'Warning',
          'TooManySucceededPods',
          'Too many succeeded pods running after completion count reached',
        );
      this.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    } else {
      this.recorder.event(job, 'Warning', cond.reason ?? '', cond.message ?? '');
    }
  }

  private async updateStatus(job: Job): Promise<Job> {
    // Empty UID lists are omitted, as upstream's serialization does.
    const u = job.status?.uncountedTerminatedPods;
    if (u?.succeeded?.length === 0) delete u.succeeded;
    if (u?.failed?.length === 0) delete u.failed;
    const updated = await this.client.resource(JOBS).updateStatus(job);
    const out = prepareJob(updated);
    return out;
  }
}
