// Pods by spec.nodeName: an index on the shared pods informer used by the node controllers.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { SharedInformer } from '../../client/informers/types.js';

/** Index name of pods by the node they are bound to. */
export const POD_NODE_INDEX = 'spec.nodeName';

/** Adds the index unless another controller of the process already did. */
export function ensurePodNodeIndex(pods: SharedInformer<Pod>): void {
  try {
    pods.indexer.addIndexers({ [POD_NODE_INDEX]: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []) });
  } catch {
    // Already there: the same function under the same name.
  }
}
