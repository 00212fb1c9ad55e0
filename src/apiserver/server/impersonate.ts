import type { StatusError } from '../../apimachinery/errors/index.js';
import {
  impersonatedUser,
  impersonationTarget,
  parseImpersonationHeaders,
  type RequestHeaders,
  type UserInfo,
} from '../authn/index.js';
import { type Authorizer, forbiddenError } from '../authz/index.js';

/**
 * Upstream's impersonation filter: without `Impersonate-*` headers the request keeps `user`;
 * otherwise every requested identity (user or service account, each group, each extra value, the
 * uid) needs the `impersonate` verb on its resource (users, groups, serviceaccounts,
 * userextras/KEY, uids), and the request continues as the impersonated user. A denied check is
 * the 403 of the authorizer for that check (`users "bob" is forbidden: User "alice" cannot
 * impersonate resource "users" in API group "" at the cluster scope`); a malformed set of headers
 * is a 400. Returns the user or the error; pure apart from the authorizer.
 */
export function impersonate(
  headers: RequestHeaders,
  user: UserInfo,
  authorizer: Authorizer,
): { user: UserInfo } | { error: StatusError } {
  const parsed = parseImpersonationHeaders(headers);
  if ('error' in parsed) return parsed;
  if (parsed.requests.length === 0) return { user };
  for (const r of parsed.requests) {
    const t = impersonationTarget(r);
    const attrs = {
      isResourceRequest: true as const,
      user,
      verb: 'impersonate',
      namespace: t.namespace,
      apiGroup: t.apiGroup,
      apiVersion: t.apiVersion,
      resource: t.resource,
      subresource: t.subresource,
      name: t.name,
    };
    const d = authorizer.authorize(attrs);
    if (d.decision !== 'allow') return { error: forbiddenError(attrs, d.reason) };
  }
  return { user: impersonatedUser(parsed.requests) };
}
