import { type FieldError, type FieldPath, invalid, notSupported } from '../../../apimachinery/field/index.js';
import { type Quantity, QuantityError, quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import { isQualifiedName } from '../../../apimachinery/validation/index.js';
import { type Dict, obj, wrongType } from './shape.js';

// Resource-name classification as upstream's core helper package defines it.

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);

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

const integerResources = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

/** The resources a pod may name at pod level (`spec.resources`), as upstream lists them. */
export const supportedPodLevelResources: readonly string[] = ['cpu', 'hugepages-', 'memory'];

/** `hugepages-<size>`. */
export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** Unprefixed names and names under `kubernetes.io/` belong to Kubernetes itself. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** A prefixed, non-native name that stays a qualified name once `requests.` is put in front. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Native resources other than hugepages may have requests below limits. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

/** Counted resources and extended resources take whole numbers only. */
export function isIntegerResourceName(name: string): boolean {
  return integerResources.has(name) || isExtendedResourceName(name);
}

function isStandardResourceName(name: string): boolean {
  return (
    standardResources.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-')
  );
}

function isStandardContainerResourceName(name: string): boolean {
  return standardContainerResources.has(name) || isHugePageResourceName(name);
}

/** Upstream's validateResourceName: a qualified name, and standard unless prefixed. Pure. */
export function validateResourceName(name: string, fldPath: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(fldPath, name, msg));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !isStandardResourceName(name)) {
    errs.push(invalid(fldPath, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

/** Upstream's validateContainerResourceName: standard container resources or extended ones. Pure. */
export function validateContainerResourceName(name: string, fldPath: FieldPath): FieldError[] {
  const errs = validateResourceName(name, fldPath);
  if (!name.includes('/')) {
    if (!isStandardContainerResourceName(name)) {
      errs.push(invalid(fldPath, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(fldPath, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** Upstream's validatePodResourceName: a resource name pod-level resources support. Pure. */
export function validatePodResourceName(name: string, fldPath: FieldPath): FieldError[] {
  const errs = validateResourceName(name, fldPath);
  if (errs.length > 0) return errs;
  if (name !== 'cpu' && name !== 'memory' && !isHugePageResourceName(name)) {
    errs.push(notSupported(fldPath, name, supportedPodLevelResources));
  }
  return errs;
}

/**
 * Reads a ResourceList member (`{"cpu": "100m"}`) into parsed quantities in member order. A value
 * that is not a quantity gives `Invalid value` with the parser's message at `key[name]`.
 */
export function readResourceList(
  d: Dict | undefined,
  key: string,
  fldPath: FieldPath,
  errs: FieldError[],
): Array<[string, Quantity]> {
  const m = obj(d, key, fldPath, errs);
  if (m === undefined) return [];
  const out: Array<[string, Quantity]> = [];
  for (const [name, raw] of Object.entries(m)) {
    const p = fldPath.child(key).key(name);
    if (raw !== null && typeof raw !== 'string' && typeof raw !== 'number') {
      errs.push(wrongType(p, raw, 'string'));
      continue;
    }
    try {
      out.push([name, quantityFromJSON(raw)]);
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      errs.push(invalid(p, raw, e.message));
    }
  }
  return out;
}
