// The PersistentVolume binder: claims bound to statically created volumes, phases, reclaiming.
import type { ControllerDescriptor } from '../context.js';
import { PersistentVolumeBinder } from './controller.js';

export { claimReference, PersistentVolumeBinder, podUsesClaim } from './controller.js';
export {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  checkVolumeSatisfiesClaim,
  findBestMatchForClaim,
  findMatchingVolume,
} from './match.js';
export { type DeleteDecision, deleteDecision, type ProvisionDecision, provisionDecision } from './plugins.js';

/** `persistentvolume-binder` in kube-controller-manager's --controllers list. */
export const persistentVolumeBinderController: ControllerDescriptor = {
  name: 'persistentvolume-binder',
  start(ctx, signal) {
    const c = new PersistentVolumeBinder(ctx);
    void c.run(signal);
  },
};
