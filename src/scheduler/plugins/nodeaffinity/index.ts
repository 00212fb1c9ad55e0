// NodeAffinity: pods' nodeSelector and required node affinity (plus the scheduler-wide
// addedAffinity argument) filter nodes; preferred node affinity scores them.
import type { Node, NodeAffinity, NodeSelectorRequirement, Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  NodeInfo,
  NodeScore,
  PluginFactory,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/types.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';
import { defaultNormalizeScore } from '../tainttoleration/normalize.js';
import {
  type CompiledPreferred,
  compileNodeSelector,
  compilePreferred,
  matchNode,
  type NodeMatcher,
  parseInt64,
  requiredNodeAffinity,
  scorePreferred,
} from './selector.js';

/** Upstream's plugin name. */
export const NAME = 'NodeAffinity';
/** The reason when the pod's own selector/affinity does not match. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** The reason when the addedAffinity argument does not match. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
/** The reason when required terms name disjoint node sets. */
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const PRE_FILTER_KEY = `PreFilter${NAME}`;
const PRE_SCORE_KEY = `PreScore${NAME}`;

/** NodeAffinityArgs. */
export interface NodeAffinityArgs {
  addedAffinity?: NodeAffinity;
}

function validateRequirements(
  reqs: readonly NodeSelectorRequirement[] | undefined,
  path: string,
  fields: boolean,
) {
  const errs: string[] = [];
  (reqs ?? []).forEach((r, i) => {
    const p = `${path}[${i}]`;
    const n = r.values?.length ?? 0;
    if (fields) {
      if (r.key !== 'metadata.name')
        errs.push(`${p}.key: Invalid value: "${r.key}": not a valid field selector key`);
      if (r.operator !== 'In' && r.operator !== 'NotIn')
        errs.push(`${p}.operator: Invalid value: "${r.operator}": not a valid selector operator`);
      else if (n !== 1)
        errs.push(
          `${p}.values: Required value: must be only one value when \`operator\` is 'In' or 'NotIn' for node field selector`,
        );
      return;
    }
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (n === 0)
          errs.push(`${p}.values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`);
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (n > 0)
          errs.push(
            `${p}.values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
          );
        break;
      case 'Gt':
      case 'Lt':
        if (n !== 1 || parseInt64(r.values?.[0] ?? '') === undefined)
          errs.push(
            `${p}.values: Required value: must be specified single value when \`operator\` is 'Lt' or 'Gt'`,
          );
        break;
      default:
        errs.push(`${p}.operator: Invalid value: "${r.operator}": not a valid selector operator`);
    }
  });
  return errs;
}

/** Validates NodeAffinityArgs as upstream's ValidateNodeAffinityArgs (messages follow its field paths); throws on error. */
export function validateArgs(args: NodeAffinityArgs): void {
  const a = args.addedAffinity;
  if (!a) return;
  const errs: string[] = [];
  const req = a.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) {
    const base = 'addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
    if ((req.nodeSelectorTerms ?? []).length === 0)
      errs.push(`${base}: Required value: must have at least one node selector term`);
    (req.nodeSelectorTerms ?? []).forEach((t, i) => {
      errs.push(...validateRequirements(t.matchExpressions, `${base}[${i}].matchExpressions`, false));
      errs.push(...validateRequirements(t.matchFields, `${base}[${i}].matchFields`, true));
    });
  }
  (a.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
    const base = `addedAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    if (t.weight <= 0 || t.weight > 100)
      errs.push(`${base}.weight: Invalid value: ${t.weight}: must be in the range 1-100`);
    errs.push(
      ...validateRequirements(t.preference.matchExpressions, `${base}.preference.matchExpressions`, false),
    );
    errs.push(...validateRequirements(t.preference.matchFields, `${base}.preference.matchFields`, true));
  });
  if (errs.length > 0) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
}

/** The node names a pod's required terms pin it to via matchFields metadata.name In (upstream's PreFilter narrowing). */
export function nodeNamesFromTerms(pod: Pod): { names: Set<string> | undefined; conflict: boolean } {
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return { names: undefined, conflict: false };
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
    }
    if (termNames === undefined) return { names: undefined, conflict: false };
    names ??= new Set();
    for (const n of termNames) names.add(n);
  }
  if (names && names.size === 0) return { names: undefined, conflict: true };
  return { names, conflict: false };
}

/** The NodeAffinity plugin. */
export const factory: PluginFactory = (rawArgs) => {
  const args = (rawArgs ?? {}) as NodeAffinityArgs;
  validateArgs(args);
  const addedReq = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const addedSelector: NodeMatcher | undefined = addedReq ? compileNodeSelector(addedReq) : undefined;
  const addedPref = compilePreferred(args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  const addedPrefOrNone = addedPref.length > 0 ? addedPref : undefined;

  const isSchedulableAfterNodeChange = (pod: Pod, oldNode: Node | undefined, newNode: Node | undefined) => {
    if (!newNode) return 'QueueSkip' as const;
    if (addedSelector && !matchNode(addedSelector, newNode)) return 'QueueSkip' as const;
    const req = requiredNodeAffinity(pod);
    if (!matchNode(req, newNode)) return 'QueueSkip' as const;
    if (!oldNode) return 'Queue' as const;
    return matchNode(req, oldNode) ? ('QueueSkip' as const) : ('Queue' as const);
  };

  return {
    name: NAME,
    preFilter(state: CycleState, pod: Pod) {
      const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (!req && !addedSelector && !pod.spec?.nodeSelector) return { status: Status.of('Skip') };
      state.write(PRE_FILTER_KEY, requiredNodeAffinity(pod));
      const { names, conflict } = nodeNamesFromTerms(pod);
      if (conflict) return { status: Status.unresolvable(ERR_REASON_CONFLICT) };
      return names ? { result: { nodeNames: names } } : {};
    },
    preFilterExtensions: () => undefined,
    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
      const node = nodeInfo.node;
      if (addedSelector && !matchNode(addedSelector, node)) return Status.unresolvable(ERR_REASON_ENFORCED);
      const req = state.read<NodeMatcher>(PRE_FILTER_KEY) ?? requiredNodeAffinity(pod);
      return matchNode(req, node) ? undefined : Status.unresolvable(ERR_REASON_POD);
    },
    preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
      if (nodes.length === 0) return undefined;
      const pref = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
      if (!pref && !addedPrefOrNone) return Status.of('Skip');
      state.write(PRE_SCORE_KEY, compilePreferred(pref));
      return undefined;
    },
    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      const terms =
        state.read<CompiledPreferred[]>(PRE_SCORE_KEY) ??
        compilePreferred(pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
      let s = scorePreferred(terms, nodeInfo.node);
      if (addedPrefOrNone) s += scorePreferred(addedPrefOrNone, nodeInfo.node);
      return { score: s };
    },
    normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status | undefined {
      defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
      return undefined;
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        {
          event: { resource: 'Node', action: 'Add' },
          hint: (pod, _o, n) => isSchedulableAfterNodeChange(pod, undefined, n as Node | undefined),
        },
        {
          event: { resource: 'Node', action: 'UpdateNodeLabel' },
          hint: (pod, o, n) =>
            isSchedulableAfterNodeChange(pod, o as Node | undefined, n as Node | undefined),
        },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions;
};
