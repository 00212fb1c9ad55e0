import type { UserInfo } from '../authn/index.js';
import type { NonResourceAttributes, ResourceAttributes } from './attributes.js';

/** Resource attributes for tests: every string field '' unless given. */
export function resourceRequest(
  verb: string,
  fields: Partial<Omit<ResourceAttributes, 'isResourceRequest' | 'verb'>> = {},
): ResourceAttributes {
  return {
    isResourceRequest: true,
    user: { name: '', groups: [] },
    verb,
    namespace: '',
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    name: '',
    ...fields,
  };
}

/** Non-resource attributes for tests. */
export function pathRequest(
  verb: string,
  path: string,
  user: UserInfo = { name: '', groups: [] },
): NonResourceAttributes {
  return { isResourceRequest: false, user, verb, path };
}
