// The StatefulSet controller: watches sets and pods, claims each set's pods and revisions, and
// runs StatefulSetControl on a rate-limited queue of set keys.
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { type Labels, labelSelectorAsSelector } from '../../apimachinery/labels/index.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { Lister } from '../../client/informers/types.js';
import {
  CONTROLLER_REVISIONS,
  PERSISTENT_VOLUME_CLAIMS,
  PODS,
  STATEFUL_SETS,
} from '../../client/resources.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Logger } from '../../log/index.js';
import type { ControllerContext } from '../context.js';
import { ControllerHistory } from '../history/index.js';
import {
  canAdoptFor,
  ControllerRefManager,
  getControllerOf,
  isPodReady,
  messageOf,
  runWorkers,
  type WorkerPool,
  newControllerQueue,
} from '../util/index.js';
import { StatefulPodControl } from './pod-control.js';
import { isMemberOf, STATEFULSET_KIND } from './pod-identity.js';
import { StatefulSetControl } from './set-control.js';

/** kube-controller-manager's --concurrent-statefulset-syncs default. */
export const DEFAULT_WORKERS = 5;

const SOURCE = 'statefulset-controller';

/**
 * The StatefulSet controller (upstream's StatefulSetController). Handlers only queue set keys;
 * `sync` reads listers and writes through the client. Idle while nothing changes, except the
 * requeue after minReadySeconds that upstream also does while pods are not yet available.
 */
export class StatefulSetController {
  readonly queue: WorkQueue<string>;
  readonly control: StatefulSetControl;
  private readonly sets: Lister<StatefulSet>;
  private readonly pods: Lister<Pod>;
  private readonly log: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = newControllerQueue(ctx.clock);
    this.log = ctx.log;
    const sets = ctx.informers.informerFor(STATEFUL_SETS);
    const pods = ctx.informers.informerFor(PODS);
    const claims = ctx.informers.informerFor(PERSISTENT_VOLUME_CLAIMS);
    const revisions = ctx.informers.informerFor(CONTROLLER_REVISIONS);
    this.sets = sets.lister;
    this.pods = pods.lister;
    const recorder = ctx.events.newRecorder(SOURCE);
    const podControl = new StatefulPodControl(ctx.client, claims.lister, recorder);
    this.control = new StatefulSetControl({
      client: ctx.client,
      setLister: sets.lister,
      podControl,
      history: new ControllerHistory(ctx.client, revisions.lister),
      clock: ctx.clock,
    });
    sets.addEventHandler({
      onAdd: (s) => this.enqueue(s),
      onUpdate: (_o, s) => this.enqueue(s),
      onDelete: (s) => this.enqueue(unwrapTombstone(s)),
    });
    pods.addEventHandler({
      onAdd: (p) => this.addPod(p),
      onUpdate: (o, p) => this.updatePod(o, p),
      onDelete: (p) => this.deletePod(unwrapTombstone(p)),
    });
  }

  private enqueue(set: StatefulSet): void {
    this.queue.add(objectKey(set));
  }

  private resolveControllerRef(namespace: string, ref: OwnerReference): StatefulSet | undefined {
    if (ref.kind !== STATEFULSET_KIND.kind) return undefined;
    const set = this.sets.get(namespace, ref.name);
    return set?.metadata?.uid === ref.uid ? set : undefined;
  }

  // Sets in the pod's namespace whose selector matches it (for orphans).
  private setsForPod(pod: Pod): StatefulSet[] {
    const labels = (pod.metadata?.labels ?? {}) as Labels;
    return this.sets.listNamespace(pod.metadata?.namespace ?? '').filter((s) => {
      try {
        const sel = labelSelectorAsSelector(s.spec?.selector);
        return !sel.empty() && sel.matches(labels);
      } catch {
        return false;
      }
    });
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp != null) {
      this.deletePod(pod);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref !== undefined) {
      const set = this.resolveControllerRef(pod.metadata?.namespace ?? '', ref);
      if (set !== undefined) this.enqueue(set);
      return;
    }
    for (const s of this.setsForPod(pod)) this.enqueue(s);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const ns = cur.metadata?.namespace ?? '';
    const labelsChanged = !deepEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {});
    const oldRef = getControllerOf(old);
    const curRef = getControllerOf(cur);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef !== undefined) {
      const set = this.resolveControllerRef(ns, oldRef);
      if (set !== undefined) this.enqueue(set);
    }
    if (curRef !== undefined) {
      const set = this.resolveControllerRef(ns, curRef);
      if (set === undefined) return;
      this.enqueue(set);
      // A pod that just became ready becomes available minReadySeconds later.
      const minReady = set.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
        this.queue.addAfter(objectKey(set), minReady * 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const s of this.setsForPod(cur)) this.enqueue(s);
  }

  private deletePod(pod: Pod): void {
    const ref = getControllerOf(pod);
    if (ref === undefined) return;
    const set = this.resolveControllerRef(pod.metadata?.namespace ?? '', ref);
    if (set !== undefined) this.enqueue(set);
  }

  /** Works the queue with `workers` workers once the caches synced, until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    const pool: WorkerPool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.log,
      source: SOURCE,
      startMessage: 'Starting stateful set controller',
      stopMessage: 'Shutting down statefulset controller',
      retryMessage: 'Error syncing StatefulSet, requeuing',
      retryLevel: 'error',
      sync: (key) => this.sync(key),
    };
    return runWorkers(pool, workers, signal);
  }

  /** Reconciles the set `namespace/name`. Rejects to have the key retried with backoff. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const set = this.sets.get(namespace, name);
    if (set === undefined) return;
    let selector: ReturnType<typeof labelSelectorAsSelector>;
    try {
      selector = labelSelectorAsSelector(set.spec?.selector);
    } catch (e) {
      // Not transient: retrying cannot help.
      this.log.error(SOURCE, 'Error converting StatefulSet selector', { key, err: messageOf(e) });
      return;
    }
    const canAdopt = canAdoptFor(this.ctx.client.resource(STATEFUL_SETS), set, 'StatefulSet');
    await this.adoptOrphanRevisions(set, canAdopt);
    const manager = new ControllerRefManager<Pod>({
      owner: set,
      ownerKind: STATEFULSET_KIND,
      selector,
      childKind: 'Pod',
      patch: (ns, n, body) => this.ctx.client.resource(PODS).patch(ns, n, 'strategic', body),
      canAdopt,
    });
    const pods = await manager.claim(this.pods.listNamespace(namespace), (p) => isMemberOf(set, p));
    const status = await this.control.updateStatefulSet(set, pods);
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.availableReplicas !== (set.spec?.replicas ?? 1)) {
      this.queue.addAfter(key, minReady * 1000);
    }
  }

  // Adopts the orphaned revisions matching the set, once the set is known not to be going away.
  private async adoptOrphanRevisions(set: StatefulSet, canAdopt: () => Promise<void>): Promise<void> {
    const orphans = this.control.listRevisions(set).filter((r) => getControllerOf(r) === undefined);
    if (orphans.length === 0) return;
    try {
      await canAdopt();
    } catch (e) {
      throw new Error(`can't adopt ControllerRevisions: ${messageOf(e)}`, { cause: e });
    }
    await this.control.adoptOrphanRevisions(set, orphans);
  }
}
