// The RollingUpdate strategy of DaemonSets as a pure decision: given the daemon pods per node,
// which old pods to delete and on which nodes to start new pods now.
//
// Without surge (maxSurge 0): delete old pods, highest priority to those already unavailable, so
// that at most maxUnavailable nodes lack an available pod; the main sync recreates them.
// With surge: start a new pod beside an old one on up to maxSurge nodes (at once where the old pod
// is unavailable), and delete the old pod once the new one is available.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { getScaledValueFromIntOrPercent } from '../../apimachinery/intstr/index.js';
import { isPodAvailable } from '../util/index.js';
import { isPodUpdated, nodeShouldRunDaemonPod, templateGeneration } from './daemon-pods.js';

/** What the rolling update wants done. */
export interface RollingUpdatePlan {
  /** Names of pods to delete. */
  readonly podsToDelete: string[];
  /** Nodes to create a new pod on. */
  readonly nodesToCreate: string[];
}

/** maxUnavailable scaled to `desired` (rounded up); 0 unless the strategy is RollingUpdate. */
export function unavailableCount(ds: DaemonSet, desired: number): number {
  const s = ds.spec?.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate' || s?.rollingUpdate === undefined) return 0;
  return getScaledValueFromIntOrPercent(s.rollingUpdate.maxUnavailable ?? 1, desired, true);
}

/** maxSurge scaled to `desired` (rounded up); 0 unless set under RollingUpdate. */
export function surgeCount(ds: DaemonSet, desired: number): number {
  const s = ds.spec?.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate' || s?.rollingUpdate?.maxSurge === undefined) return 0;
  return getScaledValueFromIntOrPercent(s.rollingUpdate.maxSurge, desired, true);
}

/** Whether the DaemonSet surges during updates (maxSurge > 0). */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

/**
 * The one new and one old pod of a node (pods being deleted ignored), or `ok: false` when there
 * are more of either (the main sync prunes those first).
 */
export function findUpdatedPodsOnNode(
  ds: DaemonSet,
  pods: readonly Pod[],
  hash: string,
): { ok: boolean; newPod?: Pod; oldPod?: Pod } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  const generation = templateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp != null) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod !== undefined) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod !== undefined) return { ok: false };
      oldPod = pod;
    }
  }
  return { ok: true, ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}) };
}

/**
 * Plans one step of the rolling update. `nodeToPods` maps node names to their daemon pods; nodes
 * that should run a pod but have none are added to it (mutated). `now` is ms since the epoch.
 */
export function planRollingUpdate(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToPods: Map<string, Pod[]>,
  hash: string,
  now: number,
): RollingUpdatePlan {
  let desired = 0;
  const nodesByName = new Map<string, Node>();
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    nodesByName.set(name, node);
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    if (!nodeToPods.has(name)) nodeToPods.set(name, []);
  }
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  // A DaemonSet allowing neither would never progress: accept one unavailable node.
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod) => isPodAvailable(p, minReady, now);
  const entries = [...nodeToPods.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replace: string[] = [];
    const candidates: string[] = [];
    for (const [, pods] of entries) {
      const { ok, newPod, oldPod } = findUpdatedPodsOnNode(ds, pods, hash);
      if (!ok || (oldPod === undefined) === (newPod === undefined)) {
        numUnavailable++;
        continue;
      }
      if (newPod !== undefined) {
        if (!available(newPod)) numUnavailable++;
        continue;
      }
      const old = oldPod as Pod;
      if (!available(old)) replace.push(old.metadata?.name ?? '');
      else if (numUnavailable < maxUnavailable) candidates.push(old.metadata?.name ?? '');
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...replace, ...candidates.slice(0, remaining)], nodesToCreate: [] };
  }

  const podsToDelete: string[] = [];
  const shouldNotRun: string[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const [nodeName, pods] of entries) {
    const { ok, newPod, oldPod } = findUpdatedPodsOnNode(ds, pods, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod !== undefined) {
      if (available(oldPod)) numAvailable++;
    } else if (newPod !== undefined && available(newPod)) numAvailable++;
    if (oldPod === undefined) continue;
    const node = nodesByName.get(nodeName);
    const shouldRun = node !== undefined && nodeShouldRunDaemonPod(node, ds).shouldRun;
    if (newPod === undefined) {
      if (!available(oldPod)) {
        if (!shouldRun) podsToDelete.push(oldPod.metadata?.name ?? '');
        else allowedNodes.push(nodeName);
      } else if (!shouldRun) {
        shouldNotRun.push(oldPod.metadata?.name ?? '');
      } else if (numSurge < maxSurge) {
        candidateNodes.push(nodeName);
      }
      continue;
    }
    if (!available(newPod)) {
      numSurge++;
      continue;
    }
    podsToDelete.push(oldPod.metadata?.name ?? '');
  }
  // Pods on nodes that no longer fit go only as other nodes' pods become available.
  const deletable = Math.min(numAvailable - desired, shouldNotRun.length);
  if (deletable > 0) podsToDelete.push(...shouldNotRun.slice(0, deletable));
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidateNodes.length);
  return { podsToDelete, nodesToCreate: [...allowedNodes, ...candidateNodes.slice(0, remaining)] };
}
