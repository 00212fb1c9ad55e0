import { type FieldError, forbidden, invalid, path, tooLong } from '../../../apimachinery/field/index.js';
import { nameIsDNSSubdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { MaxSecretSize, readBinaryMap, readTextMap, totalSize, validateDataKey } from './data-maps.js';
import { createMeta, updateMeta } from './meta.js';
import { bool, jsonEqual, quiet } from './shape.js';

/** The message for changes to an object stored with `immutable: true`. */
export const immutableMsg = 'field is immutable when `immutable` is set';

/**
 * Upstream's ValidateConfigMap: metadata, keys of `data` and `binaryData` are config keys and
 * not repeated across the two maps, and all values together at most 1 MiB (reported at the empty
 * path, as upstream does). Pure.
 */
export function validateConfigMap(cm: JsonObject): FieldError[] {
  const errs = createMeta(cm, true, nameIsDNSSubdomain);
  const root = path('');
  bool(cm, 'immutable', root, errs);
  const dataPath = path('data');
  const binPath = path('binaryData');
  const data = readTextMap(cm['data'], dataPath, errs);
  const binary = readBinaryMap(cm['binaryData'], binPath, errs);
  const binaryKeys = new Set(binary.map((e) => e.key));
  for (const e of data) {
    errs.push(...validateDataKey(e.key, dataPath));
    if (binaryKeys.has(e.key)) {
      errs.push(invalid(dataPath.key(e.key), e.key, 'duplicate of key present in binaryData'));
    }
  }
  for (const e of binary) errs.push(...validateDataKey(e.key, binPath));
  if (totalSize(data) + totalSize(binary) > MaxSecretSize) errs.push(tooLong(root, '', MaxSecretSize));
  return errs;
}

/** Map equality as Go's reflect.DeepEqual has it: a missing map differs from an empty one. Pure. */
export function sameMap(a: unknown, b: unknown): boolean {
  const unsetA = a === undefined || a === null;
  const unsetB = b === undefined || b === null;
  return unsetA === unsetB && jsonEqual(a, b);
}

/**
 * Upstream's ValidateConfigMapUpdate: metadata update rules; once the stored object is
 * immutable, `immutable` may not be unset and `data` and `binaryData` may not change; then every
 * create rule. Pure.
 */
export function validateConfigMapUpdate(cm: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(cm, old);
  if (bool(old, 'immutable', path(''), quiet()) === true) {
    if (cm['immutable'] !== true) errs.push(forbidden(path('immutable'), immutableMsg));
    if (!sameMap(cm['data'], old['data'])) errs.push(forbidden(path('data'), immutableMsg));
    if (!sameMap(cm['binaryData'], old['binaryData'])) errs.push(forbidden(path('binaryData'), immutableMsg));
  }
  errs.push(...validateConfigMap(cm));
  return errs;
}
