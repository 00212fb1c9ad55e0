import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import { isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';
import { dnsLabel, dnsSubdomain } from './meta.js';
import { type Dict, int, obj, optStr, str, strList } from './shape.js';

// The volume sources a PersistentVolume may name, in upstream's checking order, with the path
// segment each reports under (upstream reports gcePersistentDisk's own errors under
// `persistentDisk`, a quirk kept here).
type SourceCheck = (src: Dict, p: FieldPath, errs: FieldError[]) => void;

function requireStr(src: Dict, key: string, p: FieldPath, errs: FieldError[]): string {
  const v = str(src, key, p, errs);
  if (v === '') errs.push(required(p.child(key), ''));
  return v;
}

function noBacksteps(value: string, p: FieldPath): FieldError[] {
  return value.replace(/\\/g, '/').split('/').includes('..')
    ? [invalid(p, value, "must not contain '..'")]
    : [];
}

const hostPathTypes = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

const hostPath: SourceCheck = (src, p, errs) => {
  const v = str(src, 'path', p, errs);
  if (v === '') {
    errs.push(required(p.child('path'), ''));
    return;
  }
  errs.push(...noBacksteps(v, p.child('path')));
  const t = optStr(src, 'type', p, errs);
  if (t !== undefined && !hostPathTypes.includes(t))
    errs.push(notSupported(p.child('type'), t, hostPathTypes));
};

const partitionMsg = 'must be between 1 and 255, inclusive';
const diskWithPartition =
  (idKey: string): SourceCheck =>
  (src, p, errs) => {
    requireStr(src, idKey, p, errs);
    const part = int(src, 'partition', p, errs) ?? 0;
    if (part < 0 || part > 255) errs.push(invalid(p.child('partition'), part, partitionMsg));
  };

const nfs: SourceCheck = (src, p, errs) => {
  requireStr(src, 'server', p, errs);
  const v = requireStr(src, 'path', p, errs);
  if (!v.startsWith('/')) errs.push(invalid(p.child('path'), v, 'must be an absolute path'));
};

const local: SourceCheck = (src, p, errs) => {
  const v = str(src, 'path', p, errs);
  if (v === '') errs.push(required(p.child('path'), ''));
  else errs.push(...noBacksteps(v, p.child('path')));
};

function secretRef(ref: Dict, p: FieldPath, errs: FieldError[]): void {
  const name = str(ref, 'name', p, errs);
  if (name === '') errs.push(required(p.child('name'), ''));
  else errs.push(...dnsSubdomain(name, p.child('name')));
  const ns = str(ref, 'namespace', p, errs);
  if (ns === '') errs.push(required(p.child('namespace'), ''));
  else errs.push(...dnsLabel(ns, p.child('namespace')));
}

/** Upstream's ValidateCSIDriverName: required, at most 63 bytes, a DNS subdomain when lower-cased. */
export function validateCSIDriverName(driver: string, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (driver === '') errs.push(required(p, ''));
  if (Buffer.byteLength(driver, 'utf8') > 63) errs.push(tooLong(p, '', 63));
  for (const m of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalid(p, driver, m));
  return errs;
}

const csi: SourceCheck = (src, p, errs) => {
  errs.push(...validateCSIDriverName(str(src, 'driver', p, errs), p.child('driver')));
  requireStr(src, 'volumeHandle', p, errs);
  for (const k of [
    'controllerPublishSecretRef',
    'controllerExpandSecretRef',
    'nodePublishSecretRef',
    'nodeExpandSecretRef',
  ]) {
    const ref = obj(src, k, p, errs);
    if (ref !== undefined) secretRef(ref, p.child(k), errs);
  }
};

const simple =
  (...keys: string[]): SourceCheck =>
  (src, p, errs) => {
    for (const k of keys) requireStr(src, k, p, errs);
  };

const listRequired =
  (key: string, ...more: string[]): SourceCheck =>
  (src, p, errs) => {
    if (strList(src, key, p, errs).length === 0) errs.push(required(p.child(key), ''));
    for (const k of more) requireStr(src, k, p, errs);
  };

/** `[jsonKey, reportSegment, check]` for every PersistentVolume source, in upstream's order. */
export const persistentVolumeSources: ReadonlyArray<readonly [string, string, SourceCheck]> = [
  ['hostPath', 'hostPath', hostPath],
  ['gcePersistentDisk', 'persistentDisk', diskWithPartition('pdName')],
  ['awsElasticBlockStore', 'awsElasticBlockStore', diskWithPartition('volumeID')],
  ['glusterfs', 'glusterfs', simple('endpoints', 'path')],
  ['flocker', 'flocker', () => {}],
  ['nfs', 'nfs', nfs],
  ['rbd', 'rbd', listRequired('monitors', 'image')],
  ['quobyte', 'quobyte', simple('registry', 'volume')],
  ['cephfs', 'cephfs', listRequired('monitors')],
  ['iscsi', 'iscsi', simple('targetPortal', 'iqn')],
  ['cinder', 'cinder', simple('volumeID')],
  ['fc', 'fc', () => {}],
  ['flexVolume', 'flexVolume', simple('driver')],
  ['azureFile', 'azureFile', simple('secretName', 'shareName')],
  ['vsphereVolume', 'vsphereVolume', simple('volumePath')],
  ['photonPersistentDisk', 'photonPersistentDisk', simple('pdID')],
  ['portworxVolume', 'portworxVolume', simple('volumeID')],
  ['azureDisk', 'azureDisk', simple('diskName', 'diskURI')],
  ['scaleIO', 'scaleIO', simple('gateway', 'system', 'volumeName')],
  ['local', 'local', local],
  ['storageos', 'storageos', simple('volumeName')],
  ['csi', 'csi', csi],
];

/**
 * Checks that exactly one source is set (`may not specify more than 1 volume type` on each extra
 * one, `must specify a volume type` at `fldPath` when none) and runs the set source's own rules.
 * flexVolume is counted but never reported as the extra one, as upstream does. Returns the key of
 * the first source set. Appends to `errs`.
 */
export function validatePVSource(spec: Dict, fldPath: FieldPath, errs: FieldError[]): string | undefined {
  let count = 0;
  let first: string | undefined;
  for (const [key, segment, check] of persistentVolumeSources) {
    const src = obj(spec, key, fldPath, errs);
    if (src === undefined) continue;
    if (count > 0 && key !== 'flexVolume') {
      errs.push(forbidden(fldPath.child(key), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    first ??= key;
    check(src, fldPath.child(segment), errs);
  }
  if (count === 0) errs.push(required(fldPath, 'must specify a volume type'));
  return first;
}
