import type { UserInfo } from '../authn/index.js';
import { SystemPrivilegedGroup } from '../authn/index.js';
import type { Attributes, Authorizer, Decision, RuleResolver, RulesResult } from './attributes.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';
import { aggregateMessage, rbacAuthorizer, staticPolicySource } from './rbac.js';

/** Allows everything to members of any of `groups` (reason ''), no opinion otherwise. */
export function privilegedGroupsAuthorizer(...groups: string[]): Authorizer {
  return {
    authorize: (attrs: Attributes): Decision =>
      attrs.user.groups.some((g) => groups.includes(g))
        ? { decision: 'allow', reason: '' }
        : { decision: 'no-opinion', reason: '' },
  };
}

/**
 * Asks each authorizer in turn; the first allow or deny decides (with its own reason). When all
 * have no opinion the result is no-opinion with their non-empty reasons joined by newlines.
 */
export function unionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  return {
    authorize(attrs: Attributes): Decision {
      const reasons: string[] = [];
      const errors: string[] = [];
      for (const a of authorizers) {
        const d = a.authorize(attrs);
        if (d.evaluationError !== undefined) errors.push(d.evaluationError);
        if (d.reason !== '') reasons.push(d.reason);
        if (d.decision !== 'no-opinion') return d;
      }
      const out: Decision = { decision: 'no-opinion', reason: reasons.join('\n') };
      if (errors.length > 0) out.evaluationError = aggregateMessage(errors);
      return out;
    },
  };
}

/** Concatenates the rules of every resolver; incomplete when any is. */
export function unionRuleResolver(resolvers: readonly RuleResolver[]): RuleResolver {
  return {
    rulesFor(user: UserInfo, namespace: string): RulesResult {
      const out: RulesResult = { resourceRules: [], nonResourceRules: [], incomplete: false };
      const errors: string[] = [];
      for (const r of resolvers) {
        const got = r.rulesFor(user, namespace);
        out.resourceRules.push(...got.resourceRules);
        out.nonResourceRules.push(...got.nonResourceRules);
        out.incomplete ||= got.incomplete;
        if (got.evaluationError !== undefined) errors.push(got.evaluationError);
      }
      if (errors.length > 0) out.evaluationError = aggregateMessage(errors);
      return out;
    },
  };
}

/**
 * The policy kite enforces until stored RBAC objects are served: `system:masters` may do
 * everything; everyone else gets what upstream's default cluster roles grant (discovery, health,
 * version, self reviews) through the bootstrap bindings. Built fresh on each call; the result is
 * immutable and safe to share.
 */
export function interimAuthorizer(): Authorizer & RuleResolver {
  const rbac = rbacAuthorizer(
    staticPolicySource({
      clusterRoles: bootstrapClusterRoles(),
      clusterRoleBindings: bootstrapClusterRoleBindings(),
    }),
  );
  const union = unionAuthorizer([privilegedGroupsAuthorizer(SystemPrivilegedGroup), rbac]);
  return { authorize: (a) => union.authorize(a), rulesFor: (u, ns) => rbac.rulesFor(u, ns) };
}
