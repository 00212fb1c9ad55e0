// PodTopologySpread: spreads matching pods across topology domains. Hard constraints
// (DoNotSchedule) are enforced in Filter from per-domain counts and the two smallest domains computed
// once in PreFilter; soft ones (ScheduleAnyway, or the system defaults for pods owned by a service or
// controller) score nodes by how many matching pods their domains already hold.
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type {
  Node,
  Pod,
  ReplicationController,
  Service,
  TopologySpreadConstraint,
} from 'kubernetes-types/core/v1.js';
import type { LabelSelector as ApiLabelSelector } from 'kubernetes-types/meta/v1.js';
import {
  type LabelSelector,
  labelSelectorAsSelector,
  newRequirement,
  nothing,
  type Selector,
  selectorFromSet,
} from '../../../apimachinery/labels/index.js';
import type { Lister } from '../../../client/informers/types.js';
import { REPLICA_SETS, REPLICATION_CONTROLLERS, SERVICES, STATEFUL_SETS } from '../../../client/resources.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  NodeInfo,
  NodeScore,
  PluginFactory,
  PodInfo,
  PreFilterExtensions,
  PreFilterPlugin,
  PreScorePlugin,
  QueueingHint,
  ScorePlugin,
} from '../../framework/types.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';
import { type NodeMatcher, requiredNodeAffinity } from '../nodeaffinity/selector.js';
import { findUntoleratedTaint } from '../tainttoleration/tolerations.js';

/** Upstream's plugin name. */
export const NAME = 'PodTopologySpread';
/** A hard constraint's skew would exceed maxSkew on the node. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
/** The node lacks a hard constraint's topology key. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const PRE_FILTER_KEY = `PreFilter${NAME}`;
const PRE_SCORE_KEY = `PreScore${NAME}`;
const LABEL_HOSTNAME = 'kubernetes.io/hostname';
const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** The constraints applied to pods without their own (defaultingType System). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway' },
]);

/** PodTopologySpreadArgs. */
export interface PodTopologySpreadArgs {
  defaultConstraints: TopologySpreadConstraint[];
  defaultingType: 'System' | 'List';
}

/** Fills defaults (defaultingType System) and validates as upstream; throws on error. */
export function argsFrom(raw: unknown): PodTopologySpreadArgs {
  const r = (raw ?? {}) as Partial<PodTopologySpreadArgs>;
  const args: PodTopologySpreadArgs = {
    defaultConstraints: r.defaultConstraints ?? [],
    defaultingType: r.defaultingType ?? 'System',
  };
  const errs: string[] = [];
  if (args.defaultingType !== 'System' && args.defaultingType !== 'List') {
    errs.push(
      `defaultingType: Unsupported value: "${args.defaultingType}": supported values: "List", "System"`,
    );
  }
  if (args.defaultingType === 'System' && args.defaultConstraints.length > 0) {
    errs.push('defaultConstraints: Invalid value: "null": when .defaultingType is "System"');
  }
  const seen = new Set<string>();
  args.defaultConstraints.forEach((c, i) => {
    const p = `defaultConstraints[${i}]`;
    if (!(c.maxSkew > 0)) errs.push(`${p}.maxSkew: Invalid value: ${c.maxSkew}: not in valid range [1, inf)`);
    if (!c.topologyKey) errs.push(`${p}.topologyKey: Required value: can not be empty`);
    if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
      errs.push(
        `${p}.whenUnsatisfiable: Unsupported value: "${c.whenUnsatisfiable}": supported values: "DoNotSchedule", "ScheduleAnyway"`,
      );
    }
    const k = `${c.topologyKey}/${c.whenUnsatisfiable}`;
    if (seen.has(k)) errs.push(`${p}: Duplicate value: "{${c.topologyKey}, ${c.whenUnsatisfiable}}"`);
    seen.add(k);
    if (c.labelSelector !== undefined && c.labelSelector !== null) {
      errs.push(
        `${p}.labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod`,
      );
    }
  });
  if (errs.length > 0) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  return args;
}

