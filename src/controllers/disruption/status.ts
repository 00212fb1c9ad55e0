// The arithmetic of a PodDisruptionBudget's status: which recorded disruptions still hold, how many
// pods count as healthy, and the DisruptionAllowed condition kept in step with disruptionsAllowed.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Condition, LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1.js';
import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import { isPodReady, parseTimestamp } from '../util/pods.js';

/**
 * How long (ms) an entry of status.disruptedPods is trusted: a pod the eviction API recorded but
 * that is still not being deleted after this long is counted again (upstream's DeletionTimeout).
 */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

/** How long (ms) a DisruptionTarget=True condition may sit on a pod that is not being deleted. */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;

/** The condition type on PodDisruptionBudgets. */
export const DISRUPTION_ALLOWED_CONDITION = 'DisruptionAllowed';
/** Reason of DisruptionAllowed=True. */
export const SUFFICIENT_PODS_REASON = 'SufficientPods';
/** Reason of DisruptionAllowed=False when too few pods are healthy. */
export const INSUFFICIENT_PODS_REASON = 'InsufficientPods';
/** Reason of DisruptionAllowed=False when the status could not be computed. */
export const SYNC_FAILED_REASON = 'SyncFailed';

/** The pod condition the eviction API (and others) set before disrupting a pod. */
export const DISRUPTION_TARGET_CONDITION = 'DisruptionTarget';
/** Reason of a DisruptionTarget set by the kubelet; such conditions never go stale. */
export const TERMINATION_BY_KUBELET_REASON = 'TerminationByKubelet';

/** What buildDisruptedPodMap keeps and when the oldest kept entry expires (ms since epoch). */
export interface DisruptedPods {
  readonly pods: Record<string, string>;
  readonly recheckAt: number | undefined;
  /** Pods whose entry expired without the pod being deleted. */
  readonly expired: readonly Pod[];
}

/**
 * The entries of status.disruptedPods still worth keeping at `now`: those of listed pods that are
 * not yet being deleted and whose entry is younger than DELETION_TIMEOUT_MS. Entries of pods gone
 * or already deleting are dropped. Pure.
 */
export function buildDisruptedPodMap(
  pods: readonly Pod[],
  pdb: PodDisruptionBudget,
  now: number,
): DisruptedPods {
  const recorded = pdb.status?.disruptedPods;
  const kept: Record<string, string> = {};
  const expired: Pod[] = [];
  let recheckAt: number | undefined;
  if (recorded === undefined || recorded === null) return { pods: kept, recheckAt, expired };
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const name = pod.metadata?.name ?? '';
    if (!Object.hasOwn(recorded, name)) continue;
    const at = recorded[name];
    const since = parseTimestamp(at) ?? 0;
    const expectedDeletion = since + DELETION_TIMEOUT_MS;
    if (expectedDeletion < now) {
      expired.push(pod);
      continue;
    }
    if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
    kept[name] = at ?? '';
  }
  return { pods: kept, recheckAt, expired };
}

/**
 * Pods that count towards currentHealthy: Ready, not being deleted, and not recorded as about to
 * be disrupted (an entry younger than DELETION_TIMEOUT_MS). Pure.
 */
export function countHealthyPods(
  pods: readonly Pod[],
  disrupted: Record<string, string>,
  now: number,
): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const name = pod.metadata?.name ?? '';
    if (Object.hasOwn(disrupted, name)) {
      const since = parseTimestamp(disrupted[name]) ?? 0;
      if (since + DELETION_TIMEOUT_MS > now) continue;
    }
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/**
 * Upstream's meta.SetStatusCondition: adds `next` or updates the condition of its type in place;
 * lastTransitionTime moves (to `now` unless `next` carries one) only when the status changes.
 * Returns whether anything changed.
 */
