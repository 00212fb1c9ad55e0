// PV protection: bound volumes are not removed until they are released.
import type { ControllerDescriptor } from '../context.js';
import { PVProtectionController } from './controller.js';

export { PV_PROTECTION_FINALIZER, PVProtectionController } from './controller.js';

/** `persistentvolume-protection-controller`. */
export const pvProtectionController: ControllerDescriptor = {
  name: 'pv-protection',
  start(ctx, signal) {
    void new PVProtectionController(ctx).run(1, signal);
  },
};
