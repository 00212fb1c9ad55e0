// Pure rules of the Job controller: index bookkeeping, failure accounting, which pods to remove
// and how pods are stamped from the template.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { JOBS } from '../../client/resources.js';
import {
  type ControllerKind,
  controllerKindOf,
  isPodTerminating,
  sortPodsForDeletion,
  withTypeMeta,
} from '../util/index.js';
import { OrderedIntervals } from './intervals.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import {
  completionIndexOf,
  hasTrackingFinalizer,
  indexesOf,
  indexFailureCount,
  indexIgnoredFailureCount,
  isIndexedJob,
  isPodFailed,
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_COMPLETION_INDEX_ENV,
  JOB_CONTROLLER_NAME,
  JOB_TRACKING_FINALIZER,
  onlyReplaceFailedPods,
  restartCount,
  sortedNumbers,
  UNKNOWN_COMPLETION_INDEX,
} from './pod-state.js';

import type { SyncContext } from './sync-context.js';

/** At most this many UIDs in each list of uncountedTerminatedPods (keeps the status small). */
export const MAX_UNCOUNTED_PODS = 500;
/** At most this many pods created or deleted by one sync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

/** Pod events are batched: a Job is synced at most once per this period because of them. */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;

/** The apiVersion and kind of Jobs, for owner references and events. */
export const JOB_KIND: ControllerKind = controllerKindOf(JOBS);
/** The log source of the controller. */
export const SOURCE = 'job-controller';
/** Longest generateName prefix the API server accepts with its random suffix (63 - 5). */
const MAX_GENERATED_NAME_LENGTH = 58;

/** The generateName of the pod of `index`: `<job>-<index>-`, the job name cut to fit. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  if (prefix.length <= MAX_GENERATED_NAME_LENGTH) return prefix;
  return jobName.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix;
}

/** The object's uid ('' when unset). */
export function uid(o: { metadata?: { uid?: string } }): string {
  return o.metadata?.uid ?? '';
}

/** Whether `.spec.suspend` is true. */
export function isSuspended(job: Job): boolean {
  return job.spec?.suspend === true;
}

/** `.spec.completions`, 0 when unset. */
export function completionsOf(job: Job): number {
  return job.spec?.completions ?? 0;
}

/** The job with the status parts the controller relies on present (a deep copy). */
export function prepareJob(shared: Job): Job {
  const job = structuredClone(shared);
  job.spec ??= { template: {} };
  job.status ??= {};
  job.status.uncountedTerminatedPods ??= {};
  return withTypeMeta(job, JOB_KIND);
}

/** A manageJob failure that still reports how many pods are active. */
export class ManageError extends Error {
  constructor(
    readonly active: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Appends a condition to the status (mutates it). */
export function pushCondition(status: NonNullable<Job['status']>, c: JobCondition): void {
  status.conditions ??= [];
  status.conditions.push(c);
}

/** Whether `.spec.managedBy` names another controller (then this one leaves the Job alone). */
export function managedByOther(job: Job): boolean {
  const m = job.spec?.managedBy;
  return m != null && m !== JOB_CONTROLLER_NAME;
}

/** RFC 3339 in UTC, whole seconds, as metav1.Time serializes. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Sets a counter of the status, omitting it when 0 (mutates the status). */
export function setCount(status: NonNullable<Job['status']>, field: 'active', n: number): void {
  if (n === 0) delete status[field];
  else status[field] = n;
}

/** The strategic merge patch that removes the tracking finalizer. */
export function removeFinalizerPatch(): unknown {
  return { metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER] } };
}

/** Moves uncounted pods whose finalizer is gone into the counters; returns whether anything moved. */
export function cleanUncounted(
  status: NonNullable<Job['status']>,
  withFinalizer: ReadonlySet<string>,
): boolean {
  status.uncountedTerminatedPods ??= {};
  const u = status.uncountedTerminatedPods;
  let changed = false;
  const succ = (u.succeeded ?? []).filter((x) => withFinalizer.has(x));
  if (succ.length !== (u.succeeded ?? []).length) {
    changed = true;
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded ?? []).length - succ.length;
    u.succeeded = succ;
  }
  const fail = (u.failed ?? []).filter((x) => withFinalizer.has(x));
  if (fail.length !== (u.failed ?? []).length) {
    changed = true;
    status.failed = (status.failed ?? 0) + (u.failed ?? []).length - fail.length;
    u.failed = fail;
  }
  return changed;
}

/** How many of the failed pods count (those the pod failure policy does not ignore). */
export function nonIgnoredFailedCount(job: Job, failed: readonly Pod[]): number {
  if (job.spec?.podFailurePolicy == null) return failed.length;
  return failed.filter((p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed).length;
}

/** The message of the first FailJob rule a failed pod matches, if any. */
export function failJobMessage(job: Job, pods: readonly Pod[]): string | undefined {
  if (job.spec?.podFailurePolicy == null) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
    if (m !== undefined) return m;
  }
  return undefined;
}

