/**
 * Printers of the batch group: jobs and cronjobs.
 */
import { humanDuration } from '../../apimachinery/duration/index.js';
import { AGE, CONTAINERS, column, IMAGES, NAME, simplePrinter, wide } from './columns.js';
import {
  age,
  containerCells,
  formatLabelSelector,
  goBoolPtr,
  instantMs,
  isZero,
  name,
  since,
  timestamp,
} from './format.js';
import { int, isSet, list, type Obj, objList, optBool, optInt, optStr, str } from './json.js';
import type { PrintContext, Printer } from './types.js';

/** Go's zero time (0001-01-01T00:00:00Z) in milliseconds since the epoch. */
const ZERO_TIME_MS = -62135596800000;

const SELECTOR = wide('Selector', 'string', 'Label selector of the pods of the job.');

/** True when the first condition of `type` has status True (upstream stops at the first match). */
function jobCondition(o: Obj, type: string): boolean {
  const c = objList(o, 'status', 'conditions').find((cond) => str(cond, 'type') === type);
  return c !== undefined && str(c, 'status') === 'True';
}

/** The STATUS of a job, in upstream's order of precedence. */
export function jobStatus(o: Obj): string {
  if (jobCondition(o, 'Complete')) return 'Complete';
  if (jobCondition(o, 'Failed')) return 'Failed';
  if (isSet(o, 'metadata', 'deletionTimestamp')) return 'Terminating';
  if (jobCondition(o, 'Suspended')) return 'Suspended';
  if (jobCondition(o, 'FailureTarget')) return 'FailureTarget';
  if (jobCondition(o, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function completions(o: Obj): string {
  const succeeded = int(o, 'status', 'succeeded');
  const wanted = optInt(o, 'spec', 'completions');
  if (wanted !== undefined) return `${succeeded}/${wanted}`;
  const parallelism = optInt(o, 'spec', 'parallelism') ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(o: Obj, ctx: PrintContext): string {
  if (!isSet(o, 'status', 'startTime')) return '';
  const start = timestamp(o, 'status', 'startTime');
  const startMs = isZero(start) ? ZERO_TIME_MS : instantMs(start);
  if (!isSet(o, 'status', 'completionTime')) return humanDuration(ctx.nowMs - startMs);
  const end = timestamp(o, 'status', 'completionTime');
  return humanDuration((isZero(end) ? ZERO_TIME_MS : instantMs(end)) - startMs);
}

/** Jobs: STATUS, COMPLETIONS, DURATION. */
export const jobPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Status', 'string', 'Summary of the job conditions.'),
    column('Completions', 'string', 'Succeeded pods out of the completions wanted.'),
    column('Duration', 'string', 'Time the job ran, or has been running.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  (o, ctx) => {
    const [names, images] = containerCells(o, 'spec', 'template', 'spec', 'containers');
    return [
      name(o),
      jobStatus(o),
      completions(o),
      jobDuration(o, ctx),
      age(o, ctx),
      names,
      images,
      formatLabelSelector(o, 'spec', 'selector'),
    ];
  },
);

/** CronJobs: SCHEDULE, TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE. */
export const cronJobPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Schedule', 'string', 'The cron schedule.'),
    column('Timezone', 'string', 'Time zone of the schedule.'),
    column('Suspend', 'boolean', 'Whether new runs are suspended.'),
    column('Active', 'integer', 'Jobs running now.'),
    column('Last Schedule', 'string', 'Time since a job was last scheduled.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  (o, ctx) => {
    const template = ['spec', 'jobTemplate', 'spec'] as const;
    const [names, images] = containerCells(o, ...template, 'template', 'spec', 'containers');
    const last = isSet(o, 'status', 'lastScheduleTime');
    return [
      name(o),
      str(o, 'spec', 'schedule'),
      optStr(o, 'spec', 'timeZone') ?? '<none>',
      goBoolPtr(optBool(o, 'spec', 'suspend')),
      list(o, 'status', 'active').length,
      last ? since(ctx, timestamp(o, 'status', 'lastScheduleTime')) : '<none>',
      age(o, ctx),
      names,
      images,
      formatLabelSelector(o, ...template, 'selector'),
    ];
  },
);
