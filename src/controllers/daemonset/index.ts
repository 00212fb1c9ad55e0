// The DaemonSet controller: one pod per eligible node, tolerations and node pinning as upstream,
// RollingUpdate (maxUnavailable / maxSurge) and OnDelete over ControllerRevisions.
import type { ControllerDescriptor } from '../context.js';
import { DaemonSetController, DEFAULT_WORKERS } from './controller.js';

export { Backoff } from './backoff.js';
export {
  DaemonSetController,
  DEFAULT_WORKERS,
  FAILED_DAEMON_POD_REASON,
  SELECTING_ALL_REASON,
} from './controller.js';
export {
  addDaemonPodTolerations,
  DAEMONSET_HASH_LABEL,
  daemonPodTemplate,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  replaceNodeNameAffinity,
  TEMPLATE_GENERATION_ANNOTATION,
  TEMPLATE_GENERATION_LABEL,
  targetNodeName,
} from './daemon-pods.js';
export { DAEMONSET_GVK, DaemonSetHistoryControl, daemonSetHash, matchesRevision } from './history.js';
export { findUntoleratedTaint, requiredNodeAffinityMatches, toleratesTaint } from './node-affinity.js';
export {
  allowsSurge,
  planRollingUpdate,
  type RollingUpdatePlan,
  surgeCount,
  unavailableCount,
} from './rolling-update.js';

/** `daemonset` in kube-controller-manager's --controllers list. */
export const daemonSetController: ControllerDescriptor = {
  name: 'daemonset',
  start(ctx, signal) {
    const c = new DaemonSetController(ctx);
    void c.run(ctx.options.concurrentSyncs['daemonset'] ?? DEFAULT_WORKERS, signal);
  },
};
