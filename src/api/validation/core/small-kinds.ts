import { type FieldError, notSupported, path, required } from '../../../apimachinery/field/index.js';
import { validateServiceAccountName } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { createMeta, updateMeta } from './meta.js';
import { str, topObj } from './shape.js';

/** Upstream's ValidateServiceAccount: metadata only (DNS subdomain names). Pure. */
export function validateServiceAccount(sa: JsonObject): FieldError[] {
  return createMeta(sa, true, validateServiceAccountName);
}

/** Upstream's ValidateServiceAccountUpdate: metadata update rules plus the create rules. Pure. */
export function validateServiceAccountUpdate(sa: JsonObject, old: JsonObject): FieldError[] {
  return [...updateMeta(sa, old), ...validateServiceAccount(sa)];
}

/**
 * Upstream's ValidatePodBinding, all it checks for a Binding: `target.kind` empty or `Node`, and
 * `target.name` set. Pure.
 */
export function validateBinding(b: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const target = topObj(b, 'target', errs);
  const tp = path('target');
  const kind = str(target, 'kind', tp, errs);
  if (kind !== '' && kind !== 'Node') errs.push(notSupported(tp.child('kind'), kind, ['Node', '<empty>']));
  if (str(target, 'name', tp, errs) === '') errs.push(required(tp.child('name'), ''));
  return errs;
}
