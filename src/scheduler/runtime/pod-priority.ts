// A pod's priority as the scheduler uses it (spec.priority, 0 when unset).
import type { Pod } from 'kubernetes-types/core/v1.js';

/** `spec.priority`, or 0 (upstream's corev1helpers.PodPriority). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}
