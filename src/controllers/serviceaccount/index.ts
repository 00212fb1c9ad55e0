// The service accounts controller.
import type { ControllerDescriptor } from '../context.js';
import { ServiceAccountsController } from './controller.js';

export { DEFAULT_SERVICE_ACCOUNTS, ServiceAccountsController } from './controller.js';

/** The `serviceaccount` controller of the controller manager (one worker, as upstream). */
export const serviceAccountController: ControllerDescriptor = {
  name: 'serviceaccount',
  start(ctx, signal) {
    const c = new ServiceAccountsController(ctx);
    void c.run(1, signal);
  },
};
