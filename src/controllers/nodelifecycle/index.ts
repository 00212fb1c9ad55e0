// Node lifecycle: health from status and Lease, condition taints, zone-aware eviction rates.
import type { ControllerDescriptor } from '../context.js';
import { NodeLifecycleController } from './controller.js';

export { NODE_LEASE_NAMESPACE, NodeLifecycleController } from './controller.js';
export { NODE_STARTUP_GRACE_PERIOD_MS } from './health.js';
export { ensurePodNodeIndex, POD_NODE_INDEX } from './pod-index.js';
export {
  CONDITION_TAINTS,
  NOT_READY_NO_EXECUTE,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  UNREACHABLE_NO_EXECUTE,
} from './taints.js';
export { computeZoneState, type ZoneState, zoneKey } from './zones.js';

/** `node-lifecycle-controller`. */
export const nodeLifecycleController: ControllerDescriptor = {
  name: 'node-lifecycle',
  start(ctx, signal) {
    void new NodeLifecycleController(ctx).run(signal);
  },
};
