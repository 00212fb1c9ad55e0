// PodInfo: a pod with its inter-pod (anti-)affinity terms parsed once (upstream framework.NewPodInfo).
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import {
  type LabelSelector,
  labelSelectorAsSelector,
  newRequirement,
  nothing,
  type Selector,
} from '../../apimachinery/labels/index.js';
import type { AffinityTerm, PodInfo, WeightedAffinityTerm } from './types.js';

const EMPTY: readonly never[] = Object.freeze([]);

function safeSelector(ls: LabelSelector | null | undefined): Selector {
  try {
    return labelSelectorAsSelector(ls);
  } catch {
    // An invalid selector never passes validation; treat it as selecting nothing.
    return nothing();
  }
}

/**
 * The term's label selector with matchLabelKeys (`key in (pod's value)`) and mismatchLabelKeys
 * (`key notin (pod's value)`) folded in for keys the pod carries.
 */
function termSelector(pod: Pod, term: PodAffinityTerm): Selector {
  let sel = safeSelector(term.labelSelector as LabelSelector | undefined);
  if (term.labelSelector === undefined || term.labelSelector === null) return sel;
  const labels = pod.metadata?.labels ?? {};
  const extra = [];
  for (const key of term.matchLabelKeys ?? []) {
    const v = labels[key];
    if (v !== undefined) extra.push(['in', key, v] as const);
  }
  for (const key of term.mismatchLabelKeys ?? []) {
    const v = labels[key];
    if (v !== undefined) extra.push(['notin', key, v] as const);
  }
  for (const [op, key, v] of extra) {
    try {
      sel = sel.add(newRequirement(key, op, [v]));
    } catch {
      // Keys are validated on create; an invalid one cannot narrow the selector further.
    }
  }
  return sel;
}

/** Parses one pod affinity term against the pod that carries it (upstream newAffinityTerm). */
export function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set<string>();
  if (
    (term.namespaces ?? []).length === 0 &&
    (term.namespaceSelector === undefined || term.namespaceSelector === null)
  ) {
    namespaces.add(pod.metadata?.namespace ?? '');
  } else {
    for (const ns of term.namespaces ?? []) namespaces.add(ns);
  }
  const nsSel =
    term.namespaceSelector === undefined || term.namespaceSelector === null
      ? undefined
      : safeSelector(term.namespaceSelector as LabelSelector);
  return {
    namespaces,
    selector: termSelector(pod, term),
    topologyKey: term.topologyKey,
    namespaceSelector: nsSel,
  };
}

function required(pod: Pod, terms: readonly PodAffinityTerm[] | undefined): readonly AffinityTerm[] {
  if (terms === undefined || terms.length === 0) return EMPTY;
  return terms.map((t) => newAffinityTerm(pod, t));
}

function weighted(
  pod: Pod,
  terms: readonly WeightedPodAffinityTerm[] | undefined,
): readonly WeightedAffinityTerm[] {
  if (terms === undefined || terms.length === 0) return EMPTY;
  return terms.map((t) => ({ ...newAffinityTerm(pod, t.podAffinityTerm), weight: t.weight }));
}

/** A PodInfo for `pod` with its (anti-)affinity terms parsed. */
export function newPodInfo(pod: Pod): PodInfo {
  const aff = pod.spec?.affinity;
  return {
    pod,
    requiredAffinityTerms: required(pod, aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    requiredAntiAffinityTerms: required(
      pod,
      aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ),
    preferredAffinityTerms: weighted(pod, aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinityTerms: weighted(
      pod,
      aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    ),
  };
}

/** Whether the pod has any (anti-)affinity term (upstream: belongs in podsWithAffinity). */
export function hasAffinity(pi: PodInfo): boolean {
  const a = pi.pod.spec?.affinity;
  return a !== undefined && (a.podAffinity !== undefined || a.podAntiAffinity !== undefined);
}

/** Whether the pod has required anti-affinity terms. */
export function hasRequiredAntiAffinity(pi: PodInfo): boolean {
  return pi.requiredAntiAffinityTerms.length > 0;
}

/** The pod's `namespace/name` key. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}
