export {
  AnonymousPaths,
  type AuthenticatorOptions,
  type AuthnRequest,
  type AuthnResult,
  authenticate,
  isAnonymousPath,
  staticTokenAuthenticator,
  type TokenAuthenticator,
  unauthorizedError,
} from './authenticate.js';
export { type BearerHeader, InvalidTokenWithSpaceWarning, parseBearerHeader } from './bearer.js';
export { CSVParseError, parseCSV } from './csv.js';
export {
  ImpersonateGroupHeader,
  ImpersonateUIDHeader,
  ImpersonateUserExtraHeaderPrefix,
  ImpersonateUserHeader,
  type ImpersonationRequest,
  type ImpersonationTarget,
  impersonatedUser,
  impersonationTarget,
  parseImpersonationHeaders,
  splitServiceAccountUsername,
} from './impersonation.js';
export type { RequestHeaders } from './headers.js';
export { loadTokenFile, parseTokenFile, type TokenFile, TokenFileError } from './token-file.js';
export {
  AllAuthenticated,
  AllUnauthenticated,
  Anonymous,
  anonymousUser,
  CredentialIDKey,
  SystemPrivilegedGroup,
  type UserInfo,
  withAuthenticatedGroup,
} from './user.js';
export { type PeerCertificate, userFromPeerCertificate } from './x509.js';
