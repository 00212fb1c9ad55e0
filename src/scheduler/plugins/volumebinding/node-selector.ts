// Matching of a PersistentVolume's node affinity and a StorageClass's allowed topologies against
// a node (upstream's MatchNodeSelectorTerms and MatchTopologySelectorTerms).
import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PersistentVolume,
  TopologySelectorTerm,
} from 'kubernetes-types/core/v1.js';

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
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
      if (value === undefined || values.length !== 1) return false;
      const want = Number(values[0]);
      const have = Number(value);
      if (!/^-?\d+$/.test(values[0] ?? '') || !/^-?\d+$/.test(value)) return false;
      return r.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

function matchTerm(node: Node, term: NodeSelectorTerm): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  // An empty term selects nothing.
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  for (const r of exprs) {
    const v = Object.hasOwn(labels, r.key) ? labels[r.key] : undefined;
    if (!matchRequirement(r, v)) return false;
  }
  for (const r of fields) {
    // metadata.name is the only field node selectors support.
    if (r.key !== 'metadata.name') return false;
    if ((r.operator !== 'In' && r.operator !== 'NotIn') || (r.values ?? []).length !== 1) return false;
    if (!matchRequirement(r, node.metadata?.name ?? '')) return false;
  }
  return true;
}

/** Whether any term matches the node (terms are ORed, requirements within a term ANDed). Pure. */
export function matchNodeSelectorTerms(node: Node, terms: readonly NodeSelectorTerm[]): boolean {
  for (const t of terms) if (matchTerm(node, t)) return true;
  return false;
}

/** Whether the volume's required node affinity (if any) admits the node. Pure. */
export function volumeNodeAffinityMatches(pv: PersistentVolume, node: Node): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (required === undefined || required === null) return true;
  return matchNodeSelectorTerms(node, required.nodeSelectorTerms ?? []);
}

/**
 * Whether the labels satisfy any allowed-topology term (no terms: everything matches; empty terms
 * match nothing). Pure.
 */
export function matchTopologySelectorTerms(
  terms: readonly TopologySelectorTerm[] | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (terms === undefined || terms.length === 0) return true;
  for (const t of terms) {
    const exprs = t.matchLabelExpressions ?? [];
    if (exprs.length === 0) continue;
    let ok = true;
    for (const e of exprs) {
      const v = Object.hasOwn(labels, e.key) ? labels[e.key] : undefined;
      if (v === undefined || !e.values.includes(v)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}
