import { type FieldError, path, required } from '../../../apimachinery/field/index.js';
import {
  nameIsDNSSubdomain,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { nonNegativeInt64 } from './shape.js';

function validate(obj: JsonObject): FieldError[] {
  const errs = validateObjectMeta(obj['metadata'], { namespaced: true, nameFn: nameIsDNSSubdomain });
  if (obj['data'] === undefined || obj['data'] === null)
    errs.push(required(path('data'), 'data is mandatory'));
  nonNegativeInt64(obj['revision'], path('revision'), errs);
  return errs;
}

function validateUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  errs.push(...validate(obj));
  errs.push(...validateImmutableField(obj['data'] ?? null, old['data'] ?? null, path('data')));
  return errs;
}

/**
 * apps/v1 ControllerRevision: data required (`data is mandatory`), revision ≥ 0; on update the
 * create rules again (as upstream, name included) and data immutable. Pure.
 */
export const controllerRevisionValidation: KindValidation = { validate, validateUpdate };
