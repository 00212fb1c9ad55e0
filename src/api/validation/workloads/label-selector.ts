import type { FieldError, FieldPath } from '../../../apimachinery/field/index.js';
import {
  type LabelSelector,
  LabelSelectorError,
  labelSelectorAsSelector,
  nothing,
  type Selector,
} from '../../../apimachinery/labels/index.js';
import {
  isValidLabelValue,
  validateLabelSelector as validateSharedLabelSelector,
} from '../../../apimachinery/validation/index.js';
import { type Dict, dict, isDict } from './shape.js';

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
  validateSharedLabelSelector(d, fldPath, { allowInvalidLabelValueInSelector: allowInvalidLabelValue }, errs);
  const exprs = Array.isArray(d['matchExpressions']) ? d['matchExpressions'] : [];
  const labels = isDict(d['matchLabels']) ? Object.keys(d['matchLabels']).length : 0;
  const empty = labels + exprs.length === 0;
  return { kind: 'present', raw: d, empty, selector: convert(d) };
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
