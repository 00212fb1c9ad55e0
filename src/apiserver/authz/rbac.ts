import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
} from 'kubernetes-types/rbac/v1.js';
import { goQuote } from '../../apimachinery/field/index.js';
import type { UserInfo } from '../authn/index.js';
import type { Attributes, Authorizer, Decision, RuleResolver, RulesResult } from './attributes.js';
import { ruleAllows, subjectAppliesTo } from './rule-match.js';

/** Where the RBAC authorizer reads roles and bindings. Implementations must be pure reads. */
export interface RBACPolicySource {
  clusterRoleBindings(): readonly ClusterRoleBinding[];
  roleBindings(namespace: string): readonly RoleBinding[];
  clusterRole(name: string): ClusterRole | undefined;
  role(namespace: string, name: string): Role | undefined;
}

/** A policy source over fixed lists (such as the bootstrap policy). Does not copy the lists. */
export function staticPolicySource(policy: {
  clusterRoles: readonly ClusterRole[];
  clusterRoleBindings: readonly ClusterRoleBinding[];
  roles?: readonly Role[];
  roleBindings?: readonly RoleBinding[];
}): RBACPolicySource {
  return {
    clusterRoleBindings: () => policy.clusterRoleBindings,
    roleBindings: (ns) => (policy.roleBindings ?? []).filter((b) => b.metadata?.namespace === ns),
    clusterRole: (name) => policy.clusterRoles.find((r) => r.metadata?.name === name),
    role: (ns, name) =>
      (policy.roles ?? []).find((r) => r.metadata?.namespace === ns && r.metadata?.name === name),
  };
}

type Visitor = (source: string | undefined, rule: PolicyRule | undefined, err: string | undefined) => boolean;

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') {
    const ns = s.namespace !== undefined && s.namespace !== '' ? s.namespace : bindingNamespace;
    return `${s.kind} ${goQuote(`${s.name}/${ns}`)}`;
  }
  return `${s.kind} ${goQuote(s.name)}`;
}

function roleRules(src: RBACPolicySource, ref: RoleRef, namespace: string): PolicyRule[] | string {
  switch (ref.kind) {
    case 'ClusterRole': {
      const r = src.clusterRole(ref.name);
      return r === undefined
        ? `clusterrole.rbac.authorization.k8s.io ${goQuote(ref.name)} not found`
        : (r.rules ?? []);
    }
    case 'Role': {
      const r = src.role(namespace, ref.name);
      return r === undefined
        ? `role.rbac.authorization.k8s.io ${goQuote(ref.name)} not found`
        : (r.rules ?? []);
    }
    default:
      return `unsupported role reference kind: ${goQuote(ref.kind)}`;
  }
}

/**
 * Walks every rule that applies to `user` in `namespace`: cluster role bindings first, then the
 * namespace's role bindings. A binding counts once, described by its first matching subject.
 * Stops when `visit` returns false.
 */
function visitRulesFor(src: RBACPolicySource, user: UserInfo, namespace: string, visit: Visitor): void {
  for (const b of src.clusterRoleBindings()) {
    const subject = (b.subjects ?? []).find((s) => subjectAppliesTo(user, s, ''));
    if (subject === undefined) continue;
    const rules = roleRules(src, b.roleRef, '');
    if (typeof rules === 'string') {
      if (!visit(undefined, undefined, rules)) return;
      continue;
    }
    const source = `ClusterRoleBinding ${goQuote(b.metadata?.name ?? '')} of ${b.roleRef.kind} ${goQuote(b.roleRef.name)} to ${describeSubject(subject, '')}`;
    for (const r of rules) if (!visit(source, r, undefined)) return;
  }
  if (namespace === '') return;
  for (const b of src.roleBindings(namespace)) {
    const subject = (b.subjects ?? []).find((s) => subjectAppliesTo(user, s, namespace));
    if (subject === undefined) continue;
    const rules = roleRules(src, b.roleRef, namespace);
    if (typeof rules === 'string') {
      if (!visit(undefined, undefined, rules)) return;
      continue;
    }
    const source = `RoleBinding ${goQuote(`${b.metadata?.name ?? ''}/${namespace}`)} of ${b.roleRef.kind} ${goQuote(b.roleRef.name)} to ${describeSubject(subject, namespace)}`;
    for (const r of rules) if (!visit(source, r, undefined)) return;
  }
}

/** Go's utilerrors aggregate message: one error as is, several de-duplicated in `[a, b]`. */
export function aggregateMessage(errs: readonly string[]): string {
  const seen = [...new Set(errs)];
  if (seen.length <= 1) return seen[0] ?? '';
  return `[${seen.join(', ')}]`;
}

/**
 * An RBAC authorizer over `src` with upstream's semantics: allow with `RBAC: allowed by ...` when a
 * rule matches, otherwise no opinion (reason `RBAC: <errors>` when roles could not be read).
 * RBAC never denies outright. Also a RuleResolver for SelfSubjectRulesReview.
 */
export function rbacAuthorizer(src: RBACPolicySource): Authorizer & RuleResolver {
  return {
    authorize(attrs: Attributes): Decision {
      const errors: string[] = [];
      let reason: string | undefined;
      const namespace = attrs.isResourceRequest ? attrs.namespace : '';
      visitRulesFor(src, attrs.user, namespace, (source, rule, err) => {
        if (rule !== undefined && source !== undefined && ruleAllows(attrs, rule)) {
          reason = `RBAC: allowed by ${source}`;
          return false;
        }
        if (err !== undefined) errors.push(err);
        return true;
      });
      if (reason !== undefined) return { decision: 'allow', reason };
      return { decision: 'no-opinion', reason: errors.length > 0 ? `RBAC: ${aggregateMessage(errors)}` : '' };
    },
    rulesFor(user: UserInfo, namespace: string): RulesResult {
      const out: RulesResult = { resourceRules: [], nonResourceRules: [], incomplete: false };
      const errors: string[] = [];
      visitRulesFor(src, user, namespace, (_source, rule, err) => {
        if (err !== undefined) errors.push(err);
        if (rule === undefined) return true;
        if ((rule.resources ?? []).length > 0) {
          const r: RulesResult['resourceRules'][number] = { verbs: [...rule.verbs] };
          if (rule.apiGroups !== undefined) r.apiGroups = [...rule.apiGroups];
          r.resources = [...(rule.resources ?? [])];
          if (rule.resourceNames !== undefined) r.resourceNames = [...rule.resourceNames];
          out.resourceRules.push(r);
        }
        if ((rule.nonResourceURLs ?? []).length > 0) {
          out.nonResourceRules.push({
            verbs: [...rule.verbs],
            nonResourceURLs: [...(rule.nonResourceURLs ?? [])],
          });
        }
        return true;
      });
      if (errors.length > 0) out.evaluationError = aggregateMessage(errors);
      return out;
    },
  };
}
