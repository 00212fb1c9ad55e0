import {
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import type { Quantity } from '../../../apimachinery/quantity/index.js';
import type { JsonObject } from '../types.js';
import { annotationsOf, updateMeta } from './meta.js';
import { validatePersistentVolumeClaim } from './persistent-volume-claim.js';
import { isNativeResource, validateBasicResource, validateResourceQuantityValue } from '../resources.js';
import {
  type Dict,
  isDict,
  jsonEqual,
  obj,
  optStr,
  quiet,
  readQuantity,
  resourceList,
  str,
  strList,
  topObj,
} from './shape.js';
import { isQualifiedName } from '../../../apimachinery/validation/index.js';

const betaClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

function storage(d: Dict | undefined, key: 'spec' | 'status'): Quantity | undefined {
  const holder =
    key === 'spec'
      ? obj(obj(d, 'resources', path('spec'), quiet()), 'requests', path('spec'), quiet())
      : obj(d, 'capacity', path('status'), quiet());
  const v = holder?.['storage'];
  return v === undefined || v === null ? undefined : readQuantity(v, path('x'), quiet());
}

// A spec copy with quantities in canonical form, so `1Gi` equals `1073741824` as Go's semantic
// equality has it.
function normalised(spec: Dict | undefined): Dict {
  const out: Dict = { ...(spec ?? {}) };
  const resources = obj(out, 'resources', path('spec'), quiet());
  if (resources !== undefined) {
    const r: Dict = { ...resources };
    for (const k of ['requests', 'limits']) {
      const list = resourceList(r, k, path('spec'), quiet());
      if (isDict(r[k])) r[k] = Object.fromEntries(list.map(([n, q]) => [n, q.toString()]));
    }
    out['resources'] = r;
  }
  return out;
}

/**
 * Upstream's ValidatePersistentVolumeClaimUpdate: metadata update rules and every create rule;
 * the spec may only change in `volumeName` (once, from empty), the storage class (the documented
 * upgrades from the beta annotation or from unset), and for bound claims `resources.requests.storage`
 * and `volumeAttributesClassName`; the beta class annotation is immutable; the storage request
 * may only shrink to above `status.capacity`; volumeMode is immutable; a volume attributes class
 * may not be cleared. The immutable-spec message omits upstream's trailing field diff. Pure.
 */
export function validatePersistentVolumeClaimUpdate(pvc: JsonObject, old: JsonObject): FieldError[] {
  const errs = [...updateMeta(pvc, old), ...validatePersistentVolumeClaim(pvc)];
  const nSpec = topObj(pvc, 'spec', quiet());
  const oSpec = topObj(old, 'spec', quiet());
  const newClone = normalised(nSpec);
  const oldClone = normalised(oSpec);
  if (str(oSpec, 'volumeName', path('spec'), quiet()) === '') oldClone['volumeName'] = newClone['volumeName'];
  const oldAnn = annotationsOf(old);
  const newAnn = annotationsOf(pvc);
  const oldSC = optStr(oSpec, 'storageClassName', path('spec'), quiet());
  const newSC = optStr(nSpec, 'storageClassName', path('spec'), quiet());
  const oldBeta = oldAnn.get(betaClassAnnotation);
  const newBeta = newAnn.get(betaClassAnnotation);
  const fromAnnotation =
    oldBeta !== undefined &&
    oldSC === undefined &&
    newSC === oldBeta &&
    (newBeta === undefined || newBeta === oldBeta);
  if (fromAnnotation) {
    delete newClone['storageClassName'];
  } else {
    if ((newBeta ?? '') !== (oldBeta ?? '')) {
      errs.push(
        invalid(
          path('metadata').child('annotations', betaClassAnnotation),
          newBeta ?? '',
          'field is immutable',
        ),
      );
    }
    if (newSC !== undefined && oldSC === undefined && (oldBeta === undefined || newSC === oldBeta)) {
      delete newClone['storageClassName'];
    }
  }
  const bound = str(topObj(pvc, 'status', quiet()), 'phase', path('status'), quiet()) === 'Bound';
  const newResources = obj(newClone, 'resources', path('spec'), quiet());
  if (bound && newResources !== undefined && isDict(newResources['requests'])) {
    const oldRequests = obj(
      obj(oldClone, 'resources', path('spec'), quiet()),
      'requests',
      path('spec'),
      quiet(),
    );
    const requests: Dict = { ...newResources['requests'] };
    if (oldRequests?.['storage'] !== undefined) requests['storage'] = oldRequests['storage'];
    else delete requests['storage'];
    newClone['resources'] = { ...newResources, requests };
  }
  if (bound && optStr(newClone, 'volumeAttributesClassName', path('spec'), quiet()) !== undefined) {
    if (oldClone['volumeAttributesClassName'] === undefined) delete newClone['volumeAttributesClassName'];
    else newClone['volumeAttributesClassName'] = oldClone['volumeAttributesClassName'];
  }
  if (!jsonEqual(newClone, oldClone)) {
    errs.push(
      forbidden(
        path('spec'),
        'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      ),
    );
  }
  const oldSize = storage(oSpec, 'spec');
  const newSize = storage(nSpec, 'spec');
  const statusSize = storage(topObj(old, 'status', quiet()), 'status');
  if (compare(newSize, oldSize) < 0 && compare(newSize, statusSize) <= 0) {
    errs.push(
      forbidden(
        path('spec', 'resources', 'requests', 'storage'),
        'field can not be less than status.capacity',
      ),
    );
  }
  const newMode = optStr(nSpec, 'volumeMode', path('spec'), quiet()) ?? null;
  if (newMode !== (optStr(oSpec, 'volumeMode', path('spec'), quiet()) ?? null)) {
    errs.push(invalid(path('volumeMode'), newMode, 'field is immutable'));
  }
  const oldVAC = optStr(oSpec, 'volumeAttributesClassName', path('spec'), quiet());
  const newVAC = optStr(nSpec, 'volumeAttributesClassName', path('spec'), quiet());
  if (oldVAC !== undefined && newVAC !== oldVAC) {
    const p = path('spec', 'volumeAttributesClassName');
    if (newVAC === undefined) errs.push(forbidden(p, 'update from non-nil value to nil is forbidden'));
    else if (newVAC === '')
      errs.push(forbidden(p, 'update from non-nil value to an empty string is forbidden'));
  }
  return errs;
}

// Compares quantities where a missing one is zero, as Go's zero-value Quantity is.
function compare(a: Quantity | undefined, b: Quantity | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return -(b?.sign() ?? 0);
  if (b === undefined) return a.sign();
  return a.cmp(b);
}

const resizeStatuses = [
  'ControllerResizeInProgress',
  'ControllerResizeInfeasible',
  'NodeResizeInProgress',
  'NodeResizeInfeasible',
  'NodeResizePending',
];

function resourceKeyErrors(key: string, p: ReturnType<typeof path>): FieldError[] {
  const errs = isQualifiedName(key).map((m) => invalid(p, key, m));
  if (errs.length > 0) return errs;
  if (isNativeResource(key) && key !== 'storage') return [notSupported(p, key, ['storage'])];
  return [];
}

/**
 * Upstream's ValidatePersistentVolumeClaimStatusUpdate: metadata update rules, access modes still
 * present (at upstream's path `Spec.accessModes`), capacity quantities, and the allocated
 * resources and their resize statuses (storage only, known statuses). Pure.
 */
export function validatePersistentVolumeClaimStatusUpdate(pvc: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(pvc, old);
  const meta = pvc['metadata'];
  if (!isDict(meta) || typeof meta['resourceVersion'] !== 'string' || meta['resourceVersion'] === '') {
    errs.push(required(path('resourceVersion'), ''));
  }
  if (strList(topObj(pvc, 'spec', quiet()), 'accessModes', path('spec'), quiet()).length === 0) {
    errs.push(required(path('Spec', 'accessModes'), ''));
  }
  const status = topObj(pvc, 'status', errs);
  const sp = path('status');
  for (const [k, q] of resourceList(status, 'capacity', sp, errs)) {
    errs.push(...validateBasicResource(q, sp.child('capacity').key(k)));
  }
  const rsPath = sp.child('allocatedResourceStatus');
  const statuses = obj(status, 'allocatedResourceStatuses', sp, errs);
  for (const [k, v] of Object.entries(statuses ?? {})) {
    errs.push(...resourceKeyErrors(k, rsPath));
    if (typeof v !== 'string' || !resizeStatuses.includes(v))
      errs.push(notSupported(rsPath, k, resizeStatuses));
  }
  const allocPath = sp.child('allocatedResources');
  for (const [k, q] of resourceList(status, 'allocatedResources', sp, errs)) {
    const keyErrs = resourceKeyErrors(k, allocPath);
    if (keyErrs.length > 0) {
      errs.push(...keyErrs);
      continue;
    }
    const basic = validateBasicResource(q, allocPath.key(k));
    errs.push(...(basic.length > 0 ? basic : validateResourceQuantityValue('storage', q, allocPath.key(k))));
  }
  return errs;
}
