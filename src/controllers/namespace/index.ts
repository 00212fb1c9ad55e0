// The namespace lifecycle controller: deletes the content of terminating namespaces and releases
// their `kubernetes` finalizer. It talks to the cluster only through NamespaceDeletionClient and
// NamespaceEventSource.
import { NAMESPACES } from '../../client/resources.js';
import type { ControllerDescriptor } from '../context.js';
import { CONCURRENT_NAMESPACE_SYNCS, NamespaceController } from './controller.js';
import { clientNamespaceDeletionClient, informerNamespaceEvents } from './rest-client.js';

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
export {
  clientNamespaceDeletionClient,
  informerNamespaceEvents,
  preferredNamespacedLists,
} from './rest-client.js';

/**
 * The `namespace` controller of the controller manager: the namespace lifecycle controller over
 * the context's client and its shared namespaces informer.
 */
export const namespaceController: ControllerDescriptor = {
  name: 'namespace',
  start(ctx, signal) {
    const controller = new NamespaceController({
      client: clientNamespaceDeletionClient(ctx.client),
      events: informerNamespaceEvents(ctx.informers, ctx.informers.informerFor(NAMESPACES)),
      workers: ctx.options.concurrentSyncs['namespace'] ?? CONCURRENT_NAMESPACE_SYNCS,
      clock: ctx.clock,
      logger: ctx.log,
    });
    void controller.start(signal).catch((e: unknown) => {
      ctx.log.error('namespace-controller', 'Namespace controller stopped with an error', { err: e });
    });
  },
};
