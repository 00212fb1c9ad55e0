// The TTL-after-finished controller: deletes finished Jobs once their TTL has passed.
import type { ControllerDescriptor } from '../context.js';
import { CONCURRENT_TTL_SYNCS, TTLAfterFinishedController } from './controller.js';

export { CONCURRENT_TTL_SYNCS, finishTime, needsCleanup, TTLAfterFinishedController } from './controller.js';

/** The `ttl-after-finished` controller of kube-controller-manager. */
export const ttlAfterFinishedController: ControllerDescriptor = {
  name: 'ttl-after-finished',
  start(ctx, signal) {
    const c = new TTLAfterFinishedController(ctx);
    void c.run(ctx.options.concurrentSyncs['ttl-after-finished'] ?? CONCURRENT_TTL_SYNCS, signal);
  },
};
