import { badRequest, type StatusError } from '../../apimachinery/errors/index.js';
import { validateNamespaceName, validateServiceAccountName } from '../../apimachinery/validation/index.js';
import { headerValues, type RequestHeaders } from './headers.js';
import { AllAuthenticated, AllUnauthenticated, Anonymous, type UserInfo } from './user.js';

export const ImpersonateUserHeader = 'Impersonate-User';
export const ImpersonateGroupHeader = 'Impersonate-Group';
export const ImpersonateUIDHeader = 'Impersonate-Uid';
export const ImpersonateUserExtraHeaderPrefix = 'Impersonate-Extra-';

const ServiceAccountUsernamePrefix = 'system:serviceaccount:';
const AuthenticationV1 = 'authentication.k8s.io/v1';

/** One thing a request asks to act as; each needs its own `impersonate` permission. */
export type ImpersonationRequest =
  | { kind: 'ServiceAccount'; namespace: string; name: string }
  | { kind: 'User'; name: string }
  | { kind: 'Group'; name: string }
  | { kind: 'UserExtra'; key: string; value: string }
  | { kind: 'UID'; uid: string };

/**
 * `system:serviceaccount:<ns>:<name>` split into its parts when both are valid names, as upstream's
 * serviceaccount.SplitUsername accepts them; undefined for any other user name. Pure.
 */
export function splitServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(ServiceAccountUsernamePrefix)) return undefined;
  const parts = username.slice(ServiceAccountUsernamePrefix.length).split(':');
  const [namespace, name] = parts;
  if (parts.length !== 2 || namespace === undefined || name === undefined) return undefined;
  if (validateNamespaceName(namespace, false).length !== 0) return undefined;
  if (validateServiceAccountName(name, false).length !== 0) return undefined;
  return { namespace, name };
}

/**
 * Reads the impersonation headers of a request, in upstream's order (user, groups, extras, uid).
 * An empty list means the request impersonates nobody. Groups, extras or a uid without
 * `Impersonate-User` is a 400 BadRequest worded as upstream words it. Extra keys are lower-cased
 * and percent-decoded (kept as sent when the escapes are malformed). Pure; returns, never throws.
 */
export function parseImpersonationHeaders(
  headers: RequestHeaders,
): { requests: ImpersonationRequest[] } | { error: StatusError } {
  const requests: ImpersonationRequest[] = [];
  const requestedUser = headerValues(headers, 'impersonate-user')[0] ?? '';
  const hasUser = requestedUser !== '';
  if (hasUser) {
    const sa = splitServiceAccountUsername(requestedUser);
    requests.push(
      sa === undefined ? { kind: 'User', name: requestedUser } : { kind: 'ServiceAccount', ...sa },
    );
  }
  const groups = headerValues(headers, 'impersonate-group');
  for (const g of groups) requests.push({ kind: 'Group', name: g });
  let hasUserExtra = false;
  const prefix = ImpersonateUserExtraHeaderPrefix.toLowerCase();
  for (const [name, v] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith(prefix) || v === undefined) continue;
    hasUserExtra = true;
    const key = pathUnescape(lower.slice(prefix.length)) ?? lower.slice(prefix.length);
    for (const value of typeof v === 'string' ? [v] : v) requests.push({ kind: 'UserExtra', key, value });
  }
  const requestedUID = headerValues(headers, 'impersonate-uid')[0] ?? '';
  const hasUID = requestedUID !== '';
  if (hasUID) requests.push({ kind: 'UID', uid: requestedUID });
  if ((groups.length > 0 || hasUserExtra || hasUID) && !hasUser) {
    return {
      error: badRequest(
        `requested [${requests.map(goObjectReference).join(' ')}] without impersonating a user`,
      ),
    };
  }
  return { requests };
}

/** Go's `%v` of the v1.ObjectReference upstream builds for a request (fields in declaration order). */
function goObjectReference(r: ImpersonationRequest): string {
  // Kind Namespace Name UID APIVersion ResourceVersion FieldPath
  let f: string[];
  switch (r.kind) {
    case 'ServiceAccount':
      f = ['ServiceAccount', r.namespace, r.name, '', '', '', ''];
      break;
    case 'User':
    case 'Group':
      f = [r.kind, '', r.name, '', '', '', ''];
      break;
    case 'UserExtra':
      f = ['UserExtra', '', r.value, '', AuthenticationV1, '', r.key];
      break;
    case 'UID':
      f = ['UID', '', r.uid, '', AuthenticationV1, '', ''];
      break;
  }
  return `{${f.join(' ')}}`;
}

/** Go's url.PathUnescape: undefined when a `%` is not followed by two hex digits. */
function pathUnescape(s: string): string | undefined {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  const raw = new TextEncoder().encode(s);
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] ?? 0;
    if (b !== 0x25) {
      bytes.push(b);
      continue;
    }
    const hex = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/** What authorizing one impersonation request asks for (verb `impersonate`). */
export interface ImpersonationTarget {
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

/** The resource attributes of the `impersonate` check for `r`, as upstream builds them. Pure. */
export function impersonationTarget(r: ImpersonationRequest): ImpersonationTarget {
  const core = { apiGroup: '', apiVersion: 'v1', subresource: '', namespace: '' };
  const authn = { apiGroup: 'authentication.k8s.io', apiVersion: 'v1', subresource: '', namespace: '' };
  switch (r.kind) {
    case 'ServiceAccount':
      return { ...core, resource: 'serviceaccounts', namespace: r.namespace, name: r.name };
    case 'User':
      return { ...core, resource: 'users', name: r.name };
    case 'Group':
      return { ...core, resource: 'groups', name: r.name };
    case 'UserExtra':
      return { ...authn, resource: 'userextras', subresource: r.key, name: r.value };
    case 'UID':
      return { ...authn, resource: 'uids', name: r.uid };
  }
}

/**
 * The user a request acts as once every request in `requests` was authorized. Without
 * `Impersonate-Group`, a service account gets its fixed groups; a user other than
 * `system:anonymous` gets `system:authenticated` unless either well-known group was asked for;
 * `system:anonymous` gets `system:unauthenticated`. Pure.
 */
export function impersonatedUser(requests: readonly ImpersonationRequest[]): UserInfo {
  let name = '';
  let uid = '';
  let groups: string[] = [];
  const extra = new Map<string, string[]>();
  const groupsSpecified = requests.some((r) => r.kind === 'Group');
  for (const r of requests) {
    switch (r.kind) {
      case 'ServiceAccount':
        name = `${ServiceAccountUsernamePrefix}${r.namespace}:${r.name}`;
        if (!groupsSpecified) groups = ['system:serviceaccounts', `system:serviceaccounts:${r.namespace}`];
        break;
      case 'User':
        name = r.name;
        break;
      case 'Group':
        groups.push(r.name);
        break;
      case 'UserExtra':
        extra.set(r.key, [...(extra.get(r.key) ?? []), r.value]);
        break;
      case 'UID':
        uid = r.uid;
        break;
    }
  }
  if (name !== Anonymous) {
    if (!groups.some((g) => g === AllAuthenticated || g === AllUnauthenticated))
      groups.push(AllAuthenticated);
  } else if (!groups.includes(AllUnauthenticated)) {
    groups.push(AllUnauthenticated);
  }
  const user: UserInfo = { name, groups };
  if (uid !== '') user.uid = uid;
  if (extra.size > 0) user.extra = Object.fromEntries(extra);
  return user;
}
