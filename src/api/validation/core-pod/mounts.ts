import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notFound,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import { validateLocalDescendingPath, validatePathNoBacksteps } from './paths.js';
import { type Dict, isDict, objList, optStr, str } from './shape.js';
import type { VolumeMap } from './volumes.js';

interface Mount {
  readonly name: string;
  readonly path: string;
}

function readMounts(ctr: Dict, key: string, pathKey: string, ctrPath: FieldPath, errs: FieldError[]) {
  return objList(ctr, key, ctrPath, errs).map(({ item, index }) => {
    const p = ctrPath.child(key).index(index);
    return { item, index, name: str(item, 'name', p, errs), path: str(item, pathKey, p, errs) };
  });
}

const propagations = ['Bidirectional', 'HostToContainer', 'None'];
const recursiveReadOnly = ['Disabled', 'Enabled', 'IfPossible'];

/**
 * Upstream's ValidateVolumeMounts and ValidateVolumeDevices for one container: names that refer
 * to valid volumes (`Not found`), unique mount paths, no overlap between mounts and devices,
 * subPath/subPathExpr local and exclusive (and not on image volumes), mount propagation and
 * recursive read-only rules, devices only on claim-backed volumes. `privileged` is undefined for
 * ephemeral containers checked without their container. Appends to `errs`.
 */
export function validateMountsAndDevices(
  ctr: Dict,
  volumes: VolumeMap,
  ctrPath: FieldPath,
  errs: FieldError[],
): void {
  const mounts = readMounts(ctr, 'volumeMounts', 'mountPath', ctrPath, errs);
  const devices = readMounts(ctr, 'volumeDevices', 'devicePath', ctrPath, errs);
  const mountMap = new Map<string, string>(mounts.map((m: Mount) => [m.name, m.path]));
  const deviceMap = new Map<string, string>(devices.map((d: Mount) => [d.name, d.path]));
  const sc = isDict(ctr['securityContext']) ? ctr['securityContext'] : undefined;
  const privileged = sc?.['privileged'] === true;
  const fldPath = ctrPath.child('volumeMounts');
  const mountPoints = new Set<string>();
  for (const m of mounts) {
    const idxPath = fldPath.index(m.index);
    if (m.name === '') errs.push(required(idxPath.child('name')));
    if (!volumes.has(m.name)) errs.push(notFound(idxPath.child('name'), m.name));
    if (m.path === '') errs.push(required(idxPath.child('mountPath')));
    if (mountPoints.has(m.path)) errs.push(invalid(idxPath.child('mountPath'), m.path, 'must be unique'));
    mountPoints.add(m.path);
    if (deviceMap.has(m.name)) {
      errs.push(invalid(idxPath.child('name'), m.name, 'must not already exist in volumeDevices'));
    }
    if ([...deviceMap.values()].includes(m.path)) {
      errs.push(
        invalid(idxPath.child('mountPath'), m.path, 'must not already exist as a path in volumeDevices'),
      );
    }
    const subPath = str(m.item, 'subPath', idxPath, errs);
    const subPathExpr = str(m.item, 'subPathExpr', idxPath, errs);
    if (isDict(volumes.get(m.name)?.['image'])) {
      if (subPath !== '')
        errs.push(invalid(idxPath.child('subPath'), subPath, 'not allowed in image volume sources'));
      if (subPathExpr !== '') {
        errs.push(invalid(idxPath.child('subPathExpr'), subPathExpr, 'not allowed in image volume sources'));
      }
    }
    // Upstream reports these two at the list's path, not the mount's.
    if (subPath !== '') errs.push(...validateLocalDescendingPath(subPath, fldPath.child('subPath')));
    if (subPathExpr !== '') {
      if (subPath !== '') {
        errs.push(
          invalid(
            idxPath.child('subPathExpr'),
            subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      }
      errs.push(...validateLocalDescendingPath(subPathExpr, fldPath.child('subPathExpr')));
    }
    const propagation = optStr(m.item, 'mountPropagation', idxPath, errs);
    if (propagation !== undefined) {
      const p = fldPath.child('mountPropagation');
      if (!propagations.includes(propagation)) errs.push(notSupported(p, propagation, propagations));
      if (propagation === 'Bidirectional' && !privileged) {
        errs.push(forbidden(p, 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
    const rro = optStr(m.item, 'recursiveReadOnly', idxPath, errs);
    if (rro !== undefined) {
      const p = fldPath.child('recursiveReadOnly');
      if (rro === 'Enabled' || rro === 'IfPossible') {
        if (m.item['readOnly'] !== true)
          errs.push(forbidden(p, 'may only be specified when readOnly is true'));
        if (propagation !== undefined && propagation !== 'None') {
          errs.push(forbidden(p, 'may only be specified when mountPropagation is None or not specified'));
        }
      } else if (rro !== 'Disabled') {
        errs.push(notSupported(p, rro, recursiveReadOnly));
      }
    }
  }
  const devPath = ctrPath.child('volumeDevices');
  const devicePaths = new Set<string>();
  const deviceNames = new Set<string>();
  for (const d of devices) {
    const idxPath = devPath.index(d.index);
    const vol = volumes.get(d.name);
    const isPVC = vol !== undefined && (isDict(vol['persistentVolumeClaim']) || isDict(vol['ephemeral']));
    if (d.name === '') errs.push(required(idxPath.child('name')));
    if (deviceNames.has(d.name)) errs.push(invalid(idxPath.child('name'), d.name, 'must be unique'));
    if (vol !== undefined && !isPVC) {
      errs.push(
        invalid(
          idxPath.child('name'),
          d.name,
          'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
        ),
      );
    }
    if (vol === undefined) errs.push(notFound(idxPath.child('name'), d.name));
    if (d.path === '') errs.push(required(idxPath.child('devicePath')));
    if (devicePaths.has(d.path)) errs.push(invalid(idxPath.child('devicePath'), d.path, 'must be unique'));
    if (d.path !== '' && validatePathNoBacksteps(d.path, devPath).length > 0) {
      errs.push(invalid(idxPath.child('devicePath'), d.path, "can not contain backsteps ('..')"));
    } else {
      devicePaths.add(d.path);
    }
    if (mountMap.has(d.name))
      errs.push(invalid(idxPath.child('name'), d.name, 'must not already exist in volumeMounts'));
    if ([...mountMap.values()].includes(d.path)) {
      errs.push(
        invalid(idxPath.child('devicePath'), d.path, 'must not already exist as a path in volumeMounts'),
      );
    }
    if (d.name !== '') deviceNames.add(d.name);
  }
}
