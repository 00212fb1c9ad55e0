import type { AdmissionAttributes } from '../registry/admission.js';
import { pickDefaultClass } from './default-class.js';
import { RESOURCES } from './resources.js';
import type { AdmissionLookup, AdmissionPlugin } from './types.js';
import { ensureObject, isResource, metadataOf, stringAt, stringMapAt } from './util.js';

/** Upstream's plugin name. */
export const DEFAULT_STORAGE_CLASS = 'DefaultStorageClass';

/** The annotations that mark the default StorageClass (GA and beta). */
export const DEFAULT_STORAGE_CLASS_ANNOTATIONS: readonly string[] = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

/**
 * DefaultStorageClass: a PersistentVolumeClaim created without a class (no
 * spec.storageClassName, not even "", and no `volume.beta.kubernetes.io/storage-class`
 * annotation) gets the default StorageClass's name, when one is marked. Mutates the claim.
 */
export function defaultStorageClass(lookup: AdmissionLookup): AdmissionPlugin {
  return {
    name: DEFAULT_STORAGE_CLASS,
    async admit(a: AdmissionAttributes): Promise<void> {
      if (a.operation !== 'CREATE' || !isResource(a, '', 'persistentvolumeclaims')) return;
      if (a.subresource !== '' || a.object === undefined) return;
      const spec = ensureObject(a.object, 'spec');
      if (typeof spec['storageClassName'] === 'string') return;
      const ann = stringMapAt(metadataOf(a.object), 'annotations');
      if ('volume.beta.kubernetes.io/storage-class' in ann) return;
      const classes = await lookup.list(RESOURCES.storageClasses, '');
      const def = pickDefaultClass(classes, DEFAULT_STORAGE_CLASS_ANNOTATIONS);
      if (def === undefined) return;
      spec['storageClassName'] = stringAt(metadataOf(def), 'name');
    },
  };
}
