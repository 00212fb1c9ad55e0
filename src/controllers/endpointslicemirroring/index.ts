// The EndpointSlice mirroring controller.
import type { ControllerDescriptor } from '../context.js';
import { DEFAULT_MIRRORING_WORKERS, EndpointSliceMirroringController } from './controller.js';

export {
  DEFAULT_MIRRORING_WORKERS,
  DEFAULT_SYNC_BACKOFF_MS,
  EndpointSliceMirroringController,
  MAX_RETRIES,
  MAX_SYNC_BACKOFF_MS,
  type MirroringControllerOptions,
  shouldMirror,
} from './controller.js';
export {
  addressToEndpoint,
  DEFAULT_MAX_ENDPOINTS_PER_SUBSET,
  MirroringReconciler,
  type MirroringReconcilerOptions,
  newMirroredSlice,
  toSlicePorts,
} from './reconciler.js';

/** The `endpointslice-mirroring` controller of the controller manager. */
export const endpointSliceMirroringController: ControllerDescriptor = {
  name: 'endpointslice-mirroring',
  start(ctx, signal) {
    const c = new EndpointSliceMirroringController(ctx);
    void c.run(ctx.options.concurrentSyncs['endpointslice-mirroring'] ?? DEFAULT_MIRRORING_WORKERS, signal);
  },
};
