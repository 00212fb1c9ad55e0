// The scheduler's cache (upstream pkg/scheduler/backend/cache): nodes with their bound and assumed
// pods. A pod is assumed on a node when the scheduling cycle picks it (so later cycles see its use
// at once), confirmed when the informer delivers it bound, and forgotten when binding fails.
// Assumed pods expire only when a TTL is set; upstream's default (and ours) is 0: never.
// updateSnapshot copies only the NodeInfos changed since the snapshot's generation, walking a list
// kept in order of recency.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Clock, Timer } from '../../client/clock.js';
import { NodeInfoImpl } from '../framework/node-info.js';
import { newPodInfo } from '../framework/pod-info.js';
import { Snapshot } from '../framework/snapshot.js';
import { NodeTree } from './node-tree.js';

/** A doubly linked list item (most recently changed first). */
interface Item {
  info: NodeInfoImpl;
  prev: Item | undefined;
  next: Item | undefined;
}

interface PodState {
  pod: Pod;
  /** Set once binding finished, when a TTL is configured. */
  deadline: number | undefined;
  bindingFinished: boolean;
}

/** Options of the cache. */
export interface CacheOptions {
  clock: Clock;
  /** Assumed pods expire this long after binding finished; 0 (default): never. */
  assumedPodTtlMs?: number;
}

