// TaintToleration: filters out nodes with untolerated NoSchedule/NoExecute taints and prefers nodes
// with fewer untolerated PreferNoSchedule taints.
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  NodeInfo,
  NodeScore,
  PluginFactory,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/types.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';
import { defaultNormalizeScore } from './normalize.js';
import { findUntoleratedTaint, tolerationsTolerate } from './tolerations.js';

/** Upstream's plugin name. */
export const NAME = 'TaintToleration';
const PRE_SCORE_KEY = `PreScore${NAME}`;

const filterEffects = (e: string): boolean => e === 'NoSchedule' || e === 'NoExecute';

/** Upstream's reason text for an untolerated taint: `node(s) had untolerated taint {key: value}`. */
export function untoleratedReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

/** The filter: unresolvable on the first untolerated NoSchedule/NoExecute taint. */
export function filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
  const taint = findUntoleratedTaint(nodeInfo.node.spec?.taints, pod.spec?.tolerations, filterEffects);
  return taint ? Status.unresolvable(untoleratedReason(taint)) : undefined;
}

/** Tolerations with an empty or PreferNoSchedule effect (the ones scoring considers). */
function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  const out: Toleration[] = [];
  for (const t of tolerations ?? []) if (!t.effect || t.effect === 'PreferNoSchedule') out.push(t);
  return out;
}

/** Number of PreferNoSchedule taints on the node that `tolerations` do not tolerate. */
export function countIntolerable(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[],
): number {
  let n = 0;
  for (const taint of taints ?? []) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerate(tolerations, taint)) n++;
  }
  return n;
}

function isSchedulableAfterNodeChange(pod: Pod, oldNode: Node | undefined, newNode: Node | undefined) {
  if (!newNode) return 'QueueSkip' as const;
  const tol = pod.spec?.tolerations;
  const was =
    oldNode === undefined || findUntoleratedTaint(oldNode.spec?.taints, tol, filterEffects) !== undefined;
  const is = findUntoleratedTaint(newNode.spec?.taints, tol, filterEffects) !== undefined;
  return was && !is ? ('Queue' as const) : ('QueueSkip' as const);
}

/** The TaintToleration plugin. */
export const factory: PluginFactory = () =>
  ({
    name: NAME,
    filter,
    preScore(state: CycleState, pod: Pod): Status | undefined {
      state.write(PRE_SCORE_KEY, preferNoScheduleTolerations(pod.spec?.tolerations));
      return undefined;
    },
    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      const tolerations =
        state.read<Toleration[]>(PRE_SCORE_KEY) ?? preferNoScheduleTolerations(pod.spec?.tolerations);
      return { score: countIntolerable(nodeInfo.node.spec?.taints, tolerations) };
    },
    normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status | undefined {
      defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
      return undefined;
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        {
          event: { resource: 'Node', action: 'Add' },
          hint: (pod, _o, n) => isSchedulableAfterNodeChange(pod, undefined, n as Node | undefined),
        },
        {
          event: { resource: 'Node', action: 'UpdateNodeTaint' },
          hint: (pod, o, n) =>
            isSchedulableAfterNodeChange(pod, o as Node | undefined, n as Node | undefined),
        },
        {
          event: { resource: 'Pod', action: 'UpdatePodTolerations' },
          hint: (pod, _o, n) =>
            (n as Pod | undefined)?.metadata?.uid === pod.metadata?.uid ? 'Queue' : 'QueueSkip',
        },
      ];
    },
  }) satisfies FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions;
