// One pod's scheduling cycle and its binding cycle (upstream's scheduleOne): the search runs
// synchronously; binding runs asynchronously so the next pod's search overlaps it. Failures are
// reported as upstream does: a FailedScheduling event, a PodScheduled=False condition, the
// nominated node set or cleared, and the pod back in the queue.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { PODS } from '../../client/resources.js';
import type { Client } from '../../client/types.js';
import type { Logger } from '../../log/index.js';
import type { CycleState } from '../framework/cycle-state.js';
import { Status } from '../framework/status.js';
import type { PodInfo, QueuedPodInfo } from '../framework/types.js';
import type { Framework } from '../runtime/framework.js';
import {
  FitError,
  NO_NODES_AVAILABLE,
  NodeSearch,
  newDiagnosis,
  prioritizeNodes,
  selectHost,
} from './find-nodes.js';
import type { CachePort, CycleSnapshot, NominatingInfo, PodLookup, QueuePort } from './ports.js';

/** Events the cycle records: `regarding` pod, type, reason, action, note. */
export type SchedulerEventSink = (
  pod: Pod,
  type: 'Normal' | 'Warning',
  reason: string,
  action: string,
  note: string,
) => void;

/** What the cycle runs on. */
export interface ScheduleOneDeps {
  readonly client: Client;
  readonly log: Logger;
  readonly cache: CachePort;
  readonly snapshot: CycleSnapshot;
  readonly queue: QueuePort;
  /** Profiles by schedulerName. */
  readonly profiles: ReadonlyMap<string, Framework>;
  /** The pod informer's cache. */
  readonly pods: PodLookup;
  /** Builds the PodInfo of a pod (affinity terms parsed). */
  readonly newPodInfo: (pod: Pod) => PodInfo;
  /** Per-profile events (profile name → sink). */
  readonly events: (schedulerName: string) => SchedulerEventSink;
  /** Global percentageOfNodesToScore (undefined or 0: adaptive). */
  readonly percentageOfNodesToScore: number | undefined;
  readonly random?: () => number;
}

/** Result of a successful search. */
export interface ScheduleResult {
  readonly suggestedHost: string;
  readonly evaluatedNodes: number;
  readonly feasibleNodes: number;
}

const CLEAR_NOMINATED: NominatingInfo = { mode: 'override', nodeName: '' };
const NOOP_NOMINATED: NominatingInfo = { mode: 'noop' };

/** Events and conditions carry at most this many characters (upstream's truncateMessage). */
export const MAX_MESSAGE_LENGTH = 1024;

/** `message` cut to MAX_MESSAGE_LENGTH with ` ...` at the end. */
export function truncateMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  return `${message.slice(0, MAX_MESSAGE_LENGTH - 4)} ...`;
}

/** The scheduling loop's per-pod work. */
export class ScheduleOne {
  private readonly searches = new Map<string, NodeSearch>();
  /** Binding cycles in flight (awaited on shutdown). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: ScheduleOneDeps) {}

  /** Pops one pod and schedules it; false once the queue is closed. */
  async scheduleNext(): Promise<boolean> {
    const qpi = await this.deps.queue.pop();
    if (qpi === undefined) return false;
    this.scheduleOne(qpi);
    return true;
  }

