// How far a rolling update may go above and below the desired size (maxSurge, maxUnavailable),
// how big the new replica set may grow, and each replica set's share when a deployment is scaled
// in the middle of a rollout.
import { getScaledValueFromIntOrPercent, type IntOrString } from '../../../apimachinery/intstr/index.js';
import { desiredReplicasAnnotation, maxReplicasAnnotation } from './annotations.js';
import type { Deployment, ReplicaSet } from './types.js';
import { rsReplicas, specReplicas } from './types.js';
import { replicaCount } from './replica-sets.js';

/** `RollingUpdate`, the default strategy. */
export const ROLLING_UPDATE = 'RollingUpdate';
/** `Recreate`: every old pod goes before new ones start. */
export const RECREATE = 'Recreate';

/** Whether the deployment rolls (the default when no strategy type is set). */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? ROLLING_UPDATE) === ROLLING_UPDATE;
}

/**
 * maxSurge (percent rounded up) and maxUnavailable (percent rounded down) for `desired`
 * replicas; absent values count 0, and when both are 0 maxUnavailable is 1 so a rollout can
 * move. Throws IntOrStringError for a malformed value. Pure.
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate;
  try {
    return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, specReplicas(d));
  } catch {
    // Validation rejects malformed values; treat one that slipped through as 0, as upstream does.
    return { surge: 0, unavailable: 0 };
  }
}

/** maxSurge of a rolling deployment, 0 for Recreate. Pure. */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** maxUnavailable of a rolling deployment (at most spec.replicas), 0 for Recreate or 0 replicas. Pure. */
export function maxUnavailable(d: Deployment): number {
  const desired = specReplicas(d);
  if (!isRollingUpdate(d) || desired === 0) return 0;
  return Math.min(fenceposts(d).unavailable, desired);
}

/** The fewest available pods a rolling deployment keeps, 0 for Recreate. Pure. */
export function minAvailable(d: Deployment): number {
  return isRollingUpdate(d) ? specReplicas(d) - maxUnavailable(d) : 0;
}

/**
 * The size the new replica set may have now: for RollingUpdate as much as maxSurge leaves room
 * for over all replica sets, never above spec.replicas (and never below its current size); for
 * Recreate spec.replicas. Throws for an unknown strategy or a malformed maxSurge. Pure.
 */
export function newRSNewReplicas(
  d: Deployment,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet,
): number {
  const type = d.spec?.strategy?.type ?? ROLLING_UPDATE;
  const desired = specReplicas(d);
  switch (type) {
    case ROLLING_UPDATE: {
      const surge = getScaledValueFromIntOrPercent(
        d.spec?.strategy?.rollingUpdate?.maxSurge ?? 0,
        desired,
        true,
      );
      const current = replicaCount(allRSs);
      const maxTotal = desired + surge;
      if (current >= maxTotal) return rsReplicas(newRS);
      const up = Math.min(maxTotal - current, desired - rsReplicas(newRS));
      return rsReplicas(newRS) + up;
    }
    case RECREATE:
      return desired;
    default:
      throw new Error(`deployment type ${type} isn't supported`);
  }
}

/**
 * Whether the new replica set has the deployment's full size, was last scaled for that size and
 * has every pod available. Pure.
 */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (rs === undefined) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const want = specReplicas(d);
  return rsReplicas(rs) === want && desired === want && (rs.status?.availableReplicas ?? 0) === want;
}

// The change in size that keeps the replica set's share of the deployment's maximum size.
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const desired = specReplicas(d);
  if (desired === 0) return -rsReplicas(rs);
  const maxNow = desired + maxSurge(d);
  let maxBefore = maxReplicasAnnotation(rs);
  if (maxBefore === undefined || maxBefore === 0) {
    // Someone edited the replica set: estimate from the deployment's current size.
    maxBefore = d.status?.replicas ?? 0;
    if (maxBefore === 0) return 0;
  }
  const newSize = (rsReplicas(rs) * maxNow) / maxBefore;
  // Go's math.Round: halves away from zero (sizes are never negative here).
  return Math.round(newSize) - rsReplicas(rs);
}

/**
 * How many replicas to add to (or, negative, remove from) `rs` when `toAdd` replicas are shared
 * out and `added` already were: its proportional share, capped by what is left. Pure.
 */
export function replicaSetProportion(
  rs: ReplicaSet | undefined,
  d: Deployment,
  toAdd: number,
  added: number,
): number {
  if (rs === undefined || rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
