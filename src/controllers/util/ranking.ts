// The order in which a controller gives up pods when it scales down: the pods that matter least
// (not yet scheduled, not running, not ready, cheap to delete, doubled up on a node, recently
// ready, crash-looping, young) come first.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodReady, parseTimestamp, podReadyCondition } from './pods.js';

/** The annotation by which users rank pods for deletion (lower cost goes first). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseOrdinal(pod: Pod): number {
  return PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0;
}

/**
 * The pod's deletion cost from {@link POD_DELETION_COST_ANNOTATION}: a decimal int32 without a
 * '+' sign or leading zeros; 0 when absent or invalid (as upstream, which ignores the error). Pure.
 */
export function podDeletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined) return 0;
  if (!/^(0|[1-9][0-9]*|-[0-9]+)$/.test(v)) return 0;
  const n = Number(v);
  if (n < -2147483648 || n > 2147483647) return 0;
  return n === 0 ? 0 : n;
}

function maxRestarts(pod: Pod): { regular: number; sidecar: number } {
  let regular = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const sidecars = new Set(
    (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  let sidecar = 0;
  for (const c of pod.status?.initContainerStatuses ?? [])
    if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  return { regular, sidecar };
}

/** Ready time of a ready pod (ms), or undefined (the zero time). */
function readyTime(pod: Pod): number | undefined {
  const c = podReadyCondition(pod);
  return c?.status === 'True' ? parseTimestamp(c.lastTransitionTime) : undefined;
}

/** Newer first; the zero time sorts before any time. */
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

/**
 * The difference of the base-2 logarithmic ages (in nanoseconds, as upstream) of two times at
 * `now`; ages of zero or less rank -1.
 */
export function logarithmicRankDiff(a: number, b: number, now: number): number {
  const rank = (t: number): number => {
    const ageNs = (now - t) * 1e6;
    return ageNs > 0 ? Math.floor(Math.log2(ageNs)) : -1;
  };
  return rank(a) - rank(b);
}

function uidOf(pod: Pod): string {
  return pod.metadata?.uid ?? '';
}

/** Compares two timestamps newer-first in logarithmic buckets, ties broken by uid. */
function compareTimes(
  a: Pod,
  ta: number | undefined,
  b: Pod,
  tb: number | undefined,
  now: number | undefined,
) {
  if (now === undefined || ta === undefined || tb === undefined) return afterOrZero(ta, tb);
  const diff = logarithmicRankDiff(ta, tb, now);
  if (diff === 0) return uidOf(a) < uidOf(b);
  return diff < 0;
}

/**
 * Whether pod `a` (with rank `rankA`) should be deleted before pod `b` (upstream's
 * ActivePodsWithRanks.Less). Rules, the first that differs decides:
 * 1. unassigned before assigned; 2. Pending < Unknown < Running; 3. not ready before ready;
 * 4. lower pod-deletion-cost first; 5. higher rank first (more related pods on the same node);
 * 6. both ready: more recently ready first; 7. more container restarts first (then more sidecar
 * restarts); 8. more recently created first.
 * With `now` set, the times of 6 and 8 are compared in log2 buckets of their age, and pods in the
 * same bucket by uid, which spreads deletions among equivalent pods. Pure.
 */
export function podLess(a: Pod, rankA: number, b: Pod, rankB: number, now?: number): boolean {
  const nodeA = a.spec?.nodeName ?? '';
  const nodeB = b.spec?.nodeName ?? '';
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '';
  const pa = phaseOrdinal(a);
  const pb = phaseOrdinal(b);
  if (pa !== pb) return pa < pb;
  const readyA = isPodReady(a);
  const readyB = isPodReady(b);
  if (readyA !== readyB) return !readyA;
  const costA = podDeletionCost(a);
  const costB = podDeletionCost(b);
  if (costA !== costB) return costA < costB;
  if (rankA !== rankB) return rankA > rankB;
  if (readyA && readyB) {
    const ta = readyTime(a);
    const tb = readyTime(b);
    if (ta !== tb) return compareTimes(a, ta, b, tb, now);
  }
  const ra = maxRestarts(a);
  const rb = maxRestarts(b);
  if (ra.regular !== rb.regular) return ra.regular > rb.regular;
  if (ra.sidecar !== rb.sidecar) return ra.sidecar > rb.sidecar;
  const ca = parseTimestamp(a.metadata?.creationTimestamp);
  const cb = parseTimestamp(b.metadata?.creationTimestamp);
  if (ca !== cb) return compareTimes(a, ca, b, cb, now);
  return false;
}

/**
 * `pods` sorted for deletion (the first to delete first) by {@link podLess}; `ranks[i]` is the
 * rank of `pods[i]` (0 when missing). Returns a new array; the inputs are not changed. Pure.
 */
export function sortPodsForDeletion(pods: readonly Pod[], ranks: readonly number[], now?: number): Pod[] {
  const entries = pods.map((pod, i) => ({ pod, rank: ranks[i] ?? 0 }));
  entries.sort((x, y) => {
    if (podLess(x.pod, x.rank, y.pod, y.rank, now)) return -1;
    if (podLess(y.pod, y.rank, x.pod, x.rank, now)) return 1;
    return 0;
  });
  return entries.map((e) => e.pod);
}

/**
 * The rank of each pod of `podsToRank`: how many active pods of `relatedPods` run on the same
 * node (pods that double up on a node go first). Pure.
 */
export function ranksByRelatedPodsOnSameNode(
  podsToRank: readonly Pod[],
  relatedPods: readonly Pod[],
): number[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  return podsToRank.map((p) => onNode.get(p.spec?.nodeName ?? '') ?? 0);
}
