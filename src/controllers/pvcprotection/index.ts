// PVC protection: claims in use by pods are not removed until the pods are done with them.
import type { ControllerDescriptor } from '../context.js';
import { PVCProtectionController } from './controller.js';

export { claimsOf, PVC_PROTECTION_FINALIZER, PVCProtectionController } from './controller.js';

/** `persistentvolumeclaim-protection-controller`. */
export const pvcProtectionController: ControllerDescriptor = {
  name: 'pvc-protection',
  start(ctx, signal) {
    void new PVCProtectionController(ctx).run(1, signal);
  },
};
