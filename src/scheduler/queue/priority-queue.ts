// The scheduling queue (upstream PriorityQueue): activeQ (pods ready to schedule, ordered by the
// QueueSort plugin), backoffQ (pods waiting out a per-pod backoff of 1 s doubling to 10 s by
// attempts), and unschedulable pods, which cluster events move back when a plugin that rejected
// them registered the event and its queueing hint says Queue; left over 5 minutes, they are
// flushed. Pods held by PreEnqueue plugins (scheduling gates) wait among the unschedulable pods,
// marked gated, until an update lets them through. Events arriving while pods are being scheduled
// are remembered and replayed for a pod that comes back unschedulable. No polling: one timer for
// the next backoff expiry and one for the next unschedulable flush, re-armed as needed.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock, Timer } from '../../client/clock.js';
import { newPodInfo } from '../framework/pod-info.js';
import type { Status } from '../framework/status.js';
import type {
  ClusterEvent,
  ClusterEventWithHint,
  PodInfo,
  PreEnqueuePlugin,
  QueuedPodInfo,
} from '../framework/types.js';
import { eventMatches, isWildcard } from './events.js';
import { KeyedHeap } from './heap.js';
import { Nominator } from './nominator.js';

/** Upstream defaults. */
export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1_000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;

/** A queued pod with the queue's own bookkeeping. */
export interface QueuedPod extends QueuedPodInfo {
  /** Held back by a PreEnqueue plugin. */
  gated: boolean;
  /** The PreEnqueue plugin's status while gated. */
  gatingStatus: Status | undefined;
}

/** Queue configuration. */
export interface PriorityQueueOptions {
  clock: Clock;
  /** The QueueSort plugin's ordering. */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
  preEnqueuePlugins?: readonly PreEnqueuePlugin[];
  /** Plugin name → the events it registered (EnqueueExtensions). */
  pluginEvents?: ReadonlyMap<string, readonly ClusterEventWithHint[]>;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  maxInUnschedulableMs?: number;
}

/** Backoff expiries are truncated to this window, and pods leave backoff a window at a time. */
export const BACKOFF_WINDOW_MS = 1_000;

function alignToWindow(t: number): number {
  return Math.floor(t / BACKOFF_WINDOW_MS) * BACKOFF_WINDOW_MS;
}

