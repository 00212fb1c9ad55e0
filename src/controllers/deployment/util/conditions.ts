// The Available and Progressing conditions of a deployment: reasons, and how a condition is set
// so that lastTransitionTime only moves when the status does.
import type { ReplicaSetCondition } from 'kubernetes-types/apps/v1.js';
import { formatRFC3339 } from '../../../apimachinery/meta/index.js';
import type { DeploymentCondition, DeploymentStatus } from './types.js';

/** Condition types of a deployment. */
export const DEPLOYMENT_AVAILABLE = 'Available';
export const DEPLOYMENT_PROGRESSING = 'Progressing';
export const DEPLOYMENT_REPLICA_FAILURE = 'ReplicaFailure';
/** The replica-set condition promoted to the deployment. */
export const REPLICA_SET_REPLICA_FAILURE = 'ReplicaFailure';

/** Progressing: a replica set of the deployment was scaled as part of the rollout. */
export const REPLICA_SET_UPDATED_REASON = 'ReplicaSetUpdated';
/** Progressing: the new replica set could not be created. */
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
/** Progressing: the new replica set was created. */
export const NEW_REPLICA_SET_REASON = 'NewReplicaSetCreated';
/** Progressing: an existing replica set was found to be the new one. */
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
/** Progressing: the new replica set is fully rolled out and available. */
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
/** Progressing=False: no progress within progressDeadlineSeconds. */
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
/** Progressing=Unknown: the deployment is paused. */
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
/** Progressing=Unknown: the deployment was resumed. */
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
/** Available=True. */
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
/** Available=False. */
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';

/** A condition stamped `now` (ms since the epoch) for both update and transition times. Pure. */
export function newDeploymentCondition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  now: number,
): DeploymentCondition {
  const t = formatRFC3339(new Date(now));
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** The condition of `type`, or undefined (the status's own object: do not mutate). */
export function getDeploymentCondition(
  status: DeploymentStatus | undefined,
  type: string,
): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Sets `cond` (upstream's SetDeploymentCondition): nothing happens when a condition of the type
 * already has the same status and reason; otherwise it replaces that condition (moved to the
 * end), keeping its lastTransitionTime when the status is unchanged. Mutates `status`.
 */
export function setDeploymentCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const current = getDeploymentCondition(status, cond.type);
  if (current !== undefined && current.status === cond.status && current.reason === cond.reason) return;
  const next = { ...cond };
  if (current !== undefined && current.status === cond.status) {
    if (current.lastTransitionTime === undefined) delete next.lastTransitionTime;
    else next.lastTransitionTime = current.lastTransitionTime;
  }
  status.conditions = [...filterOutCondition(status.conditions, cond.type), next];
}

/** Removes the condition of `type`; mutates `status`. */
export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const rest = filterOutCondition(status.conditions, type);
  if (rest.length === 0) delete status.conditions;
  else status.conditions = rest;
}

function filterOutCondition(
  conds: readonly DeploymentCondition[] | undefined,
  type: string,
): DeploymentCondition[] {
  return (conds ?? []).filter((c) => c.type !== type);
}

/** A replica set's failure condition as a deployment condition (both times = its transition time). Pure. */
export function replicaSetToDeploymentCondition(c: ReplicaSetCondition): DeploymentCondition {
  const out: DeploymentCondition = { type: c.type, status: c.status };
  if (c.lastTransitionTime !== undefined) {
    out.lastUpdateTime = c.lastTransitionTime;
    out.lastTransitionTime = c.lastTransitionTime;
  }
  if (c.reason !== undefined) out.reason = c.reason;
  if (c.message !== undefined) out.message = c.message;
  return out;
}
