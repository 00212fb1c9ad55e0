import { type FieldError, type FieldPath, invalid } from '../../apimachinery/field/index.js';
import type { Quantity } from '../../apimachinery/quantity/index.js';
import { isQualifiedName } from '../../apimachinery/validation/index.js';

// Resource names and quantities as upstream's core helpers classify them (quota, limit ranges,
// volumes and node capacity share these rules).

const standardResources = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);

const standardQuotaResources = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
]);

const integerResources = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'services.nodeports',
  'services.loadbalancers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
]);

/** `hugepages-<size>`. */
export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

function isQuotaHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

/** A name without a domain, or in a `kubernetes.io/` domain. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** A domain-qualified resource outside kubernetes.io whose `requests.` form is a qualified name. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Native resources other than huge pages may be overcommitted (request below limit). */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

/** Resources counted in whole units. */
export function isIntegerResourceName(name: string): boolean {
  return integerResources.has(name) || isExtendedResourceName(name);
}

/** A resource name that quota may track without a domain. */
export function isStandardQuotaResourceName(name: string): boolean {
  return standardQuotaResources.has(name) || isQuotaHugePageResourceName(name);
}

/** Upstream's validateResourceName: a qualified name, and a standard one when it has no domain. Pure. */
export function validateResourceName(value: string, fldPath: FieldPath): FieldError[] {
  const errs = isQualifiedName(value).map((m) => invalid(fldPath, value, m));
  if (errs.length > 0) return errs;
  if (!value.includes('/') && !standardResources.has(value) && !isQuotaHugePageResourceName(value)) {
    return [invalid(fldPath, value, 'must be a standard resource type or fully qualified')];
  }
  return [];
}

/** Upstream's validateContainerResourceName (limit ranges of type Pod and Container). Pure. */
export function validateContainerResourceName(value: string, fldPath: FieldPath): FieldError[] {
  const errs = validateResourceName(value, fldPath);
  if (!value.includes('/')) {
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(value) && !isHugePageResourceName(value)) {
      return [...errs, invalid(fldPath, value, 'must be a standard resource for containers')];
    }
  } else if (!isNativeResource(value) && !isExtendedResourceName(value)) {
    return [...errs, invalid(fldPath, value, "doesn't follow extended resource name standard")];
  }
  return errs;
}

/** Upstream's ValidateResourceQuotaResourceName. Pure. */
export function validateQuotaResourceName(value: string, fldPath: FieldPath): FieldError[] {
  const errs = validateResourceName(value, fldPath);
  if (!value.includes('/') && !isStandardQuotaResourceName(value)) {
    return [...errs, invalid(fldPath, value, 'must be a standard resource for quota')];
  }
  return errs;
}

/** `must be greater than or equal to 0` for a negative quantity (the value printed as a string). */
export function validateNonnegativeQuantity(q: Quantity, fldPath: FieldPath): FieldError[] {
  return q.sign() < 0 ? [invalid(fldPath, q.toString(), 'must be greater than or equal to 0')] : [];
}

/** `must be greater than zero` for a quantity ≤ 0. */
export function validatePositiveQuantity(q: Quantity, fldPath: FieldPath): FieldError[] {
  return q.sign() <= 0 ? [invalid(fldPath, q.toString(), 'must be greater than zero')] : [];
}

/** Upstream's ValidateResourceQuantityValue: non-negative, and whole for integer resources. Pure. */
export function validateResourceQuantityValue(name: string, q: Quantity, fldPath: FieldPath): FieldError[] {
  const errs = validateNonnegativeQuantity(q, fldPath);
  if (isIntegerResourceName(name) && q.milliValue() % 1000n !== 0n) {
    errs.push(invalid(fldPath, q.toString(), 'must be an integer'));
  }
  return errs;
}

/** Upstream's validateBasicResource: `must be a valid resource quantity` when the value is negative. */
export function validateBasicResource(q: Quantity, fldPath: FieldPath): FieldError[] {
  const v = q.value();
  return v < 0n ? [invalid(fldPath, Number(v), 'must be a valid resource quantity')] : [];
}
