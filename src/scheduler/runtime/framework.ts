// The framework runtime of one profile (upstream's frameworkImpl): plugin instances per extension
// point in configured order, and the rules that combine their answers (PreFilter results
// intersected, Skip statuses, first Filter failure per node, weighted and normalized scores,
// Reserve undone in reverse, Permit waits, the first non-skipping binder).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../client/clock.js';
import { CycleState } from '../framework/cycle-state.js';
import { isSuccess, Status } from '../framework/status.js';
import {
  type BindPlugin,
  type ClusterEventWithHint,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  MAX_NODE_SCORE,
  type NodeInfo,
  type NodeScore,
  type NodeToStatus,
  type PermitPlugin,
  type Plugin,
  type PluginFactory,
  type PodInfo,
  type PostBindPlugin,
  type PostFilterPlugin,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
} from '../framework/types.js';
import { EXTENSION_POINTS, type ExtensionPoint, type ProfilePlugins } from './extension-points.js';
import { podPriority } from './pod-priority.js';
import { WaitingPods } from './waiting-pods.js';

/** Permit waits are capped at 15 minutes, as upstream's maxTimeout. */
export const MAX_PERMIT_TIMEOUT_MS = 15 * 60 * 1000;

/** What a profile's framework is built from. */
export interface FrameworkOptions {
  readonly schedulerName: string;
  readonly registry: ReadonlyMap<string, PluginFactory>;
  readonly plugins: ProfilePlugins;
  /** Plugin name → args (undefined: the plugin's defaults). */
  readonly pluginConfig: ReadonlyMap<string, unknown>;
  /** Per-profile override of percentageOfNodesToScore (undefined: the global value). */
  readonly percentageOfNodesToScore: number | undefined;
  /** The handle without `runFilterPluginsWithNominatedPods`, which the framework supplies. */
  readonly handle: Omit<Handle, 'runFilterPluginsWithNominatedPods'>;
  /**
   * Copies a NodeInfo and adds a pod to the copy (for nominated pods in Filter); from the
   * node-info module. Absent: nominated pods are not considered.
   */
  readonly nodeInfoWithPod?: (
    nodeInfo: NodeInfo,
    podInfo: import('../framework/types.js').PodInfo,
  ) => NodeInfo;
}

/** A node's total and per-plugin weighted scores (upstream's NodePluginScores). */
export interface NodePluginScores {
  readonly name: string;
  readonly scores: { readonly plugin: string; score: number }[];
  totalScore: number;
}

/** An error building a framework (unknown plugin, wrong extension point, double registration). */
export class FrameworkConfigError extends Error {}

const is = {
  PreEnqueue: (p: Plugin): p is PreEnqueuePlugin => typeof (p as PreEnqueuePlugin).preEnqueue === 'function',
  QueueSort: (p: Plugin): p is QueueSortPlugin => typeof (p as QueueSortPlugin).less === 'function',
  PreFilter: (p: Plugin): p is PreFilterPlugin => typeof (p as PreFilterPlugin).preFilter === 'function',
  Filter: (p: Plugin): p is FilterPlugin => typeof (p as FilterPlugin).filter === 'function',
  PostFilter: (p: Plugin): p is PostFilterPlugin => typeof (p as PostFilterPlugin).postFilter === 'function',
  PreScore: (p: Plugin): p is PreScorePlugin => typeof (p as PreScorePlugin).preScore === 'function',
  Score: (p: Plugin): p is ScorePlugin => typeof (p as ScorePlugin).score === 'function',
  Reserve: (p: Plugin): p is ReservePlugin =>
    typeof (p as ReservePlugin).reserve === 'function' &&
    typeof (p as ReservePlugin).unreserve === 'function',
  Permit: (p: Plugin): p is PermitPlugin => typeof (p as PermitPlugin).permit === 'function',
  PreBind: (p: Plugin): p is PreBindPlugin => typeof (p as PreBindPlugin).preBind === 'function',
  Bind: (p: Plugin): p is BindPlugin => typeof (p as BindPlugin).bind === 'function',
  PostBind: (p: Plugin): p is PostBindPlugin => typeof (p as PostBindPlugin).postBind === 'function',
} satisfies Record<ExtensionPoint, (p: Plugin) => boolean>;

