import {
  duplicate,
  type FieldPath,
  invalid,
  notSupported,
  required,
  tooMany,
} from '../../../apimachinery/field/index.js';
import { isQualifiedName, isValidPathSegmentName } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { invalidEach, validateLabelSelector } from './common.js';
import type { Reader } from './shape.js';

const operations = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const scopes = ['*', 'Cluster', 'Namespaced'];
/** Failure policies of webhooks and policies. */
export const failurePolicies = ['Fail', 'Ignore'];
/** Match policies of webhooks and policies. */
export const matchPolicies = ['Equivalent', 'Exact'];

function validateResources(resources: readonly string[], p: FieldPath, r: Reader): void {
  if (resources.length === 0) r.errs.push(required(p));
  const wildcardSub = new Set<string>();
  const wildcardRes = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let plain = false;
  resources.forEach((rs, i) => {
    if (rs === '') {
      r.errs.push(required(p.index(i)));
      return;
    }
    if (rs === '*/*') doubleWildcard = true;
    if (rs === '*') singleWildcard = true;
    const slash = rs.indexOf('/');
    if (slash < 0) {
      plain = rs !== '*';
      return;
    }
    const res = rs.slice(0, slash);
    const sub = rs.slice(slash + 1);
    if (wildcardSub.has(res))
      r.errs.push(invalid(p.index(i), rs, `if '${res}/*' is present, must not specify ${rs}`));
    if (wildcardRes.has(sub))
      r.errs.push(invalid(p.index(i), rs, `if '*/${sub}' is present, must not specify ${rs}`));
    if (sub === '*') wildcardSub.add(res);
    if (res === '*') wildcardRes.add(sub);
  });
  if (resources.length > 1 && doubleWildcard) {
    r.errs.push(invalid(p, resources, "if '*/*' is present, must not specify other resources"));
  }
  if (singleWildcard && plain) {
    r.errs.push(
      invalid(p, resources, "if '*' is present, must not specify other resources without subresources"),
    );
  }
}

/** A RuleWithOperations (operations, apiGroups, apiVersions, resources, scope). Appends to r.errs. */
export function validateRuleWithOperations(rule: JsonObject, p: FieldPath, r: Reader): void {
  const ops = r.strs(rule, 'operations', p.child('operations'));
  if (ops.length === 0) r.errs.push(required(p.child('operations')));
  if (ops.length > 1 && ops.includes('*')) {
    r.errs.push(invalid(p.child('operations'), ops, "if '*' is present, must not specify other operations"));
  }
  ops.forEach((op, i) => {
    if (!operations.includes(op)) r.errs.push(notSupported(p.child('operations').index(i), op, operations));
  });
  const groups = r.strs(rule, 'apiGroups', p.child('apiGroups'));
  if (groups.length === 0) r.errs.push(required(p.child('apiGroups')));
  if (groups.length > 1 && groups.includes('*')) {
    r.errs.push(
      invalid(p.child('apiGroups'), groups, "if '*' is present, must not specify other API groups"),
    );
  }
  const versions = r.strs(rule, 'apiVersions', p.child('apiVersions'));
  if (versions.length === 0) r.errs.push(required(p.child('apiVersions')));
  if (versions.length > 1 && versions.includes('*')) {
    r.errs.push(
      invalid(p.child('apiVersions'), versions, "if '*' is present, must not specify other API versions"),
    );
  }
  versions.forEach((v, i) => {
    if (v === '') r.errs.push(required(p.child('apiVersions').index(i)));
  });
  validateResources(r.strs(rule, 'resources', p.child('resources')), p.child('resources'), r);
  const scope = r.optStr(rule, 'scope', p.child('scope'));
  if (scope !== undefined && !scopes.includes(scope))
    r.errs.push(notSupported(p.child('scope'), scope, scopes));
}

/** matchConditions: at most 64, each named (qualified, unique) with a non-blank expression. */
export function validateMatchConditions(owner: JsonObject, p: FieldPath, r: Reader): void {
  const list = r.objs(owner, 'matchConditions', p);
  if (list.length > 64) r.errs.push(tooMany(p, list.length, 64));
  const names = new Set<string>();
  for (const [mc, i] of list) {
    const cp = p.index(i);
    const expression = r.str(mc, 'expression', cp.child('expression'));
    if (expression.trim() === '') r.errs.push(required(cp.child('expression')));
    const name = r.str(mc, 'name', cp.child('name'));
    if (name === '') r.errs.push(required(cp.child('name')));
    else r.errs.push(...invalidEach(cp.child('name'), name, isQualifiedName(name)));
    if (name !== '') {
      if (names.has(name)) r.errs.push(duplicate(cp.child('name'), name));
      names.add(name);
    }
  }
}

/** A policy's MatchResources: selectors and matchPolicy required, rules with resource names. */
export function validateMatchResources(mr: JsonObject | undefined, p: FieldPath, r: Reader): void {
  if (mr === undefined) return;
  const policy = r.optStr(mr, 'matchPolicy', p.child('matchPolicy'));
  if (policy === undefined) r.errs.push(required(p.child('matchPolicy')));
  else if (!matchPolicies.includes(policy))
    r.errs.push(notSupported(p.child('matchPolicy'), policy, matchPolicies));
  for (const key of ['namespaceSelector', 'objectSelector']) {
    const sel = r.obj(mr, key, p.child(key));
    if (sel === undefined) r.errs.push(required(p.child(key)));
    else validateLabelSelector(sel, r, p.child(key));
  }
  for (const key of ['resourceRules', 'excludeResourceRules']) {
    for (const [rule, i] of r.objs(mr, key, p.child(key))) {
      const rp = p.child(key).index(i);
      const seen = new Set<string>();
      r.strs(rule, 'resourceNames', rp.child('resourceNames')).forEach((n, j) => {
        const np = rp.child('resourceNames').index(j);
        r.errs.push(...invalidEach(np, n, isValidPathSegmentName(n)));
        if (seen.has(n)) r.errs.push(duplicate(np, n));
        seen.add(n);
      });
      validateRuleWithOperations(rule, rp, r);
    }
  }
}
