// The node lifecycle controller: marks silent nodes Unknown, keeps the condition taints of every
// node (NoSchedule at once, NoExecute through per-zone rate-limited queues) and grades zones to slow
// or stop evictions when much of a zone, or the whole cluster, is down.
//
// Upstream polls every node each 5 s; here a node is processed when it, its Lease or its pods change
// and once more when its grace period would run out, so an idle cluster costs nothing.
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition, Pod, Taint } from 'kubernetes-types/core/v1.js';
import { isConflict, isNotFound } from '../../apimachinery/errors/index.js';
import type { Timer } from '../../client/clock.js';
import type { EventRecorder } from '../../client/events/types.js';
import { unwrapTombstone } from '../../client/informers/keys.js';
import type { SharedInformer } from '../../client/informers/types.js';
import { LEASES, NODES, PODS } from '../../client/resources.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import { runWorkers, type WorkerPool, newControllerQueue } from '../util/index.js';
import { gracePeriodOf, type NodeHealth, observeNode, unknownConditions } from './health.js';
import { ensurePodNodeIndex, POD_NODE_INDEX } from './pod-index.js';
import {
  desiredNoScheduleTaints,
  hasTaint,
  NOT_READY_NO_EXECUTE,
  nodeCondition,
  swapTaints,
  UNREACHABLE_NO_EXECUTE,
} from './taints.js';
import { ZoneQueue } from './zone-queue.js';
import { type ZoneState, ZoneTally, zoneEvictionRate, zoneKey } from './zones.js';

