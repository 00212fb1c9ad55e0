// SchedulingGates: pods with spec.schedulingGates stay out of the active queue until the gates are
// removed.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  PluginFactory,
  PreEnqueuePlugin,
} from '../../framework/types.js';

/** Upstream's plugin name. */
export const NAME = 'SchedulingGates';

/** Unresolvable while gates remain, listing them as upstream: `waiting for scheduling gates: [a b]`. */
export function preEnqueue(pod: Pod): Status | undefined {
  const gates = pod.spec?.schedulingGates ?? [];
  if (gates.length === 0) return undefined;
  return Status.unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
}

/** The SchedulingGates plugin. */
export const factory: PluginFactory = () =>
  ({
    name: NAME,
    preEnqueue,
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        {
          event: { resource: 'Pod', action: 'UpdatePodSchedulingGatesEliminated' },
          hint: (pod, _old, newObj) => {
            const n = newObj as Pod | undefined;
            if (n?.metadata?.uid !== pod.metadata?.uid) return 'QueueSkip';
            return (n?.spec?.schedulingGates ?? []).length === 0 ? 'Queue' : 'QueueSkip';
          },
        },
      ];
    },
  }) satisfies PreEnqueuePlugin & EnqueueExtensions;