/** The pod key the cache uses: its UID (namespace/name when it has none). */
export function podCacheKey(pod: Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** Error for cache misuse (a pod assumed twice, an unknown pod forgotten, ...). */
export class CacheError extends Error {}

/** Upstream's scheduler cache. Synchronous; callers use it from one event loop. */
export class SchedulerCache {
  private readonly clock: Clock;
  private readonly ttl: number;
  private readonly nodes = new Map<string, Item>();
  private head: Item | undefined;
  private readonly tree = new NodeTree();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumed = new Set<string>();
  /** Image name → size and the nodes holding it. */
  private readonly images = new Map<string, { size: number; nodes: Set<string> }>();
  private expiryTimer: Timer | undefined;
  /** The snapshot updateSnapshot() refreshes when given none. */
  readonly snapshot = new Snapshot();

  constructor(opts: CacheOptions) {
    this.clock = opts.clock;
    this.ttl = opts.assumedPodTtlMs ?? 0;
  }

  // ---- recency list

  private moveToHead(item: Item): void {
    if (this.head === item) return;
    if (item.prev !== undefined) item.prev.next = item.next;
    if (item.next !== undefined) item.next.prev = item.prev;
    item.prev = undefined;
    item.next = this.head;
    if (this.head !== undefined) this.head.prev = item;
    this.head = item;
  }

  private unlink(item: Item): void {
    if (item.prev !== undefined) item.prev.next = item.next;
    if (item.next !== undefined) item.next.prev = item.prev;
    if (this.head === item) this.head = item.next;
    item.prev = undefined;
    item.next = undefined;
  }

  private itemFor(name: string): Item {
    let item = this.nodes.get(name);
    if (item === undefined) {
      item = { info: new NodeInfoImpl(undefined, name), prev: undefined, next: undefined };
      this.nodes.set(name, item);
    }
    return item;
  }

  // ---- pods

  private addPodToNode(pod: Pod): void {
    const name = pod.spec?.nodeName ?? '';
    const item = this.itemFor(name);
    item.info.addPod(newPodInfo(pod));
    this.moveToHead(item);
  }

  private removePodFromNode(pod: Pod): void {
    const name = pod.spec?.nodeName ?? '';
    const item = this.nodes.get(name);
    if (item === undefined) return;
    item.info.removePod(pod);
    // A node deleted while it still had pods is dropped once the last pod goes.
    if (!item.info.hasNode && item.info.pods.length === 0) {
      this.unlink(item);
      this.nodes.delete(name);
    } else {
      this.moveToHead(item);
    }
  }

  /** Charges `pod` (spec.nodeName set to the chosen node) to its node until bound or forgotten. */
  assumePod(pod: Pod): void {
    const key = podCacheKey(pod);
    if (this.podStates.has(key)) throw new CacheError(`pod ${key} is in the cache, so can't be assumed`);
    this.addPodToNode(pod);
    this.podStates.set(key, { pod, deadline: undefined, bindingFinished: false });
    this.assumed.add(key);
  }

  /** Binding of an assumed pod finished: its expiry (if a TTL is set) starts now. */
  finishBinding(pod: Pod): void {
    const key = podCacheKey(pod);
    const st = this.podStates.get(key);
    if (st === undefined || !this.assumed.has(key)) return;
    st.bindingFinished = true;
    if (this.ttl > 0) {
      st.deadline = this.clock.now() + this.ttl;
      this.armExpiry();
    }
  }

  /** Drops an assumed pod (binding failed). */
  forgetPod(pod: Pod): void {
    const key = podCacheKey(pod);
    const st = this.podStates.get(key);
    if (st === undefined) return;
    if (st.pod.spec?.nodeName !== pod.spec?.nodeName) {
      throw new CacheError(
        `pod ${key} was assumed on ${pod.spec?.nodeName ?? ''} but assigned to ${st.pod.spec?.nodeName ?? ''}`,
      );
    }
    if (!this.assumed.has(key)) throw new CacheError(`pod ${key} wasn't assumed so cannot be forgotten`);
    this.removePodFromNode(st.pod);
    this.podStates.delete(key);
    this.assumed.delete(key);
  }

  /** Whether `pod` is assumed and not yet confirmed. */
  isAssumedPod(pod: Pod): boolean {
    return this.assumed.has(podCacheKey(pod));
  }

  /** The cached copy of `pod`, if any. */
  getPod(pod: Pod): Pod | undefined {
    return this.podStates.get(podCacheKey(pod))?.pod;
  }

  /** A bound pod arrived (informer Add): confirms an assumed pod or adds it. */
  addPod(pod: Pod): void {
    const key = podCacheKey(pod);
    const st = this.podStates.get(key);
    if (st !== undefined && this.assumed.has(key)) {
      // Confirmed; it may have been bound elsewhere than assumed.
      this.removePodFromNode(st.pod);
      this.addPodToNode(pod);
      this.assumed.delete(key);
      st.pod = pod;
      st.deadline = undefined;
      return;
    }
    if (st !== undefined) {
      // Already added (an expired assumption re-added, or a duplicate event): treat as update.
      this.updatePod(st.pod, pod);
      return;
    }
    this.addPodToNode(pod);
    this.podStates.set(key, { pod, deadline: undefined, bindingFinished: false });
  }

  /** A bound pod changed. */
  updatePod(_oldPod: Pod, newPod: Pod): void {
    const key = podCacheKey(newPod);
    const st = this.podStates.get(key);
    if (st === undefined) {
      this.addPod(newPod);
      return;
    }
    if (this.assumed.has(key)) {
      // An assumed pod is updated only through addPod (confirmation).
      return;
    }
    this.removePodFromNode(st.pod);
    this.addPodToNode(newPod);
    st.pod = newPod;
  }

  /** A bound pod was deleted. */
  removePod(pod: Pod): void {
    const key = podCacheKey(pod);
    const st = this.podStates.get(key);
    if (st === undefined) return;
    this.removePodFromNode(st.pod);
    this.podStates.delete(key);
    this.assumed.delete(key);
  }

  /** Removes assumed pods whose binding finished more than the TTL ago (no-op without a TTL). */
  cleanupExpiredAssumedPods(): void {
    if (this.ttl <= 0) return;
    const now = this.clock.now();
    for (const key of [...this.assumed]) {
      const st = this.podStates.get(key);
      if (st === undefined || !st.bindingFinished || st.deadline === undefined) continue;
      if (now >= st.deadline) {
        this.removePodFromNode(st.pod);
        this.podStates.delete(key);
        this.assumed.delete(key);
      }
    }
    this.armExpiry();
  }

  private armExpiry(): void {
    this.expiryTimer?.cancel();
    this.expiryTimer = undefined;
    let earliest: number | undefined;
    for (const key of this.assumed) {
      const d = this.podStates.get(key)?.deadline;
      if (d !== undefined && (earliest === undefined || d < earliest)) earliest = d;
    }
    if (earliest === undefined) return;
    this.expiryTimer = this.clock.setTimer(
      () => this.cleanupExpiredAssumedPods(),
      earliest - this.clock.now(),
    );
  }

  /** Stops the expiry timer. */
  close(): void {
    this.expiryTimer?.cancel();
    this.expiryTimer = undefined;
  }

  // ---- nodes

  private imageNames(node: Node | undefined): { name: string; size: number }[] {
    const out: { name: string; size: number }[] = [];
    for (const img of node?.status?.images ?? []) {
      for (const n of img.names ?? []) out.push({ name: n, size: img.sizeBytes ?? 0 });
    }
    return out;
  }

  private removeImages(node: Node): void {
    const name = node.metadata?.name ?? '';
    for (const { name: img } of this.imageNames(node)) {
      const st = this.images.get(img);
      if (st === undefined) continue;
      st.nodes.delete(name);
      if (st.nodes.size === 0) this.images.delete(img);
    }
  }

  private addImages(node: Node, info: NodeInfoImpl): void {
    const name = node.metadata?.name ?? '';
    const summaries = new Map<string, { size: number; numNodes: number }>();
    for (const { name: img, size } of this.imageNames(node)) {
      let st = this.images.get(img);
      if (st === undefined) {
        st = { size, nodes: new Set() };
        this.images.set(img, st);
      }
      st.nodes.add(name);
      summaries.set(img, { size: st.size, numNodes: st.nodes.size });
    }
    info.imageStates = summaries;
  }

  /** A node was added. */
  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const item = this.itemFor(name);
    const old = item.info.hasNode ? item.info.node : undefined;
    if (old !== undefined) this.removeImages(old);
    this.tree.update(old, node);
    item.info.setNode(node);
    this.addImages(node, item.info);
    this.moveToHead(item);
  }

  /** A node changed. */
  updateNode(_oldNode: Node, newNode: Node): void {
    this.addNode(newNode);
  }

  /** A node was deleted; its pods stay until their own deletions arrive. */
  removeNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const item = this.nodes.get(name);
    if (item === undefined) return;
    if (item.info.hasNode) {
      this.removeImages(item.info.node);
      this.tree.remove(item.info.node);
    }
    if (item.info.pods.length === 0) {
      this.unlink(item);
      this.nodes.delete(name);
    } else {
      item.info.removeNode();
      this.moveToHead(item);
    }
  }

  /** Number of nodes (with a Node object). */
  nodeCount(): number {
    return this.tree.numNodes;
  }

  /** Number of pods known (bound and assumed). */
  podCount(): number {
    return this.podStates.size;
  }

  /** The cache's NodeInfo for `name` (for inspection; do not mutate). */
  nodeInfo(name: string): NodeInfoImpl | undefined {
    return this.nodes.get(name)?.info;
  }

  /**
   * Brings `snapshot` up to date: copies NodeInfos changed since its generation, drops deleted
   * nodes, and rebuilds the node lists (zone round-robin order) when membership changed.
   */
  updateSnapshot(snapshot: Snapshot = this.snapshot): void {
    const since = snapshot.generation;
    let rebuild = false;
    for (let item = this.head; item !== undefined; item = item.next) {
      const info = item.info;
      if (info.generation <= since) break;
      if (!info.hasNode) {
        if (snapshot.nodeInfoMap.delete(info.name)) rebuild = true;
        continue;
      }
      const existing = snapshot.nodeInfoMap.get(info.name);
      if (existing === undefined) {
        snapshot.nodeInfoMap.set(info.name, info.clone());
        rebuild = true;
        continue;
      }
      const hadAff = existing.podsWithAffinity.length > 0;
      const hadAnti = existing.podsWithRequiredAntiAffinity.length > 0;
      existing.copyFrom(info);
      if (hadAff !== existing.podsWithAffinity.length > 0) rebuild = true;
      if (hadAnti !== existing.podsWithRequiredAntiAffinity.length > 0) rebuild = true;
    }
    if (this.head !== undefined) snapshot.generation = Math.max(since, this.head.info.generation);
    // Nodes removed entirely from the cache leave no item behind: drop them here.
    if (snapshot.nodeInfoMap.size !== this.tree.numNodes) {
      for (const name of [...snapshot.nodeInfoMap.keys()]) {
        const item = this.nodes.get(name);
        if (item === undefined || !item.info.hasNode) snapshot.nodeInfoMap.delete(name);
      }
      rebuild = true;
    }
    if (snapshot.treeVersion !== this.tree.version) rebuild = true;
    snapshot.treeVersion = this.tree.version;
    if (rebuild || snapshot.nodeInfoList.length !== snapshot.nodeInfoMap.size)
      snapshot.rebuildLists(this.tree.list());
  }
}
