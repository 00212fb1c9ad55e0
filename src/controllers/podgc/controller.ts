// The pod garbage collector (upstream's podgc): force-deletes terminated pods beyond
// --terminated-pod-gc-threshold (oldest first, evicted ones before the rest), pods bound to nodes
// that no longer exist (after a 40 s quarantine and a fresh read of the node), terminating pods
// that were never scheduled, and terminating pods on out-of-service nodes. A pod still running
// is first moved to phase Failed (orphans also get a DisruptionTarget condition) by a
// server-side apply of its status, so controllers see it failed before it goes.
//
// Upstream runs a full pass every 20 s. Here a pass runs only when a pod or node event could
// give it work (batched by a second), or when a node's quarantine ends: no timers while idle.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import type { Clock, Timer } from '../../client/clock.js';
import { objectKey } from '../../client/informers/keys.js';
import type { Lister } from '../../client/informers/types.js';
import { NODES, PODS } from '../../client/resources.js';
import type { Client } from '../../client/types.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Logger } from '../../log/index.js';
import type { ControllerContext } from '../context.js';
import { messageOf, runWorkers, type WorkerPool, newControllerQueue } from '../util/index.js';

/** How long a node missing from the cache is given to reappear before its pods count as orphans. */
export const QUARANTINE_TIME_MS = 40_000;
/** Events are batched: a pass runs at most this long after the event that asked for it. */
export const GC_BATCH_MS = 1_000;
/** Field manager of the status applies. */
export const POD_GC_FIELD_MANAGER = 'PodGC';
/** The taint marking a node out of service (its terminating pods may be removed). */
export const TAINT_NODE_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

const SOURCE = 'gc_controller';
const GC_KEY = 'gc';

/** Upstream's notion of terminated: any phase but Pending, Running and Unknown. */
export function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

function isEvicted(pod: Pod): boolean {
  return pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
}

/** Evicted pods first, then by creation time, then by name. */
export function byEvictionAndCreation(a: Pod, b: Pod): number {
  const ea = isEvicted(a);
  const eb = isEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ca = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const cb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ca !== cb) return ca - cb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

function isOutOfService(node: Node): boolean {
  return !isNodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === TAINT_NODE_OUT_OF_SERVICE);
}

/** A DisruptionTarget condition written with the phase change. */
interface GCCondition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
}

