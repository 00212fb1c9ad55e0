// Scaling (including proportional scaling in the middle of a rollout), history cleanup and status
// of a deployment: what runs when it is paused, scaled or deleted (upstream's sync.go).
import { isNotFound } from '../../apimachinery/errors/index.js';
import { deepCopy, deepEqual } from '../../apimachinery/meta/index.js';
import { deploymentEvent, SCALING_REPLICA_SET_REASON, type SyncEnv, updateDeploymentStatus } from './env.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { getRollbackTo } from './rollback.js';
import {
  actualReplicaCount,
  availableReplicaCount,
  compareByCreation,
  compareByRevision,
  compareBySizeNewer,
  compareBySizeOlder,
  DEPLOYMENT_AVAILABLE,
  DEPLOYMENT_PROGRESSING,
  type Deployment,
  type DeploymentStatus,
  desiredReplicasAnnotation,
  filterActiveReplicaSets,
  findActiveOrLatest,
  getDeploymentCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  MINIMUM_REPLICAS_AVAILABLE,
  MINIMUM_REPLICAS_UNAVAILABLE,
  maxSurge,
  maxUnavailable,
  newDeploymentCondition,
  PAUSED_DEPLOY_REASON,
  RESUMED_DEPLOY_REASON,
  type ReplicaSet,
  readyReplicaCount,
  replicaCount,
  replicaSetProportion,
  replicasAnnotationsNeedUpdate,
  rsReplicas,
  setDeploymentCondition,
  setReplicasAnnotations,
  specReplicas,
  TIMED_OUT_REASON,
  terminatingReplicaCount,
} from './util/index.js';

/**
 * Sets a replica set's size and its desired/max-replicas annotations when either differs; records
 * `Scaled up|down replica set <name> from <old> to <new>` when the size changed. Resolves whether
 * it was scaled and the replica set as now stored (the input when nothing was written).
 */
export async function scaleReplicaSet(
  env: SyncEnv,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const oldScale = rsReplicas(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const desired = specReplicas(d);
  const max = desired + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const copy = deepCopy(rs);
  copy.spec = { ...(copy.spec ?? { selector: {} }), replicas: newScale };
  setReplicasAnnotations(copy, desired, max);
  const updated = await env.replicaSets.update(copy);
  if (!sizeNeedsUpdate) return { scaled: false, rs: updated };
  const op = oldScale < newScale ? 'up' : 'down';
  deploymentEvent(
    env,
    d,
    'Normal',
    SCALING_REPLICA_SET_REASON,
    `Scaled ${op} replica set ${updated.metadata?.name ?? rs.metadata?.name ?? ''} from ${oldScale} to ${newScale}`,
  );
  return { scaled: true, rs: updated };
}

/** {@link scaleReplicaSet} when the size differs; nothing otherwise. */
export async function scaleReplicaSetAndRecordEvent(
  env: SyncEnv,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  if (rsReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(env, rs, newScale, d);
}

/**
 * Brings the replica sets to the deployment's size (upstream's scale): a single active (or
 * latest) replica set takes the whole size; a saturated new replica set has the old ones
 * scaled to 0; otherwise, for RollingUpdate, the difference between spec.replicas + maxSurge
 * and the current total is shared out in proportion to each replica set's size (larger first;
 * newer first when scaling up and older first when scaling down among equals, leftovers to the
 * first).
 */
export async function scale(
  env: SyncEnv,
  d: Deployment,
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): Promise<void> {
  const desired = specReplicas(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    if (rsReplicas(activeOrLatest) === desired) return;
    await scaleReplicaSetAndRecordEvent(env, activeOrLatest, desired, d);
    return;
  }
  if (isSaturated(d, newRS)) {
    // Newest first, the order upstream's search for the active replica set leaves them in.
    const newestFirst = [...oldRSs].sort((a, b) => compareByCreation(b, a));
    for (const old of filterActiveReplicaSets(newestFirst))
      await scaleReplicaSetAndRecordEvent(env, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActiveReplicaSets([...oldRSs, newRS]);
  const allowed = desired > 0 ? desired + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(all);
  if (toAdd > 0) all.sort(compareBySizeNewer);
  else if (toAdd < 0) all.sort(compareBySizeOlder);
  let added = 0;
  const sizes = new Map<ReplicaSet, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = replicaSetProportion(rs, d, toAdd, added);
      sizes.set(rs, rsReplicas(rs) + p);
      added += p;
    } else {
      sizes.set(rs, rsReplicas(rs));
    }
  }
  for (const [i, rs] of all.entries()) {
    let size = sizes.get(rs) ?? 0;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + (toAdd - added));
    await scaleReplicaSet(env, rs, size, d);
  }
}

/**
 * Deletes the oldest old replica sets beyond revisionHistoryLimit, oldest revision first, sparing
 * any that still has pods, replicas, an unobserved generation or a deletion in progress.
 */
export async function cleanupDeployment(
  env: SyncEnv,
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
): Promise<void> {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => rs.metadata?.deletionTimestamp == null);
  const diff = cleanable.length - (d.spec?.revisionHistoryLimit ?? 0);
  if (diff <= 0) return;
  cleanable.sort(compareByRevision);
  for (const rs of cleanable.slice(0, diff)) {
    if (
      (rs.status?.replicas ?? 0) !== 0 ||
      rsReplicas(rs) !== 0 ||
      (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0) ||
      rs.metadata?.deletionTimestamp != null
    ) {
      continue;
    }
    try {
      await env.replicaSets.delete(rs.metadata?.namespace ?? '', rs.metadata?.name ?? '');
    } catch (e) {
      // Stop at the first failure rather than keep loading an API server in trouble.
      if (!isNotFound(e)) throw e;
    }
  }
}

