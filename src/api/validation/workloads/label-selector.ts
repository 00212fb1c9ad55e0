import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  required,
} from '../../../apimachinery/field/index.js';
import {
  type LabelSelector,
  LabelSelectorError,
  labelSelectorAsSelector,
  nothing,
  type Selector,
} from '../../../apimachinery/labels/index.js';
import {
  isValidLabelValue,
  validateLabelName,
  validateLabels,
} from '../../../apimachinery/validation/index.js';
import { type Dict, dict, isDict, list, str, wrongType } from './shape.js';

/** What a structured selector read from JSON turned out to be. */
export type ReadSelector =
  | { readonly kind: 'absent'; readonly selector: Selector }
  | {
      readonly kind: 'present';
      readonly raw: Dict;
      /** No match labels and no expressions. */
      readonly empty: boolean;
      /** The matcher; undefined when the selector does not convert (upstream's conversion error). */
      readonly selector: Selector | undefined;
    };

/**
 * Checks a metav1.LabelSelector as upstream's ValidateLabelSelector: labels valid, operators known, values
 * required for In/NotIn and forbidden for Exists/DoesNotExist, keys label keys, expression values
 * label values unless `allowInvalidLabelValue` (granted to updates of objects that already hold
 * such values). Appends errors;
 * returns the selector as read, with its matcher when it converts cleanly; an absent selector
 * matches nothing, as upstream's nil selector does. Never throws.
 */
export function validateLabelSelector(
  v: unknown,
  fldPath: FieldPath,
  errs: FieldError[],
  allowInvalidLabelValue = false,
): ReadSelector {
  const d = dict(v, fldPath, errs);
  if (d === undefined) return { kind: 'absent', selector: nothing() };
  errs.push(...validateLabels(d['matchLabels'], fldPath.child('matchLabels')));
  const exprsPath = fldPath.child('matchExpressions');
  const exprs = list(d['matchExpressions'], exprsPath, errs);
  exprs.forEach((e, i) => {
    validateRequirement(e, exprsPath.index(i), allowInvalidLabelValue, errs);
  });
  const labels = isDict(d['matchLabels']) ? Object.keys(d['matchLabels']).length : 0;
  const empty = labels + exprs.length === 0;
  return { kind: 'present', raw: d, empty, selector: convert(d) };
}

function validateRequirement(
  v: unknown,
  fldPath: FieldPath,
  allowInvalidValue: boolean,
  errs: FieldError[],
): void {
  if (!isDict(v)) {
    errs.push(wrongType(fldPath, v, 'object'));
    return;
  }
  const operator = str(v['operator'], fldPath.child('operator'), errs);
  const valuesPath = fldPath.child('values');
  const values = list(v['values'], valuesPath, errs);
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
  const key = str(v['key'], fldPath.child('key'), errs);
  errs.push(...validateLabelName(key, fldPath.child('key')));
  values.forEach((value, i) => {
    const s = str(value, valuesPath.index(i), errs);
    if (allowInvalidValue) return;
    for (const msg of isValidLabelValue(s)) errs.push(invalid(valuesPath.index(i), s, msg));
  });
}

function convert(d: Dict): Selector | undefined {
  try {
    return labelSelectorAsSelector(d as LabelSelector);
  } catch (e) {
    if (e instanceof LabelSelectorError) return undefined;
    throw e;
  }
}

/**
 * The selector as an error prints it: Go marshals the struct with empty parts omitted, so `{}`
 * rather than `{"matchLabels":{}}`.
 */
export function selectorValue(raw: Dict): Dict {
  const out: Dict = {};
  const ml = raw['matchLabels'];
  if (isDict(ml) && Object.keys(ml).length > 0) out['matchLabels'] = ml;
  const me = raw['matchExpressions'];
  if (Array.isArray(me) && me.length > 0) out['matchExpressions'] = me;
  return out;
}

/**
 * Whether a stored selector has an expression value that is not a valid label value (upstream's
 * LabelSelectorHasInvalidLabelValue): updates of such objects keep being accepted. Pure.
 */
export function hasInvalidLabelValue(v: unknown): boolean {
  if (!isDict(v) || !Array.isArray(v['matchExpressions'])) return false;
  return v['matchExpressions'].some(
    (e) =>
      isDict(e) &&
      Array.isArray(e['values']) &&
      e['values'].some((x) => typeof x === 'string' && isValidLabelValue(x).length > 0),
  );
}
