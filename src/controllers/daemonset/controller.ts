// The DaemonSet controller: one pod per eligible node, pinned through node affinity, replaced by
// revision under RollingUpdate or OnDelete; failed daemon pods are deleted with per-node backoff.
import type { ControllerRevision, DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { type Labels, labelSelectorAsSelector, type Selector } from '../../apimachinery/labels/index.js';
import { deepCopy, deepEqual } from '../../apimachinery/meta/index.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { Lister } from '../../client/informers/types.js';
import { CONTROLLER_REVISIONS, DAEMON_SETS, NODES, PODS } from '../../client/resources.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { EventRecorder } from '../../client/events/types.js';
import type { Logger } from '../../log/index.js';
import type { ControllerContext } from '../context.js';
import {
  canAdoptFor,
  ControllerExpectations,
  ControllerRefManager,
  controllerKindOf,
  getControllerOf,
  isPodReady,
  messageOf,
  RealPodControl,
  runWorkers,
  type WorkerPool,
  withTypeMeta,
  newControllerQueue,
} from '../util/index.js';
import { Backoff } from './backoff.js';
import { DAEMONSET_HASH_LABEL, nodeShouldRunDaemonPod } from './daemon-pods.js';
import { DaemonSetHistoryControl } from './history.js';
import {
  countDaemonPods,
  type DaemonSetCounts,
  type NodePodsContext,
  nodeToDaemonPods,
  nodeUpdateIrrelevant,
  podsShouldBeOnNode,
} from './node-pods.js';
import { planRollingUpdate } from './rolling-update.js';
import { syncNodes } from './sync-nodes.js';

/** kube-controller-manager's --concurrent-daemonset-syncs default. */
export const DEFAULT_WORKERS = 2;
/** Attempts of a status write (upstream's StatusUpdateRetries is 1 retry). */
const STATUS_ATTEMPTS = 2;
/** Backoff of failed-pod deletion per node: 1 s doubling to 15 min. */
const FAILED_POD_BACKOFF_MS = { initial: 1_000, max: 15 * 60_000 };

/** Event reason of a DaemonSet whose selector selects every pod (refused). */
export const SELECTING_ALL_REASON = 'SelectingAll';
/** Event reason of a failed daemon pod about to be deleted. */
export const FAILED_DAEMON_POD_REASON = 'FailedDaemonPod';

const SOURCE = 'daemonset-controller';
const DAEMONSET_KIND = controllerKindOf(DAEMON_SETS);

/**
 * The DaemonSet controller (upstream's DaemonSetsController). Handlers only queue set keys and
 * count observed pod creations and deletions; `sync` reads listers and writes through the client.
 */
export class DaemonSetController {
  readonly queue: WorkQueue<string>;
  readonly expectations: ControllerExpectations;
  private readonly sets: Lister<DaemonSet>;
  private readonly pods: Lister<Pod>;
  private readonly nodes: Lister<Node>;
  private readonly revisions: Lister<ControllerRevision>;
  private readonly recorder: EventRecorder;
  private readonly podControl: RealPodControl;
  private readonly history: DaemonSetHistoryControl;
  private readonly failedPodsBackoff: Backoff;
  private readonly log: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = newControllerQueue(ctx.clock);
    this.expectations = new ControllerExpectations(ctx.clock);
    this.log = ctx.log;
    const sets = ctx.informers.informerFor(DAEMON_SETS);
    const pods = ctx.informers.informerFor(PODS);
    const nodes = ctx.informers.informerFor(NODES);
    const revisions = ctx.informers.informerFor(CONTROLLER_REVISIONS);
    this.sets = sets.lister;
    this.pods = pods.lister;
    this.nodes = nodes.lister;
    this.revisions = revisions.lister;
    this.recorder = ctx.events.newRecorder(SOURCE);
    this.podControl = new RealPodControl(ctx.client, this.recorder);
    this.history = new DaemonSetHistoryControl(ctx.client);
    this.failedPodsBackoff = new Backoff(ctx.clock, FAILED_POD_BACKOFF_MS.initial, FAILED_POD_BACKOFF_MS.max);
    sets.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_o, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(unwrapTombstone(d)),
    });
    pods.addEventHandler({
      onAdd: (p) => this.addPod(p),
      onUpdate: (o, p) => this.updatePod(o, p),
      onDelete: (p) => this.deletePod(unwrapTombstone(p)),
    });
    nodes.addEventHandler({
      onAdd: (n) => this.addNode(n),
      onUpdate: (o, n) => this.updateNode(o, n),
    });
    revisions.addEventHandler({
      onAdd: (r) => this.onRevision(r),
      onUpdate: (_o, r) => this.onRevision(r),
      onDelete: (r) => this.onRevision(unwrapTombstone(r)),
    });
  }

  private enqueue(ds: DaemonSet): void {
    this.queue.add(objectKey(ds));
  }

  private resolveControllerRef(namespace: string, ref: OwnerReference): DaemonSet | undefined {
    if (ref.kind !== DAEMONSET_KIND.kind) return undefined;
    const ds = this.sets.get(namespace, ref.name);
    return ds?.metadata?.uid === ref.uid ? ds : undefined;
  }

  private setsMatching(namespace: string, labels: Labels): DaemonSet[] {
    return this.sets.listNamespace(namespace).filter((ds) => {
      try {
        const sel = labelSelectorAsSelector(ds.spec?.selector);
        return !sel.empty() && sel.matches(labels);
      } catch {
        return false;
      }
    });
  }

  private onRevision(rev: ControllerRevision): void {
    const ns = rev.metadata?.namespace ?? '';
    const ref = getControllerOf(rev);
    if (ref !== undefined) {
      const ds = this.resolveControllerRef(ns, ref);
      if (ds !== undefined) this.enqueue(ds);
      return;
    }
    for (const ds of this.setsMatching(ns, (rev.metadata?.labels ?? {}) as Labels)) this.enqueue(ds);
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp != null) {
      this.deletePod(pod);
      return;
    }
    const ns = pod.metadata?.namespace ?? '';
    const ref = getControllerOf(pod);
    if (ref !== undefined) {
      const ds = this.resolveControllerRef(ns, ref);
      if (ds === undefined) return;
      this.expectations.creationObserved(objectKey(ds));
      this.enqueue(ds);
      return;
    }
    for (const ds of this.setsMatching(ns, (pod.metadata?.labels ?? {}) as Labels)) this.enqueue(ds);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const ns = cur.metadata?.namespace ?? '';
    const oldRef = getControllerOf(old);
    const curRef = getControllerOf(cur);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef !== undefined) {
      const ds = this.resolveControllerRef(ns, oldRef);
      if (ds !== undefined) this.enqueue(ds);
    }
    if (curRef !== undefined) {
      const ds = this.resolveControllerRef(ns, curRef);
      if (ds === undefined) return;
      this.enqueue(ds);
      const minReady = ds.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) {
        this.queue.addAfter(objectKey(ds), minReady * 1000 + 1000);
      }
      return;
    }
    const labelsChanged = !deepEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {});
    if (labelsChanged || refChanged) {
      for (const ds of this.setsMatching(ns, (cur.metadata?.labels ?? {}) as Labels)) this.enqueue(ds);
    }
  }

  private deletePod(pod: Pod): void {
    const ref = getControllerOf(pod);
    if (ref === undefined) return;
    const ds = this.resolveControllerRef(pod.metadata?.namespace ?? '', ref);
    if (ds === undefined) return;
    this.expectations.deletionObserved(objectKey(ds));
    this.enqueue(ds);
  }

  private addNode(node: Node): void {
    for (const ds of this.sets.list()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.enqueue(ds);
  }

  private updateNode(old: Node, cur: Node): void {
    if (nodeUpdateIrrelevant(old, cur)) return;
    for (const ds of this.sets.list()) {
      const a = nodeShouldRunDaemonPod(old, ds);
      const b = nodeShouldRunDaemonPod(cur, ds);
      if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning)
        this.enqueue(ds);
    }
  }

  /** Works the queue with `workers` workers once the caches synced, until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    const pool: WorkerPool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.log,
      source: SOURCE,
      startMessage: 'Starting daemon sets controller',
      stopMessage: 'Shutting down daemon sets controller',
      retryMessage: 'Error syncing DaemonSet, requeuing',
      retryLevel: 'error',
      sync: (key) => this.sync(key),
    };
    return runWorkers(pool, workers, signal);
  }

  private canAdoptFor(ds: DaemonSet): () => Promise<void> {
    return canAdoptFor(this.ctx.client.resource(DAEMON_SETS), ds, 'DaemonSet');
  }

  // The pods the set owns after adopting matching orphans and releasing non-matching ones.
  private async claimPods(ds: DaemonSet, selector: Selector, canAdopt: () => Promise<void>): Promise<Pod[]> {
    const manager = new ControllerRefManager<Pod>({
      owner: ds,
      ownerKind: DAEMONSET_KIND,
      selector,
      childKind: 'Pod',
      patch: (ns, n, body) => this.ctx.client.resource(PODS).patch(ns, n, 'strategic', body),
      canAdopt,
    });
    return manager.claim(this.pods.listNamespace(ds.metadata?.namespace ?? ''));
  }

  private async claimRevisions(
    ds: DaemonSet,
    selector: Selector,
    canAdopt: () => Promise<void>,
  ): Promise<ControllerRevision[]> {
    const manager = new ControllerRefManager<ControllerRevision>({
      owner: ds,
      ownerKind: DAEMONSET_KIND,
      selector,
      childKind: 'ControllerRevision',
      patch: (ns, n, body) => this.ctx.client.resource(CONTROLLER_REVISIONS).patch(ns, n, 'strategic', body),
      canAdopt,
    });
    return manager.claim(this.revisions.listNamespace(ds.metadata?.namespace ?? ''));
  }

  /** Reconciles the DaemonSet `namespace/name`. Rejects to have the key retried with backoff. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const found = this.sets.get(namespace, name);
    if (found === undefined) {
      this.expectations.deleteExpectations(key);
      return;
    }
    const ds = withTypeMeta(found, DAEMONSET_KIND);
    const nodes = this.nodes.list();
    const sel = ds.spec?.selector;
    if (
      sel !== undefined &&
      Object.keys(sel.matchLabels ?? {}).length === 0 &&
      (sel.matchExpressions ?? []).length === 0
    ) {
      this.recorder.event(
        ds,
        'Warning',
        SELECTING_ALL_REASON,
        'This daemon set is selecting all pods. A non-empty selector is required.',
      );
      return;
    }
    let selector: Selector;
    try {
      selector = labelSelectorAsSelector(sel);
    } catch (e) {
      this.log.error(SOURCE, 'Error converting DaemonSet selector', { key, err: messageOf(e) });
      return;
    }
    // While the set is being deleted its revisions may already be gone: no hash, no work.
    if (ds.metadata?.deletionTimestamp != null) return;
    const canAdopt = this.canAdoptFor(ds);
    let pods = await this.claimPods(ds, selector, canAdopt);
    const revisions = await this.claimRevisions(ds, selector, canAdopt);
    const { current, old } = await this.history.constructHistory(ds, revisions, () => pods);
    const hash = current.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? '';
    if (!this.expectations.satisfiedExpectations(key)) {
      await this.updateStatus(ds, nodes, pods, hash, false);
      return;
    }
    let err: unknown;
    try {
      await this.manage(ds, nodes, pods, hash);
      if (
        this.expectations.satisfiedExpectations(key) &&
        (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
      ) {
        const plan = planRollingUpdate(ds, nodes, nodeToDaemonPods(pods), hash, this.ctx.clock.now());
        await this.syncNodes(ds, plan.podsToDelete, plan.nodesToCreate, hash);
      }
      pods = this.pods.listNamespace(namespace).filter((p) => getControllerOf(p)?.uid === ds.metadata?.uid);
      await this.history.cleanupHistory(ds, old, pods);
    } catch (e) {
      err = e;
    }
    try {
      await this.updateStatus(ds, nodes, pods, hash, true);
    } catch (e) {
      if (err === undefined) throw e;
      this.log.error(SOURCE, 'Failed to update status', { key, err: messageOf(e) });
    }
    if (err !== undefined) throw err;
  }

  // Creates pods on nodes that need one and deletes pods that should not be where they are.
  private async manage(
    ds: DaemonSet,
    nodes: readonly Node[],
    pods: readonly Pod[],
    hash: string,
  ): Promise<void> {
    const byNode = nodeToDaemonPods(pods);
    const create: string[] = [];
    const remove: string[] = [];
    const nodeCtx: NodePodsContext = {
      ds,
      hash,
      now: this.ctx.clock.now(),
      backoff: this.failedPodsBackoff,
      requeueAfter: (ms) => this.queue.addAfter(objectKey(ds), ms),
      failedPod: (pod, nodeName) =>
        this.recorder.event(
          ds,
          'Warning',
          FAILED_DAEMON_POD_REASON,
          `Found failed daemon pod ${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''} on node ${nodeName}, will try to kill it`,
        ),
    };
    for (const node of nodes) {
      const r = podsShouldBeOnNode(node, byNode, nodeCtx);
      create.push(...r.create);
      remove.push(...r.remove);
    }
    // Unscheduled pods pinned to nodes that no longer exist would never be scheduled or collected.
    const known = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    for (const [node, list] of byNode) {
      if (known.has(node)) continue;
      for (const p of list) {
        if ((p.spec?.nodeName ?? '') === '' && p.metadata?.deletionTimestamp == null)
          remove.push(p.metadata?.name ?? '');
      }
    }
    await this.syncNodes(ds, remove, create, hash);
  }

  private syncNodes(
    ds: DaemonSet,
    podsToDelete: readonly string[],
    nodesToCreate: readonly string[],
    hash: string,
  ) {
    return syncNodes(
      { podControl: this.podControl, expectations: this.expectations, kind: DAEMONSET_KIND },
      ds,
      podsToDelete,
      nodesToCreate,
      hash,
    );
  }

  // Counts pods per node and writes the status when any count (or observedGeneration) changed.
  private async updateStatus(
    ds: DaemonSet,
    nodes: readonly Node[],
    pods: readonly Pod[],
    hash: string,
    updateObservedGen: boolean,
  ): Promise<void> {
    const counts = countDaemonPods(ds, nodes, nodeToDaemonPods(pods), hash, this.ctx.clock.now());
    const minReady = ds.spec?.minReadySeconds ?? 0;
    // Once more after minReadySeconds, against clock skew (as upstream).
    if (minReady > 0 && counts.numberReady !== counts.numberAvailable) {
      this.queue.addAfter(objectKey(ds), minReady * 1000);
    }
    const s = ds.status;
    const dsGen = ds.metadata?.generation ?? 0;
    const same =
      (Object.keys(counts) as (keyof DaemonSetCounts)[]).every((k) => (s?.[k] ?? 0) === counts[k]) &&
      (s?.observedGeneration ?? 0) >= dsGen;
    if (same) return;
    const api = this.ctx.client.resource(DAEMON_SETS);
    let target = deepCopy(ds);
    for (let attempt = 1; ; attempt++) {
      const record: Record<string, unknown> = { ...target.status };
      // updatedNumberScheduled, numberAvailable, numberUnavailable and observedGeneration are
      // omitted when zero, as upstream serializes them.
      for (const [k, v] of Object.entries(counts)) {
        const required =
          k === 'desiredNumberScheduled' ||
          k === 'currentNumberScheduled' ||
          k === 'numberMisscheduled' ||
          k === 'numberReady';
        if (required || v !== 0) record[k] = v;
        else delete record[k];
      }
      if (updateObservedGen) {
        if (dsGen !== 0) record['observedGeneration'] = dsGen;
        else delete record['observedGeneration'];
      }
      const status = record as unknown as DaemonSetStatus;
      try {
        await api.updateStatus({ ...target, status });
        return;
      } catch (e) {
        if (attempt >= STATUS_ATTEMPTS) throw e;
        target = await api.get(ds.metadata?.namespace ?? '', ds.metadata?.name ?? '');
      }
    }
  }
}
