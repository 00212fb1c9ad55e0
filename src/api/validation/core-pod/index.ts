/**
 * Upstream validation of core/v1 Pod and PodTemplate, and of the pod spec every workload
 * template embeds. All functions take decoded (defaulted) JSON of any shape, never throw, and
 * return upstream's field errors; an empty list means valid.
 */
import { type FieldError, type FieldPath, path } from '../../../apimachinery/field/index.js';
import {
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation, KindValidations } from '../types.js';
import type { PodValidationOptions } from './options.js';
import { createOptions, validatePodBinding, validatePodCreate, validatePodTemplateSpec } from './pod.js';
import { validatePodStatusUpdate } from './pod-status.js';
import { isDict } from './shape.js';
import {
  relaxedOptions,
  templateUpdateOptions,
  updateOptions,
  validatePodEphemeralContainersUpdate,
  validatePodUpdate,
} from './pod-update.js';
import { podSpecWarnings } from './warnings.js';

export { isValidCIDR, isValidIP, isValidIPLegacy, parseIPSloppy } from './ip.js';
export { type LabelSelectorOptions, validateLabelSelector } from './label-selector.js';
export type { PodValidationOptions } from './options.js';
export { computePodQOS, validatePodResize } from './pod-resize.js';
export { validatePodSpec } from './pod-spec.js';
export { validateTolerations } from './scheduling.js';
export { podSpecWarnings } from './warnings.js';
export {
  createOptions,
  relaxedOptions,
  templateUpdateOptions,
  updateOptions,
  validatePodBinding,
  validatePodCreate,
  validatePodEphemeralContainersUpdate,
  validatePodStatusUpdate,
  validatePodTemplateSpec,
  validatePodUpdate,
};

/** Pods: create, update (mostly immutable spec) and the status subresource. */
const pod: KindValidation = {
  validate: (obj: JsonObject) => validatePodCreate(obj, createOptions),
  validateUpdate: (obj: JsonObject, old: JsonObject) => validatePodUpdate(obj, old, updateOptions(old)),
  validateStatusUpdate: (obj: JsonObject, old: JsonObject) => validatePodStatusUpdate(obj, old),
  warnings: (obj: JsonObject) => podSpecWarnings(obj['spec'], obj['metadata'], undefined),
};

/**
 * Upstream's warnings for a pod template at `fldPath` (`spec.template` in workloads): see
 * {@link podSpecWarnings}. Pure.
 */
export function podTemplateWarnings(template: unknown, fldPath: FieldPath): string[] {
  const t = isDict(template) ? template : {};
  return podSpecWarnings(t['spec'], t['metadata'], fldPath);
}

function podTemplate(obj: JsonObject, opts: PodValidationOptions): FieldError[] {
  return validatePodTemplateSpec(obj['template'], path('template'), opts);
}

/** PodTemplates: metadata plus the template; every field may change on update. */
const podTemplateKind: KindValidation = {
  validate: (obj: JsonObject) => [
    ...validateObjectMeta(obj['metadata'], { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...podTemplate(obj, {}),
  ],
  validateUpdate: (obj: JsonObject, old: JsonObject) => [
    ...validateObjectMetaUpdate(obj['metadata'], old['metadata']),
    ...podTemplate(obj, templateUpdateOptions(old['template'])),
  ],
  warnings: (obj: JsonObject) => podTemplateWarnings(obj['template'], path('template')),
};

/** The validations of this folder's kinds, keyed by `apiVersion/Kind`. */
export const corePodValidations: KindValidations = {
  'v1/Pod': pod,
  'v1/PodTemplate': podTemplateKind,
};
