import { type StatusError, unauthorized } from '../../apimachinery/errors/index.js';
import { parseBearerHeader } from './bearer.js';
import { headerValues, type RequestHeaders } from './headers.js';
import { type PeerCertificate, userFromPeerCertificate } from './x509.js';
import { anonymousUser, type UserInfo, withAuthenticatedGroup } from './user.js';

/** Resolves a bearer token to its user; undefined when the token is unknown. */
export interface TokenAuthenticator {
  authenticateToken(token: string): UserInfo | undefined;
}

/** A TokenAuthenticator over a fixed token table such as a parsed token file. */
export function staticTokenAuthenticator(tokens: ReadonlyMap<string, UserInfo>): TokenAuthenticator {
  return { authenticateToken: (token) => tokens.get(token) };
}

/** What the authenticator sees of a request. */
export interface AuthnRequest {
  /** The URL path, without query. */
  path: string;
  headers: RequestHeaders;
  /** `tlsSocket.getPeerCertificate()`, only when the TLS layer verified it against the client CA. */
  peerCertificate?: PeerCertificate;
}

/** The outcome of authentication. `warnings` are for the client's `Warning` headers. */
export type AuthnResult =
  | { user: UserInfo; warnings?: string[] }
  | { anonymous: true; user: UserInfo; warnings?: string[] }
  | { error: StatusError; warnings?: string[] };

/** How a server authenticates. */
export interface AuthenticatorOptions {
  /** Tried in order after client certificates. */
  tokenAuthenticators?: readonly TokenAuthenticator[];
  /** Whether requests without credentials may proceed as `system:anonymous` (default true). */
  anonymous?: boolean;
  /** Paths open to anonymous requests, each with its sub-paths (default {@link AnonymousPaths}). */
  anonymousPaths?: readonly string[];
}

/** The health and version endpoints, the only ones kite serves to anonymous requests. */
export const AnonymousPaths: readonly string[] = ['/healthz', '/livez', '/readyz', '/version'];

/** Whether `path` is one of `paths` or below one of them. Pure. */
export function isAnonymousPath(path: string, paths: readonly string[] = AnonymousPaths): boolean {
  return paths.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The 401 kube-apiserver answers a request it cannot authenticate with. */
export function unauthorizedError(): StatusError {
  return unauthorized('Unauthorized');
}

/**
 * Authenticates a request as kube-apiserver's chain does: a client certificate with a CN wins;
 * otherwise a bearer token must be known to a token authenticator (an unknown one is a 401, never
 * anonymous); without credentials the request is `system:anonymous` on an anonymous path and a
 * 401 elsewhere. Authenticated users get `system:authenticated`. Pure; returns, never throws.
 */
export function authenticate(req: AuthnRequest, opts: AuthenticatorOptions = {}): AuthnResult {
  const warnings: string[] = [];
  const withWarnings = <T extends AuthnResult>(r: T): T => (warnings.length > 0 ? { ...r, warnings } : r);
  const certUser = userFromPeerCertificate(req.peerCertificate);
  if (certUser !== undefined) return withWarnings({ user: withAuthenticatedGroup(certUser) });

  const bearer = parseBearerHeader(headerValues(req.headers, 'authorization')[0]);
  if (bearer.kind === 'ignored') warnings.push(bearer.warning);
  if (bearer.kind === 'token') {
    for (const a of opts.tokenAuthenticators ?? []) {
      const u = a.authenticateToken(bearer.token);
      if (u !== undefined) return withWarnings({ user: withAuthenticatedGroup(u) });
    }
    return withWarnings({ error: unauthorizedError() });
  }
  if ((opts.anonymous ?? true) && isAnonymousPath(req.path, opts.anonymousPaths)) {
    return withWarnings({ anonymous: true, user: anonymousUser() });
  }
  return withWarnings({ error: unauthorizedError() });
}
