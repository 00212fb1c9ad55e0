import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isValidPathSegmentName } from './names.js';

/**
 * Validates an object name for one resource type. `prefix` is true when the value is a
 * `generateName` prefix that will get random characters appended. Returns upstream's messages;
 * empty means valid. Pure.
 */
export type NameFn = (name: string, prefix: boolean) => string[];

/**
 * Makes a generateName prefix checkable by the whole-name rules: a trailing '-' (allowed, since
 * characters follow) is masked. Upstream drops the last two characters and appends 'a', so
 * `ab-` is checked as `aa` and `a.-` as `aa`; a lone `-` is left alone and fails. Kept exactly,
 * because it decides which prefixes are accepted.
 */
export function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-')) return `${name.slice(0, -2)}a`;
  return name;
}

/** Names that must be DNS-1123 subdomains (most resources). */
export const nameIsDNSSubdomain: NameFn = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

/** Names that must be DNS-1123 labels (namespaces and a few others). */
export const nameIsDNSLabel: NameFn = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name);

/** Names that must be DNS-1035 labels (Services). */
export const nameIsDNS1035Label: NameFn = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** Namespace names: DNS-1123 labels. */
export const validateNamespaceName: NameFn = nameIsDNSLabel;

/** ServiceAccount names: DNS-1123 subdomains. */
export const validateServiceAccountName: NameFn = nameIsDNSSubdomain;

/**
 * Names that only need to be safe as one URL path segment (RBAC roles, for example): not `.` or
 * `..` and free of `/` and `%`. A prefix is checked for the characters only.
 */
export const validatePathSegmentName: NameFn = (name, prefix) => isValidPathSegmentName(name, prefix);
