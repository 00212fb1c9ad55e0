/** Defaults for rbac.authorization.k8s.io/v1 bindings. */
import type { JsonObject } from './json.js';
import { defaultString, eachObject, ensure, own } from './json.js';

/** The RBAC API group, default of roleRef.apiGroup and of User/Group subjects' apiGroup. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

function defaultSubject(subject: JsonObject): void {
  const kind = own(subject, 'kind');
  // ServiceAccount subjects live in the core group, whose name is the empty string.
  if (kind === 'User' || kind === 'Group') defaultString(subject, 'apiGroup', RBAC_GROUP);
}

/**
 * RoleBinding and ClusterRoleBinding: roleRef.apiGroup and subjects' apiGroup. Mutates; idempotent.
 */
export function defaultRoleBinding(binding: JsonObject): void {
  const roleRef = ensure(binding, 'roleRef');
  if (roleRef) defaultString(roleRef, 'apiGroup', RBAC_GROUP);
  eachObject(binding, 'subjects', defaultSubject);
}
