// The search part of a scheduling cycle (upstream's schedulePod): feasible nodes through PreFilter
// and Filter with a bounded search from a rotating start, scores, and the pick among the best.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../framework/cycle-state.js';
import { Status } from '../framework/status.js';
import type { NodeInfo } from '../framework/types.js';
import type { Framework, NodePluginScores } from '../runtime/framework.js';
import type { CycleSnapshot } from './ports.js';

/** Searches stop after this many feasible nodes at least (upstream's minFeasibleNodesToFind). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never goes below this (minFeasibleNodesPercentageToFind). */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** Upstream's message when the snapshot has no nodes. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/**
 * How many feasible nodes to look for among `numAllNodes`: all below 100 nodes; otherwise the
 * percentage (the adaptive `max(5, 50 - n/125)` when 0 or unset) of them, at least 100.
 */
export function numFeasibleNodesToFind(percentage: number | undefined, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let p = percentage ?? 0;
  if (p === 0) {
    p = 50 - Math.trunc(numAllNodes / 125);
    if (p < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) p = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * p) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** Why no node fits (upstream's Diagnosis). */
export interface Diagnosis {
  /** Per-node filter statuses. */
  readonly nodeToStatus: Map<string, Status>;
  /** The status of nodes absent from nodeToStatus (UnschedulableAndUnresolvable, no reasons, by default). */
  absentNodesStatus: Status;
  readonly unschedulablePlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

/** A new, empty diagnosis. */
export function newDiagnosis(): Diagnosis {
  return {
    nodeToStatus: new Map(),
    absentNodesStatus: Status.unresolvable(),
    unschedulablePlugins: new Set(),
    preFilterMsg: '',
    postFilterMsg: '',
  };
}

/** The pod fits no node (upstream's FitError). */
export class FitError extends Error {
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {
    // No message argument: the getter below composes it from the (still changing) diagnosis.
    super();
  }

  /** `0/N nodes are available: <PreFilter message or sorted reason counts>. <PostFilter message>.` */
  override get message(): string {
    let msg = `0/${this.numAllNodes} nodes are available:`;
    const d = this.diagnosis;
    if (d.preFilterMsg !== '') {
      msg += ` ${d.preFilterMsg}.`;
    } else {
      const counts = new Map<string, number>();
      for (const s of d.nodeToStatus.values()) {
        for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
      }
      const absent = this.numAllNodes - d.nodeToStatus.size;
      if (absent > 0)
        for (const r of d.absentNodesStatus.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
      const parts: string[] = [];
      for (const [r, n] of counts) parts.push(`${n} ${r}`);
      parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
    }
    if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`;
    return msg;
  }
}

/** The per-profile search state carried across cycles (the rotating start index). */
export class NodeSearch {
  /** Where the next search starts, so every node gets its turn. */
  nextStartNodeIndex = 0;

  /**
   * Nodes the pod fits: PreFilter, then the nominated node alone when set, then Filter over the
   * (narrowed) node list until enough feasible nodes were found. Throws for plugin errors.
   */
  findNodesThatFitPod(
    fwk: Framework,
    snapshot: CycleSnapshot,
    state: CycleState,
    pod: Pod,
  ): { feasible: NodeInfo[]; diagnosis: Diagnosis } {
    const diagnosis = newDiagnosis();
    const allNodes = snapshot.nodeInfos.list();
    const pre = fwk.runPreFilterPlugins(state, pod, allNodes);
    for (const p of pre.unschedulablePlugins) diagnosis.unschedulablePlugins.add(p);
    if (pre.status !== undefined && !pre.status.isSuccess()) {
      if (!pre.status.isRejected()) throw new Error(pre.status.message());
      // Every node shares the PreFilter status (preemption reads it per node).
      diagnosis.absentNodesStatus = pre.status;
      diagnosis.preFilterMsg = pre.status.message();
      if (pre.status.plugin !== '') diagnosis.unschedulablePlugins.add(pre.status.plugin);
      return { feasible: [], diagnosis };
    }
    const nominated = pod.status?.nominatedNodeName ?? '';
    if (nominated !== '') {
      const ni = snapshot.nodeInfos.get(nominated);
      if (ni !== undefined) {
        const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
        if (s === undefined || s.isSuccess()) return { feasible: [ni], diagnosis };
        if (!s.isRejected()) throw new Error(s.message());
      }
    }
    let nodes: readonly NodeInfo[] = allNodes;
    const names = pre.result?.nodeNames;
    if (names !== undefined) {
      const narrowed: NodeInfo[] = [];
      for (const n of names) {
        const ni = snapshot.nodeInfos.get(n);
        if (ni !== undefined) narrowed.push(ni);
      }
      nodes = narrowed;
      diagnosis.absentNodesStatus = Status.unresolvable(
        `node(s) didn't satisfy plugin(s) [${[...diagnosis.unschedulablePlugins].sort().join(' ')}]`,
      );
    }
    const feasible = this.findNodesThatPassFilters(fwk, state, pod, diagnosis, nodes);
    const processed = feasible.length + diagnosis.nodeToStatus.size;
    if (allNodes.length > 0)
      this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % allNodes.length;
    return { feasible, diagnosis };
  }

  private findNodesThatPassFilters(
    fwk: Framework,
    state: CycleState,
    pod: Pod,
    diagnosis: Diagnosis,
    nodes: readonly NodeInfo[],
  ): NodeInfo[] {
    const numAll = nodes.length;
    const toFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore ?? this.globalPercentage, numAll);
    const feasible: NodeInfo[] = [];
    if (numAll === 0) return feasible;
    const start = this.nextStartNodeIndex % numAll;
    if (fwk.filterPlugins.length === 0) {
      for (let i = 0; i < toFind; i++) feasible.push(nodes[(start + i) % numAll] as NodeInfo);
      return feasible;
    }
    for (let i = 0; i < numAll && feasible.length < toFind; i++) {
      const ni = nodes[(start + i) % numAll] as NodeInfo;
      const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
      if (s === undefined || s.isSuccess()) {
        feasible.push(ni);
        continue;
      }
      if (!s.isRejected()) throw new Error(s.message());
      diagnosis.nodeToStatus.set(ni.name, s);
      if (s.plugin !== '') diagnosis.unschedulablePlugins.add(s.plugin);
    }
    return feasible;
  }

  constructor(
    /** The configuration's global percentageOfNodesToScore (0 or undefined: adaptive). */
    readonly globalPercentage: number | undefined,
  ) {}
}

/** Scores of the feasible nodes; every node scores 1 when the profile has no Score plugins. */
export function prioritizeNodes(
  fwk: Framework,
  state: CycleState,
  pod: Pod,
  nodes: readonly NodeInfo[],
): NodePluginScores[] {
  if (!fwk.hasScorePlugins()) return nodes.map((n) => ({ name: n.name, scores: [], totalScore: 1 }));
  const pre = fwk.runPreScorePlugins(state, pod, nodes);
  if (pre !== undefined) throw new Error(pre.message());
  const { scores, status } = fwk.runScorePlugins(state, pod, nodes);
  if (status !== undefined) throw new Error(status.message());
  return scores;
}

/** The best-scored node, ties broken uniformly at random (reservoir sampling). */
export function selectHost(scores: readonly NodePluginScores[], random: () => number = Math.random): string {
  const first = scores[0];
  if (first === undefined) throw new Error('empty priorityList');
  let max = first.totalScore;
  let selected = first.name;
  let count = 1;
  for (let i = 1; i < scores.length; i++) {
    const ns = scores[i] as NodePluginScores;
    if (ns.totalScore > max) {
      max = ns.totalScore;
      selected = ns.name;
      count = 1;
    } else if (ns.totalScore === max) {
      count++;
      if (Math.floor(random() * count) === 0) selected = ns.name;
    }
  }
  return selected;
}
