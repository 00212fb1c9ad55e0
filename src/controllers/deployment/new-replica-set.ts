// Finding or creating the deployment's new replica set and keeping revisions in step
// (upstream's getAllReplicaSetsAndSyncRevision and getNewReplicaSet).
import { isAlreadyExists } from '../../apimachinery/errors/index.js';
import { deepCopy } from '../../apimachinery/meta/index.js';
import {
  getControllerOf,
  hasStatusCause,
  NAMESPACE_TERMINATING_CAUSE,
  newControllerRef,
} from '../util/index.js';
import {
  DEPLOYMENT_CONTROLLER_NAME,
  DEPLOYMENT_KIND,
  deploymentEvent,
  SCALING_REPLICA_SET_REASON,
  type SyncEnv,
  updateDeploymentStatus,
} from './env.js';
import {
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  DEPLOYMENT_PROGRESSING,
  type Deployment,
  equalIgnoreHash,
  FAILED_RS_CREATE_REASON,
  FOUND_NEW_RS_REASON,
  findNewReplicaSet,
  findOldReplicaSets,
  getDeploymentCondition,
  hasProgressDeadline,
  maxRevision,
  maxSurge,
  NEW_REPLICA_SET_REASON,
  newDeploymentCondition,
  newRSNewReplicas,
  podTemplateHash,
  REVISION_ANNOTATION,
  type ReplicaSet,
  setDeploymentCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
} from './util/index.js';

