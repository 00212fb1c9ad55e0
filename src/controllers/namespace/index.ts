// The namespace lifecycle controller: deletes the content of terminating namespaces and releases
// their `kubernetes` finalizer. It talks to the cluster only through NamespaceDeletionClient and
// NamespaceEventSource.
export {
  type APIResource,
  type APIResourceList,
  type DeleteOptions,
  type DiscoveryResult,
  GroupDiscoveryFailedError,
  type GroupVersionResource,
  type JsonObject,
  type NamespaceDeletionClient,
  type NamespaceEvent,
  type NamespaceEventSource,
} from './client.js';
export { type Clock, SYSTEM_CLOCK, type Timer } from '../../client/clock.js';
export {
  CONDITION_TYPES,
  type ConditionType,
  type NamespaceCondition,
  NamespaceConditionUpdater,
} from './conditions.js';
export {
  CONCURRENT_NAMESPACE_SYNCS,
  NAMESPACE_DELETION_GRACE_PERIOD_MS,
  NAMESPACE_SYNC_PERIOD_MS,
  NamespaceController,
  type NamespaceControllerOptions,
  namespaceRateLimiter,
} from './controller.js';
export {
  FINALIZER_ESTIMATE_SECONDS,
  FINALIZER_KUBERNETES,
  NamespacedResourcesDeleter,
  ResourcesRemainingError,
} from './deleter.js';
export { deletableResources, gvrString } from './discovery.js';
export {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  type RateLimiter,
} from '../../client/workqueue/rate-limiter.js';
export { WorkQueue } from '../../client/workqueue/work-queue.js';
