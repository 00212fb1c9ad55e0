// The pod garbage collector: force-deletes terminated pods over the threshold and orphaned pods.
import type { ControllerDescriptor } from '../context.js';
import { PodGCController } from './controller.js';

export {
  byEvictionAndCreation,
  GC_BATCH_MS,
  isPodTerminated,
  POD_GC_FIELD_MANAGER,
  PodGCController,
  QUARANTINE_TIME_MS,
  TAINT_NODE_OUT_OF_SERVICE,
} from './controller.js';

/** The `pod-garbage-collector` controller of kube-controller-manager. */
export const podGCController: ControllerDescriptor = {
  name: 'pod-garbage-collector',
  start(ctx, signal) {
    void new PodGCController(ctx).run(signal);
  },
};
