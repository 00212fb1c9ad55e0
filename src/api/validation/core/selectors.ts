import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  required,
} from '../../../apimachinery/field/index.js';
import {
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateLabelName,
  validateLabelSelector as sharedValidateLabelSelector,
} from '../../../apimachinery/validation/index.js';
import { type Dict, obj, objList, str, strList } from './shape.js';

/**
 * Upstream's ValidateLabelSelector for a decoded `metav1.LabelSelector` at `fldPath` (undefined
 * means unset and is valid). Pure.
 */
export function validateLabelSelector(sel: Dict | undefined, fldPath: FieldPath): FieldError[] {
  return sharedValidateLabelSelector(sel, fldPath);
}

function nodeSelectorRequirement(req: Dict, p: FieldPath, errs: FieldError[]): void {
  const op = str(req, 'operator', p, errs);
  const values = strList(req, 'values', p, errs);
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        errs.push(required(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(
          forbidden(p.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) {
        errs.push(
          required(p.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"),
        );
      }
      break;
    default:
      errs.push(invalid(p.child('operator'), op, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(req, 'key', p, errs), p.child('key')));
  values.forEach((v, j) => {
    for (const m of isValidLabelValue(v)) errs.push(invalid(p.child('values').index(j), v, m));
  });
}

function nodeFieldRequirement(req: Dict, p: FieldPath, errs: FieldError[]): void {
  const op = str(req, 'operator', p, errs);
  const values = strList(req, 'values', p, errs);
  if (op === 'In' || op === 'NotIn') {
    if (values.length !== 1) {
      errs.push(
        required(
          p.child('values'),
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        ),
      );
    }
  } else {
    errs.push(invalid(p.child('operator'), op, 'not a valid selector operator'));
  }
  const key = str(req, 'key', p, errs);
  if (key !== 'metadata.name') {
    errs.push(invalid(p.child('key'), key, 'not a valid field selector key'));
    return;
  }
  values.forEach((v, i) => {
    for (const m of nameIsDNSSubdomain(v, false)) errs.push(invalid(p.child('values').index(i), v, m));
  });
}

/**
 * Upstream's ValidateNodeSelector (as used by PersistentVolume node affinity): at least one term,
 * each term's matchExpressions and matchFields requirements. Pure.
 */
export function validateNodeSelector(sel: Dict, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const termsPath = fldPath.child('nodeSelectorTerms');
  const terms = objList(sel, 'nodeSelectorTerms', fldPath, errs);
  if (terms.length === 0) {
    return [...errs, required(termsPath, 'must have at least one node selector term')];
  }
  terms.forEach((term, i) => {
    const tp = termsPath.index(i);
    objList(term, 'matchExpressions', tp, errs).forEach((req, j) => {
      nodeSelectorRequirement(req, tp.child('matchExpressions').index(j), errs);
    });
    objList(term, 'matchFields', tp, errs).forEach((req, j) => {
      nodeFieldRequirement(req, tp.child('matchFields').index(j), errs);
    });
  });
  return errs;
}

/** Reads an optional selector member and validates it; type errors at the member's path. */
export function validateLabelSelectorMember(
  d: Dict | undefined,
  key: string,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const sel = obj(d, key, fldPath, errs);
  return [...errs, ...validateLabelSelector(sel, fldPath.child(key))];
}
