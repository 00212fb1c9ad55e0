// The shapes preemption works with: candidates, the hooks a preemption plugin supplies, and what
// the evaluator needs from the framework beyond the plain Handle.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { Status } from '../framework/status.js';
import type { Handle, NodeInfo, PodInfo } from '../framework/types.js';

/** The pods to evict on one node, ordered from most to least important, and how many break a PDB. */
export interface Victims {
  readonly pods: readonly Pod[];
  readonly numPDBViolations: number;
}

/** A node the preemptor could run on once its victims are gone. */
export interface Candidate {
  readonly name: string;
  readonly victims: Victims;
}

/**
 * What differs between preemption plugins (upstream's preemption.Interface). All methods are
 * synchronous and must not mutate shared state except where stated.
 */
export interface PreemptionInterface {
  /** Where to start in the list of potential nodes and how many candidates to look for. */
  getOffsetAndNumCandidates(numNodes: number): { offset: number; numCandidates: number };
  /** Whether `pod` may preempt at all; the reason when it may not. */
  podEligibleToPreemptOthers(
    pod: Pod,
    nominatedNodeStatus: Status | undefined,
  ): { ok: boolean; reason: string };
  /**
   * The fewest pods to remove from `nodeInfo` for `pod` to fit. `state` and `nodeInfo` are private
   * copies the method may change.
   */
  selectVictimsOnNode(
    state: CycleState,
    pod: Pod,
    nodeInfo: NodeInfo,
    pdbs: readonly PodDisruptionBudget[],
  ): { victims: Pod[]; numPDBViolations: number; status: Status };
  /** Ordered tie-breaking score functions; undefined selects the default ones. */
  orderedScoreFuncs?(nodesToVictims: ReadonlyMap<string, Victims>): ((node: string) => number)[] | undefined;
}

/**
 * Mutation of scheduler NodeInfos for what-if runs: a private copy, and removal/addition of pods
 * with all aggregates (requested resources, ports, affinity lists, PVC counts) kept current.
 */
export interface NodeInfoOps {
  /** A copy that can be changed without affecting `nodeInfo`. */
  snapshot(nodeInfo: NodeInfo): NodeInfo;
  /** Removes `pod` (matched by uid) from the copy; throws when it is not there. */
  removePod(nodeInfo: NodeInfo, pod: Pod): void;
  /** Adds the pod to the copy. */
  addPodInfo(nodeInfo: NodeInfo, podInfo: PodInfo): void;
}

/**
 * The framework services preemption uses on top of Handle: PreFilter extensions replayed for pods
 * added to or removed from a node copy. When absent, no plugin keeps PreFilter state about other
 * pods, which is only right for profiles without such plugins (e.g. InterPodAffinity).
 */
export interface PreemptionHandle extends Handle {
  runPreFilterExtensionAddPod?(
    state: CycleState,
    podToSchedule: Pod,
    podInfoToAdd: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | undefined;
  runPreFilterExtensionRemovePod?(
    state: CycleState,
    podToSchedule: Pod,
    podInfoToRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | undefined;
  /** Pods waiting at Permit, which preemption rejects rather than deletes. */
  getWaitingPod?(uid: string): { reject(plugin: string, msg: string): void } | undefined;
}
