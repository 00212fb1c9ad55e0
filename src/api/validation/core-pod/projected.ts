import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  required,
} from '../../../apimachinery/field/index.js';
import {
  validateObjectFieldSelector,
  validateResourceFieldSelector,
  volumeFieldPaths,
} from './field-selectors.js';
import { validateLabelSelector } from './label-selector.js';
import type { PodValidationOptions } from './options.js';
import { fileModeErrorMsg, validateLocalNonReservedPath, validateMode } from './paths.js';
import { type Dict, has, int, obj, objList, optStr, str } from './shape.js';

/** Upstream's validateKeyToPath: key and path required, path local, mode in range. */
export function validateKeyToPath(kp: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const key = str(kp, 'key', fldPath, errs);
  const path = str(kp, 'path', fldPath, errs);
  if (key === '') errs.push(required(fldPath.child('key')));
  if (path === '') errs.push(required(fldPath.child('path')));
  errs.push(...validateLocalNonReservedPath(path, fldPath.child('path')));
  validateMode(kp, 'mode', fldPath, errs);
}

// Upstream reports a downward API file's errors at the source's path, not the item's.
function validateDownwardAPIVolumeFile(file: Dict, fldPath: FieldPath, errs: FieldError[]): string {
  const path = str(file, 'path', fldPath, []);
  if (path === '') errs.push(required(fldPath.child('path')));
  errs.push(...validateLocalNonReservedPath(path, fldPath.child('path')));
  const fieldRef = obj(file, 'fieldRef', fldPath, errs);
  const resourceFieldRef = obj(file, 'resourceFieldRef', fldPath, errs);
  if (fieldRef !== undefined) {
    validateObjectFieldSelector(fieldRef, volumeFieldPaths, fldPath.child('fieldRef'), errs);
    if (resourceFieldRef !== undefined) {
      errs.push(
        invalid(fldPath, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'),
      );
    }
  } else if (resourceFieldRef !== undefined) {
    validateResourceFieldSelector(resourceFieldRef, fldPath.child('resourceFieldRef'), true, errs);
  } else {
    errs.push(required(fldPath, 'one of fieldRef and resourceFieldRef is required'));
  }
  const mode = int(file, 'mode', fldPath, []);
  if (mode !== undefined && (mode > 0o777 || mode < 0))
    errs.push(invalid(fldPath.child('mode'), mode, fileModeErrorMsg));
  return path;
}

/** A downwardAPI volume: defaultMode and every item. Appends to `errs`. */
export function validateDownwardAPIVolumeSource(src: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  validateMode(src, 'defaultMode', fldPath, errs);
  for (const { item, index } of objList(src, 'items', fldPath, errs)) {
    // Type errors of an item are reported at its own index; the value checks use upstream's paths.
    const p = fldPath.child('items').index(index);
    str(item, 'path', p, errs);
    int(item, 'mode', p, errs);
    validateDownwardAPIVolumeFile(item, fldPath, errs);
  }
}

/**
 * A projected volume: defaultMode, and per source exactly one of secret, configMap, downwardAPI,
 * serviceAccountToken, clusterTrustBundle, with target paths unique across all sources
 * (`conflicting duplicate paths`). Appends to `errs`.
 */
export function validateProjectedVolumeSource(
  src: Dict,
  fldPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  validateMode(src, 'defaultMode', fldPath, errs);
  const allPaths = new Set<string>();
  const claim = (p: string, value: string): void => {
    if (allPaths.has(p)) errs.push(invalid(fldPath, value, 'conflicting duplicate paths'));
    else allPaths.add(p);
  };
  for (const { item: source, index } of objList(src, 'sources', fldPath, errs)) {
    const srcPath = fldPath.child('sources').index(index);
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      const ref = obj(source, kind, srcPath, errs);
      if (ref === undefined) continue;
      count++;
      const projPath = srcPath.child(kind);
      const name = str(ref, 'name', projPath, errs);
      if (name === '') errs.push(required(projPath.child('name')));
      for (const { item, index: i } of objList(ref, 'items', projPath, errs)) {
        validateKeyToPath(item, projPath.child('items').index(i), errs);
        const p = str(item, 'path', projPath, []);
        if (p !== '') claim(p, name);
      }
    }
    const downward = obj(source, 'downwardAPI', srcPath, errs);
    if (downward !== undefined) {
      count++;
      const projPath = srcPath.child('downwardAPI');
      for (const { item } of objList(downward, 'items', projPath, errs)) {
        const p = validateDownwardAPIVolumeFile(item, projPath, errs);
        if (p !== '') claim(p, p);
      }
    }
    const token = obj(source, 'serviceAccountToken', srcPath, errs);
    if (token !== undefined) {
      count++;
      const projPath = srcPath.child('serviceAccountToken');
      const exp = int(token, 'expirationSeconds', projPath, errs) ?? 0;
      if (exp < 600) {
        errs.push(
          invalid(
            projPath.child('expirationSeconds'),
            exp,
            'may not specify a duration less than 10 minutes',
          ),
        );
      }
      if (exp > 2 ** 32) {
        errs.push(
          invalid(
            projPath.child('expirationSeconds'),
            exp,
            'may not specify a duration larger than 2^32 seconds',
          ),
        );
      }
      const p = str(token, 'path', projPath, errs);
      if (p === '') errs.push(required(fldPath.child('path')));
      else if (opts.allowNonLocalProjectedTokenPath !== true) {
        errs.push(...validateLocalNonReservedPath(p, fldPath.child('path')));
      }
    }
    const bundle = obj(source, 'clusterTrustBundle', srcPath, errs);
    if (bundle !== undefined) {
      count++;
      validateClusterTrustBundleProjection(bundle, srcPath.child('clusterTrustBundle'), errs, claim);
    }
    if (count > 1) errs.push(forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  }
}

function validateClusterTrustBundleProjection(
  b: Dict,
  projPath: FieldPath,
  errs: FieldError[],
  claim: (p: string, value: string) => void,
): void {
  const name = optStr(b, 'name', projPath, errs);
  const signerName = optStr(b, 'signerName', projPath, errs);
  if (name !== undefined && signerName !== undefined) {
    errs.push(invalid(projPath, b, 'only one of name and signerName may be used'));
  } else if (name !== undefined) {
    if (name === '') errs.push(required(projPath.child('name'), 'must be a valid object name'));
    if (has(b, 'labelSelector')) {
      errs.push(
        invalid(
          projPath.child('labelSelector'),
          b['labelSelector'],
          'labelSelector must be unset if name is specified',
        ),
      );
    }
  } else if (signerName !== undefined) {
    if (signerName === '') errs.push(required(projPath.child('signerName'), 'must be a valid signer name'));
    validateLabelSelector(b['labelSelector'], projPath.child('labelSelector'), {}, errs);
  } else {
    errs.push(required(projPath, 'either name or signerName must be specified'));
  }
  const path = str(b, 'path', projPath, errs);
  if (path === '') errs.push(required(projPath.child('path')));
  errs.push(...validateLocalNonReservedPath(path, projPath.child('path')));
  claim(path, path);
}