  /** Resolves once every binding cycle started so far finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** The scheduling cycle of one popped pod; starts its binding cycle on success. */
  scheduleOne(qpi: QueuedPodInfo): void {
    const { deps } = this;
    const pod = qpi.podInfo.pod;
    const uid = pod.metadata?.uid ?? '';
    const fwk = deps.profiles.get(pod.spec?.schedulerName ?? 'default-scheduler');
    if (fwk === undefined) {
      deps.log.error('scheduler', 'Error occurred', {
        err: `profile not found for scheduler name "${pod.spec?.schedulerName ?? ''}"`,
      });
      deps.queue.done(uid);
      return;
    }
    if (this.skipPodSchedule(fwk, pod)) {
      deps.queue.done(uid);
      return;
    }
    deps.log.info(3, 'scheduler', 'Attempting to schedule pod', { pod: podRef(pod) });
    const state = fwk.newCycleState();
    const r = this.schedulingCycle(state, fwk, qpi);
    if (r.status !== undefined) {
      void this.handleSchedulingFailure(fwk, r.qpi, r.status, r.nominating, r.fitError);
      return;
    }
    const p = this.bindingCycle(state, fwk, r.result, r.qpi).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private skipPodSchedule(fwk: Framework, pod: Pod): boolean {
    if (pod.metadata?.deletionTimestamp) {
      this.deps.events(fwk.schedulerName)(
        pod,
        'Warning',
        'FailedScheduling',
        'Scheduling',
        `skip schedule deleting pod: ${podRef(pod)}`,
      );
      return true;
    }
    // An assumed pod was popped again after an update: it is already being bound.
    return this.deps.cache.isAssumedPod(pod);
  }

  private searchFor(fwk: Framework): NodeSearch {
    let s = this.searches.get(fwk.schedulerName);
    if (s === undefined) {
      s = new NodeSearch(this.deps.percentageOfNodesToScore);
      this.searches.set(fwk.schedulerName, s);
    }
    return s;
  }

  /** Upstream's schedulePod: the host, or throws FitError / Error. */
  schedulePod(fwk: Framework, state: CycleState, pod: Pod): ScheduleResult {
    const { snapshot } = this.deps;
    this.deps.cache.updateSnapshot();
    if (snapshot.nodeInfos.list().length === 0) throw new NoNodesAvailableError();
    const { feasible, diagnosis } = this.searchFor(fwk).findNodesThatFitPod(fwk, snapshot, state, pod);
    if (feasible.length === 0) throw new FitError(pod, snapshot.nodeInfos.list().length, diagnosis);
    const only = feasible[0];
    if (feasible.length === 1 && only !== undefined) {
      return { suggestedHost: only.name, evaluatedNodes: 1 + diagnosis.nodeToStatus.size, feasibleNodes: 1 };
    }
    const scores = prioritizeNodes(fwk, state, pod, feasible);
    return {
      suggestedHost: selectHost(scores, this.deps.random),
      evaluatedNodes: feasible.length + diagnosis.nodeToStatus.size,
      feasibleNodes: feasible.length,
    };
  }

  private schedulingCycle(
    state: CycleState,
    fwk: Framework,
    qpi: QueuedPodInfo,
  ):
    | { status: undefined; result: ScheduleResult; qpi: QueuedPodInfo }
    | { status: Status; nominating: NominatingInfo; qpi: QueuedPodInfo; fitError?: FitError } {
    const pod = qpi.podInfo.pod;
    let result: ScheduleResult;
    try {
      result = this.schedulePod(fwk, state, pod);
    } catch (err) {
      if (err instanceof NoNodesAvailableError) {
        return { status: Status.unresolvable(NO_NODES_AVAILABLE), nominating: CLEAR_NOMINATED, qpi };
      }
      if (!(err instanceof FitError)) {
        this.deps.log.error('scheduler', 'Error selecting node for pod', { pod: podRef(pod), err });
        return { status: Status.error(errorOf(err)), nominating: CLEAR_NOMINATED, qpi };
      }
      qpi.unschedulablePlugins = new Set(err.diagnosis.unschedulablePlugins);
      // Preemption runs asynchronously-free here: PostFilter is awaited by the failure handler.
      return { status: Status.unschedulable(), nominating: NOOP_NOMINATED, qpi, fitError: err };
    }
    // Assume: the cache counts the pod on its node before the binding is confirmed.
    const assumed: Pod = {
      ...pod,
      spec: { ...pod.spec, containers: pod.spec?.containers ?? [], nodeName: result.suggestedHost },
    };
    const assumedQpi: QueuedPodInfo = { ...qpi, podInfo: { ...qpi.podInfo, pod: assumed } };
    try {
      this.deps.cache.assumePod(assumed);
    } catch (err) {
      return { status: Status.error(errorOf(err)), nominating: CLEAR_NOMINATED, qpi: assumedQpi };
    }
    this.deps.queue.deleteNominatedPodIfExists(assumed);
    return { status: undefined, result, qpi: assumedQpi };
  }

  // Reserve and Permit run at the start of the (asynchronous) binding cycle here: Reserve plugins
  // may be asynchronous in this framework, and nothing between them and binding reads the cache.
  private async bindingCycle(
    state: CycleState,
    fwk: Framework,
    result: ScheduleResult,
    qpi: QueuedPodInfo,
  ): Promise<void> {
    const assumed = qpi.podInfo.pod;
    const host = result.suggestedHost;
    const uid = assumed.metadata?.uid ?? '';
    let status: Status | undefined;
    let reserved = false;
    try {
      status = await fwk.runReservePluginsReserve(state, assumed, host);
      reserved = true;
      if (status === undefined) {
        const permit = fwk.runPermitPlugins(state, assumed, host);
        if (permit !== undefined && permit.code !== 'Wait') status = permit;
      }
      if (status !== undefined) {
        // Failed in what upstream's scheduling cycle covers: undo and report, no move request.
        await fwk.runReservePluginsUnreserve(state, assumed, host);
        this.forget(assumed);
        await this.handleSchedulingFailure(
          fwk,
          qpi,
          status,
          CLEAR_NOMINATED,
          rejectedOnHost(status, assumed, host),
        );
        return;
      }
      status = await fwk.waitOnPermit(assumed);
      if (status === undefined) status = await fwk.runPreBindPlugins(state, assumed, host);
      if (status === undefined) {
        status = await fwk.runBindPlugins(state, assumed, host);
        this.finishBinding(assumed);
      }
    } catch (err) {
      status = Status.error(errorOf(err));
    }
    if (status === undefined) {
      this.deps.log.info(2, 'scheduler', 'Successfully bound pod to node', {
        pod: podRef(assumed),
        node: host,
        evaluatedNodes: result.evaluatedNodes,
        feasibleNodes: result.feasibleNodes,
      });
      this.deps.events(fwk.schedulerName)(
        assumed,
        'Normal',
        'Scheduled',
        'Binding',
        `Successfully assigned ${podRef(assumed)} to ${host}`,
      );
      fwk.runPostBindPlugins(state, assumed, host);
      this.deps.queue.done(uid);
      return;
    }
    // Binding cycle failure: unreserve, forget (a freed node is like a deleted assigned pod), requeue.
    if (reserved) await fwk.runReservePluginsUnreserve(state, assumed, host);
    if (this.forget(assumed)) this.deps.queue.assignedPodDeleted(assumed);
    await this.handleSchedulingFailure(
      fwk,
      qpi,
      status,
      CLEAR_NOMINATED,
      rejectedOnHost(status, assumed, host),
    );
  }

  private finishBinding(pod: Pod): void {
    try {
      this.deps.cache.finishBinding(pod);
    } catch (err) {
      this.deps.log.error('scheduler', 'Scheduler cache FinishBinding failed', { pod: podRef(pod), err });
    }
  }

  private forget(pod: Pod): boolean {
    try {
      this.deps.cache.forgetPod(pod);
      return true;
    } catch (err) {
      this.deps.log.error('scheduler', 'Scheduler cache ForgetPod failed', { pod: podRef(pod), err });
      return false;
    }
  }

  /**
   * Upstream's handleSchedulingFailure: PostFilter (preemption) for a FitError, the pod back in
   * the queue (unless deleted or bound meanwhile), the nominated node recorded, a FailedScheduling
   * event and the PodScheduled=False condition.
   */
  async handleSchedulingFailure(
    fwk: Framework,
    qpi: QueuedPodInfo,
    status: Status,
    nominatingIn: NominatingInfo,
    fitError?: FitError,
  ): Promise<void> {
    const { deps } = this;
    const pod = qpi.podInfo.pod;
    const uid = pod.metadata?.uid ?? '';
    let nominating = nominatingIn;
    // A search that found no node runs PostFilter (preemption) first; its message joins the error.
    if (fitError !== undefined && nominatingIn.mode === 'noop')
      nominating = await this.runPostFilter(fwk, fitError);
    const rejected = status.isRejected();
    const reason = rejected ? 'Unschedulable' : 'SchedulerError';
    const errMsg = fitError !== undefined ? fitError.message : status.message();
    if (rejected) {
      deps.log.info(2, 'scheduler', 'Unable to schedule pod; no fit; waiting', {
        pod: podRef(pod),
        err: errMsg,
      });
    } else {
      deps.log.error('scheduler', 'Error scheduling pod; retrying', { pod: podRef(pod), err: errMsg });
    }
    let requeued = false;
    const cached = deps.pods.get(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
    let podInfo = qpi.podInfo;
    if (cached === undefined) {
      deps.log.info(0, 'scheduler', "Pod doesn't exist in informer cache", { pod: podRef(pod) });
    } else if (cached.spec?.nodeName) {
      deps.log.info(0, 'scheduler', 'Pod has been assigned to node. Abort adding it back to queue.', {
        pod: podRef(pod),
        node: cached.spec.nodeName,
      });
    } else {
      podInfo = deps.newPodInfo(cached);
      deps.queue.addUnschedulableIfNotPresent({ ...qpi, podInfo }, deps.queue.schedulingCycle());
      requeued = true;
    }
    if (!requeued) deps.queue.done(uid);
    deps.queue.addNominatedPod(podInfo, nominating);
    const msg = truncateMessage(errMsg);
    const target = cached ?? pod;
    deps.events(fwk.schedulerName)(target, 'Warning', 'FailedScheduling', 'Scheduling', msg);
    try {
      await updatePodStatus(
        deps.client,
        target,
        { type: 'PodScheduled', status: 'False', reason, message: errMsg },
        nominating,
      );
    } catch (err) {
      deps.log.error('scheduler', 'Error updating pod', { pod: podRef(pod), err });
    }
  }

  private async runPostFilter(fwk: Framework, fitError: FitError): Promise<NominatingInfo> {
    if (fwk.postFilterPlugins.length === 0) {
      this.deps.log.info(
        3,
        'scheduler',
        'No PostFilter plugins are registered, so no preemption will be performed',
      );
      return NOOP_NOMINATED;
    }
    const statuses = new Map(fitError.diagnosis.nodeToStatus);
    // Nodes not in the map share the absent status (all of them after a PreFilter rejection).
    if (statuses.size < fitError.numAllNodes) {
      for (const ni of this.deps.snapshot.nodeInfos.list()) {
        if (!statuses.has(ni.name)) statuses.set(ni.name, fitError.diagnosis.absentNodesStatus);
      }
    }
    const state = fwk.newCycleState();
    // PreFilter state is needed by preemption's what-if filtering.
    fwk.runPreFilterPlugins(state, fitError.pod, this.deps.snapshot.nodeInfos.list());
    const r = await fwk.runPostFilterPlugins(state, fitError.pod, statuses);
    fitError.diagnosis.postFilterMsg = r.status.message();
    if (r.status.code === 'Error') {
      this.deps.log.error('scheduler', 'Status after running PostFilter plugins for pod', {
        pod: podRef(fitError.pod),
        status: r.status.message(),
      });
    }
    return r.nominatedNodeName === undefined
      ? NOOP_NOMINATED
      : { mode: 'override', nodeName: r.nominatedNodeName };
  }
}

class NoNodesAvailableError extends Error {
  constructor() {
    super(NO_NODES_AVAILABLE);
  }
}

// A rejection after the search (Reserve, Permit, PreBind) is reported as a FitError over that node.
function rejectedOnHost(status: Status, pod: Pod, host: string): FitError | undefined {
  if (!status.isRejected()) return undefined;
  const d = newDiagnosis();
  d.nodeToStatus.set(host, status);
  if (status.plugin !== '') d.unschedulablePlugins.add(status.plugin);
  return new FitError(pod, 1, d);
}

function errorOf(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function podRef(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/**
 * Patches the pod's PodScheduled condition (and nominatedNodeName when it changes) with a
 * strategic merge patch of the status subresource, only when something changed (upstream's
 * updatePod).
 */
export async function updatePodStatus(
  client: Client,
  pod: Pod,
  condition: PodCondition,
  nominating: NominatingInfo,
): Promise<void> {
  const current = pod.status?.nominatedNodeName ?? '';
  const nnnChange = nominating.mode === 'override' && current !== nominating.nodeName;
  const old = pod.status?.conditions?.find((c) => c.type === condition.type);
  const same =
    old !== undefined &&
    old.status === condition.status &&
    (old.reason ?? '') === (condition.reason ?? '') &&
    (old.message ?? '') === (condition.message ?? '');
  if (same && !nnnChange) return;
  const cond: PodCondition = {
    ...condition,
    lastTransitionTime:
      old !== undefined && old.status === condition.status && old.lastTransitionTime
        ? old.lastTransitionTime
        : new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  const status: Record<string, unknown> = {};
  if (!same) status['conditions'] = [cond];
  if (nnnChange)
    status['nominatedNodeName'] =
      nominating.mode === 'override' && nominating.nodeName !== '' ? nominating.nodeName : null;
  await client
    .resource(PODS)
    .patch(
      pod.metadata?.namespace ?? '',
      pod.metadata?.name ?? '',
      'strategic',
      { status },
      { subresource: 'status' },
    );
}