/**
 * With restartPolicy OnFailure, whether the container restarts of running pods reached the
 * backoff limit (any restart when the limit is 0).
 */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods)
    if (p.status?.phase === 'Running' || p.status?.phase === 'Pending') restarts += restartCount(p);
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** Whether the pod's failure fails its index (FailIndex rule, or the per-index limit reached). */
export function isIndexFailed(job: Job, pod: Pod): boolean {
  let counted = false;
  if (isPodFailed(pod, job)) {
    if (job.spec?.podFailurePolicy != null) {
      const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
      if (m.action === 'FailIndex') return true;
      counted = m.countFailed;
    } else {
      counted = true;
    }
  }
  return counted && indexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/** `.status.failedIndexes` plus the indexes failed since the last sync. */
export function calculateFailedIndexes(job: Job, pods: readonly Pod[]): OrderedIntervals {
  const completions = completionsOf(job);
  const prev = OrderedIntervals.parse(job.status?.failedIndexes ?? undefined, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndexOf(p);
    if (
      ix !== UNKNOWN_COMPLETION_INDEX &&
      ix < completions &&
      hasTrackingFinalizer(p) &&
      isIndexFailed(job, p)
    )
      fresh.add(ix);
  }
  return prev.withIndexes(sortedNumbers(fresh));
}

/** The failure counts the replacement of `replaced` carries in its annotations. */
export function newIndexFailureCounts(
  job: Job,
  replaced: Pod | undefined,
): { failed: number; ignored: number } {
  if (replaced === undefined) return { failed: 0, ignored: 0 };
  let failed = indexFailureCount(replaced);
  let ignored = indexIgnoredFailureCount(replaced);
  if (job.spec?.podFailurePolicy != null) {
    if (matchPodFailurePolicy(job.spec.podFailurePolicy, replaced).countFailed) failed++;
    else ignored++;
  } else {
    failed++;
  }
  return { failed, ignored };
}

/** `count` indexes below `completions` with no active, succeeded, failed (or terminating) pod. */
export function firstPendingIndexes(ctx: SyncContext, count: number, completions: number): number[] {
  if (count === 0) return [];
  let nonPending = ctx.succeededIndexes.withIndexes(sortedNumbers(indexesOf(ctx.activePods)));
  if (onlyReplaceFailedPods(ctx.job)) {
    nonPending = nonPending.withIndexes(sortedNumbers(indexesOf(ctx.pods.filter(isPodTerminating))));
  }
  if (ctx.failedIndexes !== undefined) nonPending = nonPending.merge(ctx.failedIndexes);
  const out: number[] = [];
  let candidate = 0;
  for (const iv of nonPending.intervals) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++)
      out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/**
 * The active pods to delete: for Indexed Jobs first those without a valid index and the extra
 * pods of repeated indexes, then the least valuable ones until `rmAtLeast` are chosen.
 */
export function activePodsForRemoval(job: Job, pods: readonly Pod[], rmAtLeast: number, now: number): Pod[] {
  let rm: Pod[] = [];
  let left: Pod[] = [...pods];
  if (isIndexedJob(job)) {
    rm = [];
    left = [];
    const completions = completionsOf(job);
    const byIndex = new Map<number, Pod[]>();
    for (const p of pods) {
      const ix = completionIndexOf(p);
      if (ix === UNKNOWN_COMPLETION_INDEX || ix >= completions) {
        rm.push(p);
        continue;
      }
      const list = byIndex.get(ix) ?? [];
      list.push(p);
      byIndex.set(ix, list);
    }
    for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
      const same = byIndex.get(ix) ?? [];
      if (same.length === 1) {
        left.push(same[0] as Pod);
        continue;
      }
      const sorted = sortPodsForDeletion(
        same,
        same.map(() => 0),
        now,
      );
      rm.push(...sorted.slice(0, -1));
      left.push(sorted[sorted.length - 1] as Pod);
    }
  }
  if (rm.length < rmAtLeast) {
    const sorted = sortPodsForDeletion(
      left,
      left.map(() => 0),
      now,
    );
    rm.push(...sorted.slice(0, rmAtLeast - rm.length));
  }
  return rm;
}

/** Adds JOB_COMPLETION_INDEX (from the index label) to every container that lacks it. */
export function addCompletionIndexEnv(template: PodTemplateSpec): void {
  const spec = template.spec;
  if (spec === undefined) return;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    c.env ??= [];
    const env = c.env;
    if (env.some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) continue;
    env.push({
      name: JOB_COMPLETION_INDEX_ENV,
      valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX_ANNOTATION}']` } },
    });
  }
}
