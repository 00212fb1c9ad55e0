// How the CronJob controller reads its Jobs and its active list.
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import { loadLocation } from '../../api/validation/workloads/time-zone.js';
import { parseMs } from './times.js';

/** The type of the Job's True Complete or Failed condition, if it finished. */
export function finishedType(job: Job): string | undefined {
  return job.status?.conditions?.find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  )?.type;
}

/** The schedule with the `.spec.timeZone` applied as a TZ= prefix (unless it names a zone itself). */
export function effectiveSchedule(cj: CronJob): string {
  const s = cj.spec?.schedule ?? '';
  if (s.includes('TZ')) return s;
  const tz = cj.spec?.timeZone;
  if (tz != null && loadLocation(tz) === undefined) return `TZ=${tz} ${s}`;
  return s;
}

/** Whether the active list holds the Job of `uid`. */
export function inActiveList(cj: CronJob, uid: string): boolean {
  return (cj.status?.active ?? []).some((r) => r.uid === uid);
}

/** Drops the Job of `uid` from the active list (mutates `cj`). */
export function deleteFromActiveList(cj: CronJob, uid: string): void {
  if (cj.status === undefined) return;
  cj.status.active = (cj.status.active ?? []).filter((r) => r.uid !== uid);
}

/** The ObjectReference of a Job as the active list holds it. */
export function jobReference(job: Job): ObjectReference {
  return {
    kind: 'Job',
    namespace: job.metadata?.namespace ?? '',
    name: job.metadata?.name ?? '',
    uid: job.metadata?.uid ?? '',
    apiVersion: 'batch/v1',
    resourceVersion: job.metadata?.resourceVersion ?? '',
  };
}

/** Oldest start first; Jobs not started last; names break ties. */
export function byStartTime(a: Job, b: Job): number {
  const sa = parseMs(a.status?.startTime);
  const sb = parseMs(b.status?.startTime);
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb) return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  return (sa ?? 0) - (sb ?? 0);
}
