// InterPodAffinity: required pod affinity/anti-affinity (the incoming pod's and, by symmetry, the
// required anti-affinity of pods already running) and preferred terms for scoring. PreFilter counts
// matching pods per topology pair once so that Filter is a few map look-ups per node.
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import { NAMESPACES } from '../../../client/resources.js';
import type { Lister } from '../../../client/informers/types.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { newPodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import type {
  AffinityTerm,
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  NodeScore,
  PluginFactory,
  PodInfo,
  PreFilterExtensions,
  PreFilterPlugin,
  PreScorePlugin,
  QueueingHint,
  ScorePlugin,
  WeightedAffinityTerm,
} from '../../framework/types.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';

/** Upstream's plugin name. */
export const NAME = 'InterPodAffinity';
/** The incoming pod's required affinity is not satisfied on the node. */
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
/** The incoming pod's required anti-affinity is violated on the node. */
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
/** A running pod's required anti-affinity forbids the incoming pod on the node. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

const PRE_FILTER_KEY = `PreFilter${NAME}`;
const PRE_SCORE_KEY = `PreScore${NAME}`;

/** InterPodAffinityArgs. */
export interface InterPodAffinityArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

/** Fills upstream's defaults (hardPodAffinityWeight 1) and validates (0..100); throws on error. */
export function argsFrom(raw: unknown): InterPodAffinityArgs {
  const r = (raw ?? {}) as Partial<InterPodAffinityArgs>;
  const args = {
    hardPodAffinityWeight: r.hardPodAffinityWeight ?? 1,
    ignorePreferredTermsOfExistingPods: r.ignorePreferredTermsOfExistingPods ?? false,
  };
  const w = args.hardPodAffinityWeight;
  if (!Number.isInteger(w) || w < 0 || w > 100) {
    throw new Error(`hardPodAffinityWeight: Invalid value: ${w}: not in valid range [0-100]`);
  }
  return args;
}

type LabelMap = Readonly<Record<string, string>>;
const NO_LABELS: LabelMap = Object.freeze({});

/** Topology pair counts: `key` → `value` → count (entries at zero are removed). */
export class TopologyCounts {
  readonly m = new Map<string, Map<string, number>>();
  size = 0;

  get(key: string, value: string): number {
    return this.m.get(key)?.get(value) ?? 0;
  }

  update(key: string, value: string, delta: number): void {
    let inner = this.m.get(key);
    if (inner === undefined) {
      inner = new Map();
      this.m.set(key, inner);
    }
    const prev = inner.get(value);
    const next = (prev ?? 0) + delta;
    if (next === 0) {
      if (prev !== undefined) {
        inner.delete(value);
        this.size -= 1;
        if (inner.size === 0) this.m.delete(key);
      }
      return;
    }
    if (prev === undefined) this.size += 1;
    inner.set(value, next);
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, inner] of this.m) c.m.set(k, new Map(inner));
    c.size = this.size;
    return c;
  }
}

/** Whether `term` selects `pod`: namespace listed or matched by the namespace selector, and labels. */
export function termMatches(term: AffinityTerm, pod: Pod, nsLabels: LabelMap | undefined): boolean {
  const ns = pod.metadata?.namespace ?? '';
  if (!term.namespaces.has(ns)) {
    // An empty namespaceSelector selects every namespace, known labels or not.
    if (term.namespaceSelector === undefined) return false;
    if (!term.namespaceSelector.matches(nsLabels ?? NO_LABELS)) return false;
  }
  return term.selector.matches(pod.metadata?.labels ?? NO_LABELS);
}

/** Whether every term selects `pod` (false for no terms). */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, undefined)) return false;
  return true;
}

function updateWithAffinityTerms(
  counts: TopologyCounts,
  terms: readonly AffinityTerm[],
  node: Node,
  d: number,
) {
  const labels = node.metadata?.labels ?? NO_LABELS;
  for (const t of terms) {
    const v = labels[t.topologyKey];
    if (v !== undefined) counts.update(t.topologyKey, v, d);
  }
}

function updateWithAntiAffinityTerms(
  counts: TopologyCounts,
  terms: readonly AffinityTerm[],
  pod: Pod,
  nsLabels: LabelMap | undefined,
  node: Node,
  d: number,
) {
  const labels = node.metadata?.labels ?? NO_LABELS;
  for (const t of terms) {
    if (!termMatches(t, pod, nsLabels)) continue;
    const v = labels[t.topologyKey];
    if (v !== undefined) counts.update(t.topologyKey, v, d);
  }
}