/** Upstream's Go interface names, used in configuration errors. */
const INTERFACE_NAMES: Record<ExtensionPoint, string> = {
  PreEnqueue: 'PreEnqueuePlugin',
  QueueSort: 'QueueSortPlugin',
  PreFilter: 'PreFilterPlugin',
  Filter: 'FilterPlugin',
  PostFilter: 'PostFilterPlugin',
  PreScore: 'PreScorePlugin',
  Score: 'ScorePlugin',
  Reserve: 'ReservePlugin',
  Permit: 'PermitPlugin',
  PreBind: 'PreBindPlugin',
  Bind: 'BindPlugin',
  PostBind: 'PostBindPlugin',
};

/** The framework of one profile. */
export class Framework {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly handle: Handle;
  readonly preEnqueuePlugins: readonly PreEnqueuePlugin[];
  readonly queueSortPlugins: readonly QueueSortPlugin[];
  readonly preFilterPlugins: readonly PreFilterPlugin[];
  readonly filterPlugins: readonly FilterPlugin[];
  readonly postFilterPlugins: readonly PostFilterPlugin[];
  readonly preScorePlugins: readonly PreScorePlugin[];
  readonly scorePlugins: readonly ScorePlugin[];
  readonly reservePlugins: readonly ReservePlugin[];
  readonly permitPlugins: readonly PermitPlugin[];
  readonly preBindPlugins: readonly PreBindPlugin[];
  readonly bindPlugins: readonly BindPlugin[];
  readonly postBindPlugins: readonly PostBindPlugin[];
  /** Every instantiated plugin by name. */
  readonly pluginsMap: ReadonlyMap<string, Plugin>;
  /** Score plugin name → weight. */
  readonly scoreWeights: ReadonlyMap<string, number>;
  /** Pods held at Permit. */
  readonly waitingPods: WaitingPods;
  private readonly clock: Clock;
  private readonly nodeInfoWithPod: FrameworkOptions['nodeInfoWithPod'];

  constructor(opts: FrameworkOptions) {
    this.schedulerName = opts.schedulerName;
    this.percentageOfNodesToScore = opts.percentageOfNodesToScore;
    this.clock = opts.handle.clock;
    this.nodeInfoWithPod = opts.nodeInfoWithPod;
    this.waitingPods = new WaitingPods(this.clock);
    this.handle = {
      ...opts.handle,
      runFilterPluginsWithNominatedPods: (state, pod, nodeInfo) =>
        this.runFilterPluginsWithNominatedPods(state, pod, nodeInfo),
      // What preemption's what-if runs need beyond the Handle contract (preemption/types.ts).
      runPreFilterExtensionAddPod: (state: CycleState, pod: Pod, pi: PodInfo, info: NodeInfo) =>
        this.runPreFilterExtensionAddPod(state, pod, pi, info),
      runPreFilterExtensionRemovePod: (state: CycleState, pod: Pod, pi: PodInfo, info: NodeInfo) =>
        this.runPreFilterExtensionRemovePod(state, pod, pi, info),
      getWaitingPod: (uid: string) => this.waitingPods.get(uid),
    } as Handle;
    // Instantiate each plugin named anywhere once, as upstream does.
    const names = new Set<string>();
    for (const p of opts.plugins.multiPoint.enabled) names.add(p.name);
    for (const ep of EXTENSION_POINTS) for (const p of opts.plugins[ep].enabled) names.add(p.name);
    const pluginsMap = new Map<string, Plugin>();
    for (const name of names) {
      const factory = opts.registry.get(name);
      if (factory === undefined) continue; // reported below, with the extension point's wording
      pluginsMap.set(name, factory(opts.pluginConfig.get(name), this.handle));
    }
    this.pluginsMap = pluginsMap;
    const lists = {} as Record<ExtensionPoint, Plugin[]>;
    for (const ep of EXTENSION_POINTS) lists[ep] = this.expand(ep, opts.plugins);
    this.preEnqueuePlugins = lists.PreEnqueue as PreEnqueuePlugin[];
    this.queueSortPlugins = lists.QueueSort as QueueSortPlugin[];
    this.preFilterPlugins = lists.PreFilter as PreFilterPlugin[];
    this.filterPlugins = lists.Filter as FilterPlugin[];
    this.postFilterPlugins = lists.PostFilter as PostFilterPlugin[];
    this.preScorePlugins = lists.PreScore as PreScorePlugin[];
    this.scorePlugins = lists.Score as ScorePlugin[];
    this.reservePlugins = lists.Reserve as ReservePlugin[];
    this.permitPlugins = lists.Permit as PermitPlugin[];
    this.preBindPlugins = lists.PreBind as PreBindPlugin[];
    this.bindPlugins = lists.Bind as BindPlugin[];
    this.postBindPlugins = lists.PostBind as PostBindPlugin[];
    if (this.queueSortPlugins.length !== 1) {
      throw new FrameworkConfigError(
        `only one queue sort plugin required for profile with scheduler name "${this.schedulerName}", but got ${this.queueSortPlugins.length}`,
      );
    }
    if (this.bindPlugins.length === 0) {
      throw new FrameworkConfigError(
        `at least one bind plugin is needed for profile with scheduler name "${this.schedulerName}"`,
      );
    }
    // Weights: MultiPoint first, then the Score point's own setting; 0 means 1.
    const weights = new Map<string, number>();
    for (const p of opts.plugins.multiPoint.enabled) if (p.weight) weights.set(p.name, p.weight);
    for (const p of opts.plugins.Score.enabled) weights.set(p.name, p.weight || 1);
    for (const p of this.scorePlugins) if (!weights.has(p.name)) weights.set(p.name, 1);
    this.scoreWeights = weights;
  }

