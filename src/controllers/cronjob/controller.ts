// The CronJob controller (upstream's cronjob ControllerV2): creates a Job at each scheduled time,
// honours the concurrency policy and starting deadline, keeps `.status.active`,
// `lastScheduleTime` and `lastSuccessfulTime`, and prunes finished Jobs beyond the history
// limits. It sleeps between schedules: every sync ends with a timed requeue at the next one.
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { isAlreadyExists, isNotFound } from '../../apimachinery/errors/index.js';
import { goQuote } from '../../apimachinery/field/index.js';
import { loadLocation } from '../../api/validation/workloads/time-zone.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/events/types.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { DeletedFinalStateUnknown, Lister } from '../../client/informers/types.js';
import { CRON_JOBS, JOBS } from '../../client/resources.js';
import type { Client } from '../../client/types.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Logger } from '../../log/index.js';
import type { ControllerContext } from '../context.js';
import {
  type ControllerKind,
  controllerKindOf,
  getControllerOf,
  hasStatusCause,
  NAMESPACE_TERMINATING_CAUSE,
  newControllerRef,
  withTypeMeta,
  runWorkers,
  type WorkerPool,
  newControllerQueue,
} from '../util/index.js';
import { parseSchedule, type Schedule } from './schedule.js';
import { Zone } from './zone.js';

import {
  byStartTime,
  deleteFromActiveList,
  effectiveSchedule,
  finishedType,
  inActiveList,
  jobReference,
} from './jobs.js';
import {
  formatRFC1123Z,
  formatTime,
  jobNameFor,
  mostRecentScheduleTime,
  NEXT_SCHEDULE_DELTA_MS,
  parseMs,
} from './times.js';

/** The component name of the controller's events. */
export const CRONJOB_CONTROLLER_COMPONENT = 'cronjob-controller';
/** kube-controller-manager's `--concurrent-cron-job-syncs` default. */
export const CONCURRENT_CRONJOB_SYNCS = 5;
/** Annotation with the scheduled time (RFC 3339 in the CronJob's zone) on the Jobs it creates. */
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

const CRONJOB_KIND: ControllerKind = controllerKindOf(CRON_JOBS);
const SOURCE = 'cronjob-controller';

