// Job conditions: their types, reasons and messages as upstream's Job controller writes them.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import { formatRFC3339 } from '../../apimachinery/meta/index.js';

/** Condition types. */
export const JOB_COMPLETE = 'Complete';
export const JOB_FAILED = 'Failed';
export const JOB_SUSPENDED = 'Suspended';
export const JOB_FAILURE_TARGET = 'FailureTarget';
export const JOB_SUCCESS_CRITERIA_MET = 'SuccessCriteriaMet';

/** Condition reasons. */
export const REASON_POD_FAILURE_POLICY = 'PodFailurePolicy';
export const REASON_BACKOFF_LIMIT_EXCEEDED = 'BackoffLimitExceeded';
export const REASON_DEADLINE_EXCEEDED = 'DeadlineExceeded';
export const REASON_MAX_FAILED_INDEXES_EXCEEDED = 'MaxFailedIndexesExceeded';
export const REASON_FAILED_INDEXES = 'FailedIndexes';
export const REASON_SUCCESS_POLICY = 'SuccessPolicy';
export const REASON_COMPLETIONS_REACHED = 'CompletionsReached';

/** Condition messages. */
export const MESSAGE_BACKOFF_LIMIT_EXCEEDED = 'Job has reached the specified backoff limit';
export const MESSAGE_DEADLINE_EXCEEDED = 'Job was active longer than specified deadline';
export const MESSAGE_MAX_FAILED_INDEXES_EXCEEDED =
  'Job has exceeded the specified maximal number of failed indexes';
export const MESSAGE_FAILED_INDEXES = 'Job has failed indexes';
export const MESSAGE_COMPLETIONS_REACHED = 'Reached expected number of succeeded pods';

/** A condition of `type`, both timestamps `now`. Pure. */
export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): JobCondition {
  const t = formatRFC3339(new Date(now));
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

/** The condition of `type`, if any. */
export function findCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

/** The condition of `type` when its status is True. */
export function trueCondition(job: Job, type: string): JobCondition | undefined {
  const c = findCondition(job, type);
  return c?.status === 'True' ? c : undefined;
}

/** The Complete or Failed condition that is True, if the Job finished. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return job.status?.conditions?.find(
    (c) => (c.type === JOB_COMPLETE || c.type === JOB_FAILED) && c.status === 'True',
  );
}

/** Whether the Job has finished (Complete or Failed is True). */
export function isJobFinished(job: Job): boolean {
  return finishedCondition(job) !== undefined;
}

/** Whether the Job completed successfully. */
export function isJobSucceeded(job: Job): boolean {
  return trueCondition(job, JOB_COMPLETE) !== undefined;
}

/**
 * Sets the condition of `type` in `conditions` (mutated) to the given status, reason and message:
 * an existing one is replaced (with fresh timestamps) only when one of them differs; a missing
 * one is appended unless the status is False. Returns whether anything changed.
 */
export function ensureCondition(
  conditions: JobCondition[],
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): boolean {
  const i = conditions.findIndex((c) => c.type === type);
  const existing = conditions[i];
  if (existing !== undefined) {
    if (
      existing.status === status &&
      (existing.reason ?? '') === reason &&
      (existing.message ?? '') === message
    )
      return false;
    conditions[i] = newCondition(type, status, reason, message, now);
    return true;
  }
  if (status === 'False') return false;
  conditions.push(newCondition(type, status, reason, message, now));
  return true;
}
