// NodeInfo: a node with the pods on it (bound and assumed) and what they use (upstream
// framework.NodeInfo). Every change bumps `generation` from one process-wide counter so that
// snapshots can copy only the nodes that changed.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { hasAffinity, hasRequiredAntiAffinity, newPodInfo } from './pod-info.js';
import {
  addResource,
  allocatableOf,
  cloneResource,
  emptyResource,
  nonZeroRequests,
  podRequests,
  subResource,
} from './resource.js';
import type { HostPortInfo, NodeInfo, PodInfo, Resource } from './types.js';

let generationCounter = 0;

/** The next value of the process-wide generation counter. */
export function nextGeneration(): number {
  generationCounter += 1;
  return generationCounter;
}

/** An image's size and on how many nodes it is present. */
export interface ImageStateSummary {
  readonly size: number;
  readonly numNodes: number;
}

/** What a pod contributes to a node, computed once when it is added. */
interface PodCharge {
  readonly requested: Resource;
  readonly nonZero: Resource;
}

function placeholderNode(name: string): Node {
  return { metadata: { name } };
}

function podUid(pod: Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** The PVC keys (`namespace/claim`) a pod uses, generic ephemeral volumes included. */
export function podPVCKeys(pod: Pod): string[] {
  const ns = pod.metadata?.namespace ?? '';
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim !== undefined) out.push(`${ns}/${v.persistentVolumeClaim.claimName}`);
    else if (v.ephemeral !== undefined) out.push(`${ns}/${pod.metadata?.name ?? ''}-${v.name}`);
  }
  return out;
}

