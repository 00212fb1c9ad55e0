import { type FieldError, type FieldPath, invalid } from '../../../apimachinery/field/index.js';
import { type Quantity, QuantityError, quantityFromJSON } from '../../../apimachinery/quantity/index.js';

/**
 * Reads a resource.Quantity member: absent/null → undefined; an unparsable value → an Invalid
 * error carrying the parser's message (upstream rejects it while decoding) and undefined.
 */
export function readQuantity(v: unknown, fldPath: FieldPath, errs: FieldError[]): Quantity | undefined {
  if (v === undefined || v === null) return undefined;
  try {
    return quantityFromJSON(v);
  } catch (e) {
    if (!(e instanceof QuantityError)) throw e;
    errs.push(invalid(fldPath, v, e.message));
    return undefined;
  }
}
