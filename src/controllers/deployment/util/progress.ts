// When a deployment's rollout is complete, is progressing, or has timed out.
import { parseTimestamp } from '../../util/index.js';
import {
  getDeploymentCondition,
  DEPLOYMENT_PROGRESSING,
  NEW_RS_AVAILABLE_REASON,
  TIMED_OUT_REASON,
} from './conditions.js';
import type { Deployment, DeploymentStatus } from './types.js';
import { specReplicas } from './types.js';

const MAX_INT32 = 0x7fffffff;

/** Whether progressDeadlineSeconds is set (and not MaxInt32, which means "no deadline"). */
export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

/** Whether revisionHistoryLimit is set (and not MaxInt32, which means "keep all"). */
export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== MAX_INT32;
}

/**
 * Whether `status` shows the rollout done: every replica updated and available, none old, and
 * the current generation observed. Pure.
 */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const want = specReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === want &&
    (status.replicas ?? 0) === want &&
    (status.availableReplicas ?? 0) === want &&
    (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/**
 * Whether `status` moved on from the deployment's current status: more updated, ready or
 * available pods, or fewer old ones. Pure.
 */
export function deploymentProgressing(d: Deployment, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/**
 * Whether the rollout has made no progress for progressDeadlineSeconds since the Progressing
 * condition was last updated (`now` in ms). A completed rollout never times out; one already
 * timed out stays so. Pure.
 */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getDeploymentCondition(status, DEPLOYMENT_PROGRESSING);
  if (cond === undefined) return false;
  if (cond.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (cond.reason === TIMED_OUT_REASON) return true;
  const from = parseTimestamp(cond.lastUpdateTime) ?? 0;
  return from + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 < now;
}
