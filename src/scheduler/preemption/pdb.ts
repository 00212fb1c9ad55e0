// Which preemption victims would break a PodDisruptionBudget.
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { labelSelectorAsSelector, type Selector } from '../../apimachinery/labels/index.js';
import type { PodInfo } from '../framework/types.js';

/**
 * Splits `podInfos` into those whose eviction would take a matching PDB below zero allowed
 * disruptions and the rest, keeping the input order in both. Each matching PDB's budget
 * (status.disruptionsAllowed) is spent pod by pod in order; pods already listed in a PDB's
 * disruptedPods do not spend it; PDBs with invalid, nil or empty selectors match nothing. Pure.
 */
export function filterPodsWithPDBViolation(
  podInfos: readonly PodInfo[],
  pdbs: readonly PodDisruptionBudget[],
): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p): Selector | undefined => {
    try {
      return labelSelectorAsSelector(p.spec?.selector);
    } catch {
      return undefined;
    }
  });
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of podInfos) {
    const pod = pi.pod;
    const labels = pod.metadata?.labels ?? {};
    let violated = false;
    if (Object.keys(labels).length > 0) {
      for (let i = 0; i < pdbs.length; i++) {
        const pdb = pdbs[i];
        const sel = selectors[i];
        if (pdb === undefined || sel === undefined) continue;
        if ((pdb.metadata?.namespace ?? '') !== (pod.metadata?.namespace ?? '')) continue;
        if (sel.empty() || !sel.matches(labels)) continue;
        const disrupted = pdb.status?.disruptedPods;
        if (disrupted !== undefined && Object.hasOwn(disrupted, pod.metadata?.name ?? '')) continue;
        const left = (allowed[i] ?? 0) - 1;
        allowed[i] = left;
        if (left < 0) violated = true;
      }
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating };
}