  // Upstream's updatePluginList + expandMultiPointPlugins for one extension point.
  private expand(ep: ExtensionPoint, plugins: ProfilePlugins): Plugin[] {
    const set = plugins[ep];
    const enabled: string[] = [];
    for (const p of set.enabled) {
      const pl = this.pluginsMap.get(p.name);
      if (pl === undefined)
        throw new FrameworkConfigError(`${INTERFACE_NAMES[ep]} "${p.name}" does not exist`);
      if (!is[ep](pl)) throw new FrameworkConfigError(`plugin "${p.name}" does not extend ${ep} plugin`);
      if (enabled.includes(p.name)) {
        throw new FrameworkConfigError(`plugin "${p.name}" already registered as "${ep}"`);
      }
      enabled.push(p.name);
    }
    const disabled = new Set(set.disabled.map((p) => p.name));
    if (disabled.has('*')) return enabled.map((n) => this.pluginsMap.get(n) as Plugin);
    const multi: string[] = [];
    const overrides = new Set<string>();
    for (const p of plugins.multiPoint.enabled) {
      const pl = this.pluginsMap.get(p.name);
      if (pl === undefined)
        throw new FrameworkConfigError(`${INTERFACE_NAMES[ep]} "${p.name}" does not exist`);
      if (!is[ep](pl) || disabled.has(p.name)) continue;
      if (enabled.includes(p.name)) {
        overrides.add(p.name);
        continue;
      }
      if (multi.includes(p.name)) {
        throw new FrameworkConfigError(`plugin "${p.name}" already registered as "${INTERFACE_NAMES[ep]}"`);
      }
      multi.push(p.name);
    }
    const order = [
      ...enabled.filter((n) => overrides.has(n)),
      ...multi,
      ...enabled.filter((n) => !overrides.has(n)),
    ];
    return order.map((n) => this.pluginsMap.get(n) as Plugin);
  }

  /** Events each plugin registered (for the queue's requeueing), by plugin name. */
  eventsToRegister(): Map<string, readonly ClusterEventWithHint[]> {
    const out = new Map<string, readonly ClusterEventWithHint[]>();
    for (const [name, pl] of this.pluginsMap) {
      const ext = pl as Partial<EnqueueExtensions>;
      if (typeof ext.eventsToRegister === 'function') out.set(name, ext.eventsToRegister());
    }
    return out;
  }

  /** The queue's ordering (the one QueueSort plugin). */
  queueSortLess(): QueueSortPlugin['less'] {
    const q = this.queueSortPlugins[0] as QueueSortPlugin;
    return (a, b) => q.less(a, b);
  }

  /** PreEnqueue: the first non-success status, attributed to its plugin. */
  runPreEnqueuePlugins(pod: Pod): Status | undefined {
    for (const pl of this.preEnqueuePlugins) {
      const s = pl.preEnqueue(pod);
      if (isSuccess(s)) continue;
      const st = s as Status;
      if (st.isRejected()) return st.withPlugin(pl.name);
      return Status.error(`running PreEnqueue plugin "${pl.name}": ${st.message()}`).withPlugin(pl.name);
    }
    return undefined;
  }

