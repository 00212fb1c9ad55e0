// The deployment controller: rolls deployments out through replica sets (RollingUpdate and
// Recreate), scales them proportionally, pauses, resumes, reports progress and prunes history.
import type { ControllerDescriptor } from '../context.js';
import { CONCURRENT_DEPLOYMENT_SYNCS, DeploymentController } from './controller.js';
import { DEPLOYMENT_CONTROLLER_NAME } from './env.js';

export { CONCURRENT_DEPLOYMENT_SYNCS, DeploymentController, MAX_RETRIES } from './controller.js';
export { DEPLOYMENT_CONTROLLER_NAME, SCALING_REPLICA_SET_REASON } from './env.js';
export { ROLLBACK_DONE, ROLLBACK_REVISION_NOT_FOUND, ROLLBACK_TEMPLATE_UNCHANGED } from './rollback.js';
export * as deploymentUtil from './util/index.js';

/** The `deployment` controller of kube-controller-manager's `--controllers` list. */
export const deploymentController: ControllerDescriptor = {
  name: 'deployment',
  start(ctx, signal) {
    const c = new DeploymentController(ctx);
    const workers = ctx.options.concurrentSyncs['deployment'] ?? CONCURRENT_DEPLOYMENT_SYNCS;
    void c.run(workers, signal).catch((err: unknown) => {
      if (!signal.aborted) ctx.log.error(DEPLOYMENT_CONTROLLER_NAME, 'Deployment controller failed', { err });
    });
  },
};
