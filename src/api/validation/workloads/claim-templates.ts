import type { FieldError, FieldPath } from '../../../apimachinery/field/index.js';
import { coreValidations } from '../core/index.js';
import type { JsonObject } from '../types.js';
import { asDict, isDict, wrongType } from './shape.js';

// The claim-spec rules are the PersistentVolumeClaim kind's; they run on a stand-in claim and
// their `spec...` paths are moved under `<fldPath>[i].spec`.
function claimSpecErrors(claimSpec: unknown, at: string): FieldError[] {
  const pvc = coreValidations['v1/PersistentVolumeClaim'];
  if (pvc === undefined) return [];
  const standIn: JsonObject = { metadata: { name: 'claim', namespace: 'default' }, spec: claimSpec ?? {} };
  return pvc
    .validate(standIn)
    .filter((e) => e.field === 'spec' || e.field.startsWith('spec.') || e.field.startsWith('spec['))
    .map((e) => ({ ...e, field: at + e.field.slice('spec'.length) }));
}

/**
 * Upstream's ValidateVolumeClaimTemplates: each claim template's spec under the
 * PersistentVolumeClaim spec rules, reported at `<fldPath>[i].spec...`. Appends errors.
 */
export function validateClaimTemplates(v: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) {
    errs.push(wrongType(fldPath, v, 'array'));
    return;
  }
  v.forEach((claim, i) => {
    if (!isDict(claim)) {
      errs.push(wrongType(fldPath.index(i), claim, 'object'));
      return;
    }
    errs.push(...claimSpecErrors(asDict(claim)['spec'], String(fldPath.index(i).child('spec'))));
  });
}
