// Server-side rollback, kept for deployments written through the removed extensions/v1beta1 and
// apps/v1beta1 APIs: their `spec.rollbackTo` survives as the `deprecated.deployment.rollback.to`
// annotation. (`kubectl rollout undo` does not use it: kubectl patches the template itself.)
import { deepCopy } from '../../apimachinery/meta/index.js';
import { deploymentEvent, type SyncEnv } from './env.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import {
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
  type Deployment,
  equalIgnoreHash,
  lastRevision,
  parseInt64,
  type ReplicaSet,
  revisionOf,
  setDeploymentAnnotationsTo,
} from './util/index.js';

/** Event reason: the revision to roll back to does not exist. */
export const ROLLBACK_REVISION_NOT_FOUND = 'DeploymentRollbackRevisionNotFound';
/** Event reason: the revision's template is the current one. */
export const ROLLBACK_TEMPLATE_UNCHANGED = 'DeploymentRollbackTemplateUnchanged';
/** Event reason: rolled back. */
export const ROLLBACK_DONE = 'DeploymentRollback';

/** The revision a rollback was requested to (0: the previous one), or undefined for none or an invalid value. */
export function getRollbackTo(d: Deployment): number | undefined {
  const v = d.metadata?.annotations?.[DEPRECATED_ROLLBACK_TO_ANNOTATION];
  if (v === undefined || v === '') return undefined;
  return parseInt64(v);
}

async function updateAndClearRollbackTo(env: SyncEnv, d: Deployment): Promise<void> {
  const copy = deepCopy(d);
  if (copy.metadata?.annotations !== undefined)
    delete copy.metadata.annotations[DEPRECATED_ROLLBACK_TO_ANNOTATION];
  await env.deployments.update(copy);
}

/**
 * Rolls the deployment back to the requested revision by copying that replica set's template and
 * annotations into it, then clears the request. Warns (DeploymentRollbackRevisionNotFound or
 * DeploymentRollbackTemplateUnchanged) and clears the request when there is nothing to do.
 */
export async function rollback(env: SyncEnv, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(env, d, rsList, true);
  const all = [...oldRSs, ...(newRS === undefined ? [] : [newRS])];
  let revision = getRollbackTo(d) ?? 0;
  if (revision === 0) {
    revision = lastRevision(all);
    if (revision === 0) {
      deploymentEvent(env, d, 'Warning', ROLLBACK_REVISION_NOT_FOUND, 'Unable to find last revision.');
      await updateAndClearRollbackTo(env, d);
      return;
    }
  }
  const target = all.find((rs) => revisionOf(rs) === revision);
  if (target === undefined) {
    deploymentEvent(
      env,
      d,
      'Warning',
      ROLLBACK_REVISION_NOT_FOUND,
      'Unable to find the revision to rollback to.',
    );
    await updateAndClearRollbackTo(env, d);
    return;
  }
  if (equalIgnoreHash(d.spec?.template, target.spec?.template)) {
    deploymentEvent(
      env,
      d,
      'Warning',
      ROLLBACK_TEMPLATE_UNCHANGED,
      `The rollback revision contains the same template as current deployment "${d.metadata?.name ?? ''}"`,
    );
    await updateAndClearRollbackTo(env, d);
    return;
  }
  // The template without the pod-template-hash label, as the deployment had it.
  const template = deepCopy(target.spec?.template ?? {});
  if (template.metadata?.labels !== undefined) delete template.metadata.labels['pod-template-hash'];
  d.spec = { ...(d.spec ?? { selector: {}, template: {} }), template };
  setDeploymentAnnotationsTo(d, target);
  await updateAndClearRollbackTo(env, d);
  deploymentEvent(
    env,
    d,
    'Normal',
    ROLLBACK_DONE,
    `Rolled back deployment "${d.metadata?.name ?? ''}" to revision ${revision}`,
  );
}
