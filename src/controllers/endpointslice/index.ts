// The EndpointSlice controller and the endpoint helpers the Endpoints and mirroring controllers
// share with it.
import type { ControllerDescriptor } from '../context.js';
import { DEFAULT_ENDPOINTSLICE_WORKERS, EndpointSliceController } from './controller.js';

export {
  DEFAULT_ENDPOINTSLICE_WORKERS,
  DEFAULT_SYNC_BACKOFF_MS,
  ENDPOINT_SLICE_CHANGE_MIN_SYNC_DELAY_MS,
  EndpointSliceController,
  type EndpointSliceControllerOptions,
  MAX_RETRIES,
  MAX_SYNC_BACKOFF_MS,
} from './controller.js';
export { EndpointSet, endpointKey, endpointsEqualBeyondHash, portMapKey } from './endpoint-set.js';
export { aggregateErrors, isNamespaceTerminating, messageOf, StaleInformerCacheError } from './errors.js';
export { fnv128aHex, md5, renderEndpointPort, renderEndpointSubset, renderSlicePort } from './go-hash.js';
export * from './labels.js';
export {
  findPort,
  hasSelector,
  isServiceIPSet,
  podEndpointsChanged,
  podServiceMemberships,
  servicesToUpdateOnPodChange,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './pod-util.js';
export {
  DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  EndpointSliceReconciler,
  type ReconcilerOptions,
} from './reconciler.js';
export {
  type AddressType,
  addressTypesForService,
  endpointPortsFor,
  ownedBy,
  podAddresses,
  podToEndpoint,
  sliceLabels,
} from './slice-content.js';
export { EndpointSliceTracker } from './slice-tracker.js';
export {
  formatRFC3339Nano,
  LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
  TriggerTimeTracker,
} from './trigger-time-tracker.js';
export { runWorkers, type WorkerPool } from '../util/workers.js';

/** The `endpointslice` controller of the controller manager. */
export const endpointSliceController: ControllerDescriptor = {
  name: 'endpointslice',
  start(ctx, signal) {
    const c = new EndpointSliceController(ctx);
    void c.run(ctx.options.concurrentSyncs['endpointslice'] ?? DEFAULT_ENDPOINTSLICE_WORKERS, signal);
  },
};
