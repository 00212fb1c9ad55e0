// Matching failed pods against a Job's podFailurePolicy: the first rule whose exit codes or pod
// conditions match decides whether the failure fails the Job, fails the index, is counted
// against the backoff limit, or is ignored.
import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement } from 'kubernetes-types/batch/v1.js';
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';

/** The actions of a pod failure policy rule. */
export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

/** What a failed pod amounts to under a policy. */
export interface PolicyMatch {
  /** The Job failure message when a FailJob rule matched. */
  readonly failJobMessage?: string;
  /** Whether the failure counts towards the backoff limit (false only for Ignore). */
  readonly countFailed: boolean;
  /** The action of the matching rule, if any rule matched. */
  readonly action?: PodFailurePolicyAction;
}

function exitCodeMatches(code: number, req: PodFailurePolicyOnExitCodesRequirement): boolean {
  const listed = req.values.includes(code);
  return req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false;
}

function matchingContainer(
  statuses: readonly ContainerStatus[],
  req: PodFailurePolicyOnExitCodesRequirement,
): ContainerStatus | undefined {
  for (const s of statuses) {
    const term = s.state?.terminated;
    if (term == null) continue;
    if (req.containerName != null && req.containerName !== s.name) continue;
    if (term.exitCode !== 0 && exitCodeMatches(term.exitCode, req)) return s;
  }
  return undefined;
}

function matchingCondition(
  pod: Pod,
  patterns: readonly { type: string; status?: string }[],
): PodCondition | undefined {
  for (const c of pod.status?.conditions ?? []) {
    for (const p of patterns) if (c.type === p.type && c.status === (p.status ?? 'True')) return c;
  }
  return undefined;
}

/**
 * Evaluates `policy` for a failed pod (upstream's matchPodFailurePolicy, with its FailJob
 * messages). Without a policy, or when no rule matches, the failure is counted. Pure.
 */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined | null, pod: Pod): PolicyMatch {
  if (policy == null) return { countFailed: true };
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  for (const [index, rule] of policy.rules.entries()) {
    const action = rule.action as PodFailurePolicyAction;
    if (rule.onExitCodes != null) {
      const req = rule.onExitCodes;
      const c =
        matchingContainer(pod.status?.containerStatuses ?? [], req) ??
        matchingContainer(pod.status?.initContainerStatuses ?? [], req);
      if (c === undefined) continue;
      const code = c.state?.terminated?.exitCode ?? 0;
      const msg = `Container ${c.name} for pod ${ns}/${name} failed with exit code ${code} matching ${action} rule at index ${index}`;
      const decided = decide(action, msg);
      if (decided !== undefined) return decided;
    } else if (rule.onPodConditions != null) {
      const cond = matchingCondition(pod, rule.onPodConditions);
      if (cond === undefined) continue;
      const msg = `Pod ${ns}/${name} has condition ${cond.type} matching ${action} rule at index ${index}`;
      const decided = decide(action, msg);
      if (decided !== undefined) return decided;
    }
  }
  return { countFailed: true };
}

function decide(action: PodFailurePolicyAction, failJobMessage: string): PolicyMatch | undefined {
  switch (action) {
    case 'Ignore':
      return { countFailed: false, action };
    case 'FailIndex':
    case 'Count':
      return { countFailed: true, action };
    case 'FailJob':
      return { failJobMessage, countFailed: true, action };
    default:
      return undefined;
  }
}
