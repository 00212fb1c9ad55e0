// How preemption ranks pods: by priority, then by how long they have been running.
import type { Pod } from 'kubernetes-types/core/v1.js';

/** A pod's priority (spec.priority; 0 when unset, as upstream's corev1helpers.PodPriority). Pure. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/**
 * When the pod started (status.startTime) in ms; `now` when it has not started yet, as upstream's
 * GetPodStartTime (a pod that has not started counts as the most recent one). Pure.
 */
export function podStartTime(pod: Pod, now: number): number {
  const s = pod.status?.startTime;
  if (s === undefined) return now;
  const t = Date.parse(s);
  return Number.isNaN(t) ? now : t;
}

/** Whether `a` is more important than `b`: higher priority, or equal priority and started earlier. Pure. */
export function moreImportantPod(a: Pod, b: Pod, now: number): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return podStartTime(a, now) < podStartTime(b, now);
}

/**
 * The earliest start time among the victims of the highest priority (upstream's
 * GetEarliestPodStartTime); undefined for no victims. Pure.
 */
export function earliestStartOfHighestPriority(victims: readonly Pod[], now: number): number | undefined {
  const first = victims[0];
  if (first === undefined) return undefined;
  let maxPriority = podPriority(first);
  let earliest = podStartTime(first, now);
  for (const p of victims) {
    const pr = podPriority(p);
    if (pr === maxPriority) {
      const t = podStartTime(p, now);
      if (t < earliest) earliest = t;
    } else if (pr > maxPriority) {
      maxPriority = pr;
      earliest = podStartTime(p, now);
    }
  }
  return earliest;
}
