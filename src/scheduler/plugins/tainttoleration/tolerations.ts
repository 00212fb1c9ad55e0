// Toleration matching as upstream's v1helper (Toleration.ToleratesTaint).
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** The taint fields matching looks at. */
export interface TaintLike {
  readonly key: string;
  readonly value?: string | undefined;
  readonly effect: string;
}

/** Whether toleration `t` tolerates `taint` (empty effect matches all; empty key with Exists matches all keys). */
export function toleratesTaint(t: Toleration, taint: TaintLike): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** Whether any of `tolerations` tolerates `taint`. */
export function tolerationsTolerate(
  tolerations: readonly Toleration[] | undefined,
  taint: TaintLike,
): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first taint (with one of `effects`) not tolerated, or undefined. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  effects: (effect: string) => boolean,
): Taint | undefined {
  if (!taints) return undefined;
  for (const taint of taints) {
    if (!effects(taint.effect)) continue;
    if (!tolerationsTolerate(tolerations, taint)) return taint;
  }
  return undefined;
}
