// The DefaultPreemption PostFilter plugin: when no node fits, evict lower-priority pods from the
// node where that costs least and nominate the pod to it.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { NodeInfo, NodeToStatus, PodInfo, PostFilterPlugin } from '../../framework/types.js';
import { Evaluator, type PreemptResult } from '../../preemption/evaluator.js';
import { moreImportantPod, podPriority } from '../../preemption/pod-order.js';
import type { NodeInfoOps, PreemptionHandle, PreemptionInterface } from '../../preemption/types.js';
import { calculateNumCandidates, type DefaultPreemptionArgs } from './args.js';
import { selectVictimsOnNode } from './select-victims.js';

/** The plugin's registry name. */
export const NAME = 'DefaultPreemption';

/** Optional hooks and sources of randomness; the defaults are upstream's. */
export interface DefaultPreemptionOptions {
  readonly nodeInfoOps: NodeInfoOps;
  /** A random integer in [0, n) for the dry run's starting offset. */
  readonly randomInt?: (n: number) => number;
  /** Extra eligibility of a victim, beyond having lower priority (default: all are eligible). */
  readonly isEligiblePod?: (nodeInfo: NodeInfo, victim: PodInfo, preemptor: Pod) => boolean;
}

/** Whether `p` is being deleted because the scheduler preempted it. Pure. */
export function podTerminatingByPreemption(p: Pod): boolean {
  if (!p.metadata?.deletionTimestamp) return false;
  const c = p.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c !== undefined && c.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/** DefaultPreemption; one instance per profile, safe to call for several pods in turn. */
export class DefaultPreemption implements PostFilterPlugin, PreemptionInterface {
  readonly name = NAME;
  readonly evaluator: Evaluator;
  private readonly randomInt: (n: number) => number;
  private readonly isEligiblePod: (nodeInfo: NodeInfo, victim: PodInfo, preemptor: Pod) => boolean;

  constructor(
    readonly args: DefaultPreemptionArgs,
    private readonly handle: PreemptionHandle,
    private readonly opts: DefaultPreemptionOptions,
  ) {
    this.randomInt = opts.randomInt ?? ((n) => Math.floor(Math.random() * n));
    this.isEligiblePod = opts.isEligiblePod ?? (() => true);
    this.evaluator = new Evaluator({ pluginName: NAME, handle, impl: this, nodeInfoOps: opts.nodeInfoOps });
  }

  /** Runs preemption; non-empty messages are prefixed with "preemption: " as upstream. */
  async postFilter(
    state: CycleState,
    pod: Pod,
    m: NodeToStatus,
  ): Promise<{ nominatedNodeName?: string; status: Status }> {
    const r: PreemptResult = await this.evaluator.preempt(state, pod, m);
    const msg = r.status.message();
    if (msg.length === 0) return r;
    const status = Status.of(r.status.code, `preemption: ${msg}`);
    return r.nominatedNodeName === undefined
      ? { status }
      : { nominatedNodeName: r.nominatedNodeName, status };
  }

  getOffsetAndNumCandidates(numNodes: number): { offset: number; numCandidates: number } {
    return { offset: this.randomInt(numNodes), numCandidates: calculateNumCandidates(this.args, numNodes) };
  }

  /**
   * Not eligible with preemptionPolicy Never, or while pods it preempted earlier on its nominated
   * node are still terminating (unless that node is now unresolvable for it).
   */
  podEligibleToPreemptOthers(
    pod: Pod,
    nominatedNodeStatus: Status | undefined,
  ): { ok: boolean; reason: string } {
    if (pod.spec?.preemptionPolicy === 'Never') {
      return { ok: false, reason: 'not eligible due to preemptionPolicy=Never.' };
    }
    const nominated = pod.status?.nominatedNodeName ?? '';
    if (nominated !== '') {
      if (nominatedNodeStatus?.code === 'UnschedulableAndUnresolvable') return { ok: true, reason: '' };
      const nodeInfo = this.handle.snapshot.nodeInfos.get(nominated);
      if (nodeInfo !== undefined) {
        for (const pi of nodeInfo.pods) {
          if (this.isPreemptionAllowed(nodeInfo, pi, pod) && podTerminatingByPreemption(pi.pod)) {
            return { ok: false, reason: 'not eligible due to a terminating pod on the nominated node.' };
          }
        }
      }
    }
    return { ok: true, reason: '' };
  }

  selectVictimsOnNode(
    state: CycleState,
    pod: Pod,
    nodeInfo: NodeInfo,
    pdbs: Parameters<PreemptionInterface['selectVictimsOnNode']>[3],
  ): ReturnType<PreemptionInterface['selectVictimsOnNode']> {
    const now = this.handle.clock.now();
    return selectVictimsOnNode(
      {
        handle: this.handle,
        ops: this.opts.nodeInfoOps,
        isPreemptionAllowed: (n, v, p) => this.isPreemptionAllowed(n, v, p),
        moreImportant: (a, b) => moreImportantPod(a, b, now),
      },
      state,
      pod,
      nodeInfo,
      pdbs,
    );
  }

  /** The victim has lower priority than the preemptor and passes isEligiblePod. */
  isPreemptionAllowed(nodeInfo: NodeInfo, victim: PodInfo, preemptor: Pod): boolean {
    return (
      podPriority(victim.pod) < podPriority(preemptor) && this.isEligiblePod(nodeInfo, victim, preemptor)
    );
  }
}
