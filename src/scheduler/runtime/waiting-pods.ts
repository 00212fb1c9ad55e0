// Pods held at Permit until every waiting plugin allows them, one rejects them or a wait times out.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock, Timer } from '../../client/clock.js';
import { Status } from '../framework/status.js';

/** A pod waiting at Permit (upstream's WaitingPod). */
export class WaitingPod {
  readonly pod: Pod;
  readonly nodeName: string;
  /** Settles with success once all plugins allowed, or the rejection. */
  readonly result: Promise<Status>;
  private readonly pending: Map<string, Timer>;
  private settle!: (s: Status) => void;
  private settled = false;

  constructor(pod: Pod, nodeName: string, waits: ReadonlyMap<string, number>, clock: Clock) {
    this.pod = pod;
    this.nodeName = nodeName;
    this.result = new Promise((r) => {
      this.settle = r;
    });
    this.pending = new Map();
    for (const [plugin, ms] of waits) {
      this.pending.set(
        plugin,
        clock.setTimer(
          () =>
            this.reject(plugin, `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`),
          ms,
        ),
      );
    }
  }

  /** Plugins still to allow the pod. */
  pendingPlugins(): string[] {
    return [...this.pending.keys()];
  }

  /** `plugin` allows the pod; once all did, it proceeds to binding. */
  allow(plugin: string): void {
    const t = this.pending.get(plugin);
    if (t === undefined || this.settled) return;
    t.cancel();
    this.pending.delete(plugin);
    if (this.pending.size === 0) this.finish(Status.success());
  }

  /** `plugin` rejects the pod (Unschedulable with `msg`). */
  reject(plugin: string, msg: string): void {
    if (this.settled) return;
    this.finish(Status.unschedulable(msg).withPlugin(plugin));
  }

  private finish(s: Status): void {
    this.settled = true;
    for (const t of this.pending.values()) t.cancel();
    this.pending.clear();
    this.settle(s);
  }
}

/** The waiting pods of one framework, by UID. */
export class WaitingPods {
  private readonly pods = new Map<string, WaitingPod>();
  constructor(private readonly clock: Clock) {}

  add(pod: Pod, nodeName: string, waits: ReadonlyMap<string, number>): WaitingPod {
    const wp = new WaitingPod(pod, nodeName, waits, this.clock);
    this.pods.set(pod.metadata?.uid ?? '', wp);
    return wp;
  }
  get(uid: string): WaitingPod | undefined {
    return this.pods.get(uid);
  }
  remove(uid: string): void {
    this.pods.delete(uid);
  }
  /** Every waiting pod. */
  list(): WaitingPod[] {
    return [...this.pods.values()];
  }
}
