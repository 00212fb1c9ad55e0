// Taint eviction: pods leave nodes whose NoExecute taints they do not tolerate.
import type { ControllerDescriptor } from '../context.js';
import { TaintEvictionController } from './controller.js';

export { DELETE_RETRIES, TaintEvictionController } from './controller.js';
export { matchingTolerations, minTolerationMs, tolerates } from './tolerations.js';

/** `taint-eviction-controller`. */
export const taintEvictionController: ControllerDescriptor = {
  name: 'taint-eviction',
  start(ctx, signal) {
    void new TaintEvictionController(ctx).run(signal);
  },
};
