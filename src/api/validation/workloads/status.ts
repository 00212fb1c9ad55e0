import { type FieldError, type FieldPath, invalid } from '../../../apimachinery/field/index.js';
import { asDict, type Dict, int32, int64, nonNegative } from './shape.js';

/** Reads int32 counters of a status and checks each is ≥ 0; returns them by name (absent → 0). */
export function counters(
  status: Dict,
  names: readonly string[],
  fldPath: FieldPath,
  errs: FieldError[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) {
    const v = int32(status[n], fldPath.child(n), errs);
    nonNegative(v, fldPath.child(n), errs);
    out[n] = v ?? 0;
  }
  return out;
}

/** Checks an optional int64 `observedGeneration` is ≥ 0. */
export function observedGeneration(status: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const p = fldPath.child('observedGeneration');
  nonNegative(int64(status['observedGeneration'], p, errs), p, errs);
}

/** `<a>: Invalid value: n: <msg>` when counter a exceeds counter b. */
export function notAbove(
  c: Record<string, number>,
  a: string,
  b: string,
  msg: string,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  const x = c[a] ?? 0;
  if (x > (c[b] ?? 0)) errs.push(invalid(fldPath.child(a), x, msg));
}

/**
 * `status.collisionCount: Invalid value: n: cannot be decremented` when the old status had a
 * count and the new one is lower or unset (upstream's IsDecremented).
 */
export function collisionNotDecremented(obj: Dict, old: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const read = (o: Dict): number | undefined => {
    const v = asDict(o['status'])['collisionCount'];
    return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
  };
  const n = read(obj);
  const o = read(old);
  if (o === undefined) return;
  if (n === undefined || n < o)
    errs.push(invalid(fldPath.child('collisionCount'), n ?? 0, 'cannot be decremented'));
}

/** Checks an optional int32 counter is ≥ 0 (fields upstream keeps as pointers). */
export function optionalCounter(status: Dict, name: string, fldPath: FieldPath, errs: FieldError[]): void {
  const p = fldPath.child(name);
  nonNegative(int32(status[name], p, errs), p, errs);
}
