// What the main DaemonSet sync wants on each node: a pod where one should run and none is, failed
// and finished pods removed (failed ones at a backed-off pace), extra pods pruned, and every pod
// removed from nodes the set may no longer run on. Also the status counts over all nodes.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import { isPodAvailable, isPodReady, isPodTerminal } from '../util/index.js';
import type { Backoff } from './backoff.js';
import {
  comparePodsByAge,
  DAEMONSET_HASH_LABEL,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  targetNodeName,
  templateGeneration,
} from './daemon-pods.js';
import { allowsSurge } from './rolling-update.js';

/**
 * The DaemonSet's pods by the node they target; terminal pods being deleted are left out unless
 * `includeDeletedTerminal`. Pods targeting no node are left out. Pure.
 */
export function nodeToDaemonPods(pods: readonly Pod[], includeDeletedTerminal = false): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const pod of pods) {
    if (!includeDeletedTerminal && isPodTerminal(pod) && pod.metadata?.deletionTimestamp != null) continue;
    const node = targetNodeName(pod);
    if (node === undefined) continue;
    const list = out.get(node) ?? [];
    list.push(pod);
    out.set(node, list);
  }
  return out;
}

/** Whether a node update changed nothing but heartbeats (then no DaemonSet needs a look). Pure. */
export function nodeUpdateIrrelevant(old: Node, cur: Node): boolean {
  const conds = (n: Node) => (n.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status }));
  if (!deepEqual(conds(old), conds(cur))) return false;
  const strip = (n: Node) => ({
    ...n,
    metadata: { ...n.metadata, resourceVersion: '' },
    status: { ...n.status, conditions: [] },
  });
  return deepEqual(strip(old), strip(cur));
}

/** What podsShouldBeOnNode needs besides the node and its pods. */
export interface NodePodsContext {
  readonly ds: DaemonSet;
  readonly hash: string;
  readonly now: number;
  /** Per-node backoff of failed-pod deletion (advanced when a failed pod is deleted). */
  readonly backoff: Backoff;
  /** Asks for another sync after `ms` (a failed pod still in backoff). */
  requeueAfter(ms: number): void;
  /** Reports a failed daemon pod about to be deleted (an event upstream). */
  failedPod(pod: Pod, nodeName: string): void;
}

/**
 * The node's part of the main sync (upstream's podsShouldBeOnNode): `create` holds the node's
 * name when it needs a pod, `remove` the names of its pods to delete.
 */
export function podsShouldBeOnNode(
  node: Node,
  byNode: ReadonlyMap<string, readonly Pod[]>,
  c: NodePodsContext,
): { create: string[]; remove: string[] } {
  const { ds } = c;
  const nodeName = node.metadata?.name ?? '';
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  const daemonPods = byNode.get(nodeName);
  const remove: string[] = [];
  if (shouldRun && daemonPods === undefined) return { create: [nodeName], remove };
  if (!shouldContinueRunning) {
    for (const pod of daemonPods ?? [])
      if (pod.metadata?.deletionTimestamp == null) remove.push(pod.metadata?.name ?? '');
    return { create: [], remove };
  }
  const running: Pod[] = [];
  for (const pod of daemonPods ?? []) {
    if (pod.metadata?.deletionTimestamp != null) continue;
    const phase = pod.status?.phase;
    if (phase === 'Failed') {
      // Kubelets may reject daemon pods over and over: delete them at a backed-off pace.
      const key = `${ds.metadata?.uid ?? ''}/${nodeName}`;
      if (c.backoff.isInBackOffSinceUpdate(key)) {
        c.requeueAfter(c.backoff.get(key));
        continue;
      }
      c.backoff.next(key);
      c.failedPod(pod, nodeName);
      remove.push(pod.metadata?.name ?? '');
    } else if (phase === 'Succeeded') {
      remove.push(pod.metadata?.name ?? '');
    } else {
      running.push(pod);
    }
  }
  if (running.length <= 1) return { create: [], remove };
  running.sort(comparePodsByAge);
  if (!allowsSurge(ds)) {
    for (const p of running.slice(1)) remove.push(p.metadata?.name ?? '');
    return { create: [], remove };
  }
  // With surge, keep the oldest new pod and the oldest old pod, the old one only while it is ready
  // and the new one is not yet available.
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const p of running) {
    const isNew = p.metadata?.labels?.[DAEMONSET_HASH_LABEL] === c.hash;
    if (isNew && oldestNew === undefined) oldestNew = p;
    else if (!isNew && oldestOld === undefined) oldestOld = p;
    else remove.push(p.metadata?.name ?? '');
  }
  if (oldestNew !== undefined && oldestOld !== undefined) {
    if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, c.now)) {
      remove.push(oldestOld.metadata?.name ?? '');
    }
  }
  return { create: [], remove };
}

/** The counts of a DaemonSet's status. */
export interface DaemonSetCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

/**
 * Counts nodes that should run a pod (desired), have one (current; its oldest pod decides ready,
 * available and updated) and nodes that have one but should not (misscheduled). Pure.
 */
export function countDaemonPods(
  ds: DaemonSet,
  nodes: readonly Node[],
  byNode: ReadonlyMap<string, readonly Pod[]>,
  hash: string,
  now: number,
): DaemonSetCounts {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const generation = templateGeneration(ds);
  const c: DaemonSetCounts = {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
  };
  for (const node of nodes) {
    const list = byNode.get(node.metadata?.name ?? '') ?? [];
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (list.length > 0) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    const pod = [...list].sort(comparePodsByAge)[0];
    if (pod === undefined) continue;
    c.currentNumberScheduled++;
    if (isPodReady(pod)) {
      c.numberReady++;
      if (isPodAvailable(pod, minReady, now)) c.numberAvailable++;
    }
    if (isPodUpdated(pod, hash, generation)) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}