/**
 * The deployment's status from its replica sets: counts, observedGeneration, collisionCount, the
 * existing conditions with Available set from minimum availability. Pure.
 */
export function calculateStatus(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const total = replicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  const terminating = terminatingReplicaCount(allRSs);
  if (terminating !== undefined) status.terminatingReplicas = terminating;
  const conditions = d.status?.conditions;
  if (conditions !== undefined && conditions.length > 0)
    status.conditions = conditions.map((c) => ({ ...c }));
  if (d.status?.collisionCount != null) status.collisionCount = d.status.collisionCount;
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        DEPLOYMENT_AVAILABLE,
        'True',
        MINIMUM_REPLICAS_AVAILABLE,
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        DEPLOYMENT_AVAILABLE,
        'False',
        MINIMUM_REPLICAS_UNAVAILABLE,
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  return status;
}

/**
 * Whether two statuses are the same as the API would store them: members whose value is the
 * zero value are omitted on the wire, so a missing count equals 0.
 */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return deepEqual(wireStatus(a ?? {}), wireStatus(b));
}

function wireStatus(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const [k, v] of Object.entries(s) as [keyof DeploymentStatus, unknown][]) {
    if (v === undefined || v === null) continue;
    if (v === 0 && k !== 'collisionCount' && k !== 'terminatingReplicas') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Writes the status {@link calculateStatus} gives when it differs from the stored one. */
export async function syncDeploymentStatus(
  env: SyncEnv,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, env.clock.now());
  if (statusEqual(d.status, status)) return;
  d.status = status;
  await updateDeploymentStatus(env, d);
}

/** Only the status (a deployment being deleted). */
export async function syncStatusOnly(env: SyncEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  await syncDeploymentStatus(env, [...oldRSs, newRS], newRS, d);
}

/**
 * Scaling without a rollout (upstream's sync): for a paused deployment or a scaling event. A
 * paused deployment also has its history cleaned up.
 */
export async function syncScaling(env: SyncEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  await scale(env, d, newRS, oldRSs);
  if (d.spec?.paused === true && getRollbackTo(d) === undefined) await cleanupDeployment(env, oldRSs, d);
  await syncDeploymentStatus(env, [...oldRSs, newRS], newRS, d);
}

/**
 * Records pausing and resuming as Progressing=Unknown (DeploymentPaused / DeploymentResumed) so a
 * resumed deployment's deadline counts from its resumption. A timed-out condition is left alone.
 * Deployments without a progress deadline are untouched.
 */
export async function checkPausedConditions(env: SyncEnv, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING);
  if (cond?.reason === TIMED_OUT_REASON) return;
  const pausedCondExists = cond?.reason === PAUSED_DEPLOY_REASON;
  const paused = d.spec?.paused === true;
  const now = env.clock.now();
  d.status ??= {};
  if (paused && !pausedCondExists) {
    setDeploymentCondition(
      d.status,
      newDeploymentCondition(
        DEPLOYMENT_PROGRESSING,
        'Unknown',
        PAUSED_DEPLOY_REASON,
        'Deployment is paused',
        now,
      ),
    );
  } else if (!paused && pausedCondExists) {
    setDeploymentCondition(
      d.status,
      newDeploymentCondition(
        DEPLOYMENT_PROGRESSING,
        'Unknown',
        RESUMED_DEPLOY_REASON,
        'Deployment is resumed',
        now,
      ),
    );
  } else {
    return;
  }
  await updateDeploymentStatus(env, d);
}

/**
 * Whether the deployment was resized since its active replica sets were last scaled (their
 * desired-replicas annotation differs from spec.replicas).
 */
export async function isScalingEvent(env: SyncEnv, d: Deployment, rsList: ReplicaSet[]): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, false);
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = desiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== specReplicas(d)) return true;
  }
  return false;
}
