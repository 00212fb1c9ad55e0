import type { KindValidations } from '../types.js';
import { controllerRevisionValidation } from './controller-revision.js';
import { cronJobValidation } from './cronjob.js';
import { daemonSetValidation } from './daemonset.js';
import { deploymentValidation } from './deployment.js';
import { hpaV1Validation, hpaV2Validation } from './hpa.js';
import { jobValidation } from './job.js';
import { pdbValidation } from './pdb.js';
import { replicaSetValidation } from './replicaset.js';
import { statefulSetValidation } from './statefulset.js';

export { CronScheduleError, checkCronSchedule } from './cron-schedule.js';
export { validateScale } from './hpa.js';
export { type ReadSelector, validateLabelSelector } from './label-selector.js';
export { loadLocation } from './time-zone.js';

/**
 * Upstream's validation of the workload kinds and their neighbours, keyed by `apiVersion/Kind`.
 * Every function is pure and never throws; see each entry for what it covers.
 */
export const workloadValidations: KindValidations = {
  'apps/v1/Deployment': deploymentValidation,
  'apps/v1/ReplicaSet': replicaSetValidation,
  'apps/v1/StatefulSet': statefulSetValidation,
  'apps/v1/DaemonSet': daemonSetValidation,
  'apps/v1/ControllerRevision': controllerRevisionValidation,
  'batch/v1/Job': jobValidation,
  'batch/v1/CronJob': cronJobValidation,
  'autoscaling/v2/HorizontalPodAutoscaler': hpaV2Validation,
  'autoscaling/v1/HorizontalPodAutoscaler': hpaV1Validation,
  'policy/v1/PodDisruptionBudget': pdbValidation,
};
