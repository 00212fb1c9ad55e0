import { invalid, notSupported, path, required } from '../../../apimachinery/field/index.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';
import {
  validatePathSegmentName,
  validateServiceAccountName,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach, validateLabelSelector } from './common.js';
import { defineKind } from './kind.js';
import { isObj, type Reader } from './shape.js';

const rbacGroup = 'rbac.authorization.k8s.io';

function validateRules(obj: JsonObject, r: Reader, namespaced: boolean): void {
  for (const [rule, i] of r.objs(obj, 'rules', path('rules'))) {
    const p = path('rules').index(i);
    const verbs = r.strs(rule, 'verbs', p.child('verbs'));
    const apiGroups = r.strs(rule, 'apiGroups', p.child('apiGroups'));
    const resources = r.strs(rule, 'resources', p.child('resources'));
    const resourceNames = r.strs(rule, 'resourceNames', p.child('resourceNames'));
    const urls = r.strs(rule, 'nonResourceURLs', p.child('nonResourceURLs'));
    if (verbs.length === 0) r.errs.push(required(p.child('verbs'), 'verbs must contain at least one value'));
    if (urls.length > 0) {
      if (namespaced) {
        r.errs.push(
          invalid(p.child('nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'),
        );
      }
      if (apiGroups.length > 0 || resources.length > 0 || resourceNames.length > 0) {
        r.errs.push(
          invalid(
            p.child('nonResourceURLs'),
            urls,
            'rules cannot apply to both regular resources and non-resource URLs',
          ),
        );
      }
      continue;
    }
    if (apiGroups.length === 0) {
      r.errs.push(required(p.child('apiGroups'), 'resource rules must supply at least one api group'));
    }
    if (resources.length === 0) {
      r.errs.push(required(p.child('resources'), 'resource rules must supply at least one resource'));
    }
  }
}

function validateAggregation(obj: JsonObject, r: Reader): void {
  const p = path('aggregationRule', 'clusterRoleSelectors');
  const rule = r.obj(obj, 'aggregationRule', path('aggregationRule'));
  if (rule === undefined) return;
  const selectors = r.objs(rule, 'clusterRoleSelectors', p);
  if (selectors.length === 0) {
    r.errs.push(required(p, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  }
  for (const [sel, i] of selectors) {
    const before = r.errs.length;
    validateLabelSelector(sel, r, p.index(i));
    // A selector that does not convert is reported once more as a whole, as upstream does.
    if (r.errs.length > before) r.errs.push(invalid(p.index(i), null, 'invalid label selector.'));
  }
}

function validateSubjects(obj: JsonObject, r: Reader, namespaced: boolean): void {
  for (const [s, i] of r.objs(obj, 'subjects', path('subjects'))) {
    const p = path('subjects').index(i);
    const name = r.str(s, 'name', p.child('name'));
    const kind = r.str(s, 'kind', p.child('kind'));
    const apiGroup = r.str(s, 'apiGroup', p.child('apiGroup'));
    const namespace = r.str(s, 'namespace', p.child('namespace'));
    if (name === '') r.errs.push(required(p.child('name')));
    if (kind === 'ServiceAccount') {
      if (name !== '')
        r.errs.push(...invalidEach(p.child('name'), name, validateServiceAccountName(name, false)));
      if (apiGroup !== '') r.errs.push(notSupported(p.child('apiGroup'), apiGroup, ['']));
      if (!namespaced && namespace === '') r.errs.push(required(p.child('namespace')));
    } else if (kind === 'User' || kind === 'Group') {
      if (apiGroup !== rbacGroup) r.errs.push(notSupported(p.child('apiGroup'), apiGroup, [rbacGroup]));
    } else {
      r.errs.push(notSupported(p.child('kind'), kind, ['ServiceAccount', 'User', 'Group']));
    }
  }
}

function roleRef(obj: JsonObject, r: Reader): JsonObject {
  return r.obj(obj, 'roleRef', path('roleRef')) ?? {};
}

function validateRoleRef(obj: JsonObject, r: Reader, kinds: readonly string[]): void {
  const ref = roleRef(obj, r);
  const p = path('roleRef');
  const apiGroup = r.str(ref, 'apiGroup', p.child('apiGroup'));
  const kind = r.str(ref, 'kind', p.child('kind'));
  const name = r.str(ref, 'name', p.child('name'));
  if (apiGroup !== rbacGroup) r.errs.push(notSupported(p.child('apiGroup'), apiGroup, [rbacGroup]));
  if (!kinds.includes(kind)) r.errs.push(notSupported(p.child('kind'), kind, kinds));
  if (name === '') r.errs.push(required(p.child('name')));
  else r.errs.push(...invalidEach(p.child('name'), name, validatePathSegmentName(name, false)));
}

// Upstream prints the internal struct, whose JSON carries Go's field names.
function refOf(o: JsonObject): { APIGroup: unknown; Kind: unknown; Name: unknown } {
  const ref = isObj(o['roleRef']) ? o['roleRef'] : {};
  return { APIGroup: ref['apiGroup'] ?? '', Kind: ref['kind'] ?? '', Name: ref['name'] ?? '' };
}

function roleRefUnchanged(obj: JsonObject, old: JsonObject, r: Reader): void {
  const next = refOf(obj);
  if (!deepEqual(next, refOf(old))) r.errs.push(invalid(path('roleRef'), next, 'cannot change roleRef'));
}

/** rbac.authorization.k8s.io/v1 Role. */
export const roleValidation: KindValidation = defineKind({
  namespaced: true,
  nameFn: validatePathSegmentName,
  create: (obj, r) => validateRules(obj, r, true),
});

/** rbac.authorization.k8s.io/v1 ClusterRole. */
export const clusterRoleValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: validatePathSegmentName,
  create(obj, r) {
    validateRules(obj, r, false);
    validateAggregation(obj, r);
  },
});

/** rbac.authorization.k8s.io/v1 RoleBinding. */
export const roleBindingValidation: KindValidation = defineKind({
  namespaced: true,
  nameFn: validatePathSegmentName,
  create(obj, r) {
    validateRoleRef(obj, r, ['Role', 'ClusterRole']);
    validateSubjects(obj, r, true);
  },
  update: roleRefUnchanged,
});

/** rbac.authorization.k8s.io/v1 ClusterRoleBinding. */
export const clusterRoleBindingValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: validatePathSegmentName,
  create(obj, r) {
    validateRoleRef(obj, r, ['ClusterRole']);
    validateSubjects(obj, r, false);
  },
  update: roleRefUnchanged,
});
