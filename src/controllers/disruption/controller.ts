// The disruption controller: keeps every PodDisruptionBudget's status (expected, desired and
// currently healthy pods, disruptions allowed, the DisruptionAllowed condition) in step with its
// pods, forgets evictions recorded in status.disruptedPods that did not lead to a deletion within
// two minutes, and resets DisruptionTarget conditions left on pods that were never deleted.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { isConflict } from '../../apimachinery/errors/index.js';
import { getScaledValueFromIntOrPercent } from '../../apimachinery/intstr/index.js';
import { labelSelectorAsSelector } from '../../apimachinery/labels/index.js';
import { deepEqual, formatRFC3339 } from '../../apimachinery/meta/index.js';
import type { EventRecorder } from '../../client/events/types.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { DeletedFinalStateUnknown, SharedInformer } from '../../client/informers/types.js';
import {
  DEPLOYMENTS,
  POD_DISRUPTION_BUDGETS,
  PODS,
  REPLICA_SETS,
  REPLICATION_CONTROLLERS,
  STATEFUL_SETS,
} from '../../client/resources.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import {
  getControllerOf,
  messageOf,
  runWorkers,
  type WorkerPool,
  newControllerQueue,
} from '../util/index.js';
import { ScaleFinder } from './scale.js';
import {
  buildDisruptedPodMap,
  conditionsAreUpToDate,
  countHealthyPods,
  DISRUPTION_ALLOWED_CONDITION,
  DISRUPTION_TARGET_CONDITION,
  goLabelSelectorString,
  STALE_POD_DISRUPTION_TIMEOUT_MS,
  SYNC_FAILED_REASON,
  setStatusCondition,
  staleDisruptionCondition,
  statusOf,
  updateDisruptionAllowedCondition,
} from './status.js';

const SOURCE = 'disruption-controller';

/** Options of the controller; tests shorten the stale condition timeout. */
export interface DisruptionControllerOptions {
  /** How long a DisruptionTarget condition may sit on a pod not being deleted (default 2 min). */
  readonly stalePodDisruptionTimeoutMs?: number;
}

/** What the expected pod count computation found. */
interface Expected {
  readonly expectedCount: number;
  readonly desiredHealthy: number;
  readonly unmanagedPods: readonly string[];
}

/**
 * The PodDisruptionBudget controller. One worker for budgets and one for stale pod conditions, as
 * upstream. Timed requeues only where upstream has a deadline: a budget when its oldest
 * disruptedPods entry expires, a pod when its DisruptionTarget condition becomes stale.
 */
export class DisruptionController {
  /** Budget keys (`namespace/name`). */
  readonly queue: WorkQueue<string>;
  /** Pod keys whose DisruptionTarget condition may be stale. */
  readonly staleQueue: WorkQueue<string>;
  private readonly pods: SharedInformer<Pod>;
  private readonly pdbs: SharedInformer<PodDisruptionBudget>;
  private readonly recorder: EventRecorder;
  private readonly scales: ScaleFinder;
  private readonly staleTimeoutMs: number;

  constructor(
    private readonly ctx: ControllerContext,
    opts: DisruptionControllerOptions = {},
  ) {
    this.queue = newControllerQueue(ctx.clock);
    this.staleQueue = newControllerQueue(ctx.clock);
    this.staleTimeoutMs = opts.stalePodDisruptionTimeoutMs ?? STALE_POD_DISRUPTION_TIMEOUT_MS;
    // Upstream records this controller's events as "controllermanager".
    this.recorder = ctx.events.newRecorder('controllermanager');
    this.pods = ctx.informers.informerFor(PODS);
    this.pdbs = ctx.informers.informerFor(POD_DISRUPTION_BUDGETS);
    this.scales = new ScaleFinder(ctx.client, {
      replicationControllers: ctx.informers.informerFor(REPLICATION_CONTROLLERS).lister,
      replicaSets: ctx.informers.informerFor(REPLICA_SETS).lister,
      deployments: ctx.informers.informerFor(DEPLOYMENTS).lister,
      statefulSets: ctx.informers.informerFor(STATEFUL_SETS).lister,
    });
    this.pdbs.addEventHandler({
      onAdd: (pdb) => this.enqueue(pdb),
      onUpdate: (_old, pdb) => this.enqueue(pdb),
      onDelete: (pdb) => this.enqueue(unwrapTombstone(pdb)),
    });
    this.pods.addEventHandler({
      onAdd: (pod) => this.podChanged(pod, true),
      onUpdate: (_old, pod) => this.podChanged(pod, true),
      onDelete: (pod) => this.podDeleted(pod),
    });
  }