/** The pod garbage collector. */
export class PodGCController {
  readonly queue: WorkQueue<string>;
  private readonly client: Client;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly pods: Lister<Pod>;
  private readonly nodes: Lister<Node>;
  private readonly threshold: number;
  /** Nodes missing from the cache → when their quarantine ends, and the timer that ends it. */
  private readonly quarantine = new Map<string, { until: number; timer: Timer }>();
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.log = ctx.log;
    this.threshold = ctx.options.terminatedPodGCThreshold;
    this.queue = newControllerQueue(ctx.clock);
    const podInformer = ctx.informers.informerFor(PODS);
    const nodeInformer = ctx.informers.informerFor(NODES);
    this.pods = podInformer.lister;
    this.nodes = nodeInformer.lister;
    podInformer.addEventHandler({
      onAdd: (p) => this.podChanged(p),
      onUpdate: (_o, p) => this.podChanged(p),
    });
    nodeInformer.addEventHandler({
      onUpdate: (_o, n) => {
        if (isOutOfService(n)) this.schedule();
      },
      onDelete: () => this.schedule(),
    });
  }

  private schedule(): void {
    this.queue.addAfter(GC_KEY, GC_BATCH_MS);
  }

  private podChanged(pod: Pod): void {
    const node = pod.spec?.nodeName ?? '';
    const terminated = this.threshold > 0 && isPodTerminated(pod);
    const orphan = node !== '' && this.nodes.get('', node) === undefined;
    if (terminated || orphan || pod.metadata?.deletionTimestamp != null) this.schedule();
  }

  /** Runs one worker until `signal` aborts; a first pass runs once the caches have synced. */
  run(signal: AbortSignal): Promise<void> {
    const stopTimers = (): void => {
      for (const q of this.quarantine.values()) q.timer.cancel();
      this.quarantine.clear();
    };
    if (signal.aborted) stopTimers();
    else signal.addEventListener('abort', stopTimers, { once: true });
    // Workers start only after the caches synced, so this first pass sees every pod.
    if (!signal.aborted) this.queue.add(GC_KEY);
    const pool: WorkerPool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.log,
      source: SOURCE,
      logRetry: (_key, err) => this.log.error(SOURCE, 'pod GC pass failed', { err: messageOf(err) }),
      sync: () => this.gc(),
    };
    return runWorkers(pool, 1, signal);
  }

  /** One pass over every pod (upstream's gc). Failures of single pods are logged, not thrown. */
  async gc(): Promise<void> {
    const pods = this.pods.list();
    const nodes = this.nodes.list();
    if (this.threshold > 0) await this.gcTerminated(pods);
    await this.gcTerminating(pods);
    await this.gcOrphaned(pods, nodes);
    await this.gcUnscheduledTerminating(pods);
  }

  private async gcTerminated(pods: readonly Pod[]): Promise<void> {
    const terminated = pods.filter(isPodTerminated);
    const excess = terminated.length - this.threshold;
    if (excess <= 0) return;
    this.log.info(0, SOURCE, 'Garbage collecting pods', { numPods: excess });
    terminated.sort(byEvictionAndCreation);
    await Promise.all(terminated.slice(0, excess).map((p) => this.markFailedAndDelete(p)));
  }

  private async gcTerminating(pods: readonly Pod[]): Promise<void> {
    const victims: Pod[] = [];
    for (const pod of pods) {
      if (pod.metadata?.deletionTimestamp == null) continue;
      const node = this.nodes.get('', pod.spec?.nodeName ?? '');
      if (node !== undefined && isOutOfService(node)) victims.push(pod);
    }
    if (victims.length === 0) return;
    this.log.info(
      4,
      SOURCE,
      'Garbage collecting pods that are terminating on node tainted with node.kubernetes.io/out-of-service',
      { numPods: victims.length },
    );
    victims.sort(byEvictionAndCreation);
    for (const p of victims) await this.markFailedAndDelete(p);
  }

  private async gcOrphaned(pods: readonly Pod[], nodes: readonly Node[]): Promise<void> {
    const existing = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    const now = this.clock.now();
    for (const pod of pods) {
      const node = pod.spec?.nodeName ?? '';
      if (node === '' || existing.has(node) || this.quarantine.has(node)) continue;
      // A timer of its own: a queue delay would give way to an earlier batched pass.
      const timer = this.clock.setTimer(() => this.queue.add(GC_KEY), QUARANTINE_TIME_MS);
      this.quarantine.set(node, { until: now + QUARANTINE_TIME_MS, timer });
    }
    const deleted = new Set<string>();
    for (const [node, { until }] of [...this.quarantine]) {
      if (until > now) continue;
      this.quarantine.delete(node);
      if (existing.has(node)) continue;
      try {
        await this.client.resource(NODES).get('', node);
      } catch (e) {
        if (isNotFound(e)) {
          this.log.info(2, SOURCE, 'node no longer exists', { node });
          deleted.add(node);
        } else {
          this.log.error(SOURCE, 'Error while getting node', {
            node,
            err: e instanceof Error ? e.message : String(e),
          });
        }
      }
    }
    for (const pod of pods) {
      if (!deleted.has(pod.spec?.nodeName ?? '')) continue;
      this.log.info(2, SOURCE, 'Found orphaned Pod assigned to the Node, deleting', {
        pod: objectKey(pod),
        node: pod.spec?.nodeName ?? '',
      });
      const ok = await this.markFailedAndDelete(pod, {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      });
      if (ok) this.log.info(0, SOURCE, 'Forced deletion of orphaned Pod succeeded', { pod: objectKey(pod) });
    }
  }

  private async gcUnscheduledTerminating(pods: readonly Pod[]): Promise<void> {
    for (const pod of pods) {
      if (pod.metadata?.deletionTimestamp == null || (pod.spec?.nodeName ?? '') !== '') continue;
      this.log.info(2, SOURCE, 'Found unscheduled terminating Pod not assigned to any Node, deleting', {
        pod: objectKey(pod),
      });
      await this.markFailedAndDelete(pod);
    }
  }

  /**
   * Moves a pod that is not yet terminal to Failed (with `condition`), then deletes it with no
   * grace period. Resolves whether it succeeded; a pod already gone counts as success.
   */
  private async markFailedAndDelete(pod: Pod, condition?: GCCondition): Promise<boolean> {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    this.log.info(0, SOURCE, 'PodGC is force deleting Pod', { pod: objectKey(pod) });
    try {
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        const status: Record<string, unknown> = { phase: 'Failed' };
        if (condition !== undefined) {
          const t = new Date(Math.floor(this.clock.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
          status['conditions'] = [{ ...condition, lastTransitionTime: t }];
        }
        await this.client
          .resource(PODS)
          .patch(
            ns,
            name,
            'apply',
            { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, status },
            { subresource: 'status', fieldManager: POD_GC_FIELD_MANAGER, force: true },
          );
      }
      await this.client.resource(PODS).delete(ns, name, { gracePeriodSeconds: 0 });
      return true;
    } catch (e) {
      if (isNotFound(e)) return true;
      this.log.error(SOURCE, 'Failed to delete pod', {
        pod: objectKey(pod),
        err: e instanceof Error ? e.message : String(e),
      });
      return false;
    }
  }
}
