// NodeInfoOps over the scheduler's NodeInfo implementation.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfoImpl } from '../framework/node-info.js';
import type { NodeInfo, PodInfo } from '../framework/types.js';
import type { NodeInfoOps } from './types.js';

function mutable(n: NodeInfo): NodeInfoImpl {
  if (n instanceof NodeInfoImpl) return n;
  throw new Error(`node info of ${n.name} is not a private copy`);
}

/**
 * Copies are NodeInfoImpl clones (other NodeInfo implementations are rebuilt from their node and
 * pods); removal and addition go through NodeInfoImpl, which keeps every aggregate current.
 */
export const NODE_INFO_OPS: NodeInfoOps = {
  snapshot(n: NodeInfo): NodeInfo {
    if (n instanceof NodeInfoImpl) return n.clone();
    const c = new NodeInfoImpl(n.node);
    for (const pi of n.pods) c.addPod(pi);
    return c;
  },
  removePod(n: NodeInfo, pod: Pod): void {
    if (!mutable(n).removePod(pod)) {
      throw new Error(`no corresponding pod ${pod.metadata?.name ?? ''} in pods of node ${n.name}`);
    }
  },
  addPodInfo(n: NodeInfo, pi: PodInfo): void {
    mutable(n).addPod(pi);
  },
};
