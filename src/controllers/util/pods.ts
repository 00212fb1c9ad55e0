// Pod state as controllers judge it: readiness, availability after minReadySeconds, and whether a
// pod still counts towards its owner (active) or is on its way out (terminating).
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';

/** Milliseconds since the epoch of an RFC 3339 timestamp; undefined for absent or unparsable. */
export function parseTimestamp(value: string | undefined | null): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** The pod's `Ready` condition, or undefined. Pure; returns the pod's own object (do not mutate). */
export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** Whether the pod's `Ready` condition is `True`. Pure. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * Whether the pod is ready and has been for more than `minReadySeconds` at `now` (ms since epoch):
 * with minReadySeconds 0 every ready pod is available; otherwise the Ready condition's
 * lastTransitionTime must be set and strictly more than minReadySeconds old. Pure.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = parseTimestamp(podReadyCondition(pod)?.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/**
 * How long (ms) from `now` until a ready but not yet available pod becomes available, or undefined
 * when the pod is not ready, already available, or minReadySeconds is 0. Pure.
 */
export function nextPodAvailabilityCheck(pod: Pod, minReadySeconds: number, now: number): number | undefined {
  if (minReadySeconds <= 0 || !isPodReady(pod)) return undefined;
  const since = parseTimestamp(podReadyCondition(pod)?.lastTransitionTime);
  if (since === undefined) return undefined;
  const wait = since + minReadySeconds * 1000 - now;
  return wait > 0 ? wait : undefined;
}

/** The smallest {@link nextPodAvailabilityCheck} over `pods`, or undefined when none is pending. Pure. */
export function findMinNextPodAvailabilityCheck(
  pods: readonly Pod[],
  minReadySeconds: number,
  now: number,
): number | undefined {
  let min: number | undefined;
  for (const p of pods) {
    const next = nextPodAvailabilityCheck(p, minReadySeconds, now);
    if (next !== undefined && (min === undefined || next < min)) min = next;
  }
  return min;
}

/** Whether the pod reached a terminal phase (`Succeeded` or `Failed`). Pure. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Whether the pod counts towards its owner: not terminal and not being deleted. Pure. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata?.deletionTimestamp == null;
}

/** Whether the pod is being deleted but has not reached a terminal phase yet. Pure. */
export function isPodTerminating(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata?.deletionTimestamp != null;
}

/** The active pods of `pods`, in order (a new array of the same objects). Pure. */
export function filterActivePods(pods: readonly Pod[]): Pod[] {
  return pods.filter(isPodActive);
}

/** The terminating pods of `pods`, in order (a new array of the same objects). Pure. */
export function filterTerminatingPods(pods: readonly Pod[]): Pod[] {
  return pods.filter(isPodTerminating);
}

/** `namespace/name` of a pod: the key expectations track deletions by. Pure. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}
