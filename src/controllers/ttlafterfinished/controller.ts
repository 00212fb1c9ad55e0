// The TTL-after-finished controller (upstream's ttlafterfinished): deletes a finished Job once
// `.spec.ttlSecondsAfterFinished` have passed since it completed or failed, with foreground
// propagation so its pods go first. It sets one timer per Job for the moment its TTL expires.
import type { Job } from 'kubernetes-types/batch/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import type { Clock } from '../../client/clock.js';
import { objectKey, splitKey } from '../../client/informers/keys.js';
import type { Lister } from '../../client/informers/types.js';
import { JOBS } from '../../client/resources.js';
import type { Client } from '../../client/types.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Logger } from '../../log/index.js';
import type { ControllerContext } from '../context.js';
import { runWorkers, type WorkerPool, newControllerQueue } from '../util/index.js';

/** kube-controller-manager's `--concurrent-ttl-after-finished-syncs` default. */
export const CONCURRENT_TTL_SYNCS = 5;
const SOURCE = 'ttlafterfinished';

/** Whether the Job has a TTL and has finished (Complete or Failed is True). */
export function needsCleanup(job: Job): boolean {
  return job.spec?.ttlSecondsAfterFinished != null && finishTime(job) !== undefined;
}

/** When the Job finished: the transition time of its True Complete or Failed condition. */
export function finishTime(job: Job): number | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') {
      const t = c.lastTransitionTime == null ? Number.NaN : Date.parse(c.lastTransitionTime);
      return Number.isNaN(t) ? undefined : t;
    }
  }
  return undefined;
}

/** The TTL-after-finished controller for Jobs. */
export class TTLAfterFinishedController {
  readonly queue: WorkQueue<string>;
  private readonly client: Client;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly jobs: Lister<Job>;
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.log = ctx.log;
    this.queue = newControllerQueue(ctx.clock);
    const informer = ctx.informers.informerFor(JOBS);
    this.jobs = informer.lister;
    informer.addEventHandler({
      onAdd: (j) => this.enqueue(j),
      onUpdate: (_o, n) => this.enqueue(n),
    });
  }

  private enqueue(job: Job): void {
    if (job.metadata?.deletionTimestamp == null && needsCleanup(job)) this.queue.add(objectKey(job));
  }

  /** Runs `workers` workers until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    const pool: WorkerPool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.log,
      source: SOURCE,
      retryMessage: 'error cleaning up Job',
      retryLevel: 'error',
      sync: (key) => this.sync(key),
    };
    return runWorkers(pool, workers, signal);
  }

  /**
   * Deletes the Job of `key` if its TTL expired (checked again on a fresh read, with the uid as
   * precondition); otherwise requeues it for the expiry. Rejects when it must be retried.
   */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.jobs.get(namespace, name);
    if (cached === undefined || !this.expired(cached)) return;
    let fresh: Job;
    try {
      fresh = await this.client.resource(JOBS).get(namespace, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (!this.expired(fresh)) return;
    this.log.info(4, SOURCE, 'Cleaning up Job', { job: key });
    await this.client.resource(JOBS).delete(namespace, name, {
      propagationPolicy: 'Foreground',
      preconditions: { uid: fresh.metadata?.uid ?? '' },
    });
  }

  /** Whether the TTL expired; when not, the Job is requeued for the moment it does. */
  private expired(job: Job): boolean {
    if (job.metadata?.deletionTimestamp != null || !needsCleanup(job)) return false;
    const finished = finishTime(job) ?? 0;
    const now = this.clock.now();
    if (finished > now) {
      this.log.info(
        0,
        SOURCE,
        'Warning: Found Job finished in the future. This is likely due to time skew in the cluster. Job cleanup will be deferred.',
        {
          job: objectKey(job),
        },
      );
    }
    const remaining = finished + (job.spec?.ttlSecondsAfterFinished ?? 0) * 1000 - now;
    if (remaining <= 0) return true;
    this.queue.addAfter(objectKey(job), remaining);
    return false;
  }
}
