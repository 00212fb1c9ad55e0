import {
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { nameIsDNSSubdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { createMeta, metaOf, updateMeta } from './meta.js';
import { persistentVolumeSources, validatePVSource } from './pv-sources.js';
import { validateBasicResource, validatePositiveQuantity } from '../resources.js';
import { validateNodeSelector } from './selectors.js';
import {
  type Dict,
  has,
  jsonEqual,
  obj,
  optStr,
  quiet,
  resourceList,
  str,
  strList,
  topObj,
} from './shape.js';

const specPath = path('spec');
/** The access modes upstream accepts, in its sorted order. */
export const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];
/** The volume modes upstream accepts. */
export const volumeModes = ['Block', 'Filesystem'];

/** Access modes known and ReadWriteOncePod alone; with `requiredDetail`, `Required` when none is set. */
export function validateAccessModes(
  modes: readonly string[],
  fldPath: ReturnType<typeof path>,
  requiredDetail?: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (modes.length === 0 && requiredDetail !== undefined) errs.push(required(fldPath, requiredDetail));
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!accessModes.includes(m)) errs.push(notSupported(fldPath, m, accessModes));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (accessModes.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbidden(fldPath, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `${p.startsWith('/') ? '/' : ''}${parts.join('/')}` || '.';
}

function validateSpec(spec: Dict | undefined, errs: FieldError[]): void {
  const s = spec ?? {};
  errs.push(
    ...validateAccessModes(strList(s, 'accessModes', specPath, errs), specPath.child('accessModes'), ''),
  );
  const capPath = specPath.child('capacity');
  const capacity = resourceList(s, 'capacity', specPath, errs);
  if (capacity.length === 0) errs.push(required(capPath, ''));
  if (!capacity.some(([k]) => k === 'storage') || capacity.length > 1) {
    // A missing map prints as null, as Go prints a nil map.
    const shown = has(s, 'capacity') ? Object.fromEntries(capacity.map(([k, q]) => [k, q.toString()])) : null;
    errs.push(notSupported(capPath, shown, ['storage']));
  }
  for (const [k, q] of capacity) {
    errs.push(...validateBasicResource(q, capPath.key(k)), ...validatePositiveQuantity(q, capPath.key(k)));
  }
  const reclaim = str(s, 'persistentVolumeReclaimPolicy', specPath, errs);
  if (reclaim !== '' && !reclaimPolicies.includes(reclaim)) {
    errs.push(notSupported(specPath.child('persistentVolumeReclaimPolicy'), reclaim, reclaimPolicies));
  }
  const affinity = obj(s, 'nodeAffinity', specPath, errs);
  if (affinity !== undefined) {
    const ap = specPath.child('nodeAffinity');
    const req = obj(affinity, 'required', ap, errs);
    if (req !== undefined) errs.push(...validateNodeSelector(req, ap.child('required')));
    else errs.push(required(ap.child('required'), 'must specify required node constraints'));
  }
  const source = validatePVSource(s, specPath, errs);
  if (source === 'local' && affinity === undefined) {
    errs.push(required(specPath.child('nodeAffinity'), 'Local volume requires node affinity'));
  }
  const hostPath = obj(s, 'hostPath', specPath, quiet());
  if (
    hostPath !== undefined &&
    reclaim === 'Recycle' &&
    cleanPath(str(hostPath, 'path', specPath, quiet())) === '/'
  ) {
    errs.push(
      forbidden(
        specPath.child('persistentVolumeReclaimPolicy'),
        "may not be 'recycle' for a hostPath mount of '/'",
      ),
    );
  }
  const cls = str(s, 'storageClassName', specPath, errs);
  if (cls !== '') {
    for (const m of nameIsDNSSubdomain(cls, false))
      errs.push(invalid(specPath.child('storageClassName'), cls, m));
  }
  const mode = optStr(s, 'volumeMode', specPath, errs);
  if (mode !== undefined && !volumeModes.includes(mode)) {
    errs.push(notSupported(specPath.child('volumeMode'), mode, volumeModes));
  }
  const vac = optStr(s, 'volumeAttributesClassName', specPath, errs);
  if (vac !== undefined) {
    const vp = specPath.child('volumeAttributesClassName');
    if (vac === '') errs.push(required(vp, 'an empty string is disallowed'));
    else for (const m of nameIsDNSSubdomain(vac, false)) errs.push(invalid(vp, vac, m));
    if (obj(s, 'csi', specPath, quiet()) === undefined) {
      errs.push(required(specPath.child('csi'), 'has to be specified when using volumeAttributesClassName'));
    }
  }
}

/**
 * Upstream's ValidatePersistentVolume: metadata (cluster-scoped), access modes, capacity with
 * exactly `storage` > 0, reclaim policy, node affinity (required for local volumes), exactly one
 * volume source and its own rules, storage class, volume mode and volume attributes class. Pure.
 */
export function validatePersistentVolume(pv: JsonObject): FieldError[] {
  const errs = createMeta(pv, false, nameIsDNSSubdomain);
  validateSpec(topObj(pv, 'spec', errs), errs);
  return errs;
}

function sourceOf(spec: Dict | undefined): Dict {
  const out: Dict = {};
  for (const [key] of persistentVolumeSources) {
    const v = spec?.[key];
    if (v !== undefined && v !== null) out[key] = v;
  }
  return out;
}

/**
 * Upstream's ValidatePersistentVolumeUpdate: every create rule, the volume source immutable
 * (except adding a CSI controllerExpandSecretRef), volumeMode immutable, node affinity immutable
 * once set, and volumeAttributesClassName never cleared once set. Pure.
 */
export function validatePersistentVolumeUpdate(pv: JsonObject, old: JsonObject): FieldError[] {
  const errs = [...updateMeta(pv, old), ...validatePersistentVolume(pv)];
  const n = topObj(pv, 'spec', quiet());
  const o = topObj(old, 'spec', quiet());
  const newSource = sourceOf(n);
  const oldSource = sourceOf(o);
  const oldCSI = obj(oldSource, 'csi', specPath, quiet());
  const newCSI = obj(newSource, 'csi', specPath, quiet());
  if (
    oldCSI !== undefined &&
    newCSI !== undefined &&
    !('controllerExpandSecretRef' in oldCSI && oldCSI['controllerExpandSecretRef'] !== null)
  ) {
    const { controllerExpandSecretRef: _ignored, ...rest } = newCSI;
    newSource['csi'] = rest;
  }
  if (!jsonEqual(newSource, oldSource)) {
    errs.push(
      forbidden(
        path('spec', 'persistentvolumesource'),
        'spec.persistentvolumesource is immutable after creation',
      ),
    );
  }
  const newMode = optStr(n, 'volumeMode', specPath, quiet()) ?? null;
  if (newMode !== (optStr(o, 'volumeMode', specPath, quiet()) ?? null)) {
    errs.push(invalid(path('volumeMode'), newMode, 'field is immutable'));
  }
  const oldAffinity = obj(o, 'nodeAffinity', specPath, quiet());
  if (oldAffinity !== undefined) {
    const newAffinity = obj(n, 'nodeAffinity', specPath, quiet());
    if (!jsonEqual(newAffinity, oldAffinity)) {
      errs.push(
        invalid(
          path('nodeAffinity'),
          newAffinity ?? null,
          'field is immutable, except for updating from beta label to GA',
        ),
      );
    }
  }
  const oldVAC = optStr(o, 'volumeAttributesClassName', specPath, quiet());
  if (oldVAC !== undefined && optStr(n, 'volumeAttributesClassName', specPath, quiet()) === undefined) {
    errs.push(
      forbidden(path('spec', 'volumeAttributesClassName'), 'update from non-nil value to nil is forbidden'),
    );
  }
  return errs;
}

/** Upstream's ValidatePersistentVolumeStatusUpdate: metadata update rules and a resourceVersion. Pure. */
export function validatePersistentVolumeStatusUpdate(pv: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(pv, old);
  const rv = metaOf(pv)['resourceVersion'];
  if (typeof rv !== 'string' || rv === '') errs.push(required(path('resourceVersion'), ''));
  return errs;
}
