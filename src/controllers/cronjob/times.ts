// Schedule arithmetic of the CronJob controller: the most recent activation due, how many were
// missed, Job names per activation and the time formats of events and status.
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import type { Schedule } from './schedule.js';

/** Requeues aim this long past the scheduled time, so the time has surely passed. */
export const NEXT_SCHEDULE_DELTA_MS = 100;
/** More missed start times than this get a TooManyMissedTimes warning. */
export const MAX_MISSED_SCHEDULES = 100;

/** How many start times were missed: none, a few, or more than MAX_MISSED_SCHEDULES. */
export type Missed = 'none' | 'few' | 'many';

/** The name of the Job of `scheduled`: `<cronjob>-<minutes since the epoch>`. */
export function jobNameFor(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledMs / 60_000)}`;
}

/** Milliseconds of an RFC 3339 time, or undefined. */
export function parseMs(t: string | undefined | null): number | undefined {
  if (t == null || t === '') return undefined;
  const v = Date.parse(t);
  return Number.isNaN(v) ? undefined : v;
}

/** RFC 3339 in UTC, whole seconds, as metav1.Time serializes. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The latest schedule time not after `now` since the last schedule (or creation, or the
 * starting deadline when `withDeadline`), and how many were missed. Throws for a schedule whose
 * activations are less than a second apart.
 */
export function mostRecentScheduleTime(
  cj: CronJob,
  now: number,
  schedule: Schedule,
  withDeadline: boolean,
): { earliest: number; mostRecent: number | undefined; missed: Missed } {
  let earliest = parseMs(cj.status?.lastScheduleTime) ?? parseMs(cj.metadata?.creationTimestamp) ?? now;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && sds != null) {
    const deadline = now - sds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && now < t1) return { earliest, mostRecent: undefined, missed: 'none' };
  if (t1 !== undefined && t2 !== undefined && now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  // A schedule that never fires again (e.g. 30 February) has no interval.
  const interval = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (t1 === undefined || interval < 1)
    throw new Error('time difference between two schedules is less than 1 second');
  const missedCount = Math.floor(Math.floor((now - t1) / 1000) / interval) + 1;
  // Start one interval before the estimate and let the schedule find the exact times (irregular
  // schedules such as "30 6-16/4 * * 1-5" do not fire at a fixed interval).
  const potentialEarliest = t1 + (missedCount - 2) * interval * 1000;
  let recent: number | undefined;
  for (
    let i = 0, t = schedule.next(potentialEarliest);
    t !== undefined && t <= now && i < 1_000_000;
    i++, t = schedule.next(t)
  )
    recent = t;
  const missed: Missed = missedCount > MAX_MISSED_SCHEDULES ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliest, mostRecent: recent, missed };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z layout in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
export function formatRFC1123Z(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
