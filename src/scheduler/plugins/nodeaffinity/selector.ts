// Node selector matching as upstream's component-helpers/scheduling/corev1/nodeaffinity: terms are
// ORed, requirements in a term ANDed; an empty term or one with an unparsable requirement matches
// nothing. Matchers are compiled once per pod so per-node checks do no parsing.
import type {
  Node,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  PreferredSchedulingTerm,
} from 'kubernetes-types/core/v1.js';

type LabelMap = Readonly<Record<string, string>>;
/** A compiled check against a node's labels and name. */
export type NodeMatcher = (labels: LabelMap, name: string) => boolean;

const INT_RE = /^[+-]?[0-9]+$/;

/** Parses a Go int64 as strconv.ParseInt(s, 10, 64) would, or undefined. */
export function parseInt64(s: string): bigint | undefined {
  if (!INT_RE.test(s)) return undefined;
  const v = BigInt(s);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return undefined;
  return v;
}

/** Compiles one label requirement; undefined when it is invalid (the term then matches nothing). */
export function compileLabelRequirement(r: NodeSelectorRequirement): NodeMatcher | undefined {
  const key = r.key;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': {
      if (values.length === 0) return undefined;
      const set = new Set(values);
      return (l) => {
        const v = l[key];
        return v !== undefined && set.has(v);
      };
    }
    case 'NotIn': {
      if (values.length === 0) return undefined;
      const set = new Set(values);
      return (l) => {
        const v = l[key];
        return v === undefined || !set.has(v);
      };
    }
    case 'Exists':
      if (values.length !== 0) return undefined;
      return (l) => l[key] !== undefined;
    case 'DoesNotExist':
      if (values.length !== 0) return undefined;
      return (l) => l[key] === undefined;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1) return undefined;
      const bound = parseInt64(values[0] as string);
      if (bound === undefined) return undefined;
      const gt = r.operator === 'Gt';
      return (l) => {
        const s = l[key];
        if (s === undefined) return false;
        const v = parseInt64(s);
        if (v === undefined) return false;
        return gt ? v > bound : v < bound;
      };
    }
    default:
      return undefined;
  }
}

/** Compiles one field requirement (only metadata.name with In/NotIn and one value is valid). */
export function compileFieldRequirement(r: NodeSelectorRequirement): NodeMatcher | undefined {
  if (r.key !== 'metadata.name') return undefined;
  const values = r.values ?? [];
  if (values.length !== 1) return undefined;
  const want = values[0] as string;
  if (r.operator === 'In') return (_l, name) => name === want;
  if (r.operator === 'NotIn') return (_l, name) => name !== want;
  return undefined;
}

/** Compiles a term; undefined when it is empty or has an invalid requirement (matches nothing). */
export function compileTerm(t: NodeSelectorTerm): NodeMatcher | undefined {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return undefined;
  const parts: NodeMatcher[] = [];
  for (const r of exprs) {
    const m = compileLabelRequirement(r);
    if (!m) return undefined;
    parts.push(m);
  }
  for (const r of fields) {
    const m = compileFieldRequirement(r);
    if (!m) return undefined;
    parts.push(m);
  }
  if (parts.length === 1) return parts[0];
  return (l, n) => {
    for (const p of parts) if (!p(l, n)) return false;
    return true;
  };
}

/** Compiles a NodeSelector (ORed terms); no usable term matches nothing. */
export function compileNodeSelector(s: NodeSelector): NodeMatcher {
  const terms: NodeMatcher[] = [];
  for (const t of s.nodeSelectorTerms ?? []) {
    const m = compileTerm(t);
    if (m) terms.push(m);
  }
  if (terms.length === 0) return () => false;
  return (l, n) => {
    for (const t of terms) if (t(l, n)) return true;
    return false;
  };
}

/** Compiles a pod's nodeSelector map (all labels must be equal). */
function compileLabelMap(sel: Readonly<Record<string, string>>): NodeMatcher | undefined {
  const entries = Object.entries(sel);
  if (entries.length === 0) return undefined;
  return (l) => {
    for (const [k, v] of entries) if (l[k] !== v) return false;
    return true;
  };
}

/** The pod's required node constraints: spec.nodeSelector AND required node affinity (upstream's RequiredNodeAffinity). */
export function requiredNodeAffinity(pod: Pod): NodeMatcher {
  const bySelector = compileLabelMap(pod.spec?.nodeSelector ?? {});
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const byAffinity = req ? compileNodeSelector(req) : undefined;
  if (bySelector && byAffinity) return (l, n) => bySelector(l, n) && byAffinity(l, n);
  return bySelector ?? byAffinity ?? (() => true);
}

/** Runs a matcher against a node. */
export function matchNode(m: NodeMatcher, node: Node): boolean {
  return m(node.metadata?.labels ?? {}, node.metadata?.name ?? '');
}

/** Compiled preferred terms: weight and matcher (zero weights and unusable terms dropped). */
export interface CompiledPreferred {
  readonly weight: number;
  readonly match: NodeMatcher;
}

/** Compiles preferred scheduling terms as upstream's NewPreferredSchedulingTerms. */
export function compilePreferred(terms: readonly PreferredSchedulingTerm[] | undefined): CompiledPreferred[] {
  const out: CompiledPreferred[] = [];
  for (const t of terms ?? []) {
    if (!t.weight) continue;
    const m = compileTerm(t.preference);
    if (m) out.push({ weight: t.weight, match: m });
  }
  return out;
}

/** Sum of weights of the preferred terms the node matches. */
export function scorePreferred(terms: readonly CompiledPreferred[], node: Node): number {
  const labels = node.metadata?.labels ?? {};
  const name = node.metadata?.name ?? '';
  let s = 0;
  for (const t of terms) if (t.match(labels, name)) s += t.weight;
  return s;
}
