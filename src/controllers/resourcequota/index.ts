// The resource quota controller: ResourceQuota status (hard and used) kept current.
import type { ControllerDescriptor } from '../context.js';
import { CONCURRENT_RESOURCE_QUOTA_SYNCS, ResourceQuotaController } from './controller.js';

export { calculateUsage, scopeRequirements, type UsageResult } from './calculate.js';
export {
  CONCURRENT_RESOURCE_QUOTA_SYNCS,
  QUOTA_DISCOVERY_PERIOD_MS,
  QUOTA_IGNORED_RESOURCES,
  ResourceQuotaController,
} from './controller.js';
export {
  builtinEvaluators,
  claimClass,
  type Evaluator,
  objectCountEvaluator,
  persistentVolumeClaimEvaluator,
  podEvaluator,
  serviceEvaluator,
  usesCrossNamespacePodAffinity,
} from './evaluators.js';
export { podAmounts, podCountsAt, podDeletionDeadline, podQOS } from './pod-usage.js';
export {
  isExtendedResourceName,
  isExtendedResourceNameForQuota,
  objectCountName,
  parseObjectCountName,
} from './resource-names.js';

/** The `resourcequota` controller of the controller manager. */
export const resourceQuotaController: ControllerDescriptor = {
  name: 'resourcequota',
  start(ctx, signal) {
    const c = new ResourceQuotaController(ctx);
    const workers = ctx.options.concurrentSyncs['resourcequota'] ?? CONCURRENT_RESOURCE_QUOTA_SYNCS;
    void c.run(workers, signal).catch((e: unknown) => {
      ctx.log.error('resourcequota', 'Resource quota controller stopped with an error', { err: e });
    });
  },
};
