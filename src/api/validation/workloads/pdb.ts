import {
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  path,
} from '../../../apimachinery/field/index.js';
import {
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePathSegmentName,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { validateConditions } from './conditions.js';
import { notMoreThan100Percent, positiveIntOrPercent, readIntOrString } from './int-or-percent.js';
import { hasInvalidLabelValue, validateLabelSelector } from './label-selector.js';
import { asDict, type Dict, dict, nonNegativeInt32, optStr } from './shape.js';

const evictionPolicies = ['AlwaysAllow', 'IfHealthyBudget'];

function validateSpec(
  spec: Dict,
  fldPath: FieldPath,
  allowInvalidLabelValue: boolean,
  errs: FieldError[],
): void {
  const minPath = fldPath.child('minAvailable');
  const maxPath = fldPath.child('maxUnavailable');
  const min = readIntOrString(spec['minAvailable'], minPath, errs);
  const max = readIntOrString(spec['maxUnavailable'], maxPath, errs);
  if (min !== undefined && max !== undefined) {
    errs.push(invalid(fldPath, spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  if (min !== undefined) {
    positiveIntOrPercent(min, minPath, errs);
    notMoreThan100Percent(min, minPath, errs);
  }
  if (max !== undefined) {
    positiveIntOrPercent(max, maxPath, errs);
    notMoreThan100Percent(max, maxPath, errs);
  }
  validateLabelSelector(spec['selector'], fldPath.child('selector'), errs, allowInvalidLabelValue);
  const uPath = fldPath.child('unhealthyPodEvictionPolicy');
  const policy = optStr(spec['unhealthyPodEvictionPolicy'], uPath, errs);
  if (policy !== undefined && !evictionPolicies.includes(policy)) {
    errs.push(notSupported(uPath, policy, evictionPolicies));
  }
}

// Upstream's PodDisruptionBudget validation has no name rule of its own: the generic one
// (a name usable as a path segment) applies.
const metaOptions = { namespaced: true, nameFn: validatePathSegmentName };

function validate(obj: JsonObject): FieldError[] {
  const errs = validateObjectMeta(obj['metadata'], metaOptions);
  validateSpec(dict(obj['spec'], path('spec'), errs) ?? {}, path('spec'), false, errs);
  return errs;
}

function validateUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  const relaxed = hasInvalidLabelValue(asDict(old['spec'])['selector']);
  validateSpec(dict(obj['spec'], path('spec'), errs) ?? {}, path('spec'), relaxed, errs);
  return errs;
}

function validateStatusUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  const p = path('status');
  const status = dict(obj['status'], p, errs) ?? {};
  validateConditions(status['conditions'], p.child('conditions'), errs);
  for (const key of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) {
    nonNegativeInt32(status[key], p.child(key), errs);
  }
  return errs;
}

/**
 * policy/v1 PodDisruptionBudget: at most one of minAvailable / maxUnavailable, each a
 * non-negative integer or a percent ≤ 100%, a valid (optional) selector, a known
 * unhealthyPodEvictionPolicy; status counters ≥ 0 and valid conditions. Pure.
 */
export const pdbValidation: KindValidation = { validate, validateUpdate, validateStatusUpdate };
