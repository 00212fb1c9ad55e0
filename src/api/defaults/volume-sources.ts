/**
 * Defaults for volume sources and claims shared by pods, persistent volumes, claims, stateful set
 * claim templates and volume attachments' inline specs.
 */
import type { JsonObject } from './json.js';
import { child, defaultPtr, defaultString, ensure } from './json.js';
import { roundRequirements, roundResourceList } from './resource-list.js';

/** ObjectFieldSelector: apiVersion `v1`. Mutates; idempotent. */
export function defaultFieldRef(fieldRef: JsonObject): void {
  defaultString(fieldRef, 'apiVersion', 'v1');
}

/** HostPath type `""` (no check on the host path). Mutates; idempotent. */
export function defaultHostPath(hostPath: JsonObject): void {
  defaultPtr(hostPath, 'type', '');
}

/** iSCSI interface `default`. Mutates; idempotent. */
export function defaultIscsi(iscsi: JsonObject): void {
  defaultString(iscsi, 'iscsiInterface', 'default');
}

/** Ceph RBD pool, user and keyring. Mutates; idempotent. */
export function defaultRbd(rbd: JsonObject): void {
  defaultString(rbd, 'pool', 'rbd');
  defaultString(rbd, 'user', 'admin');
  defaultString(rbd, 'keyring', '/etc/ceph/keyring');
}

/** Azure disk caching mode, kind, filesystem and read-only flag. Mutates; idempotent. */
export function defaultAzureDisk(disk: JsonObject): void {
  defaultPtr(disk, 'cachingMode', 'ReadWrite');
  defaultPtr(disk, 'kind', 'Shared');
  defaultPtr(disk, 'fsType', 'ext4');
  defaultPtr(disk, 'readOnly', false);
}

/** ScaleIO storage mode and filesystem. Mutates; idempotent. */
export function defaultScaleIo(scaleIO: JsonObject): void {
  defaultString(scaleIO, 'storageMode', 'ThinProvisioned');
  defaultString(scaleIO, 'fsType', 'xfs');
}

/** PersistentVolumeClaimSpec: volumeMode `Filesystem`, resources rounded. Mutates; idempotent. */
export function defaultPersistentVolumeClaimSpec(spec: JsonObject): void {
  defaultPtr(spec, 'volumeMode', 'Filesystem');
  roundRequirements(child(spec, 'resources'));
}

/**
 * A whole PersistentVolumeClaim (also each StatefulSet volumeClaimTemplate): status.phase
 * `Pending` and the spec defaults. Mutates; idempotent.
 */
export function defaultPersistentVolumeClaim(claim: JsonObject): void {
  const status = ensure(claim, 'status');
  if (status) {
    defaultString(status, 'phase', 'Pending');
    roundResourceList(status, 'capacity');
    roundResourceList(status, 'allocatedResources');
  }
  const spec = ensure(claim, 'spec');
  if (spec) defaultPersistentVolumeClaimSpec(spec);
}

/**
 * The capacity and the volume sources inside a PersistentVolumeSpec that carry defaults (also
 * used for a VolumeAttachment's inline volume spec). Mutates; idempotent.
 */
export function defaultPersistentVolumeSources(spec: JsonObject): void {
  roundResourceList(spec, 'capacity');
  const hostPath = child(spec, 'hostPath');
  if (hostPath) defaultHostPath(hostPath);
  const rbd = child(spec, 'rbd');
  if (rbd) defaultRbd(rbd);
  const iscsi = child(spec, 'iscsi');
  if (iscsi) defaultIscsi(iscsi);
  const azureDisk = child(spec, 'azureDisk');
  if (azureDisk) defaultAzureDisk(azureDisk);
  const scaleIO = child(spec, 'scaleIO');
  if (scaleIO) defaultScaleIo(scaleIO);
}
