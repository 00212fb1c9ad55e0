// Matching cluster events against what plugins registered (upstream ClusterEvent.Match).
import type { ClusterEvent } from '../framework/types.js';

/** The event that flushes pods left unschedulable too long; matches every registration. */
export const UNSCHEDULABLE_TIMEOUT: ClusterEvent = { resource: '*', action: 'All' };
/** A forced requeue (e.g. a pod activated explicitly); matches every registration. */
export const FORCE_ACTIVATE: ClusterEvent = { resource: '*', action: 'All' };

function resourceMatches(registered: string, event: string): boolean {
  if (registered === '*' || event === '*' || registered === event) return true;
  // 'Pod' covers both assigned and unscheduled pods.
  return registered === 'Pod' && (event === 'AssignedPod' || event === 'UnscheduledPod');
}

function actionMatches(registered: string, event: string): boolean {
  if (registered === 'All' || event === 'All' || registered === event) return true;
  // Update stands for every specific update action and vice versa.
  const isUpdate = (a: string) => a.startsWith('Update');
  return (registered === 'Update' && isUpdate(event)) || (event === 'Update' && isUpdate(registered));
}

/** Whether `event` is one a plugin registered as `registered`. */
export function eventMatches(registered: ClusterEvent, event: ClusterEvent): boolean {
  return (
    resourceMatches(registered.resource, event.resource) && actionMatches(registered.action, event.action)
  );
}

/** Whether the event matches every registration (timeouts, forced moves). */
export function isWildcard(event: ClusterEvent): boolean {
  return event.resource === '*' && event.action === 'All';
}
