// Which tolerations of a pod tolerate which taints, and how long a pod may stay on a node with
// NoExecute taints it tolerates.
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** Whether toleration `t` tolerates `taint` (effect, key, operator and value as upstream). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/**
 * Whether every taint is tolerated, and the tolerations that do it (upstream's
 * GetMatchingTolerations). No taints: tolerated, no tolerations used.
 */
export function matchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): { all: boolean; used: Toleration[] } {
  if (taints.length === 0) return { all: true, used: [] };
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = tolerations.filter((t) => tolerates(t, taint));
    if (match.length === 0) return { all: false, used: [] };
    used.push(...match);
  }
  return { all: true, used };
}

/**
 * The shortest tolerationSeconds among `used` in ms: 0 when any is ≤ 0 or none were used, -1 when
 * none sets a limit (tolerated forever).
 */
export function minTolerationMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Number.POSITIVE_INFINITY ? -1 : min * 1000;
}
