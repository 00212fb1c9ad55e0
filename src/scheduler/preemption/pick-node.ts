// Choosing the node whose preemption hurts least (upstream's pickOneNodeForPreemption).
import type { Victims } from './types.js';
import { earliestStartOfHighestPriority, podPriority } from './pod-order.js';

// Added to every priority before summing so that negative priorities do not make a node with more
// victims look cheaper (upstream adds MaxInt32+1).
const PRIORITY_OFFSET = 2 ** 31;

/**
 * The default tie-breakers, most significant first: fewest PDB violations, lowest highest-priority
 * victim, lowest sum of priorities, fewest victims, latest start of the highest-priority victims.
 * Victims of each node must be ordered by decreasing importance. Pure.
 */
export function defaultScoreFuncs(
  nodesToVictims: ReadonlyMap<string, Victims>,
  now: number,
): ((node: string) => number)[] {
  const v = (node: string): Victims => nodesToVictims.get(node) ?? { pods: [], numPDBViolations: 0 };
  return [
    (node) => -v(node).numPDBViolations,
    (node) => {
      const first = v(node).pods[0];
      return first === undefined ? 0 : -podPriority(first);
    },
    (node) => {
      let sum = 0;
      for (const p of v(node).pods) sum += podPriority(p) + PRIORITY_OFFSET;
      return -sum;
    },
    (node) => -v(node).pods.length,
    (node) => earliestStartOfHighestPriority(v(node).pods, now) ?? Number.MIN_SAFE_INTEGER,
  ];
}

/**
 * The node to preempt on: each score function in turn keeps the nodes with its highest score, until
 * one node is left; remaining ties go to the first node in `nodesToVictims`' order. '' when empty. Pure.
 */
export function pickOneNodeForPreemption(
  nodesToVictims: ReadonlyMap<string, Victims>,
  scoreFuncs: readonly ((node: string) => number)[] | undefined,
  now: number,
): string {
  if (nodesToVictims.size === 0) return '';
  let candidates = [...nodesToVictims.keys()];
  const funcs =
    scoreFuncs !== undefined && scoreFuncs.length > 0 ? scoreFuncs : defaultScoreFuncs(nodesToVictims, now);
  for (const f of funcs) {
    let selected: string[] = [];
    let max = Number.NEGATIVE_INFINITY;
    for (const node of candidates) {
      const score = f(node);
      if (score > max) {
        max = score;
        selected = [];
      }
      if (score === max) selected.push(node);
    }
    if (selected.length === 1) return selected[0] ?? '';
    candidates = selected;
  }
  return candidates[0] ?? '';
}
