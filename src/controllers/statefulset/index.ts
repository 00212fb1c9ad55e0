// The StatefulSet controller: stable pod identities, ordered or parallel scaling, claims from
// volumeClaimTemplates with their retention policy, and revision-based rolling updates.
import type { ControllerDescriptor } from '../context.js';
import { DEFAULT_WORKERS, StatefulSetController } from './controller.js';

export { hasOwnerRef, isClaimOwnerUpToDate, retentionPolicy } from './claim-retention.js';
export { DEFAULT_WORKERS, StatefulSetController } from './controller.js';
export { StatefulPodControl } from './pod-control.js';
export {
  getOrdinal,
  identityMatches,
  newStatefulSetPod,
  POD_INDEX_LABEL,
  podName,
  STATEFULSET_KIND,
  STATEFULSET_POD_NAME_LABEL,
  STATEFULSET_REVISION_LABEL,
  storageMatches,
} from './pod-identity.js';
export { applyRevision, newRevision, STATEFULSET_GVK } from './revisions.js';
export { type ComputedStatus, StatefulSetControl, toStatefulSetStatus } from './set-control.js';

/** `statefulset` in kube-controller-manager's --controllers list. */
export const statefulSetController: ControllerDescriptor = {
  name: 'statefulset',
  start(ctx, signal) {
    const c = new StatefulSetController(ctx);
    void c.run(ctx.options.concurrentSyncs['statefulset'] ?? DEFAULT_WORKERS, signal);
  },
};
