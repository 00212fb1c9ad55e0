/** The identity a request was authenticated as, shaped like upstream's `user.Info`. */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** Group every authenticated user carries. */
export const AllAuthenticated = 'system:authenticated';
/** Group of the anonymous user. */
export const AllUnauthenticated = 'system:unauthenticated';
/** User name of requests without credentials. */
export const Anonymous = 'system:anonymous';
/** Members of this group may do everything. */
export const SystemPrivilegedGroup = 'system:masters';
/** The `user.extra` key under which authenticators record which credential was used. */
export const CredentialIDKey = 'authentication.kubernetes.io/credential-id';

/**
 * A copy of `u` with `system:authenticated` appended, unless it already names
 * `system:authenticated` or `system:unauthenticated` (then `u` itself is returned). Never mutates `u`.
 */
export function withAuthenticatedGroup(u: UserInfo): UserInfo {
  if (u.groups.some((g) => g === AllAuthenticated || g === AllUnauthenticated)) return u;
  return { ...u, groups: [...u.groups, AllAuthenticated] };
}

/** The anonymous user: `system:anonymous` in `system:unauthenticated`. Returns a fresh object. */
export function anonymousUser(): UserInfo {
  return { name: Anonymous, groups: [AllUnauthenticated] };
}
