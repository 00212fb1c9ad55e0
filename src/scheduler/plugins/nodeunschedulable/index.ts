// NodeUnschedulable: rejects nodes with spec.unschedulable unless the pod tolerates the
// node.kubernetes.io/unschedulable:NoSchedule taint.
import type { Node, Pod, Toleration } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  NodeInfo,
  PluginFactory,
} from '../../framework/types.js';
import { toleratesTaint } from '../tainttoleration/tolerations.js';

/** Upstream's plugin name. */
export const NAME = 'NodeUnschedulable';
/** The reason for unschedulable nodes. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' } as const;

function tolerates(tolerations: readonly Toleration[] | undefined): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, UNSCHEDULABLE_TAINT)) return true;
  return false;
}

/** The filter: unresolvable on an unschedulable node the pod does not tolerate. */
export function filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
  if (!nodeInfo.node.spec?.unschedulable) return undefined;
  if (tolerates(pod.spec?.tolerations)) return undefined;
  return Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
}

/** The NodeUnschedulable plugin. */
export const factory: PluginFactory = () =>
  ({
    name: NAME,
    filter,
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        {
          event: { resource: 'Node', action: 'Add' },
          hint: (pod, _old, newObj) => nodeHint(pod, undefined, newObj as Node | undefined),
        },
        {
          event: { resource: 'Node', action: 'UpdateNodeTaint' },
          hint: (pod, oldObj, newObj) =>
            nodeHint(pod, oldObj as Node | undefined, newObj as Node | undefined),
        },
        {
          event: { resource: 'Pod', action: 'UpdatePodTolerations' },
          hint: (pod, _old, newObj) => {
            const p = newObj as Pod | undefined;
            if (p?.metadata?.uid !== pod.metadata?.uid) return 'QueueSkip';
            // Worth a retry only once the pod tolerates the unschedulable taint.
            return tolerates(p?.spec?.tolerations) ? 'Queue' : 'QueueSkip';
          },
        },
      ];
    },
  }) satisfies FilterPlugin & EnqueueExtensions;

/** Queue when a node became (or arrived) schedulable for the pod. */
function nodeHint(pod: Pod, oldNode: Node | undefined, newNode: Node | undefined): 'Queue' | 'QueueSkip' {
  if (!newNode) return 'QueueSkip';
  const newOk = !newNode.spec?.unschedulable || tolerates(pod.spec?.tolerations);
  if (!oldNode) return newOk ? 'Queue' : 'QueueSkip';
  const oldOk = !oldNode.spec?.unschedulable || tolerates(pod.spec?.tolerations);
  return !oldOk && newOk ? 'Queue' : 'QueueSkip';
}