type LabelMap = Readonly<Record<string, string>>;
const NO_LABELS: LabelMap = Object.freeze({});

/** A constraint as the plugin uses it (selector parsed, policies defaulted). */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: Selector;
  readonly minDomains: number;
  /** Honor (default): only nodes matching the pod's required node affinity count. */
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Ignore (default): tainted nodes count too. */
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
}

function parseSelector(ls: ApiLabelSelector | null | undefined): Selector {
  try {
    return labelSelectorAsSelector(ls as LabelSelector | null | undefined);
  } catch {
    return nothing();
  }
}

/** The constraints with `action`, matchLabelKeys folded into their selectors. */
export function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: LabelMap,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = parseSelector(c.labelSelector);
    if (c.labelSelector !== undefined && c.labelSelector !== null) {
      for (const key of c.matchLabelKeys ?? []) {
        const v = podLabels[key];
        if (v === undefined) continue;
        try {
          selector = selector.add(newRequirement(key, 'in', [v]));
        } catch {
          // Keys are validated on create.
        }
      }
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
    });
  }
  return out;
}

/** Whether the node has every constraint's topology key. */
export function nodeLabelsMatchSpreadConstraints(
  labels: LabelMap,
  constraints: readonly SpreadConstraint[],
): boolean {
  for (const c of constraints) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

function matchNodeInclusionPolicies(
  c: SpreadConstraint,
  pod: Pod,
  node: Node,
  affinity: NodeMatcher,
): boolean {
  if (
    c.nodeAffinityPolicy === 'Honor' &&
    !affinity(node.metadata?.labels ?? NO_LABELS, node.metadata?.name ?? '')
  ) {
    return false;
  }
  if (c.nodeTaintsPolicy === 'Honor') {
    const t = findUntoleratedTaint(
      node.spec?.taints,
      pod.spec?.tolerations ?? [],
      (effect) => effect === 'NoSchedule' || effect === 'NoExecute',
    );
    if (t !== undefined) return false;
  }
  return true;
}

/** Pods in `ns`, not terminating, whose labels `selector` matches (0 for an empty selector). */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: Selector, ns: string): number {
  if (selector.empty()) return 0;
  let n = 0;
  for (const pi of pods) {
    const m = pi.pod.metadata;
    if (m?.deletionTimestamp || (m?.namespace ?? '') !== ns) continue;
    if (selector.matches(m?.labels ?? NO_LABELS)) n += 1;
  }
  return n;
}

/** The two domains with the fewest matching pods (upstream's criticalPaths). */
export class CriticalPaths {
  v0 = '';
  n0 = 2147483647;
  v1 = '';
  n1 = 2147483647;

  update(value: string, num: number): void {
    if (value === this.v0 || value === this.v1) {
      if (value === this.v0) this.n0 = num;
      else this.n1 = num;
      if (this.n0 > this.n1) {
        const v = this.v0;
        const n = this.n0;
        this.v0 = this.v1;
        this.n0 = this.n1;
        this.v1 = v;
        this.n1 = n;
      }
    } else if (num < this.n0) {
      this.v1 = this.v0;
      this.n1 = this.n0;
      this.v0 = value;
      this.n0 = num;
    } else if (num < this.n1) {
      this.v1 = value;
      this.n1 = num;
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.v0 = this.v0;
    c.n0 = this.n0;
    c.v1 = this.v1;
    c.n1 = this.n1;
    return c;
  }
}

/** What PreFilter computes: per hard constraint, matching pods per domain and the smallest domains. */
export class PreFilterState {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    /** Per constraint: domain value → matching pods (every eligible domain present, zeros included). */
    readonly tpValueToMatchNum: Map<string, number>[],
    readonly criticalPaths: CriticalPaths[],
    readonly requiredAffinity: NodeMatcher,
  ) {}

