import {
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { validateObjectMetaUpdate } from '../../../apimachinery/validation/index.js';
import type { PodValidationOptions } from '../core-pod/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import {
  intOrPercentValue,
  notMoreThan100Percent,
  positiveIntOrPercent,
  readIntOrString,
} from './int-or-percent.js';
import { selectorValue, validateLabelSelector } from './label-selector.js';
import {
  checkLongRunningTemplate,
  checkSelectorMatchesTemplate,
  readTemplate,
  validateTemplate,
} from './pod-template.js';
import { templatedKind } from './templated-kind.js';
import { workloadWarnings } from './warnings.js';
import { type Dict, dict, nonNegativeInt32, str } from './shape.js';
import { collisionNotDecremented, counters, observedGeneration, optionalCounter } from './status.js';

function validateRollingUpdate(ru: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const muPath = fldPath.child('maxUnavailable');
  const msPath = fldPath.child('maxSurge');
  const mu = readIntOrString(ru['maxUnavailable'], muPath, errs) ?? 0;
  const ms = readIntOrString(ru['maxSurge'], msPath, errs) ?? 0;
  positiveIntOrPercent(mu, muPath, errs);
  positiveIntOrPercent(ms, msPath, errs);
  notMoreThan100Percent(mu, muPath, errs);
  notMoreThan100Percent(ms, msPath, errs);
  const hasUnavailable = intOrPercentValue(mu) !== 0;
  const hasSurge = intOrPercentValue(ms) !== 0;
  if (hasUnavailable && hasSurge) {
    errs.push(invalid(msPath, ms, 'may not be set when maxUnavailable is non-zero'));
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(required(muPath, 'cannot be 0 when maxSurge is 0'));
  }
}

function validateUpdateStrategy(v: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  const strategy = dict(v, fldPath, errs) ?? {};
  const type = str(strategy['type'], fldPath.child('type'), errs);
  const ruPath = fldPath.child('rollingUpdate');
  const ru = dict(strategy['rollingUpdate'], ruPath, errs);
  switch (type) {
    case 'OnDelete':
      break;
    case 'RollingUpdate':
      if (ru === undefined) errs.push(required(ruPath, ''));
      else validateRollingUpdate(ru, ruPath, errs);
      break;
    default:
      errs.push(notSupported(fldPath, strategy, ['RollingUpdate', 'OnDelete']));
  }
}

function validateSpec(spec: Dict, fldPath: FieldPath, opts: PodValidationOptions, errs: FieldError[]): void {
  const selPath = fldPath.child('selector');
  const sel = validateLabelSelector(
    spec['selector'],
    selPath,
    errs,
    opts.allowInvalidLabelValueInSelector === true,
  );
  const tPath = fldPath.child('template');
  const t = readTemplate(spec['template']);
  // Upstream checks the match without skipping an empty selector (which matches everything).
  checkSelectorMatchesTemplate(sel, t, tPath, errs, false);
  if (sel.kind === 'present' && sel.empty) {
    errs.push(invalid(selPath, selectorValue(sel.raw), 'empty selector is invalid for daemonset'));
  }
  validateTemplate(t, tPath, opts, errs);
  checkLongRunningTemplate(t, tPath, 'DaemonSet', errs);
  nonNegativeInt32(spec['minReadySeconds'], fldPath.child('minReadySeconds'), errs);
  validateUpdateStrategy(spec['updateStrategy'], fldPath.child('updateStrategy'), errs);
  nonNegativeInt32(spec['revisionHistoryLimit'], fldPath.child('revisionHistoryLimit'), errs);
}

const { validate, validateUpdate } = templatedKind(validateSpec);

function validateStatusUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  const p = path('status');
  const status = dict(obj['status'], p, errs) ?? {};
  counters(
    status,
    ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
    p,
    errs,
  );
  observedGeneration(status, p, errs);
  counters(status, ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'], p, errs);
  optionalCounter(status, 'collisionCount', p, errs);
  collisionNotDecremented(obj, old, p, errs);
  return errs;
}

/**
 * apps/v1 DaemonSet: upstream's ValidateDaemonSet / ...Update (selector immutable through
 * apps/v1) / ...StatusUpdate. The internal templateGeneration rules are not modelled: apps/v1
 * has no such field. Pure.
 */
export const daemonSetValidation: KindValidation = {
  validate,
  validateUpdate,
  validateStatusUpdate,
  warnings: workloadWarnings,
};
