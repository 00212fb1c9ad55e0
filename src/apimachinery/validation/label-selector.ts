import { type FieldError, type FieldPath, forbidden, invalid, required } from '../field/index.js';
import { type Dict, isDict, wrongType } from './json-shape.js';
import { validateLabelName, validateLabels } from './labels-annotations.js';
import { isValidLabelValue } from './names.js';

/** Options of {@link validateLabelSelector}. */
export interface LabelSelectorOptions {
  /** Skip the label-value rule on `matchExpressions[*].values` (kept for stored objects). */
  readonly allowInvalidLabelValueInSelector?: boolean;
}

/**
 * Checks a metav1.LabelSelector as upstream's ValidateLabelSelector: matchLabels as labels, each
 * expression's operator (In/NotIn need values, Exists/DoesNotExist forbid them), key and values.
 * An unset selector is valid. Reads JSON of any shape: a member of the wrong type gives one type
 * error and reads as unset; null list elements read as empty. Appends to and returns `errs`. Pure.
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
  errs.push(...validateLabels(selector['matchLabels'], fldPath.child('matchLabels')));
  const exprsPath = fldPath.child('matchExpressions');
  list(selector['matchExpressions'], exprsPath, errs).forEach((e, i) => {
    if (e === null) validateRequirement({}, exprsPath.index(i), opts, errs);
    else if (isDict(e)) validateRequirement(e, exprsPath.index(i), opts, errs);
    else errs.push(wrongType(exprsPath.index(i), e, 'object'));
  });
  return errs;
}

function list(v: unknown, fldPath: FieldPath, errs: FieldError[]): readonly unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  errs.push(wrongType(fldPath, v, 'array'));
  return [];
}

function text(v: unknown, fldPath: FieldPath, errs: FieldError[]): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  errs.push(wrongType(fldPath, v, 'string'));
  return '';
}

function validateRequirement(
  req: Dict,
  fldPath: FieldPath,
  opts: LabelSelectorOptions,
  errs: FieldError[],
): void {
  const operator = text(req['operator'], fldPath.child('operator'), errs);
  const key = text(req['key'], fldPath.child('key'), errs);
  const valuesPath = fldPath.child('values');
  const values: string[] = [];
  list(req['values'], valuesPath, errs).forEach((v, i) => {
    if (v === null) values.push('');
    else if (typeof v === 'string') values.push(v);
    else errs.push(wrongType(valuesPath.index(i), v, 'string'));
  });
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        errs.push(required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(
          forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
      break;
    default:
      errs.push(invalid(fldPath.child('operator'), operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(key, fldPath.child('key')));
  if (opts.allowInvalidLabelValueInSelector === true) return;
  values.forEach((v, i) => {
    for (const msg of isValidLabelValue(v)) errs.push(invalid(valuesPath.index(i), v, msg));
  });
}
