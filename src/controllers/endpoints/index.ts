// The Endpoints controller.
import type { ControllerDescriptor } from '../context.js';
import { DEFAULT_ENDPOINT_WORKERS, EndpointsController } from './controller.js';

export { subsetsEqualIgnoreResourceVersion } from './compare.js';
export {
  DEFAULT_ENDPOINT_WORKERS,
  EndpointsController,
  type EndpointsControllerOptions,
  MAX_RETRIES,
} from './controller.js';
export { desiredSubsets, podToEndpointAddress } from './desired.js';
export { compareEndpointAddresses, repackSubsets, sortSubsets } from './repack.js';
export {
  capacityAnnotationSetCorrectly,
  MAX_CAPACITY,
  OVER_CAPACITY_ANNOTATION,
  truncateEndpoints,
} from './truncate.js';

/** The `endpoint` controller of the controller manager. */
export const endpointsController: ControllerDescriptor = {
  name: 'endpoint',
  start(ctx, signal) {
    const c = new EndpointsController(ctx);
    void c.run(ctx.options.concurrentSyncs['endpoint'] ?? DEFAULT_ENDPOINT_WORKERS, signal);
  },
};
