import { type FieldError, type FieldPath, forbidden, invalid } from '../field/index.js';
import { goQuote } from '../field/index.js';
import { readStringList } from './json-shape.js';
import { isQualifiedName } from './names.js';

/** The finalizer that orphans dependents on delete. */
export const FinalizerOrphanDependents = 'orphan';
/** The finalizer that deletes dependents in the foreground. */
export const FinalizerDeleteDependents = 'foregroundDeletion';
/** The namespace finalizer of the core group. */
export const FinalizerKubernetes = 'kubernetes';

/** Unqualified finalizer names that built-in types accept. */
export const StandardFinalizers: ReadonlySet<string> = new Set([
  FinalizerKubernetes,
  FinalizerOrphanDependents,
  FinalizerDeleteDependents,
]);

/** Checks one finalizer name is a qualified name; errors at `fldPath`. Pure. */
export function validateFinalizerName(name: string, fldPath: FieldPath): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(fldPath, name, msg));
}

/**
 * The built-in types' extra rule: a finalizer without a `/` must be one of the standard names,
 * else `name is neither a standard finalizer name nor is it fully qualified`. Custom resources do
 * not apply it. Pure.
 */
export function validateKubeFinalizerName(name: string, fldPath: FieldPath): FieldError[] {
  if (name.includes('/') || StandardFinalizers.has(name)) return [];
  return [invalid(fldPath, name, 'name is neither a standard finalizer name nor is it fully qualified')];
}

/**
 * Checks `metadata.finalizers` as upstream's ValidateFinalizers: every name a qualified name
 * (errors at `fldPath`, without an index, as upstream reports them), and `orphan` and
 * `foregroundDeletion` never together. Accepts any decoded JSON. Pure.
 */
export function validateFinalizers(finalizers: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = readStringList(finalizers, fldPath, errs);
  for (const f of names) errs.push(...validateFinalizerName(f, fldPath));
  if (names.includes(FinalizerOrphanDependents) && names.includes(FinalizerDeleteDependents)) {
    errs.push(
      invalid(
        fldPath,
        names,
        `finalizer ${FinalizerOrphanDependents} and ${FinalizerDeleteDependents} cannot be both set`,
      ),
    );
  }
  return errs;
}

// Go's string order: by UTF-8 bytes, which differs from UTF-16 order above U+FFFF.
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * An object being deleted may drop finalizers but not gain any: names in `newFinalizers` missing
 * from `oldFinalizers` give `Forbidden: no new finalizers can be added if the object is being
 * deleted, found new finalizers []string{"a", "b"}` (sorted, as upstream prints them). Pure.
 */
export function validateNoNewFinalizers(
  newFinalizers: readonly string[],
  oldFinalizers: readonly string[],
  fldPath: FieldPath,
): FieldError[] {
  const old = new Set(oldFinalizers);
  const extra = [...new Set(newFinalizers.filter((f) => !old.has(f)))].sort(byteOrder);
  if (extra.length === 0) return [];
  const goList = `[]string{${extra.map((f) => goQuote(f)).join(', ')}}`;
  return [
    forbidden(
      fldPath,
      `no new finalizers can be added if the object is being deleted, found new finalizers ${goList}`,
    ),
  ];
}
