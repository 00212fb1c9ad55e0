import { type FieldError, type FieldPath, invalid } from '../../../apimachinery/field/index.js';
import { type Dict, int } from './shape.js';

/** `must not contain '..'` when any `/`-separated element is `..` (one error at most). Pure. */
export function validatePathNoBacksteps(target: string, fldPath: FieldPath): FieldError[] {
  return target.split('/').includes('..') ? [invalid(fldPath, target, "must not contain '..'")] : [];
}

/** A relative path without `..` elements (`must be a relative path`). Pure. */
export function validateLocalDescendingPath(target: string, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalid(fldPath, target, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(target, fldPath));
  return errs;
}

/** A local descending path that also does not start with `..` (as in `..data`). Pure. */
export function validateLocalNonReservedPath(target: string, fldPath: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(target, fldPath);
  if (target.startsWith('..') && !target.startsWith('../')) {
    errs.push(invalid(fldPath, target, "must not start with '..'"));
  }
  return errs;
}

/** The message for file modes outside 0..0777. */
export const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';

/** `Invalid value: <mode>: must be a number between 0 and 0777 ...` when the mode is set and out of range. */
export function validateMode(d: Dict, key: string, fldPath: FieldPath, errs: FieldError[]): void {
  const mode = int(d, key, fldPath, errs);
  if (mode !== undefined && (mode > 0o777 || mode < 0))
    errs.push(invalid(fldPath.child(key), mode, fileModeErrorMsg));
}