export function setStatusCondition(conditions: Condition[], next: Condition, now: number): boolean {
  const existing = conditions.find((c) => c.type === next.type);
  if (existing === undefined) {
    conditions.push({ ...next, lastTransitionTime: next.lastTransitionTime || formatRFC3339(new Date(now)) });
    return true;
  }
  let changed = false;
  if (existing.status !== next.status) {
    existing.status = next.status;
    existing.lastTransitionTime = next.lastTransitionTime || formatRFC3339(new Date(now));
    changed = true;
  }
  if (existing.reason !== next.reason) {
    existing.reason = next.reason;
    changed = true;
  }
  if (existing.message !== next.message) {
    existing.message = next.message;
    changed = true;
  }
  if ((existing.observedGeneration ?? 0) !== (next.observedGeneration ?? 0)) {
    existing.observedGeneration = next.observedGeneration ?? 0;
    changed = true;
  }
  return changed;
}

/** The budget's status, with upstream's zero values for the required counters when absent. */
export function statusOf(pdb: PodDisruptionBudget): PodDisruptionBudgetStatus {
  return { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, ...pdb.status };
}

/**
 * Sets DisruptionAllowed from status.disruptionsAllowed (True/SufficientPods when positive, else
 * False/InsufficientPods), with the status's observedGeneration and an empty message. Mutates.
 */
export function updateDisruptionAllowedCondition(pdb: PodDisruptionBudget, now: number): void {
  const status = statusOf(pdb);
  pdb.status = status;
  status.conditions ??= [];
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  setStatusCondition(
    status.conditions,
    {
      type: DISRUPTION_ALLOWED_CONDITION,
      status: allowed ? 'True' : 'False',
      reason: allowed ? SUFFICIENT_PODS_REASON : INSUFFICIENT_PODS_REASON,
      message: '',
      observedGeneration: status.observedGeneration ?? 0,
      lastTransitionTime: '',
    },
    now,
  );
}

/** Whether DisruptionAllowed exists, the status is current and the condition agrees with it. Pure. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const cond = pdb.status?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED_CONDITION);
  if (cond === undefined) return false;
  if ((pdb.status?.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false;
  if ((pdb.status?.disruptionsAllowed ?? 0) > 0)
    return cond.status === 'True' && cond.reason === SUFFICIENT_PODS_REASON;
  return cond.status === 'False' && cond.reason === INSUFFICIENT_PODS_REASON;
}

/**
 * A label selector printed as Go's generated String() of *metav1.LabelSelector does (upstream
 * puts this text in the UnmanagedPods event), e.g.
 * `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function goLabelSelectorString(ls: LabelSelector | undefined | null): string {
  if (ls === undefined || ls === null) return 'nil';
  const labels = ls.matchLabels ?? {};
  const keys = Object.keys(labels).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const map = keys.map((k) => `${k}: ${labels[k]},`).join('');
  const exprs = (ls.matchExpressions ?? [])
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`,
    )
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${map}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/**
 * Whether the pod carries a DisruptionTarget=True condition that can go stale (not set by the
 * kubelet, pod neither terminal nor being deleted), and if so how long (ms, ≥ 0) from `now` until
 * it is stale. Pure.
 */
export function staleDisruptionCondition(
  pod: Pod,
  now: number,
  timeoutMs: number = STALE_POD_DISRUPTION_TIMEOUT_MS,
): { readonly has: boolean; readonly waitMs: number } {
  if (pod.metadata?.deletionTimestamp) return { has: false, waitMs: 0 };
  const cond = pod.status?.conditions?.find((c) => c.type === DISRUPTION_TARGET_CONDITION);
  const phase = pod.status?.phase;
  if (
    cond === undefined ||
    cond.status !== 'True' ||
    cond.reason === TERMINATION_BY_KUBELET_REASON ||
    phase === 'Succeeded' ||
    phase === 'Failed'
  ) {
    return { has: false, waitMs: 0 };
  }
  const since = parseTimestamp(cond.lastTransitionTime) ?? 0;
  return { has: true, waitMs: Math.max(0, timeoutMs - (now - since)) };
}
