import { type FieldError, type FieldPath, invalid, notSupported } from '../../../apimachinery/field/index.js';
import { type Quantity, QuantityError, quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import { isHugePageResourceName, validateResourceName } from '../resources.js';
import { type Dict, obj, wrongType } from './shape.js';

// The shared resource-name rules live in ../resources.ts; what is pod-specific stays here.
export {
  isExtendedResourceName,
  isHugePageResourceName,
  isIntegerResourceName,
  isNativeResource,
  isOvercommitAllowed,
  validateContainerResourceName,
  validateResourceName,
} from '../resources.js';

/** The resources a pod may name at pod level (`spec.resources`), as upstream lists them. */
export const supportedPodLevelResources: readonly string[] = ['cpu', 'hugepages-', 'memory'];

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
