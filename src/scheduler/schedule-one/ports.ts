// What the scheduling cycle needs from the scheduler cache and the scheduling queue. The cache and
// queue modules implement these; tests use small in-memory versions.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { ClusterEvent, PodInfo, PodNominator, QueuedPodInfo, SharedLister } from '../framework/types.js';

/** A snapshot the cache refreshes at the start of every cycle (nodeInfos.list() in visiting order). */
export type CycleSnapshot = SharedLister;

/** The scheduler cache: bound and assumed pods per node. */
export interface CachePort {
  /** Brings the snapshot up to date (only changed nodes are copied). */
  updateSnapshot(): void;
  /** Counts the pod on `pod.spec.nodeName` before it is bound. */
  assumePod(pod: Pod): void;
  /** Binding was sent; the assumed pod expires after the TTL unless the informer confirms it. */
  finishBinding(pod: Pod): void;
  /** Drops an assumed pod (binding failed). */
  forgetPod(pod: Pod): void;
  isAssumedPod(pod: Pod): boolean;
}

/** How the queue should change a pod's nominated node after a failed attempt. */
export type NominatingInfo =
  | { readonly mode: 'noop' }
  | { readonly mode: 'override'; readonly nodeName: string };

/** The scheduling queue. */
export interface QueuePort extends PodNominator {
  /** The next pod to schedule; undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined>;
  /** The pod's attempt is over (success or requeued). */
  done(uid: string): void;
  /** Count of scheduling cycles so far (stamped on requeued pods). */
  schedulingCycle(): number;
  /** Puts a pod that failed back, as unschedulable or backing off. */
  addUnschedulableIfNotPresent(qpi: QueuedPodInfo, podSchedulingCycle: number): void;
  /** Records (or clears, with an empty name) the nominated node of a pod. */
  addNominatedPod(podInfo: PodInfo, nominating: NominatingInfo): void;
  deleteNominatedPodIfExists(pod: Pod): void;
  /** A forgotten assumed pod frees its node as a deleted assigned pod would: retry rejected pods. */
  assignedPodDeleted(pod: Pod): void;
}

/** Where the cycle looks up the current state of pods (the pod informer's cache). */
export interface PodLookup {
  get(namespace: string, name: string): Pod | undefined;
}

/** What the informers tell the cache (assigned pods and nodes). */
export interface CacheEventsPort {
  addPod(pod: Pod): void;
  updatePod(oldPod: Pod, newPod: Pod): void;
  removePod(pod: Pod): void;
  addNode(node: Node): void;
  updateNode(oldNode: Node, newNode: Node): void;
  removeNode(node: Node): void;
}

/** What the informers tell the queue: unscheduled pods, and cluster events that may unblock pods. */
export interface QueueEventsPort {
  add(pod: Pod): void;
  update(oldPod: Pod, newPod: Pod): void;
  delete(pod: Pod): void;
  /** A cluster event (node added, assigned pod deleted, PV added...) with the objects involved. */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj: unknown, newObj: unknown): void;
  /** Starts the backoff and unschedulable flushers; stops them and ends pop() on close(). */
  run(): void;
  close(): void;
}
