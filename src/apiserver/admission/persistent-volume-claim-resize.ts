import { tryParseQuantity } from '../../apimachinery/quantity/index.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { JsonObject } from '../registry/types.js';
import { RESOURCES } from './resources.js';
import type { AdmissionLookup, AdmissionPlugin } from './types.js';
import {
  admissionForbidden,
  boolAt,
  isResource,
  metadataOf,
  objectAt,
  stringAt,
  stringMapAt,
} from './util.js';

/** Upstream's plugin name. */
export const PERSISTENT_VOLUME_CLAIM_RESIZE = 'PersistentVolumeClaimResize';

// spec.resources.requests.storage in bytes-compatible comparison form; undefined when unset or bad.
function requestedStorage(pvc: JsonObject | undefined) {
  const v = objectAt(objectAt(objectAt(pvc, 'spec'), 'resources'), 'requests')?.['storage'];
  if (typeof v !== 'string') return undefined;
  const q = tryParseQuantity(v);
  return q.ok ? q.quantity : undefined;
}

// Upstream's GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName.
function claimClass(pvc: JsonObject | undefined): string {
  const ann = stringMapAt(metadataOf(pvc), 'annotations');
  const beta = ann['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return stringAt(objectAt(pvc, 'spec'), 'storageClassName');
}

/**
 * PersistentVolumeClaimResize: a claim's storage request may only grow when the claim is Bound
 * and its StorageClass (unchanged) sets allowVolumeExpansion: 403 otherwise, with upstream's
 * messages. Validating only; reads the StorageClass.
 */
export function persistentVolumeClaimResize(lookup: AdmissionLookup): AdmissionPlugin {
  return {
    name: PERSISTENT_VOLUME_CLAIM_RESIZE,
    async validate(a: AdmissionAttributes): Promise<void> {
      if (a.operation !== 'UPDATE' || !isResource(a, '', 'persistentvolumeclaims')) return;
      if (a.subresource !== '' || a.object === undefined || a.oldObject === undefined) return;
      const next = requestedStorage(a.object);
      const prev = requestedStorage(a.oldObject);
      if (next === undefined) return;
      if (prev !== undefined && next.cmp(prev) <= 0) return;
      if (prev === undefined && next.sign() <= 0) return;
      if (stringAt(objectAt(a.oldObject, 'status'), 'phase') !== 'Bound') {
        throw admissionForbidden(a, 'Only bound persistent volume claims can be expanded');
      }
      if (!(await allowResize(lookup, a.object, a.oldObject))) {
        throw admissionForbidden(
          a,
          'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
        );
      }
    },
  };
}

async function allowResize(lookup: AdmissionLookup, pvc: JsonObject, old: JsonObject): Promise<boolean> {
  const cls = claimClass(pvc);
  if (cls === '' || cls !== claimClass(old)) return false;
  const sc = await lookup.get(RESOURCES.storageClasses, '', cls);
  return boolAt(sc, 'allowVolumeExpansion') === true;
}
