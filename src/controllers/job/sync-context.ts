// What the parts of the Job controller share: the per-sync context and the dependencies.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { EventRecorder } from '../../client/events/types.js';
import type { Lister } from '../../client/informers/types.js';
import type { Client } from '../../client/types.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Logger } from '../../log/index.js';
import type { Clock } from '../../client/clock.js';
import type { ControllerExpectations, PodControl } from '../util/index.js';
import type { BackoffRecord, BackoffStore } from './backoff.js';
import type { OrderedIntervals } from './intervals.js';

import type { FinalizerExpectations } from './finalizer-expectations.js';

/** Everything one sync computes about a Job. */
export interface SyncContext {
  job: Job;
  readonly key: string;
  readonly pods: Pod[];
  activePods: Pod[];
  succeeded: number;
  failed: number;
  terminating: number;
  ready: number;
  finishedCondition: JobCondition | undefined;
  readonly expectedRmFinalizers: ReadonlySet<string>;
  readonly uncountedSucceeded: ReadonlySet<string>;
  readonly uncountedFailed: ReadonlySet<string>;
  newBackoffRecord: BackoffRecord;
  prevSucceededIndexes: OrderedIntervals;
  succeededIndexes: OrderedIntervals;
  failedIndexes: OrderedIntervals | undefined;
  podsWithDelayedDeletionPerIndex: Map<number, Pod>;
}

/** The collaborators every part of the controller uses. */
export interface JobDeps {
  readonly client: Client;
  readonly clock: Clock;
  readonly log: Logger;
  readonly recorder: EventRecorder;
  readonly podControl: PodControl;
  /** The Job queue, for timed requeues. */
  readonly queue: WorkQueue<string>;
  readonly expectations: ControllerExpectations;
  readonly finalizers: FinalizerExpectations;
  readonly backoff: BackoffStore;
  readonly jobs: Lister<Job>;
  readonly pods: Lister<Pod>;
}

/** Base of the controller's parts: the dependencies as fields. */
export abstract class JobPart {
  protected readonly client: Client;
  protected readonly clock: Clock;
  protected readonly log: Logger;
  protected readonly recorder: EventRecorder;
  protected readonly podControl: PodControl;
  protected readonly queue: WorkQueue<string>;
  protected readonly expectations: ControllerExpectations;
  protected readonly finalizers: FinalizerExpectations;
  protected readonly backoff: BackoffStore;
  protected readonly jobs: Lister<Job>;
  protected readonly pods: Lister<Pod>;

  constructor(d: JobDeps) {
    this.client = d.client;
    this.clock = d.clock;
    this.log = d.log;
    this.recorder = d.recorder;
    this.podControl = d.podControl;
    this.queue = d.queue;
    this.expectations = d.expectations;
    this.finalizers = d.finalizers;
    this.backoff = d.backoff;
    this.jobs = d.jobs;
    this.pods = d.pods;
  }
}