  /** The global minimum for constraint `i` (0 while fewer domains than minDomains exist). */
  minMatchNum(i: number): number {
    const c = this.constraints[i] as SpreadConstraint;
    const domains = (this.tpValueToMatchNum[i] as Map<string, number>).size;
    if (domains < c.minDomains) return 0;
    return (this.criticalPaths[i] as CriticalPaths).n0;
  }

  clone(): PreFilterState {
    return new PreFilterState(
      this.constraints,
      this.tpValueToMatchNum.map((m) => new Map(m)),
      this.criticalPaths.map((p) => p.clone()),
      this.requiredAffinity,
    );
  }

  /** Follows `updated` added (+1) or removed (-1) on `node` for the incoming `pod`. */
  updateWithPod(updated: Pod, pod: Pod, node: Node, delta: number): void {
    if ((updated.metadata?.namespace ?? '') !== (pod.metadata?.namespace ?? '')) return;
    const labels = node.metadata?.labels ?? NO_LABELS;
    if (!nodeLabelsMatchSpreadConstraints(labels, this.constraints)) return;
    const podLabels = updated.metadata?.labels ?? NO_LABELS;
    this.constraints.forEach((c, i) => {
      if (!c.selector.matches(podLabels)) return;
      if (!matchNodeInclusionPolicies(c, pod, node, this.requiredAffinity)) return;
      const v = labels[c.topologyKey] as string;
      const m = this.tpValueToMatchNum[i] as Map<string, number>;
      const n = (m.get(v) ?? 0) + delta;
      m.set(v, n);
      (this.criticalPaths[i] as CriticalPaths).update(v, n);
    });
  }
}

/** What PreScore computes for the soft constraints. */
class PreScoreState {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    readonly ignoredNodes: ReadonlySet<string>,
    /** Per constraint (hostname constraints unused): domain value → matching pods. */
    readonly pairCounts: Map<string, number>[],
    readonly normalizingWeight: number[],
  ) {}
}

