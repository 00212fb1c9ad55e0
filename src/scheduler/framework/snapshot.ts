// Snapshot: the consistent view of nodes a scheduling cycle reads (upstream cache.Snapshot).
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { type ImageStateSummary, type NodeInfoImpl, newNodeInfo } from './node-info.js';
import type { NodeInfo, NodeInfoLister, SharedLister } from './types.js';

/** Node infos by name plus the lists plugins iterate (all, with affinity, with required anti-affinity). */
export class Snapshot implements SharedLister, NodeInfoLister {
  /** Node infos by name. */
  readonly nodeInfoMap = new Map<string, NodeInfoImpl>();
  /** Nodes in the order the scheduler visits them (zone round-robin when built by the cache). */
  nodeInfoList: NodeInfoImpl[] = [];
  withAffinityList: NodeInfoImpl[] = [];
  withRequiredAntiAffinityList: NodeInfoImpl[] = [];
  /** The cache generation this snapshot reflects (0: none yet). */
  generation = 0;
  /** The version of the cache's node tree the lists were built from (-1: none). */
  treeVersion = -1;

  get nodeInfos(): NodeInfoLister {
    return this;
  }

  list(): readonly NodeInfo[] {
    return this.nodeInfoList;
  }

  get(name: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(name);
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.withAffinityList;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.withRequiredAntiAffinityList;
  }

  /** Rebuilds the three lists from `order` (names present in nodeInfoMap with a Node). */
  rebuildLists(order: readonly string[]): void {
    const all: NodeInfoImpl[] = [];
    const aff: NodeInfoImpl[] = [];
    const anti: NodeInfoImpl[] = [];
    for (const name of order) {
      const ni = this.nodeInfoMap.get(name);
      if (ni === undefined || !ni.hasNode) continue;
      all.push(ni);
      if (ni.podsWithAffinity.length > 0) aff.push(ni);
      if (ni.podsWithRequiredAntiAffinity.length > 0) anti.push(ni);
    }
    this.nodeInfoList = all;
    this.withAffinityList = aff;
    this.withRequiredAntiAffinityList = anti;
  }
}

/** Image name → summary with numNodes counted across `nodes`. */
export function imageStatesOf(nodes: readonly Node[]): Map<string, Map<string, ImageStateSummary>> {
  const count = new Map<string, { size: number; nodes: Set<string> }>();
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    for (const img of n.status?.images ?? []) {
      for (const iname of img.names ?? []) {
        let e = count.get(iname);
        if (e === undefined) {
          e = { size: img.sizeBytes ?? 0, nodes: new Set() };
          count.set(iname, e);
        }
        e.nodes.add(name);
      }
    }
  }
  const out = new Map<string, Map<string, ImageStateSummary>>();
  for (const n of nodes) {
    const m = new Map<string, ImageStateSummary>();
    for (const img of n.status?.images ?? []) {
      for (const iname of img.names ?? []) {
        const e = count.get(iname);
        if (e !== undefined) m.set(iname, { size: e.size, numNodes: e.nodes.size });
      }
    }
    out.set(n.metadata?.name ?? '', m);
  }
  return out;
}

/** Test helper (upstream NewSnapshot): node infos for `nodes` with the pods bound to them. */
export function newSnapshot(pods: readonly Pod[], nodes: readonly Node[]): Snapshot {
  const s = new Snapshot();
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (n === undefined || n === '') continue;
    let l = byNode.get(n);
    if (l === undefined) {
      l = [];
      byNode.set(n, l);
    }
    l.push(p);
  }
  const images = imageStatesOf(nodes);
  const order: string[] = [];
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    const ni = newNodeInfo(node, byNode.get(name) ?? []);
    ni.imageStates = images.get(name) ?? new Map();
    s.nodeInfoMap.set(name, ni);
    order.push(name);
  }
  s.rebuildLists(order);
  return s;
}
