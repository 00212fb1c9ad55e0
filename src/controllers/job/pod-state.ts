// What the Job controller reads off its pods: completion indexes, the tracking finalizer,
// whether a pod counts as failed, and when it finished.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { parseTimestamp } from '../util/index.js';

/** Finalizer the controller puts on its pods until their outcome is counted in the Job status. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** Annotation (and label) holding a pod's completion index in Indexed Jobs. */
export const JOB_COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
/** Annotation counting the failures of earlier pods of the same index (backoffLimitPerIndex). */
export const JOB_INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
/** Annotation counting the failures of the index that the pod failure policy ignored. */
export const JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION =
  'batch.kubernetes.io/job-index-ignored-failure-count';
/** Environment variable through which containers of Indexed Jobs learn their index. */
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** Label naming the Job's uid on its pods (set by the API server on the pod template). */
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
/** Label naming the Job on its pods (set by the API server on the pod template). */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** `.spec.managedBy` value meaning this controller. */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

/** -1: the pod has no valid completion index. */
export const UNKNOWN_COMPLETION_INDEX = -1;

/** The pod's completion index from its annotation, or UNKNOWN_COMPLETION_INDEX. Pure. */
export function completionIndexOf(pod: Pod): number {
  const v = pod.metadata?.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^[+-]?[0-9]+$/.test(v)) return UNKNOWN_COMPLETION_INDEX;
  const n = Number.parseInt(v, 10);
  return Number.isSafeInteger(n) && n >= 0 ? n : UNKNOWN_COMPLETION_INDEX;
}

/** Whether the pod still carries the Job tracking finalizer. Pure. */
export function hasTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

/** Whether the Job runs in Indexed completion mode. */
export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** Whether the Job limits retries per index. */
export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec?.backoffLimitPerIndex != null;
}

/** Whether replacements wait until the old pod is fully Failed (not merely terminating). */
export function onlyReplaceFailedPods(job: Job): boolean {
  const policy = (job.spec as { podReplacementPolicy?: string } | undefined)?.podReplacementPolicy;
  if (policy === 'Failed') return true;
  return job.spec?.podFailurePolicy != null;
}

/**
 * Whether the pod counts as failed: phase Failed, or — unless only Failed pods are replaced —
 * being deleted before it succeeded (an orphan that will never reach a phase).
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return pod.metadata?.deletionTimestamp != null && pod.status?.phase !== 'Succeeded';
}

/** Number of the pod's containers' restarts (init and regular). */
export function restartCount(pod: Pod): number {
  let n = 0;
  for (const s of pod.status?.initContainerStatuses ?? []) n += s.restartCount ?? 0;
  for (const s of pod.status?.containerStatuses ?? []) n += s.restartCount ?? 0;
  return n;
}

function latestFinish(prev: number | undefined, statuses: readonly ContainerStatus[]): number | undefined {
  let t = prev;
  for (const c of statuses) {
    const at = parseTimestamp(c.state?.terminated?.finishedAt);
    if (at === undefined) return undefined;
    if (t === undefined || t < at) t = at;
  }
  return t;
}

/**
 * When the pod finished (ms): the latest container termination, else the time Ready turned
 * False, else its deletion time minus the grace period, else its creation time.
 */
export function finishedTime(pod: Pod): number {
  const fromContainers = latestFinish(undefined, pod.status?.containerStatuses ?? []);
  if (fromContainers !== undefined) return fromContainers;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'False') {
    const t = parseTimestamp(ready.lastTransitionTime);
    if (t !== undefined) return t;
  }
  const del = parseTimestamp(pod.metadata?.deletionTimestamp);
  if (del !== undefined) return del - (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return parseTimestamp(pod.metadata?.creationTimestamp) ?? 0;
}

function annotationInt32(pod: Pod, key: string): number {
  const v = pod.metadata?.annotations?.[key];
  if (v === undefined || !/^[+-]?[0-9]+$/.test(v)) return 0;
  const n = Number.parseInt(v, 10);
  return n < 0 || n > 2147483647 ? 0 : n;
}

/** The failures counted against the pod's index before it was created. */
export function indexFailureCount(pod: Pod): number {
  return annotationInt32(pod, JOB_INDEX_FAILURE_COUNT_ANNOTATION);
}

/** The failures of the pod's index that the pod failure policy ignored. */
export function indexIgnoredFailureCount(pod: Pod): number {
  return annotationInt32(pod, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
}

/** Counted plus ignored failures of the pod's index. */
export function indexAbsoluteFailureCount(pod: Pod): number {
  return indexFailureCount(pod) + indexIgnoredFailureCount(pod);
}

/** The pod's index values (known ones only). */
export function indexesOf(pods: readonly Pod[]): Set<number> {
  const out = new Set<number>();
  for (const p of pods) {
    const ix = completionIndexOf(p);
    if (ix !== UNKNOWN_COMPLETION_INDEX) out.add(ix);
  }
  return out;
}

/** Ascending numbers of a set. */
export function sortedNumbers(s: ReadonlySet<number>): number[] {
  return [...s].sort((a, b) => a - b);
}
