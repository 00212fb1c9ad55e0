import { type FieldError, type FieldPath, invalid, tooLong } from '../field/index.js';
import { byteLength, readStringMap } from './json-shape.js';
import { isLabelKey, isQualifiedName, isValidLabelValue } from './names.js';

/** The most bytes all annotation keys and values of one object may hold together (256 KiB). */
export const TotalAnnotationSizeLimitB = 256 * 1024;

/** Checks a label key (a qualified name); errors sit at `fldPath` with the key as value. Pure. */
export function validateLabelName(labelName: string, fldPath: FieldPath): FieldError[] {
  return isLabelKey(labelName).map((msg) => invalid(fldPath, labelName, msg));
}

/**
 * Checks a label map as upstream's ValidateLabels: every key a qualified name, every value a
 * label value, all errors at `fldPath` itself (upstream does not add the key to the path).
 * Accepts any decoded JSON: a non-object or a non-string value gives a type error. Pure.
 */
export function validateLabels(labels: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of readStringMap(labels, fldPath, errs)) {
    errs.push(...validateLabelName(k, fldPath));
    for (const msg of isValidLabelValue(v)) errs.push(invalid(fldPath, v, msg));
  }
  return errs;
}

// Go lowers rune by rune with simple case mappings; JavaScript applies the full mappings, which
// differ in one case that matters here: U+0130 becomes plain 'i' in Go (and so passes).
function goToLower(s: string): string {
  let out = '';
  for (const ch of s) out += ch === '\u0130' ? 'i' : ch.toLowerCase();
  return out;
}

/** Total bytes of keys and values, which upstream limits to 256 KiB. Pure. */
export function annotationsSize(annotations: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) total += byteLength(k) + byteLength(v);
  return total;
}

/**
 * Checks annotations as upstream's ValidateAnnotations: keys are qualified names compared in
 * lower case (so `UpperCase123` passes), and keys plus values may not exceed 262144 bytes
 * (`Too long: may not be more than 262144 bytes`). Accepts any decoded JSON. Pure.
 */
export function validateAnnotations(annotations: unknown, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of readStringMap(annotations, fldPath, errs)) {
    for (const msg of isQualifiedName(goToLower(k))) errs.push(invalid(fldPath, k, msg));
    total += byteLength(k) + byteLength(v);
  }
  if (total > TotalAnnotationSizeLimitB) errs.push(tooLong(fldPath, '', TotalAnnotationSizeLimitB));
  return errs;
}
