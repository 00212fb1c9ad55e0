// The Recreate strategy: every old pod is gone before the new replica set is scaled up
// (upstream's recreate.go).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { SyncEnv } from './env.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from './sync.js';
import {
  actualReplicaCount,
  type Deployment,
  deploymentComplete,
  filterActiveReplicaSets,
  type ReplicaSet,
  rsReplicas,
  specReplicas,
} from './util/index.js';

/** Pods of the deployment grouped by the uid of the replica set that controls them. */
export type PodMap = ReadonlyMap<string, readonly Pod[]>;

/**
 * One step of a Recreate rollout: scale old replica sets to 0; once no old pod runs (none of the
 * old replica sets reports pods and no pod they control is outside Failed/Succeeded), create the
 * new replica set and scale it to spec.replicas; clean up history once complete; then status.
 */
export async function rolloutRecreate(
  env: SyncEnv,
  d: Deployment,
  rsList: ReplicaSet[],
  podMap: PodMap,
): Promise<void> {
  // No new replica set yet, so nothing scales up before the old ones are down.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  let allRSs: (ReplicaSet | undefined)[] = [...oldRSs, newRS];
  const activeOld = filterActiveReplicaSets(oldRSs);
  if (await scaleDownOldReplicaSetsForRecreate(env, activeOld, d)) {
    await syncRolloutStatus(env, allRSs, newRS, d);
    return;
  }
  if (oldPodsRunning(newRS, oldRSs, podMap)) {
    await syncRolloutStatus(env, allRSs, newRS, d);
    return;
  }
  if (newRS === undefined) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS !== undefined) await scaleReplicaSetAndRecordEvent(env, newRS, specReplicas(d), d);
  if (d.status !== undefined && deploymentComplete(d, d.status)) await cleanupDeployment(env, oldRSs, d);
  await syncRolloutStatus(env, allRSs, newRS, d);
}

/** Scales every given replica set with replicas to 0; resolves whether any was scaled. */
export async function scaleDownOldReplicaSetsForRecreate(
  env: SyncEnv,
  oldRSs: ReplicaSet[],
  d: Deployment,
): Promise<boolean> {
  let scaled = false;
  for (const [i, rs] of oldRSs.entries()) {
    if (rsReplicas(rs) === 0) continue;
    const res = await scaleReplicaSetAndRecordEvent(env, rs, 0, d);
    if (res.scaled) {
      oldRSs[i] = res.rs;
      scaled = true;
    }
  }
  return scaled;
}

/**
 * Whether an old replica set still reports pods, or a pod controlled by one other than the new
 * replica set is not in a terminal phase (Unknown counts as running). Pure.
 */
export function oldPodsRunning(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
  podMap: PodMap,
): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS !== undefined && newRS.metadata?.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
