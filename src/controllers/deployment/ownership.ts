// Which replica sets and pods belong to a deployment: adoption of matching orphan replica sets,
// release of owned ones that stopped matching, and pods grouped by their replica set.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { labelSelectorAsSelector, type Selector } from '../../apimachinery/labels/index.js';
import type { Lister } from '../../client/informers/types.js';
import type { ResourceClient } from '../../client/types.js';
import { canAdoptFor, ControllerRefManager, getControllerOf } from '../util/index.js';
import { DEPLOYMENT_KIND } from './env.js';
import type { Deployment, ReplicaSet } from './util/index.js';

function selectorOf(d: Deployment): Selector | undefined {
  try {
    return labelSelectorAsSelector(d.spec?.selector);
  } catch {
    return undefined;
  }
}

/** Replica sets in the cache that match the deployment's selector and name it as controller. Pure. */
export function ownedReplicaSets(rsLister: Lister<ReplicaSet>, d: Deployment): ReplicaSet[] {
  const sel = selectorOf(d);
  if (sel === undefined) return [];
  return rsLister
    .listNamespace(d.metadata?.namespace ?? '', sel)
    .filter((rs) => getControllerOf(rs)?.uid === d.metadata?.uid);
}

/**
 * The pods matching the deployment's selector, grouped by the uid of the replica set of `rsList`
 * that controls them (every replica set present, possibly with no pods; inactive pods included,
 * since Recreate waits until no old pod runs). Undefined for an invalid selector. Pure.
 */
export function podMapFor(
  podLister: Lister<Pod>,
  d: Deployment,
  rsList: readonly ReplicaSet[],
): Map<string, Pod[]> | undefined {
  const sel = selectorOf(d);
  if (sel === undefined) return undefined;
  const map = new Map<string, Pod[]>();
  for (const rs of rsList) map.set(rs.metadata?.uid ?? '', []);
  for (const pod of podLister.listNamespace(d.metadata?.namespace ?? '', sel)) {
    const ref = getControllerOf(pod);
    if (ref === undefined) continue;
    map.get(ref.uid)?.push(pod);
  }
  return map;
}

/**
 * The replica sets the deployment owns once matching orphans are adopted and owned ones that no
 * longer match are released (strategic merge patches; a fresh read of the deployment guards the
 * first adoption). Adopted replica sets come back as written. Rejects for an invalid selector or
 * when an adoption or release failed.
 */
export async function claimReplicaSets(
  deployments: ResourceClient<Deployment>,
  replicaSets: ResourceClient<ReplicaSet>,
  rsLister: Lister<ReplicaSet>,
  d: Deployment,
): Promise<ReplicaSet[]> {
  const namespace = d.metadata?.namespace ?? '';
  const name = d.metadata?.name ?? '';
  let selector: Selector;
  try {
    selector = labelSelectorAsSelector(d.spec?.selector);
  } catch (e) {
    throw new Error(
      `deployment ${namespace}/${name} has invalid label selector: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const written = new Map<string, ReplicaSet>();
  const manager = new ControllerRefManager<ReplicaSet>({
    owner: d,
    ownerKind: DEPLOYMENT_KIND,
    selector,
    childKind: 'ReplicaSet',
    patch: async (ns, n, body) => {
      const patched = await replicaSets.patch(ns, n, 'strategic', body);
      if (patched.metadata?.uid !== undefined) written.set(patched.metadata.uid, patched);
      return patched;
    },
    canAdopt: canAdoptFor(deployments, d, 'Deployment'),
  });
  // All replica sets of the namespace: owned ones that stopped matching are released.
  const claimed = await manager.claim(rsLister.listNamespace(namespace));
  return claimed.map((rs) => written.get(rs.metadata?.uid ?? '') ?? rs);
}
