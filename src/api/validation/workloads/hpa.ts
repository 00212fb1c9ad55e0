import { specOf } from './templated-kind.js';
import {
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import {
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import { hpaV1ToV2 } from '../../conversion/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import {
  apiVersionProblem,
  type ReferenceOptions,
  validateMetrics,
  validateObjectReference,
} from './hpa-metrics.js';
import { readQuantity } from './quantity-field.js';
import {
  asDict,
  type Dict,
  dict,
  int32,
  isDict,
  list,
  nonNegativeInt32,
  optStr,
  wrongType,
} from './shape.js';

const maxPeriodSeconds = 1800;
const maxStabilizationWindowSeconds = 3600;
const selectPolicies = ['Disabled', 'Max', 'Min'];
const policyTypes = ['Percent', 'Pods'];

function validatePolicy(p: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const type = typeof p['type'] === 'string' ? p['type'] : '';
  if (typeof p['type'] !== 'string' && p['type'] !== undefined && p['type'] !== null) {
    errs.push(wrongType(fldPath.child('type'), p['type'], 'string'));
  }
  if (type !== 'Pods' && type !== 'Percent')
    errs.push(notSupported(fldPath.child('type'), type, policyTypes));
  const value = int32(p['value'], fldPath.child('value'), errs) ?? 0;
  if (value <= 0) errs.push(invalid(fldPath.child('value'), value, 'must be greater than zero'));
  const period = int32(p['periodSeconds'], fldPath.child('periodSeconds'), errs) ?? 0;
  if (period <= 0) errs.push(invalid(fldPath.child('periodSeconds'), period, 'must be greater than zero'));
  if (period > maxPeriodSeconds) {
    errs.push(
      invalid(fldPath.child('periodSeconds'), period, `must be less than or equal to ${maxPeriodSeconds}`),
    );
  }
}

function validateRules(v: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  const rules = dict(v, fldPath, errs);
  if (rules === undefined) return;
  const swPath = fldPath.child('stabilizationWindowSeconds');
  const sw = int32(rules['stabilizationWindowSeconds'], swPath, errs);
  if (sw !== undefined && sw < 0) errs.push(invalid(swPath, sw, 'must be greater than or equal to zero'));
  if (sw !== undefined && sw > maxStabilizationWindowSeconds) {
    errs.push(invalid(swPath, sw, `must be less than or equal to ${maxStabilizationWindowSeconds}`));
  }
  const spPath = fldPath.child('selectPolicy');
  const sp = optStr(rules['selectPolicy'], spPath, errs);
  if (sp !== undefined && !selectPolicies.includes(sp)) errs.push(notSupported(spPath, sp, selectPolicies));
  const tolPath = fldPath.child('tolerance');
  const tol = readQuantity(rules['tolerance'], tolPath, errs);
  if (tol !== undefined && tol.sign() < 0) {
    errs.push(invalid(tolPath, tol.toString(), 'must be greater than or equal to zero'));
  }
  const policiesPath = fldPath.child('policies');
  const policies = list(rules['policies'], policiesPath, errs);
  if (policies.length === 0) errs.push(required(policiesPath, 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    if (isDict(p)) validatePolicy(p, policiesPath.index(i), errs);
    else errs.push(wrongType(policiesPath.index(i), p, 'object'));
  });
}

/** Upstream's HorizontalPodAutoscalerSpecValidationOptions. */
interface SpecOptions {
  readonly minReplicasLowerBound: number;
  readonly scaleTargetRef: ReferenceOptions;
  readonly objectMetrics: ReferenceOptions;
}

// The options as upstream's strategy derives them: scaling to zero only where already stored
// (its feature gate is off by default), the target's apiVersion unchecked while an update keeps
// kind and apiVersion (else a group is required, except for ReplicationControllers), and
// described objects' apiVersions unchecked when the stored object already had a bad one.
function specOptions(obj: JsonObject, old?: JsonObject): SpecOptions {
  const spec = asDict(obj['spec']);
  const oldSpec = old === undefined ? undefined : asDict(old['spec']);
  const ref = asDict(spec['scaleTargetRef']);
  const oldRef = asDict(oldSpec?.['scaleTargetRef']);
  const scaleTargetRef = {
    allowInvalidAPIVersion:
      oldSpec !== undefined && oldRef['apiVersion'] === ref['apiVersion'] && oldRef['kind'] === ref['kind'],
    allowEmptyAPIGroup: false,
  };
  if (!scaleTargetRef.allowInvalidAPIVersion && ref['kind'] === 'ReplicationController') {
    scaleTargetRef.allowEmptyAPIGroup = true;
  }
  const objectMetrics = { allowInvalidAPIVersion: false, allowEmptyAPIGroup: true };
  const oldMetrics = Array.isArray(oldSpec?.['metrics']) ? oldSpec['metrics'] : [];
  for (const m of oldMetrics) {
    if (!isDict(m) || m['type'] !== 'Object' || !isDict(m['object'])) continue;
    if (apiVersionProblem(asDict(m['object']['describedObject']), objectMetrics) !== undefined) {
      objectMetrics.allowInvalidAPIVersion = true;
      break;
    }
  }
  return {
    minReplicasLowerBound: oldSpec?.['minReplicas'] === 0 ? 0 : 1,
    scaleTargetRef,
    objectMetrics,
  };
}

function validateSpec(spec: Dict, opts: SpecOptions, fldPath: FieldPath, errs: FieldError[]): void {
  const { minReplicasLowerBound } = opts;
  const minPath = fldPath.child('minReplicas');
  const min = int32(spec['minReplicas'], minPath, errs);
  if (min !== undefined && min < minReplicasLowerBound) {
    errs.push(invalid(minPath, min, `must be greater than or equal to ${minReplicasLowerBound}`));
  }
  const maxPath = fldPath.child('maxReplicas');
  const max = int32(spec['maxReplicas'], maxPath, errs) ?? 0;
  if (max < 1) errs.push(invalid(maxPath, max, 'must be greater than 0'));
  if (min !== undefined && max < min)
    errs.push(invalid(maxPath, max, 'must be greater than or equal to `minReplicas`'));
  validateObjectReference(spec['scaleTargetRef'], fldPath.child('scaleTargetRef'), opts.scaleTargetRef, errs);
  validateMetrics(spec['metrics'], min, fldPath.child('metrics'), opts.objectMetrics, errs);
  const behavior = dict(spec['behavior'], fldPath.child('behavior'), errs);
  if (behavior !== undefined) {
    validateRules(behavior['scaleUp'], fldPath.child('behavior', 'scaleUp'), errs);
    validateRules(behavior['scaleDown'], fldPath.child('behavior', 'scaleDown'), errs);
  }
}

function validateV2(obj: JsonObject): FieldError[] {
  const errs = validateObjectMeta(obj['metadata'], { namespaced: true, nameFn: nameIsDNSSubdomain });
  validateSpec(specOf(obj, errs), specOptions(obj), path('spec'), errs);
  return errs;
}

function validateUpdateV2(obj: JsonObject, old: JsonObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  validateSpec(specOf(obj, errs), specOptions(obj, old), path('spec'), errs);
  return errs;
}

function validateStatusUpdateV2(obj: JsonObject, old: JsonObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  const status = dict(obj['status'], path('status'), errs) ?? {};
  nonNegativeInt32(status['currentReplicas'], path('status', 'currentReplicas'), errs);
  nonNegativeInt32(status['desiredReplicas'], path('status', 'desiredReplicas'), errs);
  return errs;
}

/**
 * autoscaling/v2 HorizontalPodAutoscaler: upstream's ValidateHorizontalPodAutoscaler /
 * ...Update / ...StatusUpdate: minReplicas ≥ 1 (0 kept only where already stored),
 * 1 ≤ maxReplicas ≥ minReplicas, scaleTargetRef (its apiVersion naming a group unless the kind is
 * ReplicationController; not rechecked by updates that keep it), every metric source, the scaling behavior
 * rules (windows 0..3600 s, periods 1..1800 s, values > 0, known policies). Pure.
 */
export const hpaV2Validation: KindValidation = {
  validate: validateV2,
  validateUpdate: validateUpdateV2,
  validateStatusUpdate: validateStatusUpdateV2,
};

// Upstream validates every version in its internal form, which autoscaling/v2 mirrors; a v1
// object is checked through its v2 form, so paths are the v2 ones (spec.metrics[0]...).
type V2 = { ok: true; obj: JsonObject } | { ok: false; errs: FieldError[] };

function asV2(obj: JsonObject): V2 {
  const errs: FieldError[] = [];
  const spec = dict(obj['spec'], path('spec'), errs);
  int32(asDict(spec)['targetCPUUtilizationPercentage'], path('spec', 'targetCPUUtilizationPercentage'), errs);
  if (errs.length > 0) return { ok: false, errs };
  const converted = hpaV1ToV2(obj);
  if (!converted.ok)
    return { ok: false, errs: [invalid(path('spec'), asDict(obj['spec']), converted.message)] };
  return { ok: true, obj: converted.object };
}

// The stored object was valid when written; if it no longer converts, its spec is ignored.
function oldAsV2(old: JsonObject): JsonObject {
  const r = asV2(old);
  return r.ok ? r.obj : { metadata: old['metadata'] };
}

function withV2(
  obj: JsonObject,
  meta: () => FieldError[],
  run: (v2: JsonObject) => FieldError[],
): FieldError[] {
  const r = asV2(obj);
  return r.ok ? run(r.obj) : [...meta(), ...r.errs];
}

const v1Meta = (obj: JsonObject) => () =>
  validateObjectMeta(obj['metadata'], { namespaced: true, nameFn: nameIsDNSSubdomain });
const v1MetaUpdate = (obj: JsonObject, old: JsonObject) => () =>
  validateObjectMetaUpdate(obj['metadata'], old['metadata']);

/** autoscaling/v1 HorizontalPodAutoscaler: the v2 rules applied to the object's v2 form. Pure. */
export const hpaV1Validation: KindValidation = {
  validate: (obj) => withV2(obj, v1Meta(obj), validateV2),
  validateUpdate: (obj, old) => withV2(obj, v1MetaUpdate(obj, old), (n) => validateUpdateV2(n, oldAsV2(old))),
  validateStatusUpdate: (obj, old) =>
    withV2(obj, v1MetaUpdate(obj, old), (n) => validateStatusUpdateV2(n, oldAsV2(old))),
};

/** autoscaling/v1 Scale (the scale subresource): name a DNS subdomain, replicas ≥ 0. Pure. */
export function validateScale(obj: JsonObject): FieldError[] {
  const errs = validateObjectMeta(obj['metadata'], { namespaced: true, nameFn: nameIsDNSSubdomain });
  const spec = specOf(obj, errs);
  nonNegativeInt32(spec['replicas'], path('spec', 'replicas'), errs);
  return errs;
}
