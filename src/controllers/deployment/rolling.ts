// The RollingUpdate strategy: grow the new replica set within maxSurge, shrink old ones within
// maxUnavailable (upstream's rolling.go).
import type { SyncEnv } from './env.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from './sync.js';
import {
  availableReplicaCount,
  compareByCreation,
  type Deployment,
  deploymentComplete,
  filterActiveReplicaSets,
  maxUnavailable,
  newRSNewReplicas,
  type ReplicaSet,
  replicaCount,
  rsReplicas,
  specReplicas,
} from './util/index.js';

/** One step of a rolling update: scale up if possible, else scale down if possible, then status. */
export async function rolloutRolling(env: SyncEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, true);
  if (newRS === undefined) throw new Error('the new replica set was not created');
  const allRSs = [...oldRSs, newRS];
  if (await reconcileNewReplicaSet(env, allRSs, newRS, d)) {
    await syncRolloutStatus(env, allRSs, newRS, d);
    return;
  }
  if (await reconcileOldReplicaSets(env, allRSs, filterActiveReplicaSets(oldRSs), newRS, d)) {
    await syncRolloutStatus(env, allRSs, newRS, d);
    return;
  }
  if (d.status !== undefined && deploymentComplete(d, d.status)) await cleanupDeployment(env, oldRSs, d);
  await syncRolloutStatus(env, allRSs, newRS, d);
}

/** Scales the new replica set towards spec.replicas as far as maxSurge allows; resolves whether it scaled. */
export async function reconcileNewReplicaSet(
  env: SyncEnv,
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): Promise<boolean> {
  const desired = specReplicas(d);
  if (rsReplicas(newRS) === desired) return false;
  if (rsReplicas(newRS) > desired)
    return (await scaleReplicaSetAndRecordEvent(env, newRS, desired, d)).scaled;
  const count = newRSNewReplicas(d, allRSs, newRS);
  return (await scaleReplicaSetAndRecordEvent(env, newRS, count, d)).scaled;
}

/**
 * Scales old replica sets down as far as maxUnavailable allows, unhealthy replicas first;
 * resolves whether anything was scaled. Failures to scale are logged by returning false (the
 * next sync retries), as upstream does.
 */
export async function reconcileOldReplicaSets(
  env: SyncEnv,
  allRSs: readonly ReplicaSet[],
  oldRSs: ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): Promise<boolean> {
  if (replicaCount(oldRSs) === 0) return false;
  const allPods = replicaCount(allRSs);
  const minAvail = specReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvail - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  let cleaned: { rss: ReplicaSet[]; count: number };
  try {
    cleaned = await cleanupUnhealthyReplicas(env, oldRSs, d, maxScaledDown);
  } catch {
    return false;
  }
  let scaledDown: number;
  try {
    scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(env, [...cleaned.rss, newRS], cleaned.rss, d);
  } catch {
    return false;
  }
  return cleaned.count + scaledDown > 0;
}

/**
 * Removes up to `maxCleanup` replicas that are not available from old replica sets, oldest
 * first (their pods are the not-ready ones the replicaset controller deletes first). Resolves the
 * replica sets as now stored and how many replicas went.
 */
export async function cleanupUnhealthyReplicas(
  env: SyncEnv,
  oldRSs: ReplicaSet[],
  d: Deployment,
  maxCleanup: number,
): Promise<{ rss: ReplicaSet[]; count: number }> {
  const rss = [...oldRSs].sort(compareByCreation);
  let total = 0;
  for (const [i, rs] of rss.entries()) {
    if (total >= maxCleanup) break;
    const replicas = rsReplicas(rs);
    if (replicas === 0) continue;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    const target = replicas - count;
    if (target > replicas) {
      throw new Error(
        `when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata?.namespace}/${rs.metadata?.name} ${replicas} -> ${target}`,
      );
    }
    const res = await scaleReplicaSetAndRecordEvent(env, rs, target, d);
    total += count;
    rss[i] = res.rs;
  }
  return { rss, count: total };
}

/**
 * Scales old replica sets down, oldest first, by as many replicas as are available beyond the
 * minimum; resolves how many replicas went.
 */
export async function scaleDownOldReplicaSetsForRollingUpdate(
  env: SyncEnv,
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
): Promise<number> {
  const minAvail = specReplicas(d) - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvail) return 0;
  const toScaleDown = available - minAvail;
  let total = 0;
  for (const rs of [...oldRSs].sort(compareByCreation)) {
    if (total >= toScaleDown) break;
    const replicas = rsReplicas(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, toScaleDown - total);
    await scaleReplicaSetAndRecordEvent(env, rs, replicas - count, d);
    total += count;
  }
  return total;
}
