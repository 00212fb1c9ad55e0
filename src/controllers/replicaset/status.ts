// The status a ReplicaSet reports: how many of its pods exist, carry the template's labels, are
// ready and available, are terminating; and the ReplicaFailure condition while creating or
// deleting pods fails.
import type { ReplicaSetCondition } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { selectorFromSet } from '../../apimachinery/labels/index.js';
import { deepEqual, formatRFC3339 } from '../../apimachinery/meta/index.js';
import { isPodAvailable, isPodReady } from '../util/index.js';
import type { ReplicaSetStatusView, ReplicaSetView } from './kinds.js';

/** The condition type set while pods cannot be created or deleted. */
export const REPLICA_FAILURE = 'ReplicaFailure';

/** A condition with lastTransitionTime `now` (ms since epoch). Pure. */
export function newReplicaSetCondition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  now: number,
): ReplicaSetCondition {
  return { type, status, lastTransitionTime: formatRFC3339(new Date(now)), reason, message };
}

/** The condition of `type`, or undefined. Pure. */
export function getCondition(status: ReplicaSetStatusView, type: string): ReplicaSetCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/**
 * Adds or replaces a condition in `status` (mutates it); a condition of the same type, status and
 * reason is kept as is, so its lastTransitionTime stays.
 */
export function setCondition(status: ReplicaSetStatusView, cond: ReplicaSetCondition): void {
  const cur = getCondition(status, cond.type);
  if (cur !== undefined && cur.status === cond.status && cur.reason === cond.reason) return;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

/** Removes the condition of `type` from `status` (mutates it). */
export function removeCondition(status: ReplicaSetStatusView, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length === 0) delete status.conditions;
  else status.conditions = rest;
}

/** What calculateStatus needs besides the ReplicaSet. */
export interface StatusInputs {
  readonly activePods: readonly Pod[];
  /** Terminating pods owned by the ReplicaSet; undefined when terminatingReplicas is not kept. */
  readonly terminatingPods: readonly Pod[] | undefined;
  /** The error of this sync's pod creation or deletion, if any. */
  readonly manageReplicasError: Error | undefined;
  /** ms since epoch. */
  readonly now: number;
}

/**
 * The new status of `rs` (a fresh object; `rs` is not changed): counts over the active pods,
 * terminatingReplicas when kept, and ReplicaFailure set (reason FailedCreate or FailedDelete,
 * the error's message) on a failure when absent, removed after a sync without failure.
 * observedGeneration is left as it was (set when written).
 */
export function calculateStatus(rs: ReplicaSetView, inputs: StatusInputs): ReplicaSetStatusView {
  const status: ReplicaSetStatusView = structuredClone(rs.status ?? { replicas: 0 });
  const templateLabels = selectorFromSet(rs.spec?.template?.metadata?.labels ?? {});
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of inputs.activePods) {
    if (templateLabels.matches(pod.metadata?.labels ?? {})) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, inputs.now)) available++;
    }
  }
  const err = inputs.manageReplicasError;
  const failure = getCondition(status, REPLICA_FAILURE);
  if (err !== undefined && failure === undefined) {
    const diff = inputs.activePods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    setCondition(status, newReplicaSetCondition(REPLICA_FAILURE, 'True', reason, err.message, inputs.now));
  } else if (err === undefined && failure !== undefined) {
    removeCondition(status, REPLICA_FAILURE);
  }
  status.replicas = inputs.activePods.length;
  status.fullyLabeledReplicas = fullyLabeled;
  status.readyReplicas = ready;
  status.availableReplicas = available;
  if (inputs.terminatingPods !== undefined) status.terminatingReplicas = inputs.terminatingPods.length;
  else delete status.terminatingReplicas;
  return status;
}

/**
 * Whether writing `next` would change nothing: every counter, terminatingReplicas and the
 * conditions equal, and the generation already observed. Pure.
 */
export function statusUpToDate(rs: ReplicaSetView, next: ReplicaSetStatusView): boolean {
  const cur = rs.status ?? { replicas: 0 };
  return (
    (cur.replicas ?? 0) === (next.replicas ?? 0) &&
    (cur.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    cur.terminatingReplicas === next.terminatingReplicas &&
    (rs.metadata?.generation ?? 0) === (cur.observedGeneration ?? 0) &&
    deepEqual(cur.conditions ?? [], next.conditions ?? [])
  );
}
