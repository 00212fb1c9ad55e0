// Creating and deleting a Job's pods: towards the wanted parallelism, with slow start and the
// per-index rules of Indexed Jobs.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import {
  aggregateErrors,
  hasStatusCause,
  isPodReady,
  NAMESPACE_TERMINATING_CAUSE,
  newControllerRef,
  SLOW_START_INITIAL_BATCH_SIZE,
} from '../util/index.js';
import { remainingBackoff, remainingIndexBackoff } from './backoff.js';
import {
  hasBackoffLimitPerIndex,
  hasTrackingFinalizer,
  isIndexedJob,
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_INDEX_FAILURE_COUNT_ANNOTATION,
  JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  JOB_TRACKING_FINALIZER,
  onlyReplaceFailedPods,
} from './pod-state.js';

import {
  activePodsForRemoval,
  addCompletionIndexEnv,
  completionsOf,
  firstPendingIndexes,
  isSuspended,
  JOB_KIND,
  ManageError,
  newIndexFailureCounts,
  podGenerateNameWithIndex,
  removeFinalizerPatch,
  SOURCE,
  MAX_POD_CREATE_DELETE_PER_SYNC,
  SYNC_JOB_BATCH_PERIOD_MS,
} from './rules.js';
import { JobPart, type SyncContext } from './sync-context.js';

