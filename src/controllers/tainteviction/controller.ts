// The taint eviction controller: deletes pods from nodes with NoExecute taints they do not
// tolerate, at once, or once the shortest tolerationSeconds of the tolerations used has passed.
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import type { Timer } from '../../client/clock.js';
import type { EventRecorder } from '../../client/events/types.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { SharedInformer } from '../../client/informers/types.js';
import { NODES, PODS } from '../../client/resources.js';
import type { ControllerContext } from '../context.js';
import { ensurePodNodeIndex, POD_NODE_INDEX } from '../nodelifecycle/pod-index.js';
import { matchingTolerations, minTolerationMs } from './tolerations.js';

const SOURCE = 'taint-eviction-controller';
/** Attempts at deleting one pod (upstream's retries). */
export const DELETE_RETRIES = 5;

interface Scheduled {
  readonly createdAt: number;
  readonly fireAt: number;
  readonly timer: Timer;
}

/** See the file comment. Handlers do the (cheap) bookkeeping directly; deletions run on timers. */
export class TaintEvictionController {
  private readonly nodes: SharedInformer<Node>;
  private readonly pods: SharedInformer<Pod>;
  private readonly recorder: EventRecorder;
  // NoExecute taints of each tainted node.
  private readonly tainted = new Map<string, Taint[]>();
  private readonly scheduled = new Map<string, Scheduled>();
  private synced = false;
  private stopped = false;

  constructor(private readonly ctx: ControllerContext) {
    this.nodes = ctx.informers.informerFor(NODES);
    this.pods = ctx.informers.informerFor(PODS);
    ensurePodNodeIndex(this.pods);
    this.recorder = ctx.events.newRecorder('taint-eviction-controller');
    this.nodes.addEventHandler({
      onAdd: (n) => this.nodeChanged(n),
      onUpdate: (_o, n) => this.nodeChanged(n),
      onDelete: (n) => this.tainted.delete(unwrapTombstone(n).metadata?.name ?? ''),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.podChanged(p),
      onUpdate: (_o, p) => this.podChanged(p),
      onDelete: (p) => this.cancel(objectKey(unwrapTombstone(p)), false),
    });
  }

  /** Acts once caches synced, until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    signal.addEventListener(
      'abort',
      () => {
        this.stopped = true;
        for (const s of this.scheduled.values()) s.timer.cancel();
        this.scheduled.clear();
      },
      { once: true },
    );
    if (!(await this.ctx.informers.waitForCacheSync(signal))) return;
    this.synced = true;
    for (const node of this.nodes.lister.list()) this.nodeChanged(node, true);
  }

  /** Pods whose deletion is scheduled, by key, with when (ms). For tests and status. */
  scheduledEvictions(): Map<string, number> {
    return new Map([...this.scheduled].map(([k, s]) => [k, s.fireAt]));
  }

  private nodeChanged(node: Node, force = false): void {
    const name = node.metadata?.name ?? '';
    const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    const old = this.tainted.get(name) ?? [];
    if (taints.length === 0) this.tainted.delete(name);
    else this.tainted.set(name, taints);
    if (!this.synced || this.stopped) return;
    if (!force && sameTaints(old, taints)) return;
    for (const pod of this.pods.indexer.byIndex(POD_NODE_INDEX, name)) this.processPod(pod, taints);
  }

  private podChanged(pod: Pod): void {
    if (!this.synced || this.stopped) return;
    const node = pod.spec?.nodeName;
    if (node === undefined || node === '') return;
    this.processPod(pod, this.tainted.get(node) ?? []);
  }

  // Upstream's processPodOnNode.
  private processPod(pod: Pod, taints: readonly Taint[]): void {
    const key = objectKey(pod);
    if (pod.metadata?.deletionTimestamp !== undefined) {
      // Already being deleted (by us or anyone): nothing left to schedule.
      this.cancel(key, false);
      return;
    }
    if (taints.length === 0) {
      this.cancel(key, true);
      return;
    }
    const now = this.ctx.clock.now();
    const { all, used } = matchingTolerations(taints, pod.spec?.tolerations ?? []);
    if (!all) {
      this.ctx.log.info(2, SOURCE, 'Not all taints are tolerated after update for pod on node', {
        pod: key,
        node: pod.spec?.nodeName,
      });
      this.cancel(key, true);
      this.schedule(key, now, now);
      return;
    }
    const min = minTolerationMs(used);
    if (min < 0) {
      this.cancel(key, true);
      return;
    }
    let start = now;
    const existing = this.scheduled.get(key);
    if (existing !== undefined) {
      start = existing.createdAt;
      if (start + min < now + min) return;
      this.cancel(key, true);
    }
    this.schedule(key, start, start + min);
  }

  private schedule(key: string, createdAt: number, fireAt: number): void {
    const timer = this.ctx.clock.setTimer(() => void this.evict(key), fireAt - this.ctx.clock.now());
    this.scheduled.set(key, { createdAt, fireAt, timer });
  }

  private cancel(key: string, withEvent: boolean): void {
    const s = this.scheduled.get(key);
    if (s === undefined) return;
    s.timer.cancel();
    this.scheduled.delete(key);
    if (!withEvent) return;
    const { namespace, name } = splitKey(key);
    const pod = this.pods.lister.get(namespace, name);
    if (pod !== undefined)
      this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  // Marks the pod with a DisruptionTarget condition, then deletes it.
  private async evict(key: string): Promise<void> {
    this.scheduled.delete(key);
    if (this.stopped) return;
    const { namespace, name } = splitKey(key);
    const cached = this.pods.lister.get(namespace, name);
    if (cached !== undefined) {
      this.recorder.event(cached, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    }
    const pods = this.ctx.client.resource(PODS);
    for (let attempt = 0; attempt < DELETE_RETRIES && !this.stopped; attempt++) {
      try {
        const pod = await pods.get(namespace, name);
        const conds = pod.status?.conditions ?? [];
        const target = conds.find((c) => c.type === 'DisruptionTarget');
        if (target?.status !== 'True' || target.reason !== 'DeletionByTaintManager') {
          const cond = {
            type: 'DisruptionTarget',
            status: 'True',
            reason: 'DeletionByTaintManager',
            message: 'Taint manager: deleting due to NoExecute taint',
            lastTransitionTime: new Date(this.ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          };
          await pods.patch(
            namespace,
            name,
            'strategic',
            { status: { conditions: [cond] } },
            { subresource: 'status' },
          );
        }
        await pods.delete(namespace, name, { preconditions: { uid: pod.metadata?.uid ?? '' } });
        this.ctx.log.info(2, SOURCE, 'Deleted pod from tainted node', { pod: key });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        this.ctx.log.warning(SOURCE, 'Failed to evict pod, retrying', { pod: key, err });
        await new Promise<void>((r) => this.ctx.clock.setTimer(r, 10));
      }
    }
  }
}

function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  return (
    a.length === b.length &&
    a.every((t, i) => t.key === b[i]?.key && t.value === b[i]?.value && t.effect === b[i]?.effect)
  );
}
