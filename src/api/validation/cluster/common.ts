import { type FieldError, type FieldPath, invalid, required } from '../../../apimachinery/field/index.js';
import {
  isDNS1123Subdomain,
  isValidPathSegmentName,
  regexError,
  validateLabelSelector as validateSharedLabelSelector,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { byteLen, type Reader } from './shape.js';

const wildcardFmt = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const wildcardRe = new RegExp(`^${wildcardFmt}$`);
const wildcardMsg =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

/** A wildcard DNS-1123 subdomain (`*.example.com`), upstream's IsWildcardDNS1123Subdomain. Pure. */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 253) errs.push('must be no more than 253 characters');
  if (!wildcardRe.test(value)) errs.push(regexError(wildcardMsg, wildcardFmt, '*.example.com'));
  return errs;
}

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRe = new RegExp(`^${httpPathFmt}$`);

/** A domain-prefixed path such as `acme.io/foo` (upstream's IsDomainPrefixedPath). Pure. */
export function isDomainPrefixedPath(fldPath: FieldPath, value: string): FieldError[] {
  if (value === '') return [required(fldPath)];
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const rest = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || host === '' || rest === '') {
    return [invalid(fldPath, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const errs = isDNS1123Subdomain(host).map((m) => invalid(fldPath, host, m));
  if (!httpPathRe.test(rest)) errs.push(invalid(fldPath, rest, regexError('Invalid path', httpPathFmt)));
  return errs;
}

/**
 * A metav1.LabelSelector as upstream's ValidateLabelSelector: matchLabels as labels, each
 * expression's operator, values (required for In/NotIn, forbidden for Exists/DoesNotExist), key
 * and values. Appends to `r.errs`.
 */
export function validateLabelSelector(sel: JsonObject, r: Reader, fldPath: FieldPath): void {
  validateSharedLabelSelector(sel, fldPath, {}, r.errs);
}

/** Each message of a name check as an Invalid error at `fldPath`. */
export function invalidEach(fldPath: FieldPath, value: unknown, msgs: readonly string[]): FieldError[] {
  return msgs.map((m) => invalid(fldPath, value, m));
}

/** A required name that must be one URL path segment: Required when empty, else the segment rules. */
export function requiredSegment(fldPath: FieldPath, value: string, detail = ''): FieldError[] {
  if (value === '') return [required(fldPath, detail)];
  return invalidEach(fldPath, value, isValidPathSegmentName(value));
}

const deprecatedNodeLabels: Readonly<Record<string, string>> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region':
    'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone':
    'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type':
    'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};

/** The deprecation note of a node label key, or undefined for a current one. Pure. */
export function nodeLabelDeprecation(key: string): string | undefined {
  return Object.hasOwn(deprecatedNodeLabels, key) ? deprecatedNodeLabels[key] : undefined;
}