/** The CronJob controller. */
export class CronJobController {
  readonly queue: WorkQueue<string>;
  private readonly client: Client;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly cronJobs: Lister<CronJob>;
  private readonly jobs: Lister<Job>;
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.log = ctx.log;
    this.recorder = ctx.events.newRecorder(CRONJOB_CONTROLLER_COMPONENT);
    this.queue = newControllerQueue(ctx.clock);
    const cjInformer = ctx.informers.informerFor(CRON_JOBS);
    const jobInformer = ctx.informers.informerFor(JOBS);
    this.cronJobs = cjInformer.lister;
    this.jobs = jobInformer.lister;
    jobInformer.addEventHandler({
      onAdd: (j) => this.addJob(j),
      onUpdate: (o, n) => this.updateJob(o, n),
      onDelete: (j) => this.deleteJob(j),
    });
    cjInformer.addEventHandler({
      onAdd: (cj) => this.queue.add(objectKey(cj)),
      onUpdate: (o, n) => this.updateCronJob(o, n),
      onDelete: (cj) => this.queue.add(objectKey(cj)),
    });
  }

  /** Runs `workers` workers until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    const pool: WorkerPool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.log,
      source: SOURCE,
      retryMessage: 'syncing cronjob',
      retryLevel: 'error',
      sync: (key) => this.sync(key),
    };
    return runWorkers(pool, workers, signal);
  }

  // ---- handlers ----

  private cronJobOf(job: Job): CronJob | undefined {
    const ref = getControllerOf(job);
    if (ref === undefined || ref.kind !== CRONJOB_KIND.kind) return undefined;
    const cj = this.cronJobs.get(job.metadata?.namespace ?? '', ref.name);
    return cj !== undefined && cj.metadata?.uid === ref.uid ? cj : undefined;
  }

  private addJob(job: Job): void {
    if (job.metadata?.deletionTimestamp != null) {
      this.deleteJob(job);
      return;
    }
    const cj = this.cronJobOf(job);
    if (cj !== undefined) this.queue.add(objectKey(cj));
  }

  private updateJob(old: Job, cur: Job): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const oldRef = getControllerOf(old);
    const curRef = getControllerOf(cur);
    if (oldRef !== undefined && oldRef.uid !== curRef?.uid) {
      const prev = this.cronJobOf(old);
      if (prev !== undefined) this.queue.add(objectKey(prev));
    }
    const cj = this.cronJobOf(cur);
    if (cj !== undefined) this.queue.add(objectKey(cj));
  }

  private deleteJob(obj: Job | DeletedFinalStateUnknown<Job>): void {
    const cj = this.cronJobOf(unwrapTombstone(obj));
    if (cj !== undefined) this.queue.add(objectKey(cj));
  }

  private updateCronJob(old: CronJob, cur: CronJob): void {
    const key = objectKey(cur);
    if (
      old.spec?.schedule !== cur.spec?.schedule ||
      (old.spec?.timeZone ?? null) !== (cur.spec?.timeZone ?? null)
    ) {
      let schedule: Schedule;
      try {
        schedule = parseSchedule(effectiveSchedule(cur), undefined);
      } catch {
        this.recorder.event(
          withTypeMeta(cur, CRONJOB_KIND),
          'Warning',
          'UnParseableCronJobSchedule',
          `unparseable schedule for cronjob: ${cur.spec?.schedule ?? ''}`,
        );
        return;
      }
      this.queue.addAfter(key, this.nextScheduleDuration(cur, this.clock.now(), schedule));
      return;
    }
    this.queue.add(key);
  }

  // ---- sync ----

  /**
   * Reconciles the CronJob of `key`. Resolves the delay until it should be synced again (the
   * next schedule), or undefined; rejects when it must be retried.
   */
  async sync(key: string): Promise<number | undefined> {
    const { namespace, name } = splitKey(key);
    const shared = this.cronJobs.get(namespace, name);
    if (shared === undefined) return undefined;
    const cj = withTypeMeta(structuredClone(shared), CRONJOB_KIND);
    cj.spec ??= { schedule: '', jobTemplate: {} };
    cj.status ??= {};
    const jobs = this.jobs.listNamespace(namespace).filter((j) => {
      const ref = getControllerOf(j);
      return ref !== undefined && ref.kind === CRONJOB_KIND.kind && ref.name === name;
    });
    let updateStatus = await this.cleanupFinishedJobs(cj, jobs);
    let result: { after: number | undefined; update: boolean; cj: CronJob };
    let syncError: unknown;
    try {
      result = await this.syncCronJob(cj, jobs);
    } catch (e) {
      syncError = e;
      result = { after: undefined, update: false, cj };
      if (e instanceof SyncError) result = { after: undefined, update: e.updateStatus, cj: e.cj };
    }
    updateStatus ||= result.update;
    if (updateStatus) {
      const status = result.cj.status ?? {};
      if (status.active !== undefined && status.active.length === 0) delete status.active;
      await this.client.resource(CRON_JOBS).updateStatus(result.cj);
    }
    if (result.after !== undefined) return result.after;
    if (syncError !== undefined) throw syncError instanceof SyncError ? syncError.cause : syncError;
    return undefined;
  }

  private async syncCronJob(
    cjIn: CronJob,
    jobs: readonly Job[],
  ): Promise<{ after: number | undefined; update: boolean; cj: CronJob }> {
    let cj = cjIn;
    const now = this.clock.now();
    let update = false;
    const fail = (e: unknown): never => {
      throw new SyncError(e, update, cj);
    };
    const children = new Set<string>();
    for (const j of jobs) {
      const u = j.metadata?.uid ?? '';
      children.add(u);
      const found = inActiveList(cj, u);
      const finished = finishedType(j);
      if (!found && finished === undefined) {
        let fresh: CronJob;
        try {
          fresh = await this.client
            .resource(CRON_JOBS)
            .get(cj.metadata?.namespace ?? '', cj.metadata?.name ?? '');
        } catch (e) {
          return fail(e);
        }
        if (inActiveList(fresh, u)) {
          cj = withTypeMeta(fresh, CRONJOB_KIND);
          cj.status ??= {};
          continue;
        }
        this.recorder.event(
          cj,
          'Warning',
          'UnexpectedJob',
          `Saw a job that the controller did not create or forgot: ${j.metadata?.name ?? ''}`,
        );
      } else if (found && finished !== undefined) {
        deleteFromActiveList(cj, u);
        this.recorder.event(
          cj,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${j.metadata?.name ?? ''}, status: ${finished}`,
        );
        update = true;
      } else if (finished === 'Complete') {
        const completed = parseMs(j.status?.completionTime);
        const last = parseMs(cj.status?.lastSuccessfulTime);
        if (completed !== undefined && (last === undefined || completed > last)) {
          cj.status!.lastSuccessfulTime = j.status?.completionTime;
          update = true;
        }
      }
    }
    for (const ref of [...(cj.status?.active ?? [])]) {
      if (children.has(ref.uid ?? '')) continue;
      try {
        await this.client.resource(JOBS).get(ref.namespace ?? '', ref.name ?? '');
      } catch (e) {
        if (!isNotFound(e)) return fail(e);
        this.recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name ?? ''}`);
        deleteFromActiveList(cj, ref.uid ?? '');
        update = true;
      }
    }

    if (cj.metadata?.deletionTimestamp != null) return { after: undefined, update, cj };
    const spec = cj.spec!;
    if (spec.timeZone != null) {
      const err = loadLocation(spec.timeZone);
      if (err !== undefined) {
        this.recorder.event(
          cj,
          'Warning',
          'UnknownTimeZone',
          `invalid timeZone: ${goQuote(spec.timeZone)}: ${err}`,
        );
        return { after: undefined, update, cj };
      }
    }
    if (spec.suspend === true) return { after: undefined, update, cj };

    if (spec.schedule.includes('TZ')) {
      this.recorder.event(
        cj,
        'Warning',
        'UnsupportedSchedule',
        `CRON_TZ or TZ used in schedule ${goQuote(spec.schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
      );
    }
    let schedule: Schedule;
    try {
      schedule = parseSchedule(effectiveSchedule(cj), undefined);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.log.info(2, SOURCE, 'Unparseable schedule', {
        cronjob: objectKey(cj),
        schedule: spec.schedule,
        err: msg,
      });
      this.recorder.event(
        cj,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: ${goQuote(spec.schedule)} : ${msg}`,
      );
      return { after: undefined, update, cj };
    }

    let scheduled: number | undefined;
    try {
      const r = mostRecentScheduleTime(cj, now, schedule, true);
      if (r.mostRecent !== undefined && r.mostRecent <= now) {
        scheduled = r.mostRecent;
        if (r.missed === 'many') {
          this.recorder.event(
            cj,
            'Warning',
            'TooManyMissedTimes',
            'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
          );
          this.log.info(0, SOURCE, 'too many missed times', { cronjob: objectKey(cj) });
        }
      }
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.recorder.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${spec.schedule} : ${msg}`);
      return { after: undefined, update, cj };
    }
    const next = (): number => this.nextScheduleDuration(cj, now, schedule);
    if (scheduled === undefined) return { after: next(), update, cj };

    const sds = spec.startingDeadlineSeconds;
    if (sds != null && scheduled + sds * 1000 < now) {
      this.recorder.event(
        cj,
        'Warning',
        'MissSchedule',
        `Missed scheduled time to start a job: ${formatRFC1123Z(scheduled)}`,
      );
      return { after: next(), update, cj };
    }
    const jobName = jobNameFor(cj.metadata?.name ?? '', scheduled);
    if (
      (cj.status?.active ?? []).some((r) => r.name === jobName) ||
      parseMs(cj.status?.lastScheduleTime) === Math.floor(scheduled / 1000) * 1000
    ) {
      return { after: next(), update, cj };
    }
    if (spec.concurrencyPolicy === 'Forbid' && (cj.status?.active ?? []).length > 0) {
      this.recorder.event(
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return { after: next(), update, cj };
    }
    if (spec.concurrencyPolicy === 'Replace') {
      for (const ref of [...(cj.status?.active ?? [])]) {
        let job: Job;
        try {
          job = await this.client.resource(JOBS).get(ref.namespace ?? '', ref.name ?? '');
        } catch (e) {
          this.recorder.event(
            cj,
            'Warning',
            'FailedGet',
            `Get job: ${e instanceof Error ? e.message : String(e)}`,
          );
          return fail(e);
        }
        if (!(await this.deleteJobOf(cj, job)))
          return fail(
            new Error(`could not replace job ${job.metadata?.namespace ?? ''}/${job.metadata?.name ?? ''}`),
          );
        update = true;
      }
    }

    const request = this.jobFromTemplate(cj, scheduled);
    let created: Job;
    let existed = false;
    try {
      created = await this.client.resource(JOBS).create(cj.metadata?.namespace ?? '', request);
    } catch (e) {
      if (hasStatusCause(e, NAMESPACE_TERMINATING_CAUSE)) return fail(e);
      if (!isAlreadyExists(e)) {
        this.recorder.event(
          cj,
          'Warning',
          'FailedCreate',
          `Error creating job: ${e instanceof Error ? e.message : String(e)}`,
        );
        return fail(e);
      }
      existed = true;
      try {
        created = await this.client.resource(JOBS).get(cj.metadata?.namespace ?? '', jobName);
      } catch (e2) {
        return fail(e2);
      }
      if (getControllerOf(created)?.uid !== cj.metadata?.uid) return { after: undefined, update, cj };
      if (inActiveList(cj, created.metadata?.uid ?? '')) return { after: undefined, update, cj };
    }
    if (existed) {
      this.log.info(0, SOURCE, 'Job already exists', { cronjob: objectKey(cj), job: jobName });
    } else {
      this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata?.name ?? ''}`);
    }
    cj.status!.active = [...(cj.status?.active ?? []), jobReference(created)];
    cj.status!.lastScheduleTime = formatTime(scheduled);
    update = true;
    return { after: next(), update, cj };
  }

  private nextScheduleDuration(cj: CronJob, now: number, schedule: Schedule): number {
    let from: number;
    try {
      const r = mostRecentScheduleTime(cj, now, schedule, false);
      // Missed schedules but none to run now (past the deadline): look from now.
      from = r.mostRecent ?? (r.missed === 'none' ? r.earliest : now);
    } catch {
      from = now;
    }
    const next = schedule.next(from);
    // No activation within five years: look again in a day rather than never.
    if (next === undefined) return 24 * 3_600_000;
    return next + NEXT_SCHEDULE_DELTA_MS - now;
  }

  private jobFromTemplate(cj: CronJob, scheduled: number): Job {
    const tmpl = cj.spec?.jobTemplate ?? {};
    const zone = new Zone(cj.spec?.timeZone ?? '');
    const annotations: Record<string, string> = { ...(tmpl.metadata?.annotations ?? {}) };
    annotations[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION] = zone.formatRFC3339(scheduled);
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobNameFor(cj.metadata?.name ?? '', scheduled),
        labels: { ...(tmpl.metadata?.labels ?? {}) },
        annotations,
        ownerReferences: [newControllerRef(cj, CRONJOB_KIND)],
      },
      spec: structuredClone(tmpl.spec ?? { template: {} }),
    };
  }

  private async cleanupFinishedJobs(cj: CronJob, jobs: readonly Job[]): Promise<boolean> {
    const spec = cj.spec;
    if (spec?.successfulJobsHistoryLimit == null && spec?.failedJobsHistoryLimit == null) return false;
    const succeeded = jobs.filter((j) => finishedType(j) === 'Complete');
    const failed = jobs.filter((j) => finishedType(j) === 'Failed');
    let update = false;
    if (
      spec.successfulJobsHistoryLimit != null &&
      (await this.removeOldest(cj, succeeded, spec.successfulJobsHistoryLimit))
    )
      update = true;
    if (
      spec.failedJobsHistoryLimit != null &&
      (await this.removeOldest(cj, failed, spec.failedJobsHistoryLimit))
    )
      update = true;
    return update;
  }

  private async removeOldest(cj: CronJob, jobs: readonly Job[], keep: number): Promise<boolean> {
    const excess = jobs.length - keep;
    if (excess <= 0) return false;
    const sorted = [...jobs].sort(byStartTime);
    let update = false;
    for (const job of sorted.slice(0, excess)) if (await this.deleteJobOf(cj, job)) update = true;
    return update;
  }

  private async deleteJobOf(cj: CronJob, job: Job): Promise<boolean> {
    try {
      await this.client
        .resource(JOBS)
        .delete(job.metadata?.namespace ?? '', job.metadata?.name ?? '', { propagationPolicy: 'Background' });
    } catch (e) {
      this.recorder.event(
        cj,
        'Warning',
        'FailedDelete',
        `Deleted job: ${e instanceof Error ? e.message : String(e)}`,
      );
      this.log.error(SOURCE, 'Error deleting job from cronjob', {
        job: objectKey(job),
        cronjob: objectKey(cj),
      });
      return false;
    }
    deleteFromActiveList(cj, job.metadata?.uid ?? '');
    this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata?.name ?? ''}`);
    return true;
  }
}

/** A failed sync, carrying the status changes made so far (they are still written). */
class SyncError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly updateStatus: boolean,
    readonly cj: CronJob,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}
