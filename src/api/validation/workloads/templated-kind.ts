import { type FieldError, type FieldPath, path } from '../../../apimachinery/field/index.js';
import {
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import type { PodValidationOptions } from '../core-pod/index.js';
import type { JsonObject } from '../types.js';
import { templateOptions } from './pod-template.js';
import { selectorImmutable } from './selector-immutable.js';
import { asDict, type Dict, dict } from './shape.js';

/** The `spec` of a whole object; a wrong type is reported at `spec` and reads as `{}`. */
export function specOf(obj: JsonObject, errs: FieldError[]): Dict {
  return dict(obj['spec'], path('spec'), errs) ?? {};
}

/** A kind's spec rules, given the pod template options to apply. */
export type TemplatedSpecValidator = (
  spec: Dict,
  fldPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
) => void;

/**
 * Create and update validation shared by the selector-and-template workloads (Deployment,
 * ReplicaSet, DaemonSet): namespaced DNS-subdomain names, the spec rules, and on update the
 * stored template's relaxations plus an immutable selector. Pure.
 */
export function templatedKind(validateSpec: TemplatedSpecValidator): {
  validate(obj: JsonObject): FieldError[];
  validateUpdate(obj: JsonObject, old: JsonObject): FieldError[];
} {
  return {
    validate(obj) {
      const errs = validateObjectMeta(obj['metadata'], { namespaced: true, nameFn: nameIsDNSSubdomain });
      validateSpec(specOf(obj, errs), path('spec'), templateOptions(), errs);
      return errs;
    },
    validateUpdate(obj, old) {
      const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
      validateSpec(specOf(obj, errs), path('spec'), templateOptions(asDict(old['spec'])['template']), errs);
      selectorImmutable(obj, old, errs);
      return errs;
    },
  };
}