/** Upstream's weight for a constraint with `size` domains: log(size + 2). */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** A conjunction of selectors (the default selector built from a pod's owners). */
function andSelectors(parts: readonly Selector[]): Selector {
  let sel = parts[0] as Selector;
  for (let i = 1; i < parts.length; i++) sel = sel.add(...(parts[i] as Selector).requirements().requirements);
  return sel;
}

interface OwnerListers {
  services: Lister<Service> | undefined;
  rcs: Lister<ReplicationController> | undefined;
  rss: Lister<ReplicaSet> | undefined;
  sss: Lister<StatefulSet> | undefined;
}

/**
 * The selector of the services, replication controllers, replica sets and stateful sets selecting the
 * pod, ANDed (upstream helper.DefaultSelector).
 */
export function defaultSelector(pod: Pod, l: OwnerListers): Selector {
  const ns = pod.metadata?.namespace ?? '';
  const labels = pod.metadata?.labels ?? NO_LABELS;
  const merged: Record<string, string> = {};
  let any = false;
  for (const s of l.services?.listNamespace(ns) ?? []) {
    const sel = s.spec?.selector;
    if (sel === undefined || sel === null) continue;
    if (!selectorFromSet(sel).matches(labels)) continue;
    Object.assign(merged, sel);
    any = true;
  }
  const parts: Selector[] = [];
  if (any) parts.push(selectorFromSet(merged));
  for (const rc of l.rcs?.listNamespace(ns) ?? []) {
    const sel = rc.spec?.selector;
    if (sel === undefined || sel === null || Object.keys(sel).length === 0) continue;
    const s = selectorFromSet(sel);
    if (s.matches(labels)) parts.push(s);
  }
  for (const owner of [...(l.rss?.listNamespace(ns) ?? []), ...(l.sss?.listNamespace(ns) ?? [])]) {
    const s = parseSelector(owner.spec?.selector);
    if (s.empty() || !s.matches(labels)) continue;
    parts.push(s);
  }
  if (parts.length === 0) return selectorFromSet({});
  return andSelectors(parts);
}

function listerOf<T>(get: () => Lister<T & object>): Lister<T & object> | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

/** The PodTopologySpread plugin. */
export const factory: PluginFactory = (rawArgs, handle) => {
  const args = argsFrom(rawArgs);
  const systemDefaulted = args.defaultingType === 'System';
  const defaults = systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;
  let owners: OwnerListers | undefined;
  function ownerListers(): OwnerListers {
    if (owners === undefined) {
      owners = {
        services: listerOf(() => handle.informers.informerFor(SERVICES).lister),
        rcs: listerOf(() => handle.informers.informerFor(REPLICATION_CONTROLLERS).lister),
        rss: listerOf(() => handle.informers.informerFor(REPLICA_SETS).lister),
        sss: listerOf(() => handle.informers.informerFor(STATEFUL_SETS).lister),
      };
    }
    return owners;
  }
  // Informers are requested at construction, as upstream does, so that they sync with the rest.
  if (defaults.length > 0) ownerListers();

  function buildDefaultConstraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
    const cs = filterConstraints(defaults, pod.metadata?.labels ?? NO_LABELS, action);
    if (cs.length === 0) return cs;
    const selector = defaultSelector(pod, ownerListers());
    if (selector.empty()) return [];
    return cs.map((c) => ({ ...c, selector }));
  }

  function getConstraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
    const own = pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0) return filterConstraints(own, pod.metadata?.labels ?? NO_LABELS, action);
    return buildDefaultConstraints(pod, action);
  }

  function stateOf(state: CycleState): PreFilterState | Status {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    return s ?? Status.error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`);
  }

  const extensions: PreFilterExtensions = {
    addPod(state, pod, pi, nodeInfo) {
      const s = stateOf(state);
      if (s instanceof Status) return s;
      s.updateWithPod(pi.pod, pod, nodeInfo.node, 1);
      return undefined;
    },
    removePod(state, pod, pi, nodeInfo) {
      const s = stateOf(state);
      if (s instanceof Status) return s;
      s.updateWithPod(pi.pod, pod, nodeInfo.node, -1);
      return undefined;
    },
  };

  const involved = (other: Pod, pod: Pod) =>
    (other.metadata?.uid !== undefined && other.metadata.uid === pod.metadata?.uid) ||
    (!!other.spec?.nodeName && (other.metadata?.namespace ?? '') === (pod.metadata?.namespace ?? ''));
  const anyMatch = (cs: readonly SpreadConstraint[], labels: LabelMap | undefined) =>
    cs.some((c) => c.selector.matches(labels ?? NO_LABELS));

  function isSchedulableAfterPodChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
    const oldPod = oldObj as Pod | undefined;
    const newPod = newObj as Pod | undefined;
    if (
      (newPod !== undefined && !involved(newPod, pod)) ||
      (oldPod !== undefined && !involved(oldPod, pod))
    ) {
      return 'QueueSkip';
    }
    const cs = getConstraints(pod, 'DoNotSchedule');
    if (newPod !== undefined && oldPod !== undefined) {
      const a = oldPod.metadata?.labels ?? NO_LABELS;
      const b = newPod.metadata?.labels ?? NO_LABELS;
      for (const c of cs) if (c.selector.matches(a) !== c.selector.matches(b)) return 'Queue';
      return 'QueueSkip';
    }
    if (newPod !== undefined) return anyMatch(cs, newPod.metadata?.labels) ? 'Queue' : 'QueueSkip';
    if (oldPod !== undefined) return anyMatch(cs, oldPod.metadata?.labels) ? 'Queue' : 'QueueSkip';
    return 'QueueSkip';
  }

  function isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
    const oldNode = oldObj as Node | undefined;
    const newNode = newObj as Node | undefined;
    const cs = getConstraints(pod, 'DoNotSchedule');
    const oldL = oldNode?.metadata?.labels ?? NO_LABELS;
    const newL = newNode?.metadata?.labels ?? NO_LABELS;
    const oldMatch = oldNode !== undefined && nodeLabelsMatchSpreadConstraints(oldL, cs);
    const newMatch = newNode !== undefined && nodeLabelsMatchSpreadConstraints(newL, cs);
    if (oldNode !== undefined && newNode !== undefined) {
      if (oldMatch !== newMatch) return 'Queue';
      if (!newMatch) return 'QueueSkip';
      for (const c of cs) if (oldL[c.topologyKey] !== newL[c.topologyKey]) return 'Queue';
      const ta = JSON.stringify(oldNode.spec?.taints ?? []);
      const tb = JSON.stringify(newNode.spec?.taints ?? []);
      return ta !== tb ? 'Queue' : 'QueueSkip';
    }
    if (newNode !== undefined) return newMatch ? 'Queue' : 'QueueSkip';
    return oldMatch ? 'Queue' : 'QueueSkip';
  }

  return {
    name: NAME,

    preFilter(state, pod) {
      const constraints = getConstraints(pod, 'DoNotSchedule');
      if (constraints.length === 0) return { status: Status.of('Skip') };
      const affinity = requiredNodeAffinity(pod);
      const counts = constraints.map(() => new Map<string, number>());
      const ns = pod.metadata?.namespace ?? '';
      for (const ni of handle.snapshot.nodeInfos.list()) {
        const node = ni.node;
        const labels = node.metadata?.labels ?? NO_LABELS;
        if (!nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i] as SpreadConstraint;
          if (!matchNodeInclusionPolicies(c, pod, node, affinity)) continue;
          const v = labels[c.topologyKey] as string;
          const m = counts[i] as Map<string, number>;
          m.set(v, (m.get(v) ?? 0) + countPodsMatchSelector(ni.pods, c.selector, ns));
        }
      }
      const paths = counts.map((m) => {
        const p = new CriticalPaths();
        for (const [v, n] of m) p.update(v, n);
        return p;
      });
      state.write(PRE_FILTER_KEY, new PreFilterState(constraints, counts, paths, affinity));
      return {};
    },

    preFilterExtensions() {
      return extensions;
    },

    filter(state, pod, nodeInfo: NodeInfo) {
      const s = stateOf(state);
      if (s instanceof Status) return s;
      if (s.constraints.length === 0) return undefined;
      const labels = nodeInfo.node.metadata?.labels ?? NO_LABELS;
      const podLabels = pod.metadata?.labels ?? NO_LABELS;
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i] as SpreadConstraint;
        const v = labels[c.topologyKey];
        if (v === undefined) return Status.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
        const min = s.minMatchNum(i);
        const self = c.selector.matches(podLabels) ? 1 : 0;
        const matchNum = (s.tpValueToMatchNum[i] as Map<string, number>).get(v) ?? 0;
        if (matchNum + self - min > c.maxSkew) return Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
      }
      return undefined;
    },

    preScore(state, pod, filteredNodes) {
      const all = handle.snapshot.nodeInfos.list();
      if (filteredNodes.length === 0 || all.length === 0) return Status.of('Skip');
      const own = pod.spec?.topologySpreadConstraints ?? [];
      const requireAll = own.length > 0 || !systemDefaulted;
      const constraints = getConstraints(pod, 'ScheduleAnyway');
      if (constraints.length === 0) return Status.of('Skip');
      const ignored = new Set<string>();
      const pairCounts = constraints.map(() => new Map<string, number>());
      const topoSize = constraints.map(() => 0);
      for (const ni of filteredNodes) {
        const labels = ni.node.metadata?.labels ?? NO_LABELS;
        if (requireAll && !nodeLabelsMatchSpreadConstraints(labels, constraints)) {
          ignored.add(ni.name);
          continue;
        }
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i] as SpreadConstraint;
          if (c.topologyKey === LABEL_HOSTNAME) continue;
          const m = pairCounts[i] as Map<string, number>;
          const v = labels[c.topologyKey] ?? '';
          if (!m.has(v)) {
            m.set(v, 0);
            topoSize[i] = (topoSize[i] as number) + 1;
          }
        }
      }
      const weights = constraints.map((c, i) =>
        topologyNormalizingWeight(
          c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - ignored.size : (topoSize[i] as number),
        ),
      );
      const affinity = requiredNodeAffinity(pod);
      const ns = pod.metadata?.namespace ?? '';
      for (const ni of all) {
        const node = ni.node;
        const labels = node.metadata?.labels ?? NO_LABELS;
        if (requireAll && !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i] as SpreadConstraint;
          if (c.topologyKey === LABEL_HOSTNAME) continue;
          if (!matchNodeInclusionPolicies(c, pod, node, affinity)) continue;
          const m = pairCounts[i] as Map<string, number>;
          const v = labels[c.topologyKey] ?? '';
          const cur = m.get(v);
          // Domains without a candidate node are not counted.
          if (cur === undefined) continue;
          m.set(v, cur + countPodsMatchSelector(ni.pods, c.selector, ns));
        }
      }
      state.write(PRE_SCORE_KEY, new PreScoreState(constraints, ignored, pairCounts, weights));
      return undefined;
    },

    score(state, pod, nodeInfo) {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (s === undefined) {
        return { score: 0, status: Status.error(`reading "${PRE_SCORE_KEY}" from cycleState: not found`) };
      }
      if (s.ignoredNodes.has(nodeInfo.name)) return { score: 0 };
      const labels = nodeInfo.node.metadata?.labels ?? NO_LABELS;
      const ns = pod.metadata?.namespace ?? '';
      let score = 0;
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i] as SpreadConstraint;
        const v = labels[c.topologyKey];
        if (v === undefined) continue;
        const cnt =
          c.topologyKey === LABEL_HOSTNAME
            ? countPodsMatchSelector(nodeInfo.pods, c.selector, ns)
            : ((s.pairCounts[i] as Map<string, number>).get(v) ?? 0);
        score += cnt * (s.normalizingWeight[i] as number) + (c.maxSkew - 1);
      }
      return { score: Math.round(score) };
    },

    normalizeScore(state, _pod, scores: NodeScore[]) {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (s === undefined) return undefined;
      let min = Number.MAX_SAFE_INTEGER;
      let max = 0;
      for (const ns of scores) {
        if (s.ignoredNodes.has(ns.name)) continue;
        if (ns.score < min) min = ns.score;
        if (ns.score > max) max = ns.score;
      }
      for (const ns of scores) {
        if (s.ignoredNodes.has(ns.name)) ns.score = 0;
        else if (max === 0) ns.score = MAX_NODE_SCORE;
        else ns.score = Math.trunc((MAX_NODE_SCORE * (max + min - ns.score)) / max);
      }
      return undefined;
    },

    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        { event: { resource: 'AssignedPod', action: 'Add' }, hint: isSchedulableAfterPodChange },
        { event: { resource: 'AssignedPod', action: 'UpdatePodLabel' }, hint: isSchedulableAfterPodChange },
        { event: { resource: 'AssignedPod', action: 'Delete' }, hint: isSchedulableAfterPodChange },
        { event: { resource: 'Node', action: 'Add' }, hint: isSchedulableAfterNodeChange },
        { event: { resource: 'Node', action: 'Delete' }, hint: isSchedulableAfterNodeChange },
        { event: { resource: 'Node', action: 'UpdateNodeLabel' }, hint: isSchedulableAfterNodeChange },
        { event: { resource: 'Node', action: 'UpdateNodeTaint' }, hint: isSchedulableAfterNodeChange },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions;
};
