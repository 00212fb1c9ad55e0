// The CronJob controller: creates Jobs on a cron schedule.
import type { ControllerDescriptor } from '../context.js';
import { CONCURRENT_CRONJOB_SYNCS, CronJobController } from './controller.js';

export {
  CONCURRENT_CRONJOB_SYNCS,
  CRONJOB_CONTROLLER_COMPONENT,
  CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION,
  CronJobController,
} from './controller.js';
export {
  formatRFC1123Z,
  jobNameFor,
  MAX_MISSED_SCHEDULES,
  mostRecentScheduleTime,
  NEXT_SCHEDULE_DELTA_MS,
} from './times.js';
export { parseSchedule, type Schedule } from './schedule.js';
export { Zone } from './zone.js';

/** The `cronjob` controller of kube-controller-manager. */
export const cronJobController: ControllerDescriptor = {
  name: 'cronjob',
  start(ctx, signal) {
    const c = new CronJobController(ctx);
    void c.run(ctx.options.concurrentSyncs['cronjob'] ?? CONCURRENT_CRONJOB_SYNCS, signal);
  },
};