/** Creates and deletes the pods of Jobs. */
export class PodManager extends JobPart {
  /** Creates or deletes pods towards the wanted number of active ones; returns the new active count. */
  async manageJob(ctx: SyncContext): Promise<number> {
    const job = ctx.job;
    const spec = job.spec!;
    let active = ctx.activePods.length;
    const parallelism = spec.parallelism ?? 1;

    if (isSuspended(job)) {
      const toDelete = activePodsForRemoval(job, ctx.activePods, active, this.clock.now());
      this.expectations.expectDeletions(ctx.key, toDelete.length);
      const r = await this.deleteJobPods(job, ctx.key, toDelete);
      active -= r.deleted;
      ctx.terminating += r.deleted;
      ctx.ready -= r.deletedReady;
      if (r.error !== undefined) throw new ManageError(active, r.error);
      return active;
    }

    let wantActive: number;
    if (spec.completions == null) {
      wantActive = ctx.succeeded > 0 ? active : parallelism;
    } else {
      wantActive = Math.max(0, Math.min(spec.completions - ctx.succeeded, parallelism));
    }

    const rmAtLeast = Math.max(0, active - wantActive);
    let toDelete = activePodsForRemoval(job, ctx.activePods, rmAtLeast, this.clock.now());
    if (toDelete.length > MAX_POD_CREATE_DELETE_PER_SYNC)
      toDelete = toDelete.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (toDelete.length > 0) {
      this.expectations.expectDeletions(ctx.key, toDelete.length);
      const r = await this.deleteJobPods(job, ctx.key, toDelete);
      active -= r.deleted;
      ctx.terminating += r.deleted;
      ctx.ready -= r.deletedReady;
      if (r.error !== undefined) throw new ManageError(active, r.error);
      return active;
    }

    const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
    let diff = wantActive - terminating - active;
    if (diff <= 0) return active;
    const now = this.clock.now();
    if (!hasBackoffLimitPerIndex(job)) {
      const wait = remainingBackoff(
        now,
        ctx.newBackoffRecord.failuresAfterLastSuccess,
        ctx.newBackoffRecord.lastFailureTime,
      );
      if (wait > 0) {
        this.queue.addAfter(ctx.key, Math.max(wait, SYNC_JOB_BATCH_PERIOD_MS));
        return 0;
      }
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    let indexes: number[] = [];
    if (isIndexedJob(job)) {
      indexes = firstPendingIndexes(ctx, diff, completionsOf(job));
      if (hasBackoffLimitPerIndex(job)) {
        const now2 = [];
        let minWait: number | undefined;
        for (const ix of indexes) {
          const w = remainingIndexBackoff(now, ctx.podsWithDelayedDeletionPerIndex.get(ix));
          if (w === 0) now2.push(ix);
          else if (minWait === undefined || w < minWait) minWait = w;
        }
        if (now2.length === 0 && minWait !== undefined) {
          this.queue.addAfter(ctx.key, Math.max(minWait, SYNC_JOB_BATCH_PERIOD_MS));
          return 0;
        }
        indexes = now2;
      }
      diff = indexes.length;
    }
    if (diff <= 0) return active;

    this.expectations.expectCreations(ctx.key, diff);
    this.log.info(4, SOURCE, 'Too few pods running', { key: ctx.key, need: wantActive, creating: diff });
    active += diff;
    const template = structuredClone(spec.template);
    if (isIndexedJob(job)) addCompletionIndexEnv(template);
    template.metadata ??= {};
    const finalizers = template.metadata.finalizers ?? [];
    if (!finalizers.includes(JOB_TRACKING_FINALIZER))
      template.metadata.finalizers = [...finalizers, JOB_TRACKING_FINALIZER];
    const ref = newControllerRef(job, JOB_KIND);
    const errors: unknown[] = [];
    let remaining = diff;
    for (
      let batch = Math.min(diff, SLOW_START_INITIAL_BATCH_SIZE);
      remaining > 0;
      batch = Math.min(2 * batch, remaining)
    ) {
      const errorsBefore = errors.length;
      const work: Promise<void>[] = [];
      for (let i = 0; i < batch; i++) {
        const ix = indexes.shift();
        work.push(this.createOne(ctx, template, ref, ix, errors));
      }
      await Promise.all(work);
      for (let i = errorsBefore; i < errors.length; i++) active--;
      const skipped = remaining - batch;
      if (errors.length > errorsBefore && skipped > 0) {
        this.log.info(2, SOURCE, 'Slow-start failure. Skipping creating pods, decrementing expectations', {
          skippedCount: skipped,
          job: ctx.key,
        });
        active -= skipped;
        for (let i = 0; i < skipped; i++) this.expectations.creationObserved(ctx.key);
        break;
      }
      remaining -= batch;
    }
    const err = aggregateErrors(errors);
    if (err !== undefined) throw new ManageError(active, err);
    return active;
  }

  private async createOne(
    ctx: SyncContext,
    base: PodTemplateSpec,
    ref: OwnerReference,
    index: number | undefined,
    errors: unknown[],
  ): Promise<void> {
    const job = ctx.job;
    let template = base;
    let generateName: string | undefined;
    if (index !== undefined) {
      template = structuredClone(base);
      template.metadata ??= {};
      template.metadata.annotations = {
        ...(template.metadata.annotations ?? {}),
        [JOB_COMPLETION_INDEX_ANNOTATION]: String(index),
      };
      template.metadata.labels = {
        ...(template.metadata.labels ?? {}),
        [JOB_COMPLETION_INDEX_ANNOTATION]: String(index),
      };
      template.spec = {
        ...(template.spec ?? { containers: [] }),
        hostname: `${job.metadata?.name ?? ''}-${index}`,
      };
      generateName = podGenerateNameWithIndex(job.metadata?.name ?? '', index);
      if (hasBackoffLimitPerIndex(job)) {
        const replaced = ctx.podsWithDelayedDeletionPerIndex.get(index);
        const counts = newIndexFailureCounts(job, replaced);
        template.metadata.annotations[JOB_INDEX_FAILURE_COUNT_ANNOTATION] = String(counts.failed);
        if (counts.ignored > 0)
          template.metadata.annotations[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(counts.ignored);
      }
    }
    try {
      await this.podControl.createPods(job.metadata?.namespace ?? '', template, job, ref, generateName);
    } catch (e) {
      // A terminating namespace refuses every creation; nothing to retry.
      if (hasStatusCause(e, NAMESPACE_TERMINATING_CAUSE)) return;
      this.log.info(2, SOURCE, 'Failed creation, decrementing expectations', { job: ctx.key });
      this.expectations.creationObserved(ctx.key);
      errors.push(e);
    }
  }

  /** Deletes pods without counting them as failed: the finalizer goes first. */
  private async deleteJobPods(
    job: Job,
    key: string,
    pods: readonly Pod[],
  ): Promise<{ deleted: number; deletedReady: number; error: unknown }> {
    let deleted = pods.length;
    let deletedReady = 0;
    const errors: unknown[] = [];
    // A pod already gone counts as deleted; `reported` is the error to surface otherwise.
    const fail = (e: unknown, reported: unknown = e): void => {
      this.expectations.deletionObserved(key);
      if (!isNotFound(e)) {
        deleted--;
        errors.push(reported);
      }
    };
    await Promise.all(
      pods.map(async (pod) => {
        const ns = pod.metadata?.namespace ?? '';
        const name = pod.metadata?.name ?? '';
        if (hasTrackingFinalizer(pod)) {
          try {
            await this.podControl.patchPod(ns, name, removeFinalizerPatch());
          } catch (e) {
            fail(
              e,
              new Error(`removing completion finalizer: ${e instanceof Error ? e.message : String(e)}`, {
                cause: e,
              }),
            );
            return;
          }
        }
        try {
          await this.podControl.deletePod(job.metadata?.namespace ?? '', name, job);
        } catch (e) {
          fail(e);
          return;
        }
        if (isPodReady(pod)) deletedReady++;
      }),
    );
    return { deleted, deletedReady, error: aggregateErrors(errors) };
  }

  /** Deletes active pods keeping their finalizers, so they are counted once terminated. */
  async deleteActivePods(
    job: Job,
    pods: readonly Pod[],
  ): Promise<{ deleted: number; deletedReady: number; error: unknown }> {
    let deleted = pods.length;
    let deletedReady = 0;
    const errors: unknown[] = [];
    await Promise.all(
      pods.map(async (pod) => {
        try {
          await this.podControl.deletePod(job.metadata?.namespace ?? '', pod.metadata?.name ?? '', job);
        } catch (e) {
          if (!isNotFound(e)) {
            deleted--;
            errors.push(e);
            return;
          }
        }
        if (isPodReady(pod)) deletedReady++;
      }),
    );
    return { deleted, deletedReady, error: aggregateErrors(errors) };
  }
}
