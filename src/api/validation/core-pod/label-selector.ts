import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  required,
} from '../../../apimachinery/field/index.js';
import {
  isValidLabelValue,
  validateLabelName,
  validateLabels,
} from '../../../apimachinery/validation/index.js';
import { type Dict, isDict, objList, str, strList, wrongType } from './shape.js';

/** Options of {@link validateLabelSelector}. */
export interface LabelSelectorOptions {
  /** Skip the label-value rule on `matchExpressions[*].values` (kept for stored objects). */
  readonly allowInvalidLabelValueInSelector?: boolean;
}

/**
 * Checks a metav1.LabelSelector as upstream's ValidateLabelSelector: matchLabels as labels, each
 * expression's operator (In/NotIn need values, Exists/DoesNotExist forbid them), key and values.
 * Unset selectors are valid. Reads JSON of any shape. Pure.
 */
export function validateLabelSelector(
  selector: unknown,
  fldPath: FieldPath,
  opts: LabelSelectorOptions = {},
  errs: FieldError[] = [],
): FieldError[] {
  if (selector === undefined || selector === null) return errs;
  if (!isDict(selector)) {
    errs.push(wrongType(fldPath, selector, 'object'));
    return errs;
  }
  const ps = selector;
  errs.push(...validateLabels(ps['matchLabels'], fldPath.child('matchLabels')));
  for (const { item, index } of objList(ps, 'matchExpressions', fldPath, errs)) {
    validateSelectorRequirement(item, fldPath.child('matchExpressions').index(index), opts, errs);
  }
  return errs;
}

function validateSelectorRequirement(
  req: Dict,
  fldPath: FieldPath,
  opts: LabelSelectorOptions,
  errs: FieldError[],
): void {
  const operator = str(req, 'operator', fldPath, errs);
  const key = str(req, 'key', fldPath, errs);
  const values = strList(req, 'values', fldPath, errs);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        errs.push(required(fldPath.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(
          forbidden(
            fldPath.child('values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      }
      break;
    default:
      errs.push(invalid(fldPath.child('operator'), operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(key, fldPath.child('key')));
  if (opts.allowInvalidLabelValueInSelector !== true) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid(fldPath.child('values').index(i), v, msg));
    });
  }
}
