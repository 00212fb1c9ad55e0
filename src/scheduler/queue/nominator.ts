// Nominated pods (upstream nominator): pods that preemption nominated to a node, which later
// scheduling cycles must account for on that node until they are bound or deleted.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodInfo, PodNominator } from '../framework/types.js';

function uidOf(pod: Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** nominatedNodeName bookkeeping. */
export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /**
   * Records `pi` as nominated to `nodeName` (defaults to its status.nominatedNodeName); a pod
   * already bound (spec.nodeName) or without a nomination is only removed.
   */
  addNominatedPod(pi: PodInfo, nodeName?: string): void {
    this.deleteNominatedPodIfExists(pi.pod);
    const node = nodeName ?? pi.pod.status?.nominatedNodeName ?? '';
    if (node === '' || (pi.pod.spec?.nodeName ?? '') !== '') return;
    this.nodeOf.set(uidOf(pi.pod), node);
    let l = this.byNode.get(node);
    if (l === undefined) {
      l = [];
      this.byNode.set(node, l);
    }
    l.push(pi);
  }

  /** Forgets the pod's nomination. */
  deleteNominatedPodIfExists(pod: Pod): void {
    const uid = uidOf(pod);
    const node = this.nodeOf.get(uid);
    if (node === undefined) return;
    this.nodeOf.delete(uid);
    const l = this.byNode.get(node);
    if (l === undefined) return;
    const i = l.findIndex((p) => uidOf(p.pod) === uid);
    if (i >= 0) l.splice(i, 1);
    if (l.length === 0) this.byNode.delete(node);
  }

  /** Keeps a nomination across pod updates (upstream UpdateNominatedPod). */
  updateNominatedPod(oldPod: Pod, newPi: PodInfo): void {
    const prev = this.nodeOf.get(uidOf(oldPod));
    const oldNnn = oldPod.status?.nominatedNodeName ?? '';
    const newNnn = newPi.pod.status?.nominatedNodeName ?? '';
    // A nomination made in memory survives an update that carries none yet.
    const next = newNnn !== '' ? newNnn : oldNnn === '' ? prev : undefined;
    this.deleteNominatedPodIfExists(oldPod);
    if (next !== undefined) this.addNominatedPod(newPi, next);
  }

  /** The node a pod is nominated to, if any. */
  nominatedNodeOf(pod: Pod): string | undefined {
    return this.nodeOf.get(uidOf(pod));
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.byNode.get(nodeName) ?? [];
  }
}
