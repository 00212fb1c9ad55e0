// Usage of one quota: which evaluators apply, which objects are in scope, what they charge.
import type { ResourceQuota, ScopedResourceSelectorRequirement } from 'kubernetes-types/core/v1.js';
import { type Quantity, newQuantity } from '../../apimachinery/quantity/index.js';
import type { KubeObject } from '../../client/types.js';
import type { Evaluator } from './evaluators.js';

/** The outcome of a usage calculation. */
export interface UsageResult {
  /** Usage per quota name, only for names of `hard` some evaluator tracks. */
  readonly used: Map<string, Quantity>;
  /** Failures of single evaluators (their names are left out of `used`). */
  readonly errors: readonly Error[];
  /** The earliest time usage changes without any object changing (a deleted pod's deadline). */
  readonly nextChangeAt: number | undefined;
}

/** The scope requirements of a quota: its scopes as Exists requirements, then its selector's. Pure. */
export function scopeRequirements(quota: ResourceQuota): ScopedResourceSelectorRequirement[] {
  return [
    ...(quota.spec?.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists' })),
    ...(quota.spec?.scopeSelector?.matchExpressions ?? []),
  ];
}

/**
 * Upstream's CalculateUsage: for each evaluator tracking some name of `hardNames`, those names
 * start at zero and every listed object in scope adds its usage; the result is masked to the
 * tracked names. `list` gives an evaluator's objects in the quota's namespace. Pure apart from
 * calling `list`.
 */
export function calculateUsage(
  hardNames: readonly string[],
  scopes: readonly ScopedResourceSelectorRequirement[],
  evaluators: readonly Evaluator[],
  list: (e: Evaluator) => readonly KubeObject[],
  nowMs: number,
): UsageResult {
  const tracked = new Set<string>();
  for (const e of evaluators) for (const n of e.matchingResources(hardNames)) tracked.add(n);
  const used = new Map<string, Quantity>();
  const errors: Error[] = [];
  let nextChangeAt: number | undefined;
  for (const e of evaluators) {
    const names = e.matchingResources([...tracked]);
    if (names.length === 0) continue;
    const own = new Map<string, Quantity>(names.map((n) => [n, newQuantity(0, 'DecimalSI')]));
    try {
      for (const obj of list(e)) {
        if (!scopes.every((s) => e.matchesScope(s, obj))) continue;
        for (const [n, q] of e.usage(obj, nowMs)) {
          const cur = own.get(n);
          own.set(n, cur === undefined ? q : cur.add(q));
        }
        const at = e.deadline?.(obj);
        if (at !== undefined && at >= nowMs && (nextChangeAt === undefined || at < nextChangeAt))
          nextChangeAt = at;
      }
    } catch (err) {
      errors.push(err instanceof Error ? err : new Error(String(err)));
      for (const n of names) tracked.delete(n);
      continue;
    }
    for (const [n, q] of own) {
      const cur = used.get(n);
      used.set(n, cur === undefined ? q : cur.add(q));
    }
  }
  for (const n of used.keys()) if (!tracked.has(n)) used.delete(n);
  return { used, errors, nextChangeAt };
}