/** What PreFilter computes for one cycle. */
export class PreFilterState {
  constructor(
    /** Pairs where a running pod's required anti-affinity term matches the incoming pod. */
    readonly existingAntiAffinityCounts: TopologyCounts,
    /** Pairs with pods matching all of the incoming pod's required affinity terms. */
    readonly affinityCounts: TopologyCounts,
    /** Pairs with pods matching one of the incoming pod's required anti-affinity terms. */
    readonly antiAffinityCounts: TopologyCounts,
    /** The incoming pod with namespace selectors resolved into namespaces. */
    readonly podInfo: PodInfo,
    /** Labels of the incoming pod's namespace. */
    readonly namespaceLabels: LabelMap,
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
      this.podInfo,
      this.namespaceLabels,
    );
  }

  /** Follows a pod added (+1) or removed (-1) on `node` in a what-if run. */
  updateWithPod(pi: PodInfo, node: Node, d: number): void {
    updateWithAntiAffinityTerms(
      this.existingAntiAffinityCounts,
      pi.requiredAntiAffinityTerms,
      this.podInfo.pod,
      this.namespaceLabels,
      node,
      d,
    );
    const aff = this.podInfo.requiredAffinityTerms;
    if (aff.length > 0 && podMatchesAllAffinityTerms(aff, pi.pod)) {
      updateWithAffinityTerms(this.affinityCounts, aff, node, d);
    }
    updateWithAntiAffinityTerms(
      this.antiAffinityCounts,
      this.podInfo.requiredAntiAffinityTerms,
      pi.pod,
      undefined,
      node,
      d,
    );
  }
}

/**
 * A term whose namespaceSelector has been resolved: the namespaces it selects now are added to its
 * list and the selector is dropped (upstream mergeAffinityTermNamespacesIfNotEmpty).
 */
function resolveNamespaces<T extends AffinityTerm>(term: T, nsLister: Lister<Namespace> | undefined): T {
  const sel = term.namespaceSelector;
  // An empty selector stays as is (it matches every namespace).
  if (sel === undefined || sel.empty()) return term;
  const namespaces = new Set(term.namespaces);
  for (const ns of nsLister?.list() ?? []) {
    if (sel.matches(ns.metadata?.labels ?? NO_LABELS)) namespaces.add(ns.metadata?.name ?? '');
  }
  return { ...term, namespaces, namespaceSelector: undefined };
}

function resolvedPodInfo(pod: Pod, nsLister: Lister<Namespace> | undefined): PodInfo {
  const pi = newPodInfo(pod);
  const r = <T extends AffinityTerm>(ts: readonly T[]) =>
    ts.some((t) => t.namespaceSelector !== undefined) ? ts.map((t) => resolveNamespaces(t, nsLister)) : ts;
  return {
    pod,
    requiredAffinityTerms: r(pi.requiredAffinityTerms),
    requiredAntiAffinityTerms: r(pi.requiredAntiAffinityTerms),
    preferredAffinityTerms: r<WeightedAffinityTerm>(pi.preferredAffinityTerms),
    preferredAntiAffinityTerms: r<WeightedAffinityTerm>(pi.preferredAntiAffinityTerms),
  };
}

function namespaceLabels(ns: string, nsLister: Lister<Namespace> | undefined): LabelMap {
  return nsLister?.get('', ns)?.metadata?.labels ?? NO_LABELS;
}

/** Preferred-term scores per topology pair. */
class PreScoreState {
  constructor(readonly topologyScore: Map<string, Map<string, number>>) {}
}

function addScore(m: Map<string, Map<string, number>>, key: string, value: string, d: number): void {
  let inner = m.get(key);
  if (inner === undefined) {
    inner = new Map();
    m.set(key, inner);
  }
  inner.set(value, (inner.get(value) ?? 0) + d);
}

function processTerms(
  m: Map<string, Map<string, number>>,
  terms: readonly { readonly weight: number; readonly topologyKey: string }[],
  pod: Pod,
  nsLabels: LabelMap | undefined,
  nodeLabels: LabelMap,
  multiplier: number,
  fixedWeight?: number,
): void {
  for (const t of terms) {
    if (!termMatches(t as unknown as AffinityTerm, pod, nsLabels)) continue;
    const v = nodeLabels[t.topologyKey];
    if (v !== undefined) addScore(m, t.topologyKey, v, (fixedWeight ?? t.weight) * multiplier);
  }
}

function hasLabels(node: Node): boolean {
  const l = node.metadata?.labels;
  if (l === undefined) return false;
  for (const _ in l) return true;
  return false;
}

