import type { AdmissionAttributes } from '../registry/admission.js';
import type { AdmissionPlugin } from './types.js';
import { ensureObject, isResource } from './util.js';

/** Upstream's plugin name. */
export const STORAGE_OBJECT_IN_USE_PROTECTION = 'StorageObjectInUseProtection';

/** The finalizer that keeps a claim while a pod uses it. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
/** The finalizer that keeps a volume while a claim is bound to it. */
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/**
 * StorageObjectInUseProtection: new PersistentVolumeClaims get the `kubernetes.io/pvc-protection`
 * finalizer and new PersistentVolumes `kubernetes.io/pv-protection` (appended once). The
 * protection controllers, which remove them when nothing uses the object, are separate.
 * Mutates the object; creates only.
 */
export function storageObjectInUseProtection(): AdmissionPlugin {
  return {
    name: STORAGE_OBJECT_IN_USE_PROTECTION,
    async admit(a: AdmissionAttributes): Promise<void> {
      if (a.operation !== 'CREATE' || a.subresource !== '' || a.object === undefined) return;
      let finalizer: string;
      if (isResource(a, '', 'persistentvolumeclaims')) finalizer = PVC_PROTECTION_FINALIZER;
      else if (isResource(a, '', 'persistentvolumes')) finalizer = PV_PROTECTION_FINALIZER;
      else return;
      const meta = ensureObject(a.object, 'metadata');
      const current = Array.isArray(meta['finalizers']) ? (meta['finalizers'] as unknown[]) : [];
      if (current.includes(finalizer)) return;
      meta['finalizers'] = [...current, finalizer];
    },
  };
}
