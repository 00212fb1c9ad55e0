// What the sync steps of the deployment controller work with: the API, the replica-set cache, the
// event recorder, the clock and the queue's timed requeues.
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/events/types.js';
import type { Lister } from '../../client/informers/types.js';
import { DEPLOYMENTS } from '../../client/resources.js';
import type { ResourceClient } from '../../client/types.js';
import type { Logger } from '../../log/index.js';
import { controllerKindOf, withTypeMeta } from '../util/index.js';
import type { Deployment, ReplicaSet } from './util/index.js';

/** The component name of the deployment controller's events and logs. */
export const DEPLOYMENT_CONTROLLER_NAME = 'deployment-controller';

/** apiVersion and kind of Deployment, as written in controller references and events. */
export const DEPLOYMENT_KIND = controllerKindOf(DEPLOYMENTS);

/** Event reason of every replica-set scaling. */
export const SCALING_REPLICA_SET_REASON = 'ScalingReplicaSet';

/** The dependencies of one sync. Implementations must be safe to share between workers. */
export interface SyncEnv {
  readonly deployments: ResourceClient<Deployment>;
  readonly replicaSets: ResourceClient<ReplicaSet>;
  readonly rsLister: Lister<ReplicaSet>;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly log: Logger;
  /** Syncs the deployment again after `ms`. */
  enqueueAfter(d: Deployment, ms: number): void;
  /** Syncs the deployment again after the rate limiter's delay. */
  enqueueRateLimited(d: Deployment): void;
}

/** Records an event about a deployment (adding its type, which cached objects may lack). */
export function deploymentEvent(
  env: SyncEnv,
  d: Deployment,
  type: 'Normal' | 'Warning',
  reason: string,
  msg: string,
): void {
  env.recorder.event(withTypeMeta(d, DEPLOYMENT_KIND), type, reason, msg);
}

/**
 * Writes the deployment's status (and, as the status subresource of Deployment allows, its
 * annotations), then carries the new resourceVersion over into `d` so later writes of this sync
 * are not refused as stale. Mutates `d`'s resourceVersion only.
 */
export async function updateDeploymentStatus(env: SyncEnv, d: Deployment): Promise<Deployment> {
  const updated = await env.deployments.updateStatus(d);
  if (updated.metadata?.resourceVersion !== undefined) {
    d.metadata = { ...(d.metadata ?? {}), resourceVersion: updated.metadata.resourceVersion };
  }
  return updated;
}
