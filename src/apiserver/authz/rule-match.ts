import type { PolicyRule, Subject } from 'kubernetes-types/rbac/v1.js';
import type { UserInfo } from '../authn/index.js';
import type { Attributes } from './attributes.js';

/** `*` in verbs, apiGroups, resources or nonResourceURLs. */
export const All = '*';

/** Whether the rule lists the verb or `*`. Pure. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === All || v === verb);
}

/** Whether the rule lists the API group or `*`. Pure. */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === All || g === group);
}

/**
 * Whether the rule covers `combined` (`resource` or `resource/subresource`): `*`, the exact
 * combined name, or a star resource with the requested subresource (`*` then `/scale`). `pods/*` is not a wildcard. Pure.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === All || r === combined) return true;
    if (subresource !== '' && r === `*/${subresource}`) return true;
  }
  return false;
}

/** Whether the rule has no resourceNames or lists `name` (an empty name matches only an empty list). Pure. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/**
 * Whether the rule covers the path: `*`, the exact path, or a prefix when the rule URL ends in
 * `*` (every trailing `*` is dropped before the prefix test, and no `/` boundary is required). Pure.
 */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === All || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** Whether one RBAC rule allows the request, with upstream's matching semantics. Pure. */
export function ruleAllows(attrs: Attributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (!attrs.isResourceRequest) return nonResourceURLMatches(rule, attrs.path);
  const combined = attrs.subresource === '' ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
  return (
    apiGroupMatches(rule, attrs.apiGroup) &&
    resourceMatches(rule, combined, attrs.subresource) &&
    resourceNameMatches(rule, attrs.name)
  );
}

/**
 * Whether a binding subject names the user. A ServiceAccount subject without a namespace takes
 * `namespace` (the binding's); cluster bindings pass ''. Pure.
 */
export function subjectAppliesTo(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace !== undefined && subject.namespace !== '' ? subject.namespace : namespace;
      if (ns === '') return false;
      return user.name === `system:serviceaccount:${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}
