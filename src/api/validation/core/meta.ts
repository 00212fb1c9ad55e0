import { type FieldError, type FieldPath, invalid, path } from '../../../apimachinery/field/index.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  type NameFn,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { type Dict, isDict } from './shape.js';

/** The `metadata` path every kind starts from. */
export const metaPath: FieldPath = path('metadata');

/** ObjectMeta rules on create for a kind with the given scope and name rule. Pure. */
export function createMeta(obj: JsonObject, namespaced: boolean, nameFn: NameFn): FieldError[] {
  return validateObjectMeta(obj['metadata'], { namespaced, nameFn }, metaPath);
}

/** ObjectMeta rules on update. Pure. */
export function updateMeta(obj: JsonObject, old: JsonObject): FieldError[] {
  return validateObjectMetaUpdate(obj['metadata'], old['metadata'], metaPath);
}

/** The metadata object, or `{}` when absent or of the wrong type (its shape is reported by the meta rules). */
export function metaOf(obj: JsonObject): Dict {
  const m = obj['metadata'];
  return isDict(m) ? m : {};
}

/** The annotations of an object as a plain map (string values only; other shapes are reported elsewhere). */
export function annotationsOf(obj: JsonObject): Map<string, string> {
  const a = metaOf(obj)['annotations'];
  const out = new Map<string, string>();
  if (!isDict(a)) return out;
  for (const [k, v] of Object.entries(a)) if (typeof v === 'string') out.set(k, v);
  return out;
}

/** The `metadata.namespace` string ('' when absent or not a string). */
export function namespaceOf(obj: JsonObject): string {
  const n = metaOf(obj)['namespace'];
  return typeof n === 'string' ? n : '';
}

/** Upstream's ValidateDNS1123Label: each message as `Invalid value` at `fldPath`. */
export function dnsLabel(value: string, fldPath: FieldPath): FieldError[] {
  return isDNS1123Label(value).map((m) => invalid(fldPath, value, m));
}

/** Upstream's ValidateDNS1123Subdomain: each message as `Invalid value` at `fldPath`. */
export function dnsSubdomain(value: string, fldPath: FieldPath): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => invalid(fldPath, value, m));
}

/** Upstream's ValidateQualifiedName: each message as `Invalid value` at `fldPath`. */
export function qualifiedName(value: string, fldPath: FieldPath): FieldError[] {
  return isQualifiedName(value).map((m) => invalid(fldPath, value, m));
}