  /**
   * PreFilter: results intersected; a Skip status skips the plugin's Filter; Unresolvable stops at
   * once, Unschedulable lets the rest run (for preemption) and is returned at the end.
   */
  runPreFilterPlugins(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { result: PreFilterResult | undefined; status: Status | undefined; unschedulablePlugins: Set<string> } {
    let result: PreFilterResult | undefined;
    let returnStatus: Status | undefined;
    const pluginsWithNodes: string[] = [];
    const unschedulablePlugins = new Set<string>();
    for (const pl of this.preFilterPlugins) {
      const { result: r, status: s } = pl.preFilter(state, pod, nodes);
      if (s?.isSkip()) {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if (!isSuccess(s)) {
        const st = (s as Status).withPlugin(pl.name);
        if (st.code === 'UnschedulableAndUnresolvable') {
          unschedulablePlugins.add(pl.name);
          return { result: undefined, status: st, unschedulablePlugins };
        }
        if (st.code === 'Unschedulable') {
          unschedulablePlugins.add(pl.name);
          returnStatus = st;
          continue;
        }
        return {
          result: undefined,
          status: Status.error(`running PreFilter plugin "${pl.name}": ${st.message()}`).withPlugin(pl.name),
          unschedulablePlugins,
        };
      }
      if (r?.nodeNames !== undefined) {
        pluginsWithNodes.push(pl.name);
        result = { nodeNames: intersect(result?.nodeNames, r.nodeNames) };
        if (result.nodeNames?.size === 0) {
          const msg =
            pluginsWithNodes.length === 1
              ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}`
              : `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(' ')}] simultaneously`;
          for (const n of pluginsWithNodes) unschedulablePlugins.add(n);
          return { result, status: Status.unresolvable(msg), unschedulablePlugins };
        }
      }
    }
    // Plugins that narrowed the node set count as rejecting the nodes they left out.
    for (const n of pluginsWithNodes) unschedulablePlugins.add(n);
    return { result, status: returnStatus, unschedulablePlugins };
  }

  /** Runs the PreFilter extensions' addPod for what-if evaluations. */
  runPreFilterExtensionAddPod(
    state: CycleState,
    pod: Pod,
    podInfoToAdd: import('../framework/types.js').PodInfo,
    nodeInfo: NodeInfo,
  ): Status | undefined {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (ext === undefined) continue;
      const s = ext.addPod(state, pod, podInfoToAdd, nodeInfo);
      if (!isSuccess(s)) {
        return Status.error(`running AddPod on PreFilter plugin "${pl.name}": ${(s as Status).message()}`);
      }
    }
    return undefined;
  }

  /** Runs the PreFilter extensions' removePod for what-if evaluations. */
  runPreFilterExtensionRemovePod(
    state: CycleState,
    pod: Pod,
    podInfoToRemove: import('../framework/types.js').PodInfo,
    nodeInfo: NodeInfo,
  ): Status | undefined {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (ext === undefined) continue;
      const s = ext.removePod(state, pod, podInfoToRemove, nodeInfo);
      if (!isSuccess(s)) {
        return Status.error(`running RemovePod on PreFilter plugin "${pl.name}": ${(s as Status).message()}`);
      }
    }
    return undefined;
  }

  /** Filter: the first failing plugin's status for this node (undefined: it fits). */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const skip = state.skipFilterPlugins;
    for (const pl of this.filterPlugins) {
      if (skip.size > 0 && skip.has(pl.name)) continue;
      const s = pl.filter(state, pod, nodeInfo);
      if (s === undefined || s.code === 'Success') continue;
      if (!s.isRejected()) {
        return Status.error(`running "${pl.name}" filter plugin: ${s.message()}`).withPlugin(pl.name);
      }
      return s.withPlugin(pl.name);
    }
    return undefined;
  }

  /**
   * Filter with the nominated pods of equal or higher priority on the node: a first pass with them
   * added (they must fit too) and, when that passes and some were added, a second pass without
   * them (pod affinity must not depend on pods that are not there yet).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    let status: Status | undefined;
    let podsAdded = false;
    for (let i = 0; i < 2; i++) {
      let stateToUse = state;
      let nodeInfoToUse = nodeInfo;
      if (i === 0) {
        const added = this.addGENominatedPods(pod, state, nodeInfo);
        if (added.status !== undefined) return added.status;
        podsAdded = added.podsAdded;
        stateToUse = added.state;
        nodeInfoToUse = added.nodeInfo;
      } else if (!podsAdded || !isSuccess(status)) {
        break;
      }
      status = this.runFilterPlugins(stateToUse, pod, nodeInfoToUse);
      if (!isSuccess(status) && !(status as Status).isRejected()) return status;
    }
    return status;
  }

  private addGENominatedPods(
    pod: Pod,
    state: CycleState,
    nodeInfo: NodeInfo,
  ): { podsAdded: boolean; state: CycleState; nodeInfo: NodeInfo; status?: Status } {
    const nominated = this.handle.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0 || this.nodeInfoWithPod === undefined) {
      return { podsAdded: false, state, nodeInfo };
    }
    const prio = podPriority(pod);
    const uid = pod.metadata?.uid;
    let stateOut: CycleState | undefined;
    let info = nodeInfo;
    for (const pi of nominated) {
      if (podPriority(pi.pod) < prio || pi.pod.metadata?.uid === uid) continue;
      stateOut ??= state.clone();
      info = this.nodeInfoWithPod(info, pi);
      const s = this.runPreFilterExtensionAddPod(stateOut, pod, pi, info);
      if (s !== undefined) return { podsAdded: false, state, nodeInfo, status: s };
    }
    if (stateOut === undefined) return { podsAdded: false, state, nodeInfo };
    return { podsAdded: true, state: stateOut, nodeInfo: info };
  }

  /** PostFilter (preemption): the first success wins; otherwise Unschedulable with all reasons. */
  async runPostFilterPlugins(
    state: CycleState,
    pod: Pod,
    filteredNodeStatus: NodeToStatus,
  ): Promise<{ nominatedNodeName?: string; status: Status }> {
    let nominatedNodeName: string | undefined;
    const reasons: string[] = [];
    let rejector = '';
    for (const pl of this.postFilterPlugins) {
      const r = await pl.postFilter(state, pod, filteredNodeStatus);
      const s = r.status;
      if (s.isSuccess()) return r;
      if (s.code === 'UnschedulableAndUnresolvable') return { ...r, status: s.withPlugin(pl.name) };
      if (!s.isRejected()) return { status: Status.error(s.message()).withPlugin(pl.name) };
      if (r.nominatedNodeName !== undefined) nominatedNodeName = r.nominatedNodeName;
      reasons.push(...s.reasons);
      if (rejector === '') rejector = pl.name;
    }
    const status = Status.unschedulable(...reasons).withPlugin(rejector);
    return nominatedNodeName === undefined ? { status } : { nominatedNodeName, status };
  }

  /** PreScore; a Skip status skips the plugin's Score for the cycle. */
  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    for (const pl of this.preScorePlugins) {
      const s = pl.preScore(state, pod, nodes);
      if (s?.isSkip()) {
        state.skipScorePlugins.add(pl.name);
        continue;
      }
      if (!isSuccess(s)) {
        return Status.error(`running PreScore plugin "${pl.name}": ${(s as Status).message()}`).withPlugin(
          pl.name,
        );
      }
    }
    return undefined;
  }

  /** Score: raw scores per plugin, normalized, checked to be in range, weighted, summed per node. */
  runScorePlugins(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { scores: NodePluginScores[]; status: Status | undefined } {
    const plugins = this.scorePlugins.filter((p) => !state.skipScorePlugins.has(p.name));
    const out: NodePluginScores[] = nodes.map((n) => ({ name: n.name, scores: [], totalScore: 0 }));
    if (plugins.length === 0) return { scores: out, status: undefined };
    for (const pl of plugins) {
      const list: NodeScore[] = new Array(nodes.length);
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i] as NodeInfo;
        const { score, status } = pl.score(state, pod, n);
        if (!isSuccess(status)) {
          return {
            scores: [],
            status: Status.error(
              `running Score plugins: plugin "${pl.name}" failed with: ${(status as Status).message()}`,
            ),
          };
        }
        list[i] = { name: n.name, score };
      }
      if (pl.normalizeScore !== undefined) {
        const s = pl.normalizeScore(state, pod, list);
        if (!isSuccess(s)) {
          return {
            scores: [],
            status: Status.error(
              `running Normalize on Score plugins: plugin "${pl.name}" failed with: ${(s as Status).message()}`,
            ),
          };
        }
      }
      const weight = this.scoreWeights.get(pl.name) ?? 1;
      for (let i = 0; i < list.length; i++) {
        const ns = list[i] as NodeScore;
        if (ns.score > MAX_NODE_SCORE || ns.score < 0) {
          return {
            scores: [],
            status: Status.error(
              `applying score defaultWeights on Score plugins: plugin "${pl.name}" returns an invalid score ${ns.score}, it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`,
            ),
          };
        }
        const o = out[i] as NodePluginScores;
        const weighted = ns.score * weight;
        o.scores.push({ plugin: pl.name, score: weighted });
        o.totalScore += weighted;
      }
    }
    return { scores: out, status: undefined };
  }

  /** Reserve: stops at the first failure (the caller then runs unreserve on every plugin). */
  async runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    for (const pl of this.reservePlugins) {
      const s = await pl.reserve(state, pod, nodeName);
      if (isSuccess(s)) continue;
      const st = s as Status;
      if (st.isRejected()) return st.withPlugin(pl.name);
      return Status.error(`running Reserve plugin "${pl.name}": ${st.message()}`).withPlugin(pl.name);
    }
    return undefined;
  }

  /** Unreserve on every Reserve plugin, in reverse order. */
  async runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): Promise<void> {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) {
      const pl = this.reservePlugins[i] as ReservePlugin;
      try {
        await pl.unreserve(state, pod, nodeName);
      } catch (err) {
        this.handle.log.error('scheduler', 'Unreserve failed', { plugin: pl.name, err });
      }
    }
  }

  /**
   * Permit: a rejection ends it; Wait from any plugin parks the pod (see waitOnPermit) and returns
   * a Wait status.
   */
  runPermitPlugins(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    const waits = new Map<string, number>();
    for (const pl of this.permitPlugins) {
      const { status: s, timeoutMs } = pl.permit(state, pod, nodeName);
      if (isSuccess(s)) continue;
      const st = s as Status;
      if (st.isRejected()) return st.withPlugin(pl.name);
      if (st.code === 'Wait') {
        waits.set(pl.name, Math.min(timeoutMs ?? MAX_PERMIT_TIMEOUT_MS, MAX_PERMIT_TIMEOUT_MS));
        continue;
      }
      return Status.error(`running Permit plugin "${pl.name}": ${st.message()}`).withPlugin(pl.name);
    }
    if (waits.size > 0) {
      this.waitingPods.add(pod, nodeName, waits);
      const ns = pod.metadata?.namespace ?? '';
      return Status.of(
        'Wait',
        `one or more plugins asked to wait and no plugin rejected pod "${ns}/${pod.metadata?.name ?? ''}"`,
      );
    }
    return undefined;
  }

  /** Waits until every plugin allowed the pod (or one rejected it, or a wait timed out). */
  async waitOnPermit(pod: Pod): Promise<Status | undefined> {
    const wp = this.waitingPods.get(pod.metadata?.uid ?? '');
    if (wp === undefined) return undefined;
    const s = await wp.result;
    this.waitingPods.remove(pod.metadata?.uid ?? '');
    if (isSuccess(s)) return undefined;
    if (s.isRejected()) return s;
    return Status.error(`waiting on permit for pod: ${s.message()}`).withPlugin(s.plugin);
  }

  /** PreBind: stops at the first failure. */
  async runPreBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    for (const pl of this.preBindPlugins) {
      const s = await pl.preBind(state, pod, nodeName);
      if (isSuccess(s) || s?.isSkip()) continue;
      const st = s as Status;
      if (st.isRejected()) return st.withPlugin(pl.name);
      return Status.error(`running PreBind plugin "${pl.name}": ${st.message()}`).withPlugin(pl.name);
    }
    return undefined;
  }

  /** Bind: the first binder that does not answer Skip decides; Skip from all of them is returned. */
  async runBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    for (const pl of this.bindPlugins) {
      const s = await pl.bind(state, pod, nodeName);
      if (s?.isSkip()) continue;
      if (isSuccess(s)) return undefined;
      const st = s as Status;
      if (st.isRejected()) return st.withPlugin(pl.name);
      return Status.error(`running Bind plugin "${pl.name}": ${st.message()}`).withPlugin(pl.name);
    }
    return Status.of('Skip');
  }

  /** PostBind: informational, every plugin runs. */
  runPostBindPlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (const pl of this.postBindPlugins) {
      try {
        pl.postBind(state, pod, nodeName);
      } catch (err) {
        this.handle.log.error('scheduler', 'PostBind failed', { plugin: pl.name, err });
      }
    }
  }

  /** Whether any Filter or Score plugins run (scoring is skipped with a single feasible node). */
  hasScorePlugins(): boolean {
    return this.scorePlugins.length > 0;
  }

  /** A fresh cycle state. */
  newCycleState(): CycleState {
    return new CycleState();
  }
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
  if (a === undefined) return b;
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}
