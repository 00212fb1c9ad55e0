import {
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import {
  isDNS1123Subdomain,
  nameIsDNSSubdomain,
  validateNamespaceName,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { createMeta } from './meta.js';
import { validateAccessModes, volumeModes } from './persistent-volume.js';
import { validatePositiveQuantity, validateResourceQuantityValue } from '../resources.js';
import { validateLabelSelectorMember } from './selectors.js';
import { type Dict, has, obj, optStr, quiet, readQuantity, str, strList, topObj } from './shape.js';

const specPath = path('spec');

function validateDataSource(ds: Dict, p: FieldPath, withNamespace: boolean, errs: FieldError[]): void {
  const name = str(ds, 'name', p, errs);
  const kind = str(ds, 'kind', p, errs);
  if (name === '') errs.push(required(p.child('name'), ''));
  if (kind === '') errs.push(required(p.child('kind'), ''));
  const group = optStr(ds, 'apiGroup', p, errs) ?? '';
  if (group === '' && kind !== 'PersistentVolumeClaim') {
    errs.push(invalid(p, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (group !== '')
    for (const m of isDNS1123Subdomain(group)) errs.push(invalid(p.child('apiGroup'), group, m));
  if (!withNamespace) return;
  const ns = optStr(ds, 'namespace', p, errs);
  if (ns !== undefined && ns !== '') {
    for (const m of validateNamespaceName(ns, false)) errs.push(invalid(p.child('namespace'), ns, m));
  }
}

/**
 * Upstream's ValidatePersistentVolumeClaimSpec at `spec`: access modes (at least one), selector,
 * `resources.requests.storage` present and > 0 (reported at `spec.resources[storage]`), storage
 * class, volume mode, dataSource / dataSourceRef and their agreement, volume attributes class.
 */
export function validateClaimSpec(spec: Dict | undefined, fldPath: FieldPath, errs: FieldError[]): void {
  const modes = strList(spec, 'accessModes', fldPath, errs);
  if (modes.length === 0)
    errs.push(required(fldPath.child('accessModes'), 'at least 1 access mode is required'));
  errs.push(...validateLabelSelectorMember(spec, 'selector', fldPath));
  errs.push(...validateAccessModes(modes, fldPath.child('accessModes')));
  const storagePath = fldPath.child('resources').key('storage');
  const resources = obj(spec, 'resources', fldPath, errs);
  const requests = obj(resources, 'requests', fldPath.child('resources'), errs);
  if (!has(requests, 'storage')) {
    errs.push(required(storagePath, ''));
  } else {
    const q = readQuantity(
      requests?.['storage'],
      fldPath.child('resources', 'requests').key('storage'),
      errs,
    );
    if (q !== undefined) {
      const pos = validatePositiveQuantity(q, storagePath);
      errs.push(...(pos.length > 0 ? pos : validateResourceQuantityValue('storage', q, storagePath)));
    }
  }
  const cls = optStr(spec, 'storageClassName', fldPath, errs);
  if (cls !== undefined && cls !== '') {
    for (const m of nameIsDNSSubdomain(cls, false))
      errs.push(invalid(fldPath.child('storageClassName'), cls, m));
  }
  const mode = optStr(spec, 'volumeMode', fldPath, errs);
  if (mode !== undefined && !volumeModes.includes(mode)) {
    errs.push(notSupported(fldPath.child('volumeMode'), mode, volumeModes));
  }
  const ds = obj(spec, 'dataSource', fldPath, errs);
  const ref = obj(spec, 'dataSourceRef', fldPath, errs);
  if (ds !== undefined) validateDataSource(ds, fldPath.child('dataSource'), false, errs);
  if (ref !== undefined) validateDataSource(ref, fldPath.child('dataSourceRef'), true, errs);
  const refNS = optStr(ref, 'namespace', fldPath, quiet());
  if (refNS !== undefined && refNS !== '') {
    // Upstream prints a field path here, which its JSON encoder renders as an empty object.
    if (ds !== undefined)
      errs.push(invalid(fldPath, {}, 'may not be specified when dataSourceRef.namespace is specified'));
  } else if (ds !== undefined && ref !== undefined) {
    const same =
      (optStr(ds, 'apiGroup', fldPath, quiet()) ?? null) ===
        (optStr(ref, 'apiGroup', fldPath, quiet()) ?? null) &&
      str(ds, 'kind', fldPath, quiet()) === str(ref, 'kind', fldPath, quiet()) &&
      str(ds, 'name', fldPath, quiet()) === str(ref, 'name', fldPath, quiet());
    if (!same) errs.push(invalid(fldPath, {}, 'must match dataSourceRef'));
  }
  const vac = optStr(spec, 'volumeAttributesClassName', fldPath, errs);
  if (vac !== undefined && vac !== '') {
    for (const m of nameIsDNSSubdomain(vac, false))
      errs.push(invalid(fldPath.child('volumeAttributesClassName'), vac, m));
  }
}

/** Upstream's ValidatePersistentVolumeClaim: metadata and the claim spec. Pure. */
export function validatePersistentVolumeClaim(pvc: JsonObject): FieldError[] {
  const errs = createMeta(pvc, true, nameIsDNSSubdomain);
  validateClaimSpec(topObj(pvc, 'spec', errs), specPath, errs);
  return errs;
}
