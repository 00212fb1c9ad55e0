import {
  type FieldError,
  type FieldPath,
  forbidden,
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
import { templatedKind } from './templated-kind.js';
import { validateSelectorAndTemplate } from './replicaset.js';
import { workloadWarnings } from './warnings.js';
import { type Dict, dict, int32, nonNegative, nonNegativeInt32, str } from './shape.js';
import {
  collisionNotDecremented,
  counters,
  notAbove,
  observedGeneration,
  optionalCounter,
} from './status.js';

function validateRollingUpdate(ru: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const muPath = fldPath.child('maxUnavailable');
  const msPath = fldPath.child('maxSurge');
  // Both are defaulted; an unset one reads as upstream's zero IntOrString.
  const mu = readIntOrString(ru['maxUnavailable'], muPath, errs) ?? 0;
  const ms = readIntOrString(ru['maxSurge'], msPath, errs) ?? 0;
  positiveIntOrPercent(mu, muPath, errs);
  positiveIntOrPercent(ms, msPath, errs);
  if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0) {
    errs.push(invalid(muPath, mu, 'may not be 0 when `maxSurge` is 0'));
  }
  notMoreThan100Percent(mu, muPath, errs);
}

function validateStrategy(v: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  const strategy = dict(v, fldPath, errs) ?? {};
  const type = str(strategy['type'], fldPath.child('type'), errs);
  const ruPath = fldPath.child('rollingUpdate');
  const ru = dict(strategy['rollingUpdate'], ruPath, errs);
  switch (type) {
    case 'Recreate':
      if (ru !== undefined)
        errs.push(forbidden(ruPath, "may not be specified when strategy `type` is 'Recreate'"));
      break;
    case 'RollingUpdate':
      if (ru === undefined) errs.push(required(ruPath, 'this should be defaulted and never be nil'));
      else validateRollingUpdate(ru, ruPath, errs);
      break;
    default:
      errs.push(notSupported(fldPath, strategy, ['Recreate', 'RollingUpdate']));
  }
}

function validateSpec(spec: Dict, fldPath: FieldPath, opts: PodValidationOptions, errs: FieldError[]): void {
  nonNegativeInt32(spec['replicas'], fldPath.child('replicas'), errs);
  validateSelectorAndTemplate(spec, fldPath, opts, errs);
  validateStrategy(spec['strategy'], fldPath.child('strategy'), errs);
  const minReady = nonNegativeInt32(spec['minReadySeconds'], fldPath.child('minReadySeconds'), errs) ?? 0;
  nonNegativeInt32(spec['revisionHistoryLimit'], fldPath.child('revisionHistoryLimit'), errs);
  const pdPath = fldPath.child('progressDeadlineSeconds');
  const pd = int32(spec['progressDeadlineSeconds'], pdPath, errs);
  if (pd !== undefined) {
    nonNegative(pd, pdPath, errs);
    if (pd <= minReady) errs.push(invalid(pdPath, pd, 'must be greater than minReadySeconds'));
  }
}

const { validate, validateUpdate } = templatedKind(validateSpec);

function validateStatusUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  const p = path('status');
  const status = dict(obj['status'], p, errs) ?? {};
  observedGeneration(status, p, errs);
  const c = counters(
    status,
    ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'],
    p,
    errs,
  );
  optionalCounter(status, 'terminatingReplicas', p, errs);
  optionalCounter(status, 'collisionCount', p, errs);
  const msg = 'cannot be greater than status.replicas';
  notAbove(c, 'updatedReplicas', 'replicas', msg, p, errs);
  notAbove(c, 'readyReplicas', 'replicas', msg, p, errs);
  notAbove(c, 'availableReplicas', 'replicas', msg, p, errs);
  notAbove(c, 'availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas', p, errs);
  collisionNotDecremented(obj, old, p, errs);
  return errs;
}

/**
 * apps/v1 Deployment: upstream's ValidateDeployment / ...Update (plus the apps/v1 rule that the
 * selector is immutable) / ...StatusUpdate. Pure.
 */
export const deploymentValidation: KindValidation = {
  validate,
  validateUpdate,
  validateStatusUpdate,
  warnings: workloadWarnings,
};
