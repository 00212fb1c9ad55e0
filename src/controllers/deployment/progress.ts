// The Progressing condition during a rollout, and the timed requeue that notices a rollout
// stuck past its progress deadline (upstream's progress.go).
import type { SyncEnv } from './env.js';
import { updateDeploymentStatus } from './env.js';
import { calculateStatus, statusEqual } from './sync.js';
import {
  DEPLOYMENT_PROGRESSING,
  DEPLOYMENT_REPLICA_FAILURE,
  type Deployment,
  type DeploymentCondition,
  type DeploymentStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getDeploymentCondition,
  hasProgressDeadline,
  NEW_RS_AVAILABLE_REASON,
  newDeploymentCondition,
  REPLICA_SET_REPLICA_FAILURE,
  REPLICA_SET_UPDATED_REASON,
  type ReplicaSet,
  removeDeploymentCondition,
  replicaSetToDeploymentCondition,
  setDeploymentCondition,
  TIMED_OUT_REASON,
} from './util/index.js';
import { parseTimestamp } from '../util/index.js';

/**
 * The status of a deployment in the middle of a rollout: {@link calculateStatus} plus the
 * Progressing condition (NewReplicaSetAvailable once complete, ReplicaSetUpdated with a fresh
 * lastUpdateTime whenever progress is seen, ProgressDeadlineExceeded once the deadline passed
 * without any) and ReplicaFailure promoted from the replica sets. Writes it when it changed;
 * otherwise schedules the progress check at the deadline.
 */
export async function syncRolloutStatus(
  env: SyncEnv,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
): Promise<void> {
  const now = env.clock.now();
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, DEPLOYMENT_PROGRESSING);

  const current = getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING);
  const isComplete =
    (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === NEW_RS_AVAILABLE_REASON;
  const name = d.metadata?.name ?? '';
  const rsName = newRS?.metadata?.name;
  if (hasProgressDeadline(d) && !isComplete) {
    if (deploymentComplete(d, status)) {
      const msg =
        rsName !== undefined
          ? `ReplicaSet "${rsName}" has successfully progressed.`
          : `Deployment "${name}" has successfully progressed.`;
      setDeploymentCondition(
        status,
        newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'True', NEW_RS_AVAILABLE_REASON, msg, now),
      );
    } else if (deploymentProgressing(d, status)) {
      const msg =
        rsName !== undefined
          ? `ReplicaSet "${rsName}" is progressing.`
          : `Deployment "${name}" is progressing.`;
      const cond = newDeploymentCondition(
        DEPLOYMENT_PROGRESSING,
        'True',
        REPLICA_SET_UPDATED_REASON,
        msg,
        now,
      );
      // Unlike other conditions, Progressing is rewritten with the same reason to move
      // lastUpdateTime whenever progress is seen.
      if (current !== undefined) {
        if (current.status === 'True') {
          if (current.lastTransitionTime === undefined) delete cond.lastTransitionTime;
          else cond.lastTransitionTime = current.lastTransitionTime;
        }
        removeDeploymentCondition(status, DEPLOYMENT_PROGRESSING);
      }
      setDeploymentCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg =
        rsName !== undefined
          ? `ReplicaSet "${rsName}" has timed out progressing.`
          : `Deployment "${name}" has timed out progressing.`;
      setDeploymentCondition(
        status,
        newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'False', TIMED_OUT_REASON, msg, now),
      );
    }
  }

  const failure = replicaFailures(allRSs, newRS)[0];
  if (failure !== undefined) setDeploymentCondition(status, failure);
  else removeDeploymentCondition(status, DEPLOYMENT_REPLICA_FAILURE);

  if (statusEqual(d.status, status)) {
    requeueStuckDeployment(env, d, status);
    return;
  }
  d.status = status;
  await updateDeploymentStatus(env, d);
}

// ReplicaFailure conditions of the new replica set, else of any replica set.
function replicaFailures(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
): DeploymentCondition[] {
  const of = (rs: ReplicaSet): DeploymentCondition[] =>
    (rs.status?.conditions ?? [])
      .filter((c) => c.type === REPLICA_SET_REPLICA_FAILURE)
      .map(replicaSetToDeploymentCondition);
  if (newRS !== undefined) {
    const own = of(newRS);
    if (own.length > 0) return own;
  }
  return allRSs.flatMap((rs) => (rs === undefined ? [] : of(rs)));
}

/**
 * Schedules the next progress check of a rollout that shows no progress: one second after its
 * deadline (lastUpdateTime of Progressing + progressDeadlineSeconds), or now (rate limited) when
 * less than a second is left. Resolves the delay in ms, or -1 when no check is needed (no
 * deadline, no Progressing condition, complete, or already timed out).
 */
export function requeueStuckDeployment(env: SyncEnv, d: Deployment, status: DeploymentStatus): number {
  const current = getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING);
  if (!hasProgressDeadline(d) || current === undefined) return -1;
  if (deploymentComplete(d, status) || current.reason === TIMED_OUT_REASON) return -1;
  const last = parseTimestamp(current.lastUpdateTime) ?? 0;
  const after = last + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 - env.clock.now();
  if (after < 1000) {
    env.enqueueRateLimited(d);
    return 0;
  }
  // The extra second keeps the check from landing just before the deadline.
  env.enqueueAfter(d, after + 1000);
  return after;
}
