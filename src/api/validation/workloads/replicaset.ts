import {
  type FieldError,
  type FieldPath,
  invalid,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { validateObjectMetaUpdate } from '../../../apimachinery/validation/index.js';
import type { PodValidationOptions } from '../core-pod/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { type ReadSelector, selectorValue, validateLabelSelector } from './label-selector.js';
import {
  checkLongRunningTemplate,
  checkSelectorMatchesTemplate,
  type ReadTemplate,
  readTemplate,
  validateTemplate,
} from './pod-template.js';
import { templatedKind } from './templated-kind.js';
import { workloadWarnings } from './warnings.js';
import { type Dict, dict, isDict, nonNegativeInt32 } from './shape.js';
import { counters, notAbove, observedGeneration, optionalCounter } from './status.js';

/**
 * The selector and template rules ReplicaSets and Deployments share (upstream's selector block
 * and ValidatePodTemplateSpecForReplicaSet): selector required, valid and non-empty, the template
 * selected by it, the pod template, read-only GCE disks when replicas > 1, restartPolicy Always,
 * no activeDeadlineSeconds. Appends errors.
 */
export function validateSelectorAndTemplate(
  spec: Dict,
  fldPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  const selPath = fldPath.child('selector');
  const sel: ReadSelector = validateLabelSelector(spec['selector'], selPath, errs);
  if (sel.kind === 'absent') {
    errs.push(required(selPath, ''));
  } else if (sel.empty) {
    errs.push(invalid(selPath, selectorValue(sel.raw), 'empty selector is invalid for deployment'));
  }
  const tPath = fldPath.child('template');
  const t = readTemplate(spec['template']);
  if (sel.selector === undefined && sel.kind === 'present') {
    errs.push(invalid(selPath, selectorValue(sel.raw), 'invalid label selector'));
    return;
  }
  checkSelectorMatchesTemplate(sel, t, tPath, errs);
  validateTemplate(t, tPath, opts, errs);
  const replicas = spec['replicas'];
  if (typeof replicas === 'number' && replicas > 1) readOnlyDisks(t, tPath.child('spec', 'volumes'), errs);
  checkLongRunningTemplate(t, tPath, 'ReplicaSet', errs);
}

// A GCE persistent disk attaches to several machines only read-only, so replicated pods need that.
function readOnlyDisks(t: ReadTemplate, fldPath: FieldPath, errs: FieldError[]): void {
  const volumes = t.spec['volumes'];
  if (!Array.isArray(volumes)) return;
  volumes.forEach((v, i) => {
    const pd = isDict(v) ? v['gcePersistentDisk'] : undefined;
    if (isDict(pd) && pd['readOnly'] !== true) {
      errs.push(
        invalid(
          fldPath.index(i).child('gcePersistentDisk', 'readOnly'),
          false,
          'must be true for replicated pods > 1; GCE PD can only be mounted on multiple machines if it is read-only',
        ),
      );
    }
  });
}

function validateSpec(spec: Dict, fldPath: FieldPath, opts: PodValidationOptions, errs: FieldError[]): void {
  nonNegativeInt32(spec['replicas'], fldPath.child('replicas'), errs);
  nonNegativeInt32(spec['minReadySeconds'], fldPath.child('minReadySeconds'), errs);
  validateSelectorAndTemplate(spec, fldPath, opts, errs);
}

const { validate, validateUpdate } = templatedKind(validateSpec);

function validateStatusUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  const p = path('status');
  const status = dict(obj['status'], p, errs) ?? {};
  const c = counters(
    status,
    ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'],
    p,
    errs,
  );
  observedGeneration(status, p, errs);
  const msg = 'cannot be greater than status.replicas';
  notAbove(c, 'fullyLabeledReplicas', 'replicas', msg, p, errs);
  notAbove(c, 'readyReplicas', 'replicas', msg, p, errs);
  notAbove(c, 'availableReplicas', 'replicas', msg, p, errs);
  notAbove(c, 'availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas', p, errs);
  optionalCounter(status, 'terminatingReplicas', p, errs);
  return errs;
}

/** apps/v1 ReplicaSet: upstream's ValidateReplicaSet / ...Update / ...StatusUpdate. Pure. */
export const replicaSetValidation: KindValidation = {
  validate,
  validateUpdate,
  validateStatusUpdate,
  warnings: workloadWarnings,
};