/** The InterPodAffinity plugin. */
export const factory: PluginFactory = (rawArgs, handle) => {
  const args = argsFrom(rawArgs);
  let nsLister: Lister<Namespace> | undefined;
  try {
    nsLister = handle.informers.informerFor(NAMESPACES).lister;
  } catch {
    // Without an informer factory (unit tests without one) namespace selectors select nothing.
    nsLister = undefined;
  }

  function stateOf(state: CycleState): PreFilterState | Status {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    return s ?? Status.error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`);
  }

  const extensions: PreFilterExtensions = {
    addPod(state, _pod, pi, nodeInfo) {
      const s = stateOf(state);
      if (s instanceof Status) return s;
      s.updateWithPod(pi, nodeInfo.node, 1);
      return undefined;
    },
    removePod(state, _pod, pi, nodeInfo) {
      const s = stateOf(state);
      if (s instanceof Status) return s;
      s.updateWithPod(pi, nodeInfo.node, -1);
      return undefined;
    },
  };

  // Hints use the pod's terms as written (namespace selectors unresolved), as upstream does.
  function isSchedulableAfterPodChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
    const oldPod = oldObj as Pod | undefined;
    const newPod = newObj as Pod | undefined;
    if (
      (newPod !== undefined && !newPod.spec?.nodeName) ||
      (oldPod !== undefined && !oldPod.spec?.nodeName)
    ) {
      return 'QueueSkip';
    }
    const pi = newPodInfo(pod);
    const aff = pi.requiredAffinityTerms;
    const anti = pi.requiredAntiAffinityTerms;
    if (newPod !== undefined && oldPod !== undefined) {
      // One pod must satisfy all affinity terms; queue when it starts to, or stops matching the anti-affinity.
      if (!podMatchesAllAffinityTerms(aff, oldPod) && podMatchesAllAffinityTerms(aff, newPod)) return 'Queue';
      if (podMatchesAllAffinityTerms(anti, oldPod) && !podMatchesAllAffinityTerms(anti, newPod))
        return 'Queue';
      return 'QueueSkip';
    }
    if (newPod !== undefined) return podMatchesAllAffinityTerms(aff, newPod) ? 'Queue' : 'QueueSkip';
    if (oldPod === undefined) return 'QueueSkip';
    return podMatchesAllAffinityTerms(anti, oldPod) ? 'Queue' : 'QueueSkip';
  }

  function isSchedulableAfterNodeChange(pod: Pod, _oldObj: unknown, newObj: unknown): QueueingHint {
    const newNode = newObj as Node | undefined;
    if (newNode === undefined) return 'QueueSkip';
    const pi = newPodInfo(pod);
    const labels = newNode.metadata?.labels ?? NO_LABELS;
    for (const t of pi.requiredAffinityTerms) if (labels[t.topologyKey] !== undefined) return 'Queue';
    for (const t of pi.requiredAntiAffinityTerms) if (labels[t.topologyKey] !== undefined) return 'Queue';
    return 'QueueSkip';
  }

  return {
    name: NAME,

    preFilter(state, pod) {
      const lister = handle.snapshot.nodeInfos;
      const withAnti = lister.havePodsWithRequiredAntiAffinityList();
      const pi = resolvedPodInfo(pod, nsLister);
      if (
        withAnti.length === 0 &&
        pi.requiredAffinityTerms.length === 0 &&
        pi.requiredAntiAffinityTerms.length === 0
      ) {
        return { status: Status.of('Skip') };
      }
      const nsLabels = namespaceLabels(pod.metadata?.namespace ?? '', nsLister);
      const existing = new TopologyCounts();
      for (const ni of withAnti) {
        for (const ep of ni.podsWithRequiredAntiAffinity) {
          updateWithAntiAffinityTerms(existing, ep.requiredAntiAffinityTerms, pod, nsLabels, ni.node, 1);
        }
      }
      const affinity = new TopologyCounts();
      const anti = new TopologyCounts();
      const aff = pi.requiredAffinityTerms;
      const antiTerms = pi.requiredAntiAffinityTerms;
      if (aff.length > 0 || antiTerms.length > 0) {
        for (const ni of lister.list()) {
          if (!hasLabels(ni.node)) continue;
          for (const ep of ni.pods) {
            if (aff.length > 0 && podMatchesAllAffinityTerms(aff, ep.pod)) {
              updateWithAffinityTerms(affinity, aff, ni.node, 1);
            }
            if (antiTerms.length > 0)
              updateWithAntiAffinityTerms(anti, antiTerms, ep.pod, undefined, ni.node, 1);
          }
        }
      }
      state.write(PRE_FILTER_KEY, new PreFilterState(existing, affinity, anti, pi, nsLabels));
      return {};
    },

    preFilterExtensions() {
      return extensions;
    },

    filter(state, _pod, nodeInfo) {
      const s = stateOf(state);
      if (s instanceof Status) return s;
      const labels = nodeInfo.node.metadata?.labels ?? NO_LABELS;
      // Required affinity: every term's topology key on the node with a matching pod in its domain,
      // unless no pod matches anywhere and the pod matches its own terms (first of its group).
      const aff = s.podInfo.requiredAffinityTerms;
      if (aff.length > 0) {
        let podsExist = true;
        for (const t of aff) {
          const v = labels[t.topologyKey];
          if (v === undefined) return Status.unresolvable(ERR_REASON_AFFINITY);
          if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
        }
        if (!podsExist && !(s.affinityCounts.size === 0 && podMatchesAllAffinityTerms(aff, s.podInfo.pod))) {
          return Status.unresolvable(ERR_REASON_AFFINITY);
        }
      }
      if (s.antiAffinityCounts.size > 0) {
        for (const t of s.podInfo.requiredAntiAffinityTerms) {
          const v = labels[t.topologyKey];
          if (v !== undefined && s.antiAffinityCounts.get(t.topologyKey, v) > 0) {
            return Status.unschedulable(ERR_REASON_ANTI_AFFINITY);
          }
        }
      }
      if (s.existingAntiAffinityCounts.size > 0) {
        for (const k in labels) {
          if (s.existingAntiAffinityCounts.get(k, labels[k] as string) > 0) {
            return Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
          }
        }
      }
      return undefined;
    },

    preScore(state, pod, nodes) {
      if (nodes.length === 0) return Status.of('Skip');
      const a = pod.spec?.affinity;
      const hasConstraints =
        (a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ||
        (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
      if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return Status.of('Skip');
      const lister = handle.snapshot.nodeInfos;
      const all = hasConstraints ? lister.list() : lister.havePodsWithAffinityList();
      const pi = resolvedPodInfo(pod, nsLister);
      const nsLabels = namespaceLabels(pod.metadata?.namespace ?? '', nsLister);
      const m = new Map<string, Map<string, number>>();
      for (const ni of all) {
        if (!hasLabels(ni.node)) continue;
        const nodeLabels = ni.node.metadata?.labels ?? NO_LABELS;
        for (const ep of hasConstraints ? ni.pods : ni.podsWithAffinity) {
          processTerms(m, pi.preferredAffinityTerms, ep.pod, undefined, nodeLabels, 1);
          processTerms(m, pi.preferredAntiAffinityTerms, ep.pod, undefined, nodeLabels, -1);
          if (args.hardPodAffinityWeight > 0) {
            processTerms(
              m,
              ep.requiredAffinityTerms as unknown as WeightedAffinityTerm[],
              pod,
              nsLabels,
              nodeLabels,
              1,
              args.hardPodAffinityWeight,
            );
          }
          processTerms(m, ep.preferredAffinityTerms, pod, nsLabels, nodeLabels, 1);
          processTerms(m, ep.preferredAntiAffinityTerms, pod, nsLabels, nodeLabels, -1);
        }
      }
      // Pairs whose contributions cancelled out still count as "something applies", as upstream.
      if (m.size === 0) return Status.of('Skip');
      state.write(PRE_SCORE_KEY, new PreScoreState(m));
      return undefined;
    },

    score(state, _pod, nodeInfo) {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (s === undefined) {
        return { score: 0, status: Status.error(`reading "${PRE_SCORE_KEY}" from cycleState: not found`) };
      }
      const labels = nodeInfo.node.metadata?.labels ?? NO_LABELS;
      let score = 0;
      for (const [k, values] of s.topologyScore) {
        const v = labels[k];
        if (v !== undefined) score += values.get(v) ?? 0;
      }
      return { score };
    },

    normalizeScore(state, _pod, scores: NodeScore[]) {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (s === undefined || s.topologyScore.size === 0) return undefined;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const ns of scores) {
        if (ns.score < min) min = ns.score;
        if (ns.score > max) max = ns.score;
      }
      const diff = max - min;
      for (const ns of scores) {
        ns.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((ns.score - min) / diff)) : 0;
      }
      return undefined;
    },

    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        { event: { resource: 'AssignedPod', action: 'Add' }, hint: isSchedulableAfterPodChange },
        { event: { resource: 'AssignedPod', action: 'UpdatePodLabel' }, hint: isSchedulableAfterPodChange },
        { event: { resource: 'AssignedPod', action: 'Delete' }, hint: isSchedulableAfterPodChange },
        { event: { resource: 'Node', action: 'Add' }, hint: isSchedulableAfterNodeChange },
        { event: { resource: 'Node', action: 'UpdateNodeLabel' }, hint: isSchedulableAfterNodeChange },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions;
};