  /** Waits for the caches, then works both queues until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    const { informers, log } = this.ctx;
    const common = { informers, log, source: SOURCE, retryLevel: 'error' } as const;
    const budgets: WorkerPool = {
      ...common,
      queue: this.queue,
      startMessage: 'Starting controller',
      stopMessage: 'Shutting down controller',
      lifecycleKv: { controller: 'disruption' },
      retryMessage: 'Error syncing PodDisruptionBudget, requeuing',
      sync: (k) => this.sync(k),
    };
    const stalePods: WorkerPool = {
      ...common,
      queue: this.staleQueue,
      retryMessage: 'Error syncing Pod to clear DisruptionTarget condition, requeueing',
      sync: (k) => this.syncStalePodDisruption(k),
    };
    return runWorkers(budgets, 1, signal, [stalePods]);
  }

  // ---- event handlers ----

  private enqueue(pdb: PodDisruptionBudget): void {
    this.queue.add(objectKey(pdb));
  }

  private podChanged(pod: Pod, checkStale: boolean): void {
    const pdb = this.pdbForPod(pod);
    if (pdb !== undefined) this.enqueue(pdb);
    if (!checkStale) return;
    const stale = staleDisruptionCondition(pod, this.ctx.clock.now(), this.staleTimeoutMs);
    if (stale.has) this.staleQueue.addAfter(objectKey(pod), stale.waitMs);
  }

  private podDeleted(obj: Pod | DeletedFinalStateUnknown<Pod>): void {
    this.podChanged(unwrapTombstone(obj), false);
  }

  /**
   * The budgets of the pod's namespace whose selector matches it (an empty selector matches every
   * pod; an invalid one none); the first when several do, with a MultiplePodDisruptionBudgets
   * warning on the pod.
   */
  pdbForPod(pod: Pod): PodDisruptionBudget | undefined {
    const labels = pod.metadata?.labels ?? {};
    const matching = this.pdbs.lister.listNamespace(pod.metadata?.namespace ?? '').filter((pdb) => {
      try {
        return labelSelectorAsSelector(pdb.spec?.selector).matches(labels);
      } catch {
        return false;
      }
    });
    const first = matching[0];
    if (first !== undefined && matching.length > 1) {
      const msg = `Pod "${pod.metadata?.namespace ?? ''}"/"${pod.metadata?.name ?? ''}" matches multiple PodDisruptionBudgets.  Chose "${first.metadata?.name ?? ''}" arbitrarily.`;
      this.ctx.log.info(0, SOURCE, msg);
      this.recorder.event(pod, 'Warning', 'MultiplePodDisruptionBudgets', msg);
    }
    return first;
  }

  // ---- budget sync ----

