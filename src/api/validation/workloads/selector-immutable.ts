import { type FieldError, invalid, path } from '../../../apimachinery/field/index.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';
import { FieldImmutableErrorMsg } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { selectorValue } from './label-selector.js';
import { asDict, isDict } from './shape.js';

// Upstream compares with semantic equality, where an empty map or list equals a missing one.
function normal(sel: unknown): unknown {
  return isDict(sel) ? selectorValue(sel) : null;
}

/**
 * `spec.selector: Invalid value: {...}: field is immutable` when an update through apps/v1 or
 * batch/v1 changes the selector. Appends errors.
 */
export function selectorImmutable(obj: JsonObject, old: JsonObject, errs: FieldError[]): void {
  const n = normal(asDict(obj['spec'])['selector']);
  const o = normal(asDict(old['spec'])['selector']);
  if (!deepEqual(n, o)) errs.push(invalid(path('spec', 'selector'), n, FieldImmutableErrorMsg));
}