/** The pod key the queue uses: its UID (namespace/name when it has none). */
export function queueKey(pod: Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

interface RecordedEvent {
  readonly seq: number;
  readonly event: ClusterEvent;
  readonly oldObj: unknown;
  readonly newObj: unknown;
}

/** Upstream's PriorityQueue. */
export class PriorityQueue {
  readonly nominator = new Nominator();
  private readonly clock: Clock;
  private readonly preEnqueue: readonly PreEnqueuePlugin[];
  private readonly pluginEvents: ReadonlyMap<string, readonly ClusterEventWithHint[]>;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private readonly activeQ: KeyedHeap<QueuedPod>;
  /** Pods rejected by plugins, by backoff expiry then activeQ order (popped when activeQ is empty). */
  private readonly backoffQ: KeyedHeap<QueuedPod>;
  /** Pods whose attempt ended in an error, by backoff expiry. */
  private readonly errorBackoffQ: KeyedHeap<QueuedPod>;
  private readonly unschedulable = new Map<string, QueuedPod>();
  /** Pods popped and not yet done → the event sequence number when popped. */
  private readonly inFlight = new Map<string, number>();
  private events: RecordedEvent[] = [];
  private seq = 0;
  private waiters: { resolve(p: QueuedPod | undefined): void }[] = [];
  private backoffTimer: Timer | undefined;
  private backoffTimerAt = Number.POSITIVE_INFINITY;
  private flushTimer: Timer | undefined;
  private flushTimerAt = Number.POSITIVE_INFINITY;
  private closed = false;
  /** Incremented each pop (upstream schedulingCycle). */
  private cycle = 0;

  constructor(opts: PriorityQueueOptions) {
    this.clock = opts.clock;
    this.preEnqueue = opts.preEnqueuePlugins ?? [];
    this.pluginEvents = opts.pluginEvents ?? new Map();
    this.initialBackoff = opts.initialBackoffMs ?? DEFAULT_POD_INITIAL_BACKOFF_MS;
    this.maxBackoff = opts.maxBackoffMs ?? DEFAULT_POD_MAX_BACKOFF_MS;
    this.maxInUnschedulable = opts.maxInUnschedulableMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_MS;
    this.activeQ = new KeyedHeap<QueuedPod>((a, b) => opts.less(a, b));
    this.backoffQ = new KeyedHeap<QueuedPod>((a, b) => {
      const ea = this.backoffExpiry(a);
      const eb = this.backoffExpiry(b);
      return ea !== eb ? ea < eb : opts.less(a, b);
    });
    this.errorBackoffQ = new KeyedHeap<QueuedPod>((a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  // ---- helpers

  /** The pod's backoff: initial * 2^(attempts-1), capped at the maximum. */
  backoffDuration(qp: QueuedPodInfo): number {
    let d = this.initialBackoff;
    for (let i = 1; i < qp.attempts; i++) {
      d *= 2;
      if (d >= this.maxBackoff) return this.maxBackoff;
    }
    return Math.min(d, this.maxBackoff);
  }

  /** The pod's backoff expiry, truncated to upstream's 1 s ordering window (ms). */
  backoffExpiry(qp: QueuedPodInfo): number {
    if (qp.attempts === 0) return 0;
    return alignToWindow(qp.timestamp + this.backoffDuration(qp));
  }

  /** Backing off until the current window is past the expiry's window (upstream isPodBackingoff). */
  private isBackingOff(qp: QueuedPod): boolean {
    return qp.attempts > 0 && this.backoffExpiry(qp) >= alignToWindow(this.clock.now());
  }

  private backoffGet(key: string): QueuedPod | undefined {
    return this.backoffQ.get(key) ?? this.errorBackoffQ.get(key);
  }

  private backoffDelete(key: string): void {
    this.backoffQ.delete(key);
    this.errorBackoffQ.delete(key);
  }

  /** The heap a pod backs off in: errors (no rejecting plugin) apart from rejections. */
  private heapFor(qp: QueuedPod): KeyedHeap<QueuedPod> {
    return qp.unschedulablePlugins.size === 0 && qp.pendingPlugins.size === 0
      ? this.errorBackoffQ
      : this.backoffQ;
  }

  private newQueued(pod: Pod): QueuedPod {
    const now = this.clock.now();
    return {
      podInfo: newPodInfo(pod),
      timestamp: now,
      attempts: 0,
      initialAttemptTimestamp: now,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
      gated: false,
      gatingStatus: undefined,
    };
  }

  /** Runs PreEnqueue plugins; false (and the pod marked gated) when one holds it back. */
  private runPreEnqueue(qp: QueuedPod): boolean {
    for (const pl of this.preEnqueue) {
      const s = pl.preEnqueue(qp.podInfo.pod);
      if (s !== undefined && !s.isSuccess()) {
        qp.gated = true;
        qp.gatingStatus = s.withPlugin(pl.name);
        qp.unschedulablePlugins = new Set([pl.name]);
        return false;
      }
    }
    qp.gated = false;
    qp.gatingStatus = undefined;
    return true;
  }

  private pushActive(qp: QueuedPod): void {
    this.activeQ.set(queueKey(qp.podInfo.pod), qp);
    this.wake();
  }

  private wake(): void {
    while (this.waiters.length > 0 && this.activeQ.size + this.backoffQ.size > 0) {
      const w = this.waiters.shift();
      const qp = this.activeQ.pop() ?? this.backoffQ.pop();
      if (w === undefined || qp === undefined) break;
      this.markInFlight(qp);
      w.resolve(qp);
    }
  }

  private markInFlight(qp: QueuedPod): void {
    qp.attempts += 1;
    this.cycle += 1;
    this.inFlight.set(queueKey(qp.podInfo.pod), this.seq);
  }

  private pushBackoff(qp: QueuedPod): void {
    this.heapFor(qp).set(queueKey(qp.podInfo.pod), qp);
    this.armBackoffTimer();
    this.wake();
  }

  private pushUnschedulable(qp: QueuedPod): void {
    this.unschedulable.set(queueKey(qp.podInfo.pod), qp);
    if (!qp.gated) this.armFlushTimer();
  }

  /** Back to activeQ, or backoffQ while backing off. */
  private requeue(qp: QueuedPod): void {
    if (this.isBackingOff(qp)) this.pushBackoff(qp);
    else this.pushActive(qp);
  }

  private armBackoffTimer(): void {
    const h1 = this.backoffQ.peek();
    const h2 = this.errorBackoffQ.peek();
    if (h1 === undefined && h2 === undefined) return;
    const e1 = h1 === undefined ? Number.POSITIVE_INFINITY : this.backoffExpiry(h1);
    const e2 = h2 === undefined ? Number.POSITIVE_INFINITY : this.backoffExpiry(h2);
    // Done once the clock's window is past the expiry's window.
    const at = Math.min(e1, e2) + BACKOFF_WINDOW_MS;
    if (this.backoffTimer !== undefined && this.backoffTimerAt <= at) return;
    this.backoffTimer?.cancel();
    this.backoffTimerAt = at;
    this.backoffTimer = this.clock.setTimer(() => {
      this.backoffTimer = undefined;
      this.backoffTimerAt = Number.POSITIVE_INFINITY;
      this.flushBackoffQCompleted();
    }, at - this.clock.now());
  }

  /** Moves pods whose backoff ended to activeQ (runs from the backoff timer). */
  flushBackoffQCompleted(): void {
    for (const heap of [this.backoffQ, this.errorBackoffQ]) {
      for (let head = heap.peek(); head !== undefined; head = heap.peek()) {
        if (this.isBackingOff(head)) break;
        heap.pop();
        this.pushActive(head);
      }
    }
    this.armBackoffTimer();
  }

  private armFlushTimer(): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const qp of this.unschedulable.values()) {
      if (!qp.gated && qp.timestamp < earliest) earliest = qp.timestamp;
    }
    if (earliest === Number.POSITIVE_INFINITY) return;
    const at = earliest + this.maxInUnschedulable;
    if (this.flushTimer !== undefined && this.flushTimerAt <= at) return;
    this.flushTimer?.cancel();
    this.flushTimerAt = at;
    this.flushTimer = this.clock.setTimer(() => {
      this.flushTimer = undefined;
      this.flushTimerAt = Number.POSITIVE_INFINITY;
      this.flushUnschedulablePodsLeftover();
    }, at - this.clock.now());
  }

  /** Moves pods unschedulable for longer than the maximum back (runs from the flush timer). */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const moving: QueuedPod[] = [];
    for (const qp of this.unschedulable.values()) {
      if (!qp.gated && now - qp.timestamp >= this.maxInUnschedulable) moving.push(qp);
    }
    for (const qp of moving) {
      this.unschedulable.delete(queueKey(qp.podInfo.pod));
      this.requeue(qp);
    }
    this.armFlushTimer();
  }

  /** Whether `event` may make `qp` schedulable (upstream isPodWorthRequeuing). */
  private worthRequeuing(qp: QueuedPod, event: ClusterEvent, oldObj: unknown, newObj: unknown): boolean {
    if (isWildcard(event)) return true;
    const rejectors = [...qp.unschedulablePlugins, ...qp.pendingPlugins];
    if (rejectors.length === 0) return true;
    for (const name of rejectors) {
      for (const reg of this.pluginEvents.get(name) ?? []) {
        if (!eventMatches(reg.event, event)) continue;
        if (reg.hint === undefined) return true;
        try {
          if (reg.hint(qp.podInfo.pod, oldObj, newObj) === 'Queue') return true;
        } catch {
          // A failing hint errs on the side of retrying, as upstream.
          return true;
        }
      }
    }
    return false;
  }

  // ---- public API

  /** Number of pods in activeQ, backoffQ and unschedulable (gated included). */
  lengths(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return {
      active: this.activeQ.size,
      backoff: this.backoffQ.size + this.errorBackoffQ.size,
      unschedulable: this.unschedulable.size,
      inFlight: this.inFlight.size,
    };
  }

  /** Where the pod is: 'active', 'backoff', 'unschedulable', 'gated', 'inFlight' or undefined. */
  where(pod: Pod): 'active' | 'backoff' | 'unschedulable' | 'gated' | 'inFlight' | undefined {
    const key = queueKey(pod);
    if (this.activeQ.has(key)) return 'active';
    if (this.backoffGet(key) !== undefined) return 'backoff';
    const u = this.unschedulable.get(key);
    if (u !== undefined) return u.gated ? 'gated' : 'unschedulable';
    if (this.inFlight.has(key)) return 'inFlight';
    return undefined;
  }

  /** A new pending pod (informer Add). */
  add(pod: Pod): void {
    const key = queueKey(pod);
    if (this.activeQ.has(key) || this.backoffGet(key) !== undefined || this.unschedulable.has(key)) {
      this.update(pod, pod);
      return;
    }
    const qp = this.newQueued(pod);
    this.nominator.addNominatedPod(qp.podInfo);
    if (this.runPreEnqueue(qp)) this.pushActive(qp);
    else this.pushUnschedulable(qp);
  }

  /** A pending pod changed. */
  update(oldPod: Pod, newPod: Pod): void {
    const key = queueKey(newPod);
    const pi = newPodInfo(newPod);
    const inActive = this.activeQ.get(key);
    if (inActive !== undefined) {
      this.nominator.updateNominatedPod(oldPod, pi);
      this.activeQ.set(key, { ...inActive, podInfo: pi });
      return;
    }
    const inBackoff = this.backoffGet(key);
    if (inBackoff !== undefined) {
      this.nominator.updateNominatedPod(oldPod, pi);
      this.heapFor(inBackoff).set(key, { ...inBackoff, podInfo: pi });
      return;
    }
    const u = this.unschedulable.get(key);
    if (u !== undefined) {
      this.nominator.updateNominatedPod(oldPod, pi);
      const qp: QueuedPod = { ...u, podInfo: pi };
      if (u.gated) {
        if (this.runPreEnqueue(qp)) {
          this.unschedulable.delete(key);
          qp.unschedulablePlugins = new Set();
          this.pushActive(qp);
        } else {
          this.unschedulable.set(key, qp);
        }
        return;
      }
      if (specOrLabelsChanged(oldPod, newPod)) {
        const event: ClusterEvent = { resource: 'UnscheduledPod', action: 'Update' };
        if (this.worthRequeuing(qp, event, oldPod, newPod)) {
          this.unschedulable.delete(key);
          this.requeue(qp);
          return;
        }
      }
      this.unschedulable.set(key, qp);
      return;
    }
    if (this.inFlight.has(key)) {
      // Being scheduled: the cycle finishes with the old object; the event is replayed if needed.
      this.recordEvent({ resource: 'UnscheduledPod', action: 'Update' }, oldPod, newPod);
      return;
    }
    this.add(newPod);
  }

  /** A pending pod was deleted (or got bound). */
  delete(pod: Pod): void {
    const key = queueKey(pod);
    this.nominator.deleteNominatedPodIfExists(pod);
    this.activeQ.delete(key);
    this.backoffDelete(key);
    this.unschedulable.delete(key);
  }

  /**
   * Waits for the next pod to schedule; it is in flight until done(). Resolves undefined once the
   * queue is closed or `signal` aborts.
   */
  pop(signal?: AbortSignal): Promise<QueuedPod | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    // With activeQ empty, the next rejected pod still backing off is tried at once (upstream
    // SchedulerPopFromBackoffQ); pods that failed with an error wait out their backoff.
    const qp = this.activeQ.pop() ?? this.backoffQ.pop();
    if (qp !== undefined) {
      this.markInFlight(qp);
      return Promise.resolve(qp);
    }
    return new Promise<QueuedPod | undefined>((resolve) => {
      const waiter = {
        resolve: (p: QueuedPod | undefined) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(p);
        },
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(undefined);
      };
      if (signal?.aborted) {
        resolve(undefined);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /**
   * Puts back a pod whose attempt failed. Events seen while it was in flight that its rejecting
   * plugins care about send it to backoffQ/activeQ; so does a failure with no rejecting plugin
   * (an error). Otherwise it waits among the unschedulable pods.
   */
  addUnschedulableIfNotPresent(qp: QueuedPodInfo, _podSchedulingCycle?: number): void {
    const key = queueKey(qp.podInfo.pod);
    if (this.activeQ.has(key) || this.backoffGet(key) !== undefined || this.unschedulable.has(key)) return;
    const q = qp as QueuedPod;
    if (q.gated === undefined) q.gated = false;
    q.timestamp = this.clock.now();
    const since = this.inFlight.get(key);
    let movedByEvent = false;
    if (since !== undefined && q.unschedulablePlugins.size + q.pendingPlugins.size > 0) {
      for (const ev of this.events) {
        if (ev.seq > since && this.worthRequeuing(q, ev.event, ev.oldObj, ev.newObj)) {
          movedByEvent = true;
          break;
        }
      }
    }
    this.done(q.podInfo.pod);
    this.nominator.addNominatedPod(q.podInfo);
    if (q.unschedulablePlugins.size === 0 && q.pendingPlugins.size === 0) this.pushBackoff(q);
    else if (movedByEvent) this.requeue(q);
    else this.pushUnschedulable(q);
  }

  /** The pod's scheduling attempt is over (bound, failed, or requeued); by pod or UID. */
  done(pod: Pod | string): void {
    if (!this.inFlight.delete(typeof pod === 'string' ? pod : queueKey(pod))) return;
    this.trimEvents();
  }

  private recordEvent(event: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    if (this.inFlight.size === 0) return;
    this.seq += 1;
    this.events.push({ seq: this.seq, event, oldObj, newObj });
  }

  private trimEvents(): void {
    if (this.inFlight.size === 0) {
      this.events = [];
      return;
    }
    let min = Number.POSITIVE_INFINITY;
    for (const s of this.inFlight.values()) if (s < min) min = s;
    let i = 0;
    while (i < this.events.length && (this.events[i]?.seq ?? 0) <= min) i++;
    if (i > 0) this.events = this.events.slice(i);
  }

  /**
   * A cluster event: unschedulable pods whose rejecting plugins registered it (and whose hint says
   * Queue) move to activeQ, or backoffQ while backing off. The event is also remembered for pods in
   * flight.
   */
  moveAllToActiveOrBackoffQueue(
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
    preCheck?: (pod: Pod) => boolean,
  ): void {
    const moving: QueuedPod[] = [];
    for (const qp of this.unschedulable.values()) {
      if (qp.gated) continue;
      if (preCheck !== undefined && !preCheck(qp.podInfo.pod)) continue;
      if (this.worthRequeuing(qp, event, oldObj, newObj)) moving.push(qp);
    }
    for (const qp of moving) {
      this.unschedulable.delete(queueKey(qp.podInfo.pod));
      this.requeue(qp);
    }
    this.recordEvent(event, oldObj, newObj);
  }

  /** A pod was bound (AssignedPod Add): pods rejected for affinity reasons may now fit. */
  assignedPodAdded(pod: Pod): void {
    this.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Add' }, undefined, pod);
  }

  /** Moves the given pods (by key) straight to activeQ, whatever their backoff. */
  activate(pods: readonly Pod[]): void {
    for (const pod of pods) {
      const key = queueKey(pod);
      const qp = this.unschedulable.get(key) ?? this.backoffGet(key);
      if (qp === undefined || qp.gated) continue;
      this.unschedulable.delete(key);
      this.backoffDelete(key);
      this.pushActive(qp);
    }
  }

  /** Pending pods of every queue (for debugging and tests). */
  pendingPods(): PodInfo[] {
    return [
      ...this.activeQ.values().map((q) => q.podInfo),
      ...this.backoffQ.values().map((q) => q.podInfo),
      ...this.errorBackoffQ.values().map((q) => q.podInfo),
      ...[...this.unschedulable.values()].map((q) => q.podInfo),
    ];
  }

  /** Scheduling cycles so far (one per pop). */
  schedulingCycle(): number {
    return this.cycle;
  }

  /** Timers are armed on demand; run() only marks the queue open (kept for the scheduler's wiring). */
  run(): void {
    this.closed = false;
  }

  /** Records (override) or keeps (noop) a pod's nominated node; an empty name clears it. */
  addNominatedPod(pi: PodInfo, nominating: { mode: 'noop' } | { mode: 'override'; nodeName: string }): void {
    if (nominating.mode === 'noop') {
      this.nominator.addNominatedPod(pi);
      return;
    }
    if (nominating.nodeName === '') this.nominator.deleteNominatedPodIfExists(pi.pod);
    else this.nominator.addNominatedPod(pi, nominating.nodeName);
  }

  deleteNominatedPodIfExists(pod: Pod): void {
    this.nominator.deleteNominatedPodIfExists(pod);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.nominator.nominatedPodsForNode(nodeName);
  }

  /** An assigned pod went away (or an assumed pod was forgotten): retry pods it may have blocked. */
  assignedPodDeleted(pod: Pod): void {
    this.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Delete' }, pod, undefined);
  }

  /** Stops timers and ends waiting pops (they resolve undefined). */
  close(): void {
    this.closed = true;
    this.backoffTimer?.cancel();
    this.flushTimer?.cancel();
    this.backoffTimer = undefined;
    this.flushTimer = undefined;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w.resolve(undefined);
  }
}

function specOrLabelsChanged(a: Pod, b: Pod): boolean {
  if (a === b) return false;
  return (
    JSON.stringify(a.spec) !== JSON.stringify(b.spec) ||
    JSON.stringify(a.metadata?.labels ?? {}) !== JSON.stringify(b.metadata?.labels ?? {}) ||
    JSON.stringify(a.metadata?.annotations ?? {}) !== JSON.stringify(b.metadata?.annotations ?? {})
  );
}
