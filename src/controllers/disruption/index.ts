// The disruption controller: PodDisruptionBudget status for the eviction API.
import type { ControllerDescriptor } from '../context.js';
import { DisruptionController } from './controller.js';

export { DisruptionController, type DisruptionControllerOptions } from './controller.js';
export { type ControllerAndScale, ScaleFinder, type WorkloadListers } from './scale.js';
export {
  buildDisruptedPodMap,
  conditionsAreUpToDate,
  countHealthyPods,
  DELETION_TIMEOUT_MS,
  DISRUPTION_ALLOWED_CONDITION,
  INSUFFICIENT_PODS_REASON,
  STALE_POD_DISRUPTION_TIMEOUT_MS,
  SUFFICIENT_PODS_REASON,
  SYNC_FAILED_REASON,
  updateDisruptionAllowedCondition,
} from './status.js';

/** `disruption` in kube-controller-manager's --controllers list. */
export const disruptionController: ControllerDescriptor = {
  name: 'disruption',
  start(ctx, signal) {
    const c = new DisruptionController(ctx);
    void c.run(signal);
  },
};
