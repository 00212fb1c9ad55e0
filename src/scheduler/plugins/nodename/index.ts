// NodeName: a pod with spec.nodeName fits only that node.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  NodeInfo,
  PluginFactory,
} from '../../framework/types.js';

/** Upstream's plugin name. */
export const NAME = 'NodeName';
/** The reason for a node that is not the requested one. */
export const ERR_REASON = "node(s) didn't match the requested node name";

/** Whether the pod names no node or names this one. */
export function fits(pod: Pod, nodeInfo: NodeInfo): boolean {
  const want = pod.spec?.nodeName;
  return !want || want === nodeInfo.name;
}

/** The filter: unresolvable on any node but the named one. */
export function filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
  return fits(pod, nodeInfo) ? undefined : Status.unresolvable(ERR_REASON);
}

/** The NodeName plugin. */
export const factory: PluginFactory = () =>
  ({
    name: NAME,
    filter,
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        {
          event: { resource: 'Node', action: 'Add' },
          hint: (pod, _old, newObj) => {
            const n = newObj as { metadata?: { name?: string } } | undefined;
            const want = pod.spec?.nodeName;
            return !want || n?.metadata?.name === want ? 'Queue' : 'QueueSkip';
          },
        },
      ];
    },
  }) satisfies FilterPlugin & EnqueueExtensions;