/** The namespace of node Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

const SOURCE = 'node-lifecycle-controller';

/** See the file comment. One worker: zone bookkeeping is not shared between workers. */
export class NodeLifecycleController {
  private readonly queue: WorkQueue<string>;
  private readonly nodes: SharedInformer<Node>;
  private readonly leases: SharedInformer<Lease>;
  private readonly pods: SharedInformer<Pod>;
  private readonly recorder: EventRecorder;
  private readonly health = new Map<string, NodeHealth>();
  // Zone bookkeeping: each node's zone and Ready status, each zone's queue and state.
  private readonly nodeZone = new Map<string, string>();
  private readonly zoneMembers = new Map<string, ZoneTally>();
  private readonly zoneQueues = new Map<string, ZoneQueue>();
  private readonly zoneStates = new Map<string, ZoneState | 'Initial'>();
  private drainTimer: Timer | undefined;
  private draining = false;
  private stopped = false;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = newControllerQueue(ctx.clock);
    this.nodes = ctx.informers.informerFor(NODES);
    this.leases = ctx.informers.informerFor(LEASES);
    this.pods = ctx.informers.informerFor(PODS);
    ensurePodNodeIndex(this.pods);
    this.recorder = ctx.events.newRecorder('node-controller');
    const enqueue = (n: Node) => this.queue.add(n.metadata?.name ?? '');
    this.nodes.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_o, n) => enqueue(n),
      onDelete: (n) => enqueue(unwrapTombstone(n)),
    });
    const leaseChanged = (l: Lease) => {
      if (l.metadata?.namespace === NODE_LEASE_NAMESPACE) this.queue.add(l.metadata.name ?? '');
    };
    this.leases.addEventHandler({ onAdd: leaseChanged, onUpdate: (_o, l) => leaseChanged(l) });
  }

  /** Processes nodes until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    const stop = (): void => {
      this.stopped = true;
      this.drainTimer?.cancel();
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    const pool: WorkerPool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.ctx.log,
      source: SOURCE,
      logRetry: (node, err) => {
        if (!isConflict(err)) this.ctx.log.error(SOURCE, 'Error processing node, retrying', { node, err });
      },
      sync: (key) => this.sync(key),
    };
    return runWorkers(pool, 1, signal);
  }

  /** One pass over node `name`: health, taints and its zone. */
  async sync(name: string): Promise<void> {
    const node = this.nodes.lister.get('', name);
    if (node === undefined) {
      this.forget(name);
      return;
    }
    const noSchedule = desiredNoScheduleTaints(node);
    if (noSchedule !== undefined) {
      // The update comes back through the informer and brings the node here again.
      await this.patchTaints(node, noSchedule);
      return;
    }
    const now = this.ctx.clock.now();
    const lease = this.leases.lister.get(NODE_LEASE_NAMESPACE, name);
    const h = observeNode(this.health.get(name), node, lease, now);
    this.health.set(name, h);
    const observedReady: NodeCondition = nodeCondition(node, 'Ready') ?? {
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    };
    let currentReady = nodeCondition(node, 'Ready');
    const deadline = h.probeTimestamp + gracePeriodOf(node, this.ctx.options.nodeMonitorGracePeriodMs);
    if (now > deadline) {
      const conditions = unknownConditions(node, this.nowISO());
      if (conditions !== undefined) {
        const updated = await this.ctx.client
          .resource(NODES)
          .updateStatus({ ...node, status: { ...node.status, conditions } });
        currentReady = nodeCondition(updated, 'Ready');
        h.readyTransitionTimestamp = now;
        this.ctx.log.info(2, SOURCE, 'Node is silent past its grace period: conditions set to Unknown', {
          node: name,
        });
      }
    } else {
      this.queue.addAfter(name, deadline - now + 1);
    }
    this.track(node, currentReady?.status ?? 'Unknown');
    if (currentReady !== undefined) {
      await this.taintForReadiness(node, observedReady.status);
      if (currentReady.status !== 'True' && observedReady.status === 'True') {
        this.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
        await this.markPodsNotReady(name);
      }
    }
    await this.handleDisruption();
  }

  // Upstream's processTaintBaseEviction: NotReady and Unreachable NoExecute taints follow the Ready
  // status; a swap between the two is immediate, a first taint waits for the zone's rate limit.
  private async taintForReadiness(node: Node, status: string): Promise<void> {
    const name = node.metadata?.name ?? '';
    const taints = node.spec?.taints;
    if (status === 'True') {
      this.zoneQueue(zoneKey(node)).remove(name);
      const next = swapTaints(taints, [], [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE], this.nowISO());
      if (next !== undefined) await this.patchTaints(node, next);
      return;
    }
    const [want, other] =
      status === 'False'
        ? [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE]
        : [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE];
    if (hasTaint(taints, other)) {
      const next = swapTaints(taints, [want], [other], this.nowISO());
      if (next !== undefined) await this.patchTaints(node, next);
      return;
    }
    if (hasTaint(taints, want)) return;
    if (this.zoneQueue(zoneKey(node)).add(name, node.metadata?.uid ?? '', this.ctx.clock.now())) {
      this.ctx.log.info(2, SOURCE, 'Node is not ready: queued for a NoExecute taint', { node: name, status });
      this.scheduleDrain();
    }
  }

  // Upstream's MarkPodsNotReady: the pods of a node that went silent stop being Ready.
  private async markPodsNotReady(nodeName: string): Promise<void> {
    const nowISO = this.nowISO();
    for (const pod of this.pods.indexer.byIndex(POD_NODE_INDEX, nodeName)) {
      const conds = pod.status?.conditions ?? [];
      const ready = conds.find((c) => c.type === 'Ready');
      if (ready === undefined || ready.status === 'False') continue;
      const next = conds.map((c) =>
        c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: nowISO } : c,
      );
      try {
        await this.ctx.client
          .resource(PODS)
          .updateStatus({ ...pod, status: { ...pod.status, conditions: next } });
        this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  // Records a node's zone and Ready status for the zone grading.
  private track(node: Node, status: string): void {
    const name = node.metadata?.name ?? '';
    const zone = zoneKey(node);
    const old = this.nodeZone.get(name);
    if (old !== undefined && old !== zone) this.zoneMembers.get(old)?.delete(name);
    this.nodeZone.set(name, zone);
    let members = this.zoneMembers.get(zone);
    if (members === undefined) {
      members = new ZoneTally();
      this.zoneMembers.set(zone, members);
      this.zoneQueue(zone);
      this.zoneStates.set(zone, 'Initial');
    }
    members.set(name, status === 'True');
  }

  private forget(name: string): void {
    this.health.delete(name);
    const zone = this.nodeZone.get(name);
    this.nodeZone.delete(name);
    if (zone !== undefined) {
      const members = this.zoneMembers.get(zone);
      members?.delete(name);
      if (members?.size === 0) this.zoneMembers.delete(zone);
    }
    for (const q of this.zoneQueues.values()) q.remove(name);
  }

  // Upstream's handleDisruption: new zone states set each zone's eviction rate; when every zone is
  // fully disrupted, evictions stop everywhere and the NoExecute taints come off (the control plane
  // is more likely cut off than every node down).
  private async handleDisruption(): Promise<void> {
    const opts = this.ctx.options;
    const newStates = new Map<string, ZoneState>();
    for (const [zone, members] of this.zoneMembers)
      newStates.set(zone, members.state(opts.unhealthyZoneThreshold));
    for (const zone of [...this.zoneStates.keys()]) {
      if (!newStates.has(zone)) {
        this.zoneStates.delete(zone);
        this.zoneQueues.delete(zone);
      }
    }
    const allAre = newStates.size > 0 && [...newStates.values()].every((s) => s === 'FullDisruption');
    const allWere = [...this.zoneStates.values()].every((s) => s === 'FullDisruption');
    if (allAre && allWere) return;
    const now = this.ctx.clock.now();
    if (allAre) {
      this.ctx.log.info(
        0,
        SOURCE,
        'Controller detected that all Nodes are not-Ready. Entering master disruption mode',
      );
      for (const zone of this.zoneStates.keys()) {
        this.zoneQueue(zone).setRate(0, now);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      for (const node of this.nodes.lister.list()) {
        const next = swapTaints(
          node.spec?.taints,
          [],
          [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE],
          this.nowISO(),
        );
        if (next !== undefined) await this.patchTaints(node, next);
      }
      return;
    }
    const exiting = allWere && this.zoneStates.size > 0;
    if (exiting) {
      this.ctx.log.info(
        0,
        SOURCE,
        'Controller detected that some Nodes are Ready. Exiting master disruption mode',
      );
      for (const h of this.health.values()) {
        h.probeTimestamp = now;
        h.readyTransitionTimestamp = now;
      }
    }
    for (const [zone, state] of newStates) {
      if (!exiting && this.zoneStates.get(zone) === state) continue;
      const size = this.zoneMembers.get(zone)?.size ?? 0;
      const rate = zoneEvictionRate(state, size, {
        primary: opts.nodeEvictionRate,
        secondary: opts.secondaryNodeEvictionRate,
        largeClusterThreshold: opts.largeClusterSizeThreshold,
      });
      this.zoneQueue(zone).setRate(rate, now);
      if (this.zoneStates.get(zone) !== 'Initial') {
        this.ctx.log.info(0, SOURCE, 'Controller detected that zone is now in new state', {
          zone,
          newState: state,
        });
      }
      this.zoneStates.set(zone, state);
    }
    this.scheduleDrain();
  }

  private zoneQueue(zone: string): ZoneQueue {
    let q = this.zoneQueues.get(zone);
    if (q === undefined) {
      q = new ZoneQueue(this.ctx.options.nodeEvictionRate, this.ctx.clock.now());
      this.zoneQueues.set(zone, q);
    }
    return q;
  }

  // Arms one timer for the earliest moment a zone queue may hand out a node.
  private scheduleDrain(): void {
    if (this.stopped || this.draining) return;
    const now = this.ctx.clock.now();
    let next: number | undefined;
    for (const q of this.zoneQueues.values()) {
      const at = q.nextAttemptAt(now);
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    this.drainTimer?.cancel();
    this.drainTimer = undefined;
    if (next === undefined) return;
    this.drainTimer = this.ctx.clock.setTimer(() => {
      this.drainTimer = undefined;
      void this.drain();
    }, next - now);
  }

  // Upstream's doNoExecuteTaintingPass.
  private async drain(): Promise<void> {
    if (this.draining || this.stopped) return;
    this.draining = true;
    try {
      for (const q of [...this.zoneQueues.values()]) {
        await q.drain(
          () => this.ctx.clock.now(),
          async (item) => {
            const node = this.nodes.lister.get('', item.name);
            if (node === undefined) return { done: true };
            const ready = nodeCondition(node, 'Ready');
            if (ready === undefined) return { done: false, retryAfterMs: 50 };
            let add: Taint;
            let remove: Taint;
            if (ready.status === 'False') [add, remove] = [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE];
            else if (ready.status === 'Unknown')
              [add, remove] = [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE];
            else return { done: true };
            const next = swapTaints(node.spec?.taints, [add], [remove], this.nowISO());
            if (next === undefined) return { done: true };
            try {
              await this.patchTaints(node, next);
              return { done: true };
            } catch (err) {
              this.ctx.log.warning(SOURCE, 'Failed to taint node', { node: item.name, err });
              return { done: false };
            }
          },
        );
      }
    } finally {
      this.draining = false;
    }
    this.scheduleDrain();
  }

  // Writes spec.taints, conditional on the node's resourceVersion (a conflict retries the node).
  private async patchTaints(node: Node, taints: Taint[]): Promise<void> {
    await this.ctx.client.resource(NODES).patch('', node.metadata?.name ?? '', 'strategic', {
      metadata: { resourceVersion: node.metadata?.resourceVersion },
      spec: { taints },
    });
  }

  private nowISO(): string {
    return new Date(this.ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}
