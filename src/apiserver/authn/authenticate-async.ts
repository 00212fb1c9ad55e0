import {
  type AuthenticatorOptions,
  type AuthnRequest,
  type AuthnResult,
  authenticate,
} from './authenticate.js';
import { parseBearerHeader } from './bearer.js';
import { headerValues } from './headers.js';
import { type UserInfo, withAuthenticatedGroup } from './user.js';

/** A token authenticator that reads stored objects (service account tokens). */
export type AsyncTokenAuthenticator = (
  token: string,
  audiences: readonly string[],
) => Promise<{ user: UserInfo; audiences: readonly string[] } | { error: string } | undefined>;

/**
 * {@link authenticate}, then, when it rejected a bearer token, the asynchronous token
 * authenticators in order (for the server's API audiences). The first that knows the token wins;
 * otherwise the synchronous result (the 401) stands.
 */
export async function authenticateRequest(
  req: AuthnRequest,
  opts: AuthenticatorOptions,
  asyncTokens: readonly AsyncTokenAuthenticator[],
  audiences: readonly string[],
): Promise<AuthnResult> {
  const sync = authenticate(req, opts);
  if (!('error' in sync) || asyncTokens.length === 0) return sync;
  const bearer = parseBearerHeader(headerValues(req.headers, 'authorization')[0]);
  if (bearer.kind !== 'token') return sync;
  for (const a of asyncTokens) {
    const r = await a(bearer.token, audiences);
    if (r !== undefined && 'user' in r) {
      const user = withAuthenticatedGroup(r.user);
      return sync.warnings === undefined ? { user } : { user, warnings: sync.warnings };
    }
  }
  return sync;
}
