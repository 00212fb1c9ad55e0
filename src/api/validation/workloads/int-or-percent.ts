import { type FieldError, type FieldPath, invalid } from '../../../apimachinery/field/index.js';
import {
  getPercentValue,
  type IntOrString,
  intOrStringIntValue,
  isInt32,
  isNotMoreThan100Percent,
  validatePositiveIntOrPercent,
} from '../../../apimachinery/intstr/index.js';
import { wrongType } from './shape.js';

/**
 * Reads an IntOrString member: absent/null → undefined; a string or an int32 as is; anything
 * else → `must be of type integer or string` (the schema's int-or-string) and undefined.
 */
export function readIntOrString(v: unknown, fldPath: FieldPath, errs: FieldError[]): IntOrString | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && isInt32(v)) return v;
  errs.push(wrongType(fldPath, v, 'integer or string'));
  return undefined;
}

/**
 * Upstream's ValidatePositiveIntOrPercent: a non-negative integer or a `[0-9]+%` string.
 * Appends errors; pure otherwise.
 */
export function positiveIntOrPercent(v: IntOrString, fldPath: FieldPath, errs: FieldError[]): void {
  for (const msg of validatePositiveIntOrPercent(v)) errs.push(invalid(fldPath, v, msg));
}

/** Upstream's IsNotMoreThan100Percent: a percent string may not exceed 100%. */
export function notMoreThan100Percent(v: IntOrString, fldPath: FieldPath, errs: FieldError[]): void {
  for (const msg of isNotMoreThan100Percent(v)) errs.push(invalid(fldPath, v, msg));
}

/**
 * The number an int-or-percent stands for before scaling, as upstream's getIntOrPercentValue:
 * a valid percent gives its number, any other string what Atoi makes of it (0 when none).
 */
export function intOrPercentValue(v: IntOrString): number {
  return getPercentValue(v) ?? intOrStringIntValue(v);
}
