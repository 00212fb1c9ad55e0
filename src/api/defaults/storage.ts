/** Defaults for storage.k8s.io/v1: StorageClass, CSIDriver, VolumeAttachment. */
import type { JsonObject } from './json.js';
import { child, defaultPtr, ensure, isEmptyList, own } from './json.js';
import { defaultPersistentVolumeSources } from './volume-sources.js';

/** StorageClass: reclaim policy `Delete`, binding mode `Immediate`. Mutates; idempotent. */
export function defaultStorageClass(sc: JsonObject): void {
  defaultPtr(sc, 'reclaimPolicy', 'Delete');
  defaultPtr(sc, 'volumeBindingMode', 'Immediate');
}

/**
 * CSIDriver: attach required, no pod info on mount, no storage capacity, fsGroup policy
 * `ReadWriteOnceWithFSType`, `Persistent` lifecycle, no republish, no SELinux mount.
 * Mutates; idempotent.
 */
export function defaultCsiDriver(driver: JsonObject): void {
  const spec = ensure(driver, 'spec');
  if (!spec) return;
  defaultPtr(spec, 'attachRequired', true);
  defaultPtr(spec, 'podInfoOnMount', false);
  defaultPtr(spec, 'storageCapacity', false);
  defaultPtr(spec, 'fsGroupPolicy', 'ReadWriteOnceWithFSType');
  const modes = own(spec, 'volumeLifecycleModes');
  if (isEmptyList(modes)) {
    spec['volumeLifecycleModes'] = ['Persistent'];
  }
  defaultPtr(spec, 'requiresRepublish', false);
  defaultPtr(spec, 'seLinuxMount', false);
}

/** VolumeAttachment: volume source defaults of an inline persistent volume spec. Mutates; idempotent. */
export function defaultVolumeAttachment(va: JsonObject): void {
  const spec = child(va, 'spec');
  const source = spec && child(spec, 'source');
  const inline = source && child(source, 'inlineVolumeSpec');
  if (inline) defaultPersistentVolumeSources(inline);
}
