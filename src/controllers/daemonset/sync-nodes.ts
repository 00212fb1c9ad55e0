// Pod writes of one DaemonSet sync: deletions and pinned creations under expectations.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { deepCopy } from '../../apimachinery/meta/index.js';
import { objectKey } from '../../client/informers/keys.js';
import {
  aggregateErrors,
  type ControllerExpectations,
  type ControllerKind,
  hasStatusCause,
  NAMESPACE_TERMINATING_CAUSE,
  newControllerRef,
  type PodControl,
  SLOW_START_INITIAL_BATCH_SIZE,
} from '../util/index.js';
import { daemonPodTemplate, replaceNodeNameAffinity } from './daemon-pods.js';

/** Most pods created or deleted for one DaemonSet in one sync (upstream's BurstReplicas). */
export const BURST_REPLICAS = 250;

/** What syncNodes writes with. */
export interface SyncNodesDeps {
  readonly podControl: PodControl;
  readonly expectations: ControllerExpectations;
  readonly kind: ControllerKind;
}

/**
 * Deletes `podsToDelete` and creates one pod on each of `nodesToCreate` (at most BURST_REPLICAS
 * of each), creations in slow-start batches, with expectations set first so that the informer's
 * echoes are awaited before the next sync acts. Rejects with the aggregate of the failures.
 */
export async function syncNodes(
  deps: SyncNodesDeps,
  ds: DaemonSet,
  podsToDelete: readonly string[],
  nodesToCreate: readonly string[],
  hash: string,
) {
  const key = objectKey(ds);
  const namespace = ds.metadata?.namespace ?? '';
  const creates = nodesToCreate.slice(0, BURST_REPLICAS);
  const deletes = podsToDelete.slice(0, BURST_REPLICAS);
  deps.expectations.setExpectations(key, creates.length, deletes.length);
  const errors: unknown[] = [];
  const template = daemonPodTemplate(ds, hash);
  const ref = newControllerRef(ds, deps.kind);

  let next = 0;
  let pending = creates.length;
  for (
    let size = Math.min(pending, SLOW_START_INITIAL_BATCH_SIZE);
    size > 0;
    size = Math.min(2 * size, pending)
  ) {
    const batch = creates.slice(next, next + size);
    next += size;
    const results = await Promise.allSettled(
      batch.map(async (nodeName) => {
        const t = deepCopy(template);
        t.spec = { ...t.spec!, affinity: replaceNodeNameAffinity(t.spec?.affinity, nodeName) };
        try {
          await deps.podControl.createPods(namespace, t, ds, ref);
        } catch (e) {
          // A terminating namespace refuses every pod; later creations would fail alike.
          if (hasStatusCause(e, NAMESPACE_TERMINATING_CAUSE)) return;
          deps.expectations.creationObserved(key);
          throw e;
        }
      }),
    );
    pending -= size;
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    errors.push(...failed.map((r) => r.reason));
    if (failed.length > 0) {
      // The creations never attempted will not be observed either.
      if (pending > 0) deps.expectations.lowerExpectations(key, pending, 0);
      break;
    }
  }

  const results = await Promise.allSettled(
    deletes.map(async (name) => {
      try {
        await deps.podControl.deletePod(namespace, name, ds);
      } catch (e) {
        deps.expectations.deletionObserved(key);
        if (!isNotFound(e)) throw e;
      }
    }),
  );
  for (const r of results) if (r.status === 'rejected') errors.push(r.reason);
  const err = aggregateErrors(errors);
  if (err !== undefined) throw err;
}