/** The host ports a pod's containers ask for (ip defaults to 0.0.0.0, protocol to TCP). */
export function podHostPorts(pod: Pod): HostPortInfo[] {
  const out: HostPortInfo[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.hostPort === undefined || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

/** The mutable NodeInfo the cache keeps; plugins see it through the read-only interface. */
export class NodeInfoImpl implements NodeInfo {
  node: Node;
  /** False while only pods (no Node object) are known for this name. */
  hasNode: boolean;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts: HostPortInfo[] = [];
  requested: Resource = emptyResource();
  nonZeroRequested: Resource = emptyResource();
  allocatable: Resource = emptyResource();
  imageStates: Map<string, ImageStateSummary> = new Map();
  pvcRefCounts: Map<string, number> = new Map();
  generation: number;
  private readonly charges = new Map<string, PodCharge>();

  constructor(node: Node | undefined, name?: string) {
    this.node = node ?? placeholderNode(name ?? '');
    this.hasNode = node !== undefined;
    if (node !== undefined) this.allocatable = allocatableOf(node);
    this.generation = nextGeneration();
  }

  get name(): string {
    return this.node.metadata?.name ?? '';
  }

  /** Sets (or replaces) the Node object. */
  setNode(node: Node): void {
    this.node = node;
    this.hasNode = true;
    this.allocatable = allocatableOf(node);
    this.generation = nextGeneration();
  }

  /** Forgets the Node object, keeping its pods (they may still be deleted later). */
  removeNode(): void {
    this.node = placeholderNode(this.name);
    this.hasNode = false;
    this.allocatable = emptyResource();
    this.generation = nextGeneration();
  }

  /** Adds a pod (a Pod is wrapped with newPodInfo). */
  addPod(pod: Pod | PodInfo): void {
    const pi = 'pod' in pod && 'requiredAffinityTerms' in pod ? pod : newPodInfo(pod as Pod);
    const charge: PodCharge = { requested: podRequests(pi.pod), nonZero: nonZeroRequests(pi.pod) };
    this.charges.set(podUid(pi.pod), charge);
    this.pods.push(pi);
    if (hasAffinity(pi)) this.podsWithAffinity.push(pi);
    if (hasRequiredAntiAffinity(pi)) this.podsWithRequiredAntiAffinity.push(pi);
    addResource(this.requested, charge.requested);
    addResource(this.nonZeroRequested, charge.nonZero);
    for (const p of podHostPorts(pi.pod)) this.usedPorts.push(p);
    for (const k of podPVCKeys(pi.pod)) this.pvcRefCounts.set(k, (this.pvcRefCounts.get(k) ?? 0) + 1);
    this.generation = nextGeneration();
  }

  /** Removes the pod with `pod`'s UID; false when it is not on this node. */
  removePod(pod: Pod): boolean {
    const uid = podUid(pod);
    const idx = this.pods.findIndex((p) => podUid(p.pod) === uid);
    if (idx < 0) return false;
    const pi = this.pods[idx] as PodInfo;
    this.pods.splice(idx, 1);
    removeByUid(this.podsWithAffinity, uid);
    removeByUid(this.podsWithRequiredAntiAffinity, uid);
    const charge = this.charges.get(uid) ?? {
      requested: podRequests(pi.pod),
      nonZero: nonZeroRequests(pi.pod),
    };
    this.charges.delete(uid);
    subResource(this.requested, charge.requested);
    subResource(this.nonZeroRequested, charge.nonZero);
    for (const p of podHostPorts(pi.pod)) {
      const i = this.usedPorts.findIndex(
        (u) => u.ip === p.ip && u.protocol === p.protocol && u.port === p.port,
      );
      if (i >= 0) this.usedPorts.splice(i, 1);
    }
    for (const k of podPVCKeys(pi.pod)) {
      const n = (this.pvcRefCounts.get(k) ?? 0) - 1;
      if (n <= 0) this.pvcRefCounts.delete(k);
      else this.pvcRefCounts.set(k, n);
    }
    this.generation = nextGeneration();
    return true;
  }

  /** Overwrites this NodeInfo with a copy of `other` (keeps object identity for snapshot lists). */
  copyFrom(other: NodeInfoImpl): void {
    const c = other.clone();
    this.node = c.node;
    this.hasNode = c.hasNode;
    this.pods = c.pods;
    this.podsWithAffinity = c.podsWithAffinity;
    this.podsWithRequiredAntiAffinity = c.podsWithRequiredAntiAffinity;
    this.usedPorts = c.usedPorts;
    this.requested = c.requested;
    this.nonZeroRequested = c.nonZeroRequested;
    this.allocatable = c.allocatable;
    this.imageStates = c.imageStates;
    this.pvcRefCounts = c.pvcRefCounts;
    this.charges.clear();
    for (const [k, v] of c.charges) this.charges.set(k, v);
    this.generation = c.generation;
  }

  /** A copy sharing PodInfos (immutable) but not lists, maps or resources. */
  clone(): NodeInfoImpl {
    const c = new NodeInfoImpl(this.hasNode ? this.node : undefined, this.name);
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    c.usedPorts = [...this.usedPorts];
    c.requested = cloneResource(this.requested);
    c.nonZeroRequested = cloneResource(this.nonZeroRequested);
    c.allocatable = cloneResource(this.allocatable);
    c.imageStates = new Map(this.imageStates);
    c.pvcRefCounts = new Map(this.pvcRefCounts);
    for (const [k, v] of this.charges) c.charges.set(k, v);
    c.generation = this.generation;
    return c;
  }
}

function removeByUid(list: PodInfo[], uid: string): void {
  const i = list.findIndex((p) => podUid(p.pod) === uid);
  if (i >= 0) list.splice(i, 1);
}

/** A NodeInfo for `node` holding `pods` (image states: this node's images, numNodes 1). */
export function newNodeInfo(node: Node | undefined, pods: readonly Pod[] = []): NodeInfoImpl {
  const ni = new NodeInfoImpl(node);
  for (const p of pods) ni.addPod(p);
  if (node !== undefined) {
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) ni.imageStates.set(n, { size: img.sizeBytes ?? 0, numNodes: 1 });
    }
  }
  return ni;
}

/** Test helper: a NodeInfo from a node and the pods among `pods` bound to it (spec.nodeName). */
export function nodeInfoFrom(node: Node, pods: readonly Pod[] = []): NodeInfoImpl {
  const name = node.metadata?.name ?? '';
  return newNodeInfo(
    node,
    pods.filter((p) => p.spec?.nodeName === name),
  );
}
