import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import { QuantityError, quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import {
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabels,
} from '../../../apimachinery/validation/index.js';
import { validateLabelSelector } from './label-selector.js';
import { validateResourceQuantityValue } from './resources.js';
import { type Dict, obj, optStr, strList } from './shape.js';

// ObjectMeta members in Go field order, with the name upstream derives for its error path
// (the Go field name with a lowered first letter, hence `uID`).
const metaFields: ReadonlyArray<[string, string]> = [
  ['name', 'name'],
  ['generateName', 'generateName'],
  ['namespace', 'namespace'],
  ['selfLink', 'selfLink'],
  ['uid', 'uID'],
  ['resourceVersion', 'resourceVersion'],
  ['generation', 'generation'],
  ['creationTimestamp', 'creationTimestamp'],
  ['deletionTimestamp', 'deletionTimestamp'],
  ['deletionGracePeriodSeconds', 'deletionGracePeriodSeconds'],
  ['ownerReferences', 'ownerReferences'],
  ['finalizers', 'finalizers'],
  ['managedFields', 'managedFields'],
];

function isZeroValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  return Array.isArray(v) && v.length === 0;
}

/**
 * Upstream's ValidateTemplateObjectMeta: labels and annotations valid, every other member unset
 * (`Forbidden: cannot be set`). Appends to `errs`.
 */
export function validateTemplateObjectMeta(
  meta: Dict | undefined,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  errs.push(...validateAnnotations(meta?.['annotations'], fldPath.child('annotations')));
  errs.push(...validateLabels(meta?.['labels'], fldPath.child('labels')));
  for (const [key, at] of metaFields) {
    if (!isZeroValue(meta?.[key])) errs.push(forbidden(fldPath.child(at), 'cannot be set'));
  }
}

const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

// The first-order rules of a claim spec that an inline claim template must meet. The data source
// rules belong to PersistentVolumeClaim validation and are not repeated here.
function validateClaimSpec(spec: Dict | undefined, fldPath: FieldPath, errs: FieldError[]): void {
  const modes = strList(spec, 'accessModes', fldPath, errs);
  if (modes.length === 0)
    errs.push(required(fldPath.child('accessModes'), 'at least 1 access mode is required'));
  validateLabelSelector(spec?.['selector'], fldPath.child('selector'), {}, errs);
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!accessModes.includes(m)) errs.push(notSupported(fldPath.child('accessModes'), m, accessModes));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (accessModes.includes(m)) other = true;
  }
  if (rwop && other) {
    errs.push(
      forbidden(fldPath.child('accessModes'), 'may not use ReadWriteOncePod with other access modes'),
    );
  }
  const storagePath = fldPath.child('resources').key('storage');
  const resources = obj(spec, 'resources', fldPath, errs);
  const requests = obj(resources, 'requests', fldPath.child('resources'), errs);
  const raw = requests?.['storage'];
  if (raw === undefined) {
    errs.push(required(storagePath));
  } else {
    try {
      const q = quantityFromJSON(raw);
      if (q.sign() <= 0) errs.push(invalid(storagePath, q.toString(), 'must be greater than zero'));
      else errs.push(...validateResourceQuantityValue('storage', q, storagePath));
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
      errs.push(invalid(storagePath, raw, e.message));
    }
  }
  const className = optStr(spec, 'storageClassName', fldPath, errs);
  if (className !== undefined && className !== '') {
    for (const msg of nameIsDNSSubdomain(className, false)) {
      errs.push(invalid(fldPath.child('storageClassName'), className, msg));
    }
  }
  const volumeMode = optStr(spec, 'volumeMode', fldPath, errs);
  if (volumeMode !== undefined && volumeMode !== 'Block' && volumeMode !== 'Filesystem') {
    errs.push(notSupported(fldPath.child('volumeMode'), volumeMode, ['Block', 'Filesystem']));
  }
}

/** A generic ephemeral volume: a claim template with template metadata and a claim spec. */
export function validateEphemeralVolumeSource(src: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const tmpl = obj(src, 'volumeClaimTemplate', fldPath, errs);
  if (tmpl === undefined) {
    errs.push(required(fldPath.child('volumeClaimTemplate')));
    return;
  }
  const tPath = fldPath.child('volumeClaimTemplate');
  validateTemplateObjectMeta(obj(tmpl, 'metadata', tPath, errs), tPath.child('metadata'), errs);
  validateClaimSpec(obj(tmpl, 'spec', tPath, errs), tPath.child('spec'), errs);
}
