// Whether a pod's scheduling constraints admit a node: nodeSelector, required node affinity and
// taints against tolerations, as upstream's nodeaffinity.GetRequiredNodeAffinity(pod).Match and
// v1helper.FindMatchingUntoleratedTaint judge them.
import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  Taint,
  Toleration,
} from 'kubernetes-types/core/v1.js';

/** The only field node selector terms may match on. */
export const OBJECT_NAME_FIELD = 'metadata.name';

// Go's strconv.ParseInt(s, 10, 64) for label values compared with Gt/Lt.
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < -(2n ** 63n) || v >= 2n ** 63n ? undefined : v;
}

// One requirement against a value that may be absent; undefined for an invalid requirement.
function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean | undefined {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1) return undefined;
      const bound = parseInt64(values[0] ?? '');
      if (bound === undefined) return undefined;
      if (value === undefined) return false;
      const v = parseInt64(value);
      if (v === undefined) return false;
      return req.operator === 'Gt' ? v > bound : v < bound;
    }
    default:
      return undefined;
  }
}

// A term matches when it has at least one requirement and all of them hold; a term with an invalid
// requirement matches nothing (upstream skips terms that fail to parse).
function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  for (const e of exprs) {
    if (requirementMatches(e, Object.hasOwn(labels, e.key) ? labels[e.key] : undefined) !== true)
      return false;
  }
  for (const f of fields) {
    if (f.key !== OBJECT_NAME_FIELD || (f.operator !== 'In' && f.operator !== 'NotIn')) return false;
    if (f.operator === 'In' && (f.values ?? []).length !== 1) return false;
    if (requirementMatches(f, node.metadata?.name ?? '') !== true) return false;
  }
  return true;
}

/** Whether the pod's nodeSelector and required node affinity admit the node. Pure. */
export function requiredNodeAffinityMatches(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined || required === null) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}

/** Whether `t` tolerates `taint` (upstream's Toleration.ToleratesTaint). Pure. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if ((t.effect ?? '') !== '' && t.effect !== taint.effect) return false;
  if ((t.key ?? '') !== '' && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** The first taint `filter` selects that no toleration tolerates, or undefined. Pure. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  filter: (t: Taint) => boolean,
): Taint | undefined {
  return taints.find((taint) => filter(taint) && !tolerations.some((t) => toleratesTaint(t, taint)));
}
