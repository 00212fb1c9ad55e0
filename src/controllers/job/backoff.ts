// Exponential backoff of pod re-creation after failures: 10 s after the first failure since the
// last success, doubling per further failure up to 10 minutes (upstream's
// DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { finishedTime, indexAbsoluteFailureCount } from './pod-state.js';

/** Delay after the first failure. */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
/** Longest delay. */
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

/** Failures of one Job since its last success, and when the last of them happened. */
export interface BackoffRecord {
  readonly key: string;
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureTime: number | undefined;
}

/**
 * How long to wait, at `now`, after `failures` failures the last of which happened at
 * `lastFailure`: 0 when there were none or the delay has passed. Pure.
 */
export function remainingBackoff(now: number, failures: number, lastFailure: number | undefined): number {
  if (failures === 0 || lastFailure === undefined) return 0;
  let delay = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failures; i++) {
    delay *= 2;
    if (delay >= MAX_POD_FAILURE_BACKOFF_MS) {
      delay = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - lastFailure;
  return delay < elapsed ? 0 : delay - elapsed;
}

/** The remaining backoff of an index whose last failed pod is `lastFailed` (backoffLimitPerIndex). */
export function remainingIndexBackoff(now: number, lastFailed: Pod | undefined): number {
  if (lastFailed === undefined) return 0;
  return remainingBackoff(now, indexAbsoluteFailureCount(lastFailed) + 1, finishedTime(lastFailed));
}

function byFinishTime(pods: readonly Pod[]): Pod[] {
  return [...pods].sort((a, b) => finishedTime(a) - finishedTime(b));
}

/**
 * The per-Job backoff records (upstream's backoffStore). A record is built from the newly
 * finished pods of a sync and stored only after the status that counts them is written.
 */
export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  /** The record `key` would have after the given newly finished pods. Does not store it. */
  newRecord(key: string, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
    const old = this.records.get(key);
    const failures = old?.failuresAfterLastSuccess ?? 0;
    const lastFailure = old?.lastFailureTime;
    if (newSucceeded.length === 0) {
      if (newFailed.length === 0)
        return { key, failuresAfterLastSuccess: failures, lastFailureTime: lastFailure };
      const sorted = byFinishTime(newFailed);
      return {
        key,
        failuresAfterLastSuccess: failures + newFailed.length,
        lastFailureTime: finishedTime(sorted[sorted.length - 1] as Pod),
      };
    }
    if (newFailed.length === 0) return { key, failuresAfterLastSuccess: 0, lastFailureTime: undefined };
    const succeeded = byFinishTime(newSucceeded);
    const lastSuccess = finishedTime(succeeded[succeeded.length - 1] as Pod);
    const failed = byFinishTime(newFailed);
    let count = 0;
    let last: number | undefined;
    for (let i = failed.length - 1; i >= 0; i--) {
      const t = finishedTime(failed[i] as Pod);
      if (t <= lastSuccess) break;
      last ??= t;
      count++;
    }
    return { key, failuresAfterLastSuccess: count, lastFailureTime: last };
  }

  /** Stores a record; a record with no failures is dropped instead. */
  update(record: BackoffRecord): void {
    if (record.failuresAfterLastSuccess === 0) this.records.delete(record.key);
    else this.records.set(record.key, record);
  }

  /** Forgets `key` (the Job finished or is gone). */
  remove(key: string): void {
    this.records.delete(key);
  }

  /** The stored record of `key`. */
  get(key: string): BackoffRecord | undefined {
    return this.records.get(key);
  }
}
