import { specOf } from './templated-kind.js';
import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';
import {
  isDNS1123Label,
  nameIsDNSLabel,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import { type PodValidationOptions, validatePodTemplateSpec } from '../core-pod/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import {
  intOrPercentValue,
  notMoreThan100Percent,
  positiveIntOrPercent,
  readIntOrString,
} from './int-or-percent.js';
import { validateClaimTemplates } from './claim-templates.js';
import { selectorValue, validateLabelSelector } from './label-selector.js';
import {
  checkLongRunningTemplate,
  checkSelectorMatchesTemplate,
  readTemplate,
  templateOptions,
  validateTemplateLabels,
} from './pod-template.js';
import { semanticNormal } from './semantic.js';
import { workloadWarnings } from './warnings.js';
import { asDict, type Dict, dict, isDict, nonNegativeInt32, str } from './shape.js';
import {
  collisionNotDecremented,
  counters,
  notAbove,
  observedGeneration,
  optionalCounter,
} from './status.js';

function validateRollingUpdate(ru: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  nonNegativeInt32(ru['partition'], fldPath.child('partition'), errs);
  const muPath = fldPath.child('maxUnavailable');
  const mu = readIntOrString(ru['maxUnavailable'], muPath, errs);
  if (mu === undefined) return;
  positiveIntOrPercent(mu, muPath, errs);
  if (intOrPercentValue(mu) === 0) errs.push(invalid(muPath, mu, 'cannot be 0'));
  notMoreThan100Percent(mu, muPath, errs);
}

