// NodeResourcesBalancedAllocation: prefers nodes whose resource fractions stay balanced after
// placing the pod (scored over requested, without the non-zero defaults).
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  NodeInfo,
  PluginFactory,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/types.js';
import { resolveBalancedArgs } from './args.js';
import { podRequestList } from './fit.js';
import { balancedResourceScorer, scoreNode } from './scorers.js';

/** Upstream's plugin name. */
export const BALANCED_NAME = 'NodeResourcesBalancedAllocation';
const PRE_SCORE_KEY = `PreScore${BALANCED_NAME}`;

/** The NodeResourcesBalancedAllocation plugin. */
export const balancedFactory: PluginFactory = (rawArgs) => {
  const resources = resolveBalancedArgs(rawArgs);
  const buf = {
    requested: new Float64Array(resources.length),
    allocatable: new Float64Array(resources.length),
  };
  return {
    name: BALANCED_NAME,
    preScore(state: CycleState, pod: Pod): Status | undefined {
      const reqs = podRequestList(pod, resources, false);
      // Best-effort pods are not scored (they would otherwise pile onto one node).
      if (reqs.every((v) => v === 0)) return Status.of('Skip');
      state.write(PRE_SCORE_KEY, reqs);
      return undefined;
    },
    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      const reqs = state.read<number[]>(PRE_SCORE_KEY) ?? podRequestList(pod, resources, false);
      return { score: scoreNode(nodeInfo, resources, reqs, true, balancedResourceScorer, buf) };
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        {
          event: { resource: 'AssignedPod', action: 'Delete' },
          hint: (pod: Pod, o: unknown) =>
            (o as Pod | undefined)?.spec?.nodeName && (o as Pod).metadata?.uid !== pod.metadata?.uid
              ? 'Queue'
              : 'QueueSkip',
        },
        {
          event: { resource: 'Node', action: 'Add' },
          hint: (_p: Pod, _o: unknown, n: unknown) => ((n as Node | undefined) ? 'Queue' : 'QueueSkip'),
        },
        { event: { resource: 'Node', action: 'UpdateNodeAllocatable' } },
      ];
    },
  } satisfies PreScorePlugin & ScorePlugin & EnqueueExtensions;
};