  /** Recomputes the status of budget `key`; on failure other than a conflict, fails safe. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pdb = this.pdbs.lister.get(namespace, name);
    if (pdb === undefined) {
      this.ctx.log.info(4, SOURCE, 'podDisruptionBudget has been deleted', { key });
      return;
    }
    try {
      await this.trySync(pdb);
    } catch (e) {
      if (isConflict(e)) throw e;
      this.ctx.log.error(SOURCE, 'Failed to sync PDB', { podDisruptionBudget: key, err: messageOf(e) });
      await this.failSafe(pdb, e);
    }
  }

  private async trySync(pdb: PodDisruptionBudget): Promise<void> {
    let pods: Pod[];
    try {
      pods = this.podsForPdb(pdb);
    } catch (e) {
      this.recorder.event(pdb, 'Warning', 'NoPods', `Failed to get pods: ${messageOf(e)}`);
      throw e;
    }
    if (pods.length === 0) this.recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');

    let expected: Expected;
    try {
      expected = await this.expectedPodCount(pdb, pods);
    } catch (e) {
      this.recorder.event(
        pdb,
        'Warning',
        'CalculateExpectedPodCountFailed',
        `Failed to calculate the number of expected pods: ${messageOf(e)}`,
      );
      throw e;
    }
    if (expected.unmanagedPods.length > 0) {
      this.ctx.log.info(4, SOURCE, 'Found unmanaged pods associated with this PDB', {
        pods: expected.unmanagedPods,
      });
      this.recorder.event(
        pdb,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelectorString(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }

    const now = this.ctx.clock.now();
    const disrupted = buildDisruptedPodMap(pods, pdb, now);
    for (const pod of disrupted.expired) {
      this.ctx.log.info(1, SOURCE, "pod was expected to be deleted but it wasn't, updating PDB", {
        pod: objectKey(pod),
        podDisruptionBudget: objectKey(pdb),
      });
      // Upstream names the budget's namespace twice in this message.
      const ns = pdb.metadata?.namespace ?? '';
      this.recorder.event(
        pod,
        'Warning',
        'NotDeleted',
        `Pod was expected by PDB ${ns}/${ns} to be deleted but it wasn't`,
      );
    }
    const currentHealthy = countHealthyPods(pods, disrupted.pods, now);
    await this.updateStatus(
      pdb,
      currentHealthy,
      expected.desiredHealthy,
      expected.expectedCount,
      disrupted.pods,
    );
    if (disrupted.recheckAt !== undefined) this.queue.addAfter(objectKey(pdb), disrupted.recheckAt - now);
  }

  // The pods of the budget's namespace its selector matches (a null selector matches none).
  private podsForPdb(pdb: PodDisruptionBudget): Pod[] {
    const sel = labelSelectorAsSelector(pdb.spec?.selector);
    return this.pods.lister.listNamespace(pdb.metadata?.namespace ?? '', sel);
  }

  /**
   * expectedPods and desiredHealthy as upstream: an integer minAvailable is taken as is against
   * the number of selected pods; maxUnavailable or a percentage is applied to the summed scale of
   * the pods' controllers (percentages rounded up).
   */
  private async expectedPodCount(pdb: PodDisruptionBudget, pods: readonly Pod[]): Promise<Expected> {
    const spec = pdb.spec ?? {};
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
      const { expectedCount, unmanagedPods } = await this.expectedScale(pods);
      const maxUnavailable = getScaledValueFromIntOrPercent(spec.maxUnavailable, expectedCount, true);
      return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable), unmanagedPods };
    }
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
      if (typeof spec.minAvailable === 'number') {
        return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
      }
      const { expectedCount, unmanagedPods } = await this.expectedScale(pods);
      const desiredHealthy = getScaledValueFromIntOrPercent(spec.minAvailable, expectedCount, true);
      return { expectedCount, desiredHealthy, unmanagedPods };
    }
    return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
  }

  // The sum of the scales of the distinct controllers of `pods`; pods without a controller are
  // reported, a controller no finder knows is an error.
  private async expectedScale(
    pods: readonly Pod[],
  ): Promise<{ expectedCount: number; unmanagedPods: string[] }> {
    const scaleByUID = new Map<string, number>();
    const unmanagedPods: string[] = [];
    for (const pod of pods) {
      const ref = getControllerOf(pod);
      if (ref === undefined) {
        unmanagedPods.push(pod.metadata?.name ?? '');
        continue;
      }
      if (scaleByUID.has(ref.uid)) continue;
      const found = await this.scales.find(ref, pod.metadata?.namespace ?? '');
      if (found === undefined) throw new Error(`found no controllers for pod "${pod.metadata?.name ?? ''}"`);
      scaleByUID.set(found.uid, found.scale);
    }
    let expectedCount = 0;
    for (const n of scaleByUID.values()) expectedCount += n;
    return { expectedCount, unmanagedPods };
  }

  private async updateStatus(
    pdb: PodDisruptionBudget,
    currentHealthy: number,
    desiredHealthy: number,
    expectedCount: number,
    disruptedPods: Record<string, string>,
  ): Promise<void> {
    // A budget that matches no pods yet allows nothing, so that its first pods are safe before
    // this controller has seen them.
    let disruptionsAllowed = currentHealthy - desiredHealthy;
    if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
    const st = statusOf(pdb);
    const generation = pdb.metadata?.generation ?? 0;
    if (
      st.currentHealthy === currentHealthy &&
      st.desiredHealthy === desiredHealthy &&
      st.expectedPods === expectedCount &&
      st.disruptionsAllowed === disruptionsAllowed &&
      deepEqual(st.disruptedPods ?? {}, disruptedPods) &&
      (st.observedGeneration ?? 0) === generation &&
      conditionsAreUpToDate(pdb)
    ) {
      return;
    }
    const next: PodDisruptionBudget = structuredClone(pdb);
    next.status = {
      currentHealthy,
      desiredHealthy,
      expectedPods: expectedCount,
      disruptionsAllowed,
      observedGeneration: generation,
      ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
      ...(pdb.status?.conditions === undefined ? {} : { conditions: structuredClone(pdb.status.conditions) }),
    };
    updateDisruptionAllowedCondition(next, this.ctx.clock.now());
    await this.ctx.client.resource(POD_DISRUPTION_BUDGETS).updateStatus(next);
  }

  // Upstream's fail-safe: at least make evictions stop (disruptionsAllowed 0, DisruptionAllowed
  // False with reason SyncFailed and the error as message).
  private async failSafe(pdb: PodDisruptionBudget, err: unknown): Promise<void> {
    const next: PodDisruptionBudget = structuredClone(pdb);
    const status = statusOf(next);
    next.status = status;
    status.disruptionsAllowed = 0;
    status.conditions ??= [];
    setStatusCondition(
      status.conditions,
      {
        type: DISRUPTION_ALLOWED_CONDITION,
        status: 'False',
        reason: SYNC_FAILED_REASON,
        message: messageOf(err),
        observedGeneration: status.observedGeneration ?? 0,
        lastTransitionTime: '',
      },
      this.ctx.clock.now(),
    );
    await this.ctx.client.resource(POD_DISRUPTION_BUDGETS).updateStatus(next);
  }

  // ---- stale DisruptionTarget conditions ----

  /**
   * Sets a stale DisruptionTarget condition of pod `key` to False (a pod that got the condition
   * but was not deleted within the timeout), or requeues the pod for when it becomes stale.
   */
  async syncStalePodDisruption(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.lister.get(namespace, name);
    if (pod === undefined) return;
    const now = this.ctx.clock.now();
    const stale = staleDisruptionCondition(pod, now, this.staleTimeoutMs);
    if (!stale.has) return;
    if (stale.waitMs > 0) {
      this.staleQueue.addAfter(key, stale.waitMs);
      return;
    }
    const next: Pod = structuredClone(pod);
    const conditions = next.status?.conditions ?? [];
    const i = conditions.findIndex((c) => c.type === DISRUPTION_TARGET_CONDITION);
    // Upstream's UpdatePodCondition replaces the whole condition: reason and message go.
    conditions[i] = {
      type: DISRUPTION_TARGET_CONDITION,
      status: 'False',
      lastTransitionTime: formatRFC3339(new Date(now)),
    };
    await this.ctx.client.resource(PODS).updateStatus(next);
    this.ctx.log.info(2, SOURCE, 'Reset stale DisruptionTarget condition to False', { pod: key });
  }
}
