// The Job controller: runs the pods of batch/v1 Jobs to completion and reports their status.
import type { ControllerDescriptor } from '../context.js';
import { CONCURRENT_JOB_SYNCS, JobController } from './controller.js';

export {
  CONCURRENT_JOB_SYNCS,
  JOB_CONTROLLER_COMPONENT,
  JobController,
  type JobControllerOptions,
} from './controller.js';
export {
  MAX_POD_CREATE_DELETE_PER_SYNC,
  MAX_UNCOUNTED_PODS,
  podGenerateNameWithIndex,
  removeFinalizerPatch,
  SYNC_JOB_BATCH_PERIOD_MS,
} from './rules.js';
export { DEFAULT_POD_FAILURE_BACKOFF_MS, MAX_POD_FAILURE_BACKOFF_MS, remainingBackoff } from './backoff.js';
export { findCondition, isJobFinished, isJobSucceeded, finishedCondition } from './conditions.js';
export { OrderedIntervals } from './intervals.js';
export {
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_TRACKING_FINALIZER,
} from './pod-state.js';

/** The `job` controller of kube-controller-manager. */
export const jobController: ControllerDescriptor = {
  name: 'job',
  start(ctx, signal) {
    const c = new JobController(ctx);
    const workers = ctx.options.concurrentSyncs['job'] ?? CONCURRENT_JOB_SYNCS;
    void c.run(workers, signal);
  },
};