/** The new replica set (undefined when none exists and none was to be created) and all old ones. */
export interface ReplicaSetsOfDeployment {
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

/**
 * Splits the deployment's replica sets into the new one and the old ones, bringing the new one's
 * revision to one above the old ones' and copying it to the deployment; creates the new replica
 * set when `createIfNotExisted`. May write the replica set and the deployment's status; mutates
 * `d` (annotations, status conditions, collisionCount) and puts a replica set it rewrote into
 * `rsList` in place of the cached copy.
 */
export async function getAllReplicaSetsAndSyncRevision(
  env: SyncEnv,
  d: Deployment,
  rsList: ReplicaSet[],
  createIfNotExisted: boolean,
): Promise<ReplicaSetsOfDeployment> {
  const { all } = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(env, d, rsList, all, createIfNotExisted);
  return { newRS, oldRSs: all };
}

function progressingTrue(env: SyncEnv, d: Deployment, reason: string, msg: string): void {
  d.status ??= {};
  setDeploymentCondition(
    d.status,
    newDeploymentCondition(DEPLOYMENT_PROGRESSING, 'True', reason, msg, env.clock.now()),
  );
}

async function syncExistingNewReplicaSet(
  env: SyncEnv,
  d: Deployment,
  existing: ReplicaSet,
  newRevision: string,
): Promise<ReplicaSet> {
  const rsCopy = deepCopy(existing);
  const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true, maxSurge(d));
  const minReady = d.spec?.minReadySeconds ?? 0;
  const minReadyNeedsUpdate = (rsCopy.spec?.minReadySeconds ?? 0) !== minReady;
  if (annotationsUpdated || minReadyNeedsUpdate) {
    rsCopy.spec ??= { selector: {} };
    rsCopy.spec.minReadySeconds = minReady;
    return env.replicaSets.update(rsCopy);
  }
  // The revision the replica set carries was settled when it became the new one.
  let needsUpdate = setDeploymentRevision(d, rsCopy.metadata?.annotations?.[REVISION_ANNOTATION] ?? '');
  // A deployment that had no Progressing condition starts its deadline from now.
  if (hasProgressDeadline(d) && getDeploymentCondition(d.status, DEPLOYMENT_PROGRESSING) === undefined) {
    progressingTrue(env, d, FOUND_NEW_RS_REASON, `Found new replica set "${rsCopy.metadata?.name ?? ''}"`);
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(env, d);
  return rsCopy;
}

function newReplicaSetFor(d: Deployment): ReplicaSet {
  const template = deepCopy(d.spec?.template ?? {});
  const hash = podTemplateHashOf(d);
  template.metadata ??= {};
  template.metadata.labels = {
    ...(d.spec?.template?.metadata?.labels ?? {}),
    [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash,
  };
  const selector = deepCopy(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash };
  const name = `${d.metadata?.name ?? ''}-${hash}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata?.namespace ?? '',
      ownerReferences: [newControllerRef(d, DEPLOYMENT_KIND)],
      labels: { ...template.metadata.labels },
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
}

function podTemplateHashOf(d: Deployment): string {
  return podTemplateHash(d.spec?.template, d.status?.collisionCount ?? undefined);
}

/**
 * The deployment's new replica set (upstream's getNewReplicaSet). An existing one gets its
 * annotations and minReadySeconds synced; otherwise, when `createIfNotExisted`, one named
 * `<deployment>-<pod-template-hash>` is created at the size the strategy allows. A name taken by
 * a replica set with another template is a hash collision: collisionCount is raised and the
 * AlreadyExists error returned so the sync is retried under a new name.
 */
export async function getNewReplicaSet(
  env: SyncEnv,
  d: Deployment,
  rsList: ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  createIfNotExisted: boolean,
): Promise<ReplicaSet | undefined> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  if (existing !== undefined) {
    const synced = await syncExistingNewReplicaSet(env, d, existing, newRevision);
    // Later steps of this sync see the replica set as written, not the cached copy.
    const i = rsList.indexOf(existing);
    if (i >= 0 && synced !== existing) rsList[i] = synced;
    return synced;
  }
  if (!createIfNotExisted) return undefined;

  const newRS = newReplicaSetFor(d);
  const newReplicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec = { ...(newRS.spec ?? { selector: {} }), replicas: newReplicas };
  setNewReplicaSetAnnotations(d, newRS, newRevision, false, maxSurge(d));
  const name = newRS.metadata?.name ?? '';
  const namespace = d.metadata?.namespace ?? '';

  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = await env.replicaSets.create(namespace, newRS);
  } catch (err) {
    if (isAlreadyExists(err)) {
      const found = env.rsLister.get(namespace, name);
      if (found === undefined) throw err;
      const ref = getControllerOf(found);
      if (
        ref === undefined ||
        ref.uid !== d.metadata?.uid ||
        !equalIgnoreHash(d.spec?.template, found.spec?.template)
      ) {
        // A hash collision: another template owns the name. Retry under the next collision count.
        d.status ??= {};
        const before = d.status.collisionCount ?? 0;
        d.status.collisionCount = before + 1;
        try {
          await updateDeploymentStatus(env, d);
          env.log.info(
            2,
            DEPLOYMENT_CONTROLLER_NAME,
            'Found a hash collision for deployment - bumping collisionCount to resolve it',
            {
              deployment: `${namespace}/${d.metadata?.name ?? ''}`,
              oldCollisionCount: before,
              newCollisionCount: before + 1,
            },
          );
        } catch {
          // The AlreadyExists error below requeues the deployment either way.
        }
        throw err;
      }
      created = found;
      alreadyExists = true;
    } else if (hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) {
      throw err;
    } else {
      const msg = `Failed to create new replica set "${name}": ${err instanceof Error ? err.message : String(err)}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setDeploymentCondition(
          d.status,
          newDeploymentCondition(
            DEPLOYMENT_PROGRESSING,
            'False',
            FAILED_RS_CREATE_REASON,
            msg,
            env.clock.now(),
          ),
        );
        await updateDeploymentStatus(env, d).catch(() => undefined);
      }
      deploymentEvent(env, d, 'Warning', FAILED_RS_CREATE_REASON, msg);
      throw err;
    }
  }
  const createdName = created.metadata?.name ?? name;
  if (!alreadyExists && newReplicas > 0) {
    deploymentEvent(
      env,
      d,
      'Normal',
      SCALING_REPLICA_SET_REASON,
      `Scaled up replica set ${createdName} from 0 to ${newReplicas}`,
    );
  }
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    progressingTrue(env, d, NEW_REPLICA_SET_REASON, `Created new replica set "${createdName}"`);
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(env, d);
  return created;
}
