// Victim selection on one node: remove every pod the preemptor may preempt, check the preemptor
// fits, then give back as many pods as still leave room, most important first, PDB-protected
// pods before the others.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { NodeInfo, PodInfo } from '../../framework/types.js';
import { filterPodsWithPDBViolation } from '../../preemption/pdb.js';
import type { NodeInfoOps, PreemptionHandle } from '../../preemption/types.js';

/** The reason for a node with no pod the preemptor may preempt. */
export const NO_VICTIMS_FOUND = 'No preemption victims found for incoming pod';

/** What victim selection needs. */
export interface SelectVictimsDeps {
  readonly handle: PreemptionHandle;
  readonly ops: NodeInfoOps;
  /** Whether `victim` on `nodeInfo` may be preempted by `preemptor` (priority already checked lower). */
  readonly isPreemptionAllowed: (nodeInfo: NodeInfo, victim: PodInfo, preemptor: Pod) => boolean;
  /** Whether `a` should be kept in preference to `b`. */
  readonly moreImportant: (a: Pod, b: Pod) => boolean;
}

class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message());
  }
}

/**
 * Upstream's SelectVictimsOnNode. Mutates `state` and `nodeInfo` (private copies). Victims come
 * ordered from most to least important; numPDBViolations counts victims that break a PDB.
 */
export function selectVictimsOnNode(
  deps: SelectVictimsDeps,
  state: CycleState,
  pod: Pod,
  nodeInfo: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
): { victims: Pod[]; numPDBViolations: number; status: Status } {
  const { handle, ops } = deps;
  const removePod = (pi: PodInfo): void => {
    ops.removePod(nodeInfo, pi.pod);
    const s = handle.runPreFilterExtensionRemovePod?.(state, pod, pi, nodeInfo);
    if (s !== undefined && !s.isSuccess()) throw new StatusError(s);
  };
  const addPod = (pi: PodInfo): void => {
    ops.addPodInfo(nodeInfo, pi);
    const s = handle.runPreFilterExtensionAddPod?.(state, pod, pi, nodeInfo);
    if (s !== undefined && !s.isSuccess()) throw new StatusError(s);
  };
  try {
    const potential: PodInfo[] = [];
    for (const pi of [...nodeInfo.pods]) {
      if (deps.isPreemptionAllowed(nodeInfo, pi, pod)) {
        potential.push(pi);
        removePod(pi);
      }
    }
    if (potential.length === 0) {
      return { victims: [], numPDBViolations: 0, status: Status.unresolvable(NO_VICTIMS_FOUND) };
    }
    // Affinity of the preemptor to a victim is not considered (as upstream, for performance).
    const fits = handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    if (fits !== undefined && !fits.isSuccess()) return { victims: [], numPDBViolations: 0, status: fits };

    potential.sort((a, b) =>
      deps.moreImportant(a.pod, b.pod) ? -1 : deps.moreImportant(b.pod, a.pod) ? 1 : 0,
    );
    const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
    const victims: PodInfo[] = [];
    const reprieve = (pi: PodInfo): boolean => {
      addPod(pi);
      const s = handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
      const ok = s === undefined || s.isSuccess();
      if (!ok) {
        removePod(pi);
        victims.push(pi);
      }
      return ok;
    };
    let numPDBViolations = 0;
    for (const pi of violating) if (!reprieve(pi)) numPDBViolations++;
    for (const pi of nonViolating) reprieve(pi);
    if (violating.length > 0 && nonViolating.length > 0) {
      victims.sort((a, b) =>
        deps.moreImportant(a.pod, b.pod) ? -1 : deps.moreImportant(b.pod, a.pod) ? 1 : 0,
      );
    }
    return { victims: victims.map((v) => v.pod), numPDBViolations, status: Status.success() };
  } catch (e) {
    if (e instanceof StatusError)
      return { victims: [], numPDBViolations: 0, status: Status.error(e.status.message()) };
    return { victims: [], numPDBViolations: 0, status: Status.error(e instanceof Error ? e : String(e)) };
  }
}