function validateUpdateStrategy(v: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  const strategy = dict(v, fldPath, errs) ?? {};
  const type = str(strategy['type'], fldPath.child('type'), errs);
  const ruPath = fldPath.child('rollingUpdate');
  const ru = dict(strategy['rollingUpdate'], ruPath, errs);
  switch (type) {
    case '':
      errs.push(required(fldPath, ''));
      break;
    case 'OnDelete':
      if (ru !== undefined) errs.push(invalid(ruPath, ru, "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case 'RollingUpdate':
      if (ru !== undefined) validateRollingUpdate(ru, ruPath, errs);
      break;
    default:
      errs.push(invalid(fldPath, strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
}

function validateRetentionPolicy(v: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  const policy = dict(v, fldPath, errs);
  if (policy === undefined) return;
  for (const key of ['whenDeleted', 'whenScaled']) {
    const value = str(policy[key], fldPath.child(key), errs);
    if (value !== 'Retain' && value !== 'Delete') {
      errs.push(notSupported(fldPath.child(key), value, ['Retain', 'Delete']));
    }
  }
}

/** How strictly a StatefulSet spec is judged (upstream's StatefulSetValidationOptions). */
interface SpecOptions {
  /** Updates keep a stored serviceName (it cannot change anyway). */
  readonly allowInvalidServiceName: boolean;
  /** Updates of objects whose stored template already fails the pod rules skip them. */
  readonly skipPodTemplate: boolean;
  /** Likewise for claim templates that already fail the claim rules. */
  readonly skipClaimTemplates: boolean;
  readonly pod: PodValidationOptions;
}

const createOptions: SpecOptions = {
  allowInvalidServiceName: false,
  skipPodTemplate: false,
  skipClaimTemplates: false,
  pod: {},
};

// Pods get one volume per claim template (named after it), so mounts of those names resolve; the
// template is judged with them in place, as the controller will build the pods.
function withClaimVolumes(template: unknown, spec: Dict): unknown {
  const claims = Array.isArray(spec['volumeClaimTemplates']) ? spec['volumeClaimTemplates'] : [];
  if (!isDict(template) || claims.length === 0) return template;
  const podSpec = asDict(template['spec']);
  const volumes = Array.isArray(podSpec['volumes']) ? [...podSpec['volumes']] : [];
  const present = new Set(volumes.map((v) => (isDict(v) ? v['name'] : undefined)));
  for (const claim of claims) {
    const name = isDict(claim) ? asDict(claim['metadata'])['name'] : undefined;
    if (typeof name !== 'string' || present.has(name)) continue;
    present.add(name);
    volumes.push({ name, persistentVolumeClaim: { claimName: name } });
  }
  return { ...template, spec: { ...podSpec, volumes } };
}

function validateSpec(spec: Dict, fldPath: FieldPath, opts: SpecOptions, errs: FieldError[]): void {
  const pmpPath = fldPath.child('podManagementPolicy');
  const pmp = str(spec['podManagementPolicy'], pmpPath, errs);
  if (pmp === '') errs.push(required(pmpPath, ''));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(invalid(pmpPath, pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  validateUpdateStrategy(spec['updateStrategy'], fldPath.child('updateStrategy'), errs);
  validateRetentionPolicy(
    spec['persistentVolumeClaimRetentionPolicy'],
    fldPath.child('persistentVolumeClaimRetentionPolicy'),
    errs,
  );
  if (!opts.skipClaimTemplates) {
    validateClaimTemplates(spec['volumeClaimTemplates'], fldPath.child('volumeClaimTemplates'), errs);
  }
  nonNegativeInt32(spec['replicas'], fldPath.child('replicas'), errs);
  nonNegativeInt32(spec['minReadySeconds'], fldPath.child('minReadySeconds'), errs);
  const ordinals = dict(spec['ordinals'], fldPath.child('ordinals'), errs);
  if (ordinals !== undefined) nonNegativeInt32(ordinals['start'], fldPath.child('ordinals', 'start'), errs);
  // Pods take the service name as their subdomain, which must be a DNS label.
  const snPath = fldPath.child('serviceName');
  const serviceName = str(spec['serviceName'], snPath, errs);
  if (serviceName !== '' && !opts.allowInvalidServiceName) {
    for (const msg of isDNS1123Label(serviceName)) errs.push(invalid(snPath, serviceName, msg));
  }

  const selPath = fldPath.child('selector');
  const sel = validateLabelSelector(spec['selector'], selPath, errs);
  if (sel.kind === 'absent') errs.push(required(selPath, ''));
  else if (sel.empty)
    errs.push(invalid(selPath, selectorValue(sel.raw), 'empty selector is invalid for statefulset'));
  const tPath = fldPath.child('template');
  const t = readTemplate(spec['template']);
  if (sel.kind === 'present' && sel.selector === undefined) {
    errs.push(invalid(selPath, selectorValue(sel.raw), ''));
  } else {
    checkSelectorMatchesTemplate(sel, t, tPath, errs);
    if (opts.skipPodTemplate) validateTemplateLabels(t, tPath, errs);
    else errs.push(...validatePodTemplateSpec(withClaimVolumes(t.value, spec), tPath, opts.pod));
  }
  checkLongRunningTemplate(t, tPath, 'StatefulSet', errs);
}

function validate(obj: JsonObject): FieldError[] {
  const errs = validateObjectMeta(obj['metadata'], { namespaced: true, nameFn: nameIsDNSLabel });
  validateSpec(specOf(obj, errs), path('spec'), createOptions, errs);
  return errs;
}

/** The spec members an update may change; every other member must stay as it was. */
const mutableSpecFields = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

function frozenSpec(obj: JsonObject): unknown {
  const spec = { ...asDict(obj['spec']) };
  for (const k of mutableSpecFields) delete spec[k];
  return semanticNormal(spec);
}

function claimTemplatesFail(spec: Dict): boolean {
  const errs: FieldError[] = [];
  validateClaimTemplates(spec['volumeClaimTemplates'], path('spec', 'volumeClaimTemplates'), errs);
  return errs.length > 0;
}

function validateUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  // The name is not re-checked: older releases accepted subdomain names, which must stay updatable.
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  const oldSpec = asDict(old['spec']);
  const opts: SpecOptions = {
    allowInvalidServiceName: true,
    skipPodTemplate:
      validatePodTemplateSpec(withClaimVolumes(oldSpec['template'], oldSpec), path('spec', 'template'))
        .length > 0,
    skipClaimTemplates: claimTemplatesFail(oldSpec),
    pod: templateOptions(oldSpec['template']),
  };
  validateSpec(specOf(obj, errs), path('spec'), opts, errs);
  if (!deepEqual(frozenSpec(obj), frozenSpec(old))) {
    errs.push(
      forbidden(
        path('spec'),
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}

// A negative history limit is accepted (it keeps every revision) but warned about.
function warnings(obj: JsonObject, old?: JsonObject): string[] {
  const out = workloadWarnings(obj, old);
  const limit = asDict(obj['spec'])['revisionHistoryLimit'];
  if (typeof limit === 'number' && limit < 0) {
    out.push(
      'spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended',
    );
  }
  return out;
}

function validateStatusUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const p = path('status');
  const status = dict(obj['status'], p, errs) ?? {};
  const c = counters(
    status,
    ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'],
    p,
    errs,
  );
  observedGeneration(status, p, errs);
  optionalCounter(status, 'collisionCount', p, errs);
  const msg = 'cannot be greater than status.replicas';
  notAbove(c, 'readyReplicas', 'replicas', msg, p, errs);
  notAbove(c, 'currentReplicas', 'replicas', msg, p, errs);
  notAbove(c, 'updatedReplicas', 'replicas', msg, p, errs);
  notAbove(c, 'availableReplicas', 'replicas', msg, p, errs);
  notAbove(c, 'availableReplicas', 'readyReplicas', 'cannot be greater than status.readyReplicas', p, errs);
  errs.push(...validateObjectMetaUpdate(obj['metadata'], old['metadata']));
  collisionNotDecremented(obj, old, p, errs);
  return errs;
}

/**
 * apps/v1 StatefulSet: upstream's ValidateStatefulSet / ...Update / ...StatusUpdate: name a DNS
 * label, policies and strategies known, counts ≥ 0, serviceName a DNS label, selector required
 * and matching, the pod template under the pod rules (with the claim templates' volumes in place;
 * skipped on update when the stored template already fails them), restartPolicy Always; on update
 * only replicas, ordinals, template, updateStrategy, revisionHistoryLimit, the claim retention
 * policy and minReadySeconds may change. A negative revisionHistoryLimit is accepted with a
 * warning. Claim templates get the PersistentVolumeClaim spec rules (skipped on update when the
 * stored ones already fail them). Pure.
 */
export const statefulSetValidation: KindValidation = {
  validate,
  validateUpdate,
  validateStatusUpdate,
  warnings,
};
