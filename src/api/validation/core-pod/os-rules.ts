import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import { type Dict, has, isDict, obj, str } from './shape.js';

/** Every container of a spec with its path, in upstream's visiting order (init, regular, ephemeral). */
export function visitContainers(spec: Dict, specPath: FieldPath): Array<{ ctr: Dict; path: FieldPath }> {
  const out: Array<{ ctr: Dict; path: FieldPath }> = [];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    list.forEach((c: unknown, i: number) => {
      if (isDict(c)) out.push({ ctr: c, path: specPath.child(key).index(i) });
    });
  }
  return out;
}

function securityContextOf(d: Dict): Dict | undefined {
  return isDict(d['securityContext']) ? d['securityContext'] : undefined;
}

function hostProcessOf(sc: Dict | undefined): boolean | undefined {
  const w = sc !== undefined && isDict(sc['windowsOptions']) ? sc['windowsOptions'] : undefined;
  return typeof w?.['hostProcess'] === 'boolean' ? w['hostProcess'] : undefined;
}

/**
 * Upstream's validateWindowsHostProcessPod: pod and container hostProcess must agree, a pod with
 * any hostProcess container must have only such containers and use the host network.
 */
export function validateWindowsHostProcessPod(spec: Dict, specPath: FieldPath, errs: FieldError[]): void {
  const podHP = hostProcessOf(securityContextOf(spec));
  let total = 0;
  let hp = 0;
  for (const { ctr, path } of visitContainers(spec, specPath)) {
    total++;
    const c = hostProcessOf(securityContextOf(ctr));
    if (podHP !== undefined && c !== undefined && podHP !== c) {
      errs.push(
        invalid(
          path.child('securityContext', 'windowsOptions', 'hostProcess'),
          c,
          `pod hostProcess value must be identical if both are specified, was ${podHP}`,
        ),
      );
    }
    if (c === true || (c === undefined && podHP === true)) hp++;
  }
  if (hp === 0) return;
  if (hp !== total) {
    errs.push(
      invalid(
        specPath,
        '',
        'If pod contains any hostProcess containers then all containers must be HostProcess containers',
      ),
    );
  }
  if (spec['hostNetwork'] !== true) {
    errs.push(
      invalid(
        specPath.child('hostNetwork'),
        false,
        'hostNetwork must be true if pod contains any hostProcess containers',
      ),
    );
  }
}

const windowsPodForbidden = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'fsGroup',
  'fsGroupChangePolicy',
];
const windowsPodForbiddenLate = [
  'runAsUser',
  'runAsGroup',
  'supplementalGroups',
  'supplementalGroupsPolicy',
  'seLinuxChangePolicy',
];
const windowsContainerForbidden = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'capabilities',
  'readOnlyRootFilesystem',
  'privileged',
  'allowPrivilegeEscalation',
  'procMount',
  'runAsUser',
  'runAsGroup',
];

const cannotWindows = 'cannot be set for a windows pod';

/**
 * `spec.os`: a name (`linux` or `windows`), then the fields the chosen OS cannot use: Windows
 * options on a linux pod; Linux-only security settings and host namespaces on a windows pod.
 */
export function validateOSRules(spec: Dict, specPath: FieldPath, errs: FieldError[]): void {
  const os = obj(spec, 'os', specPath, errs);
  if (os === undefined) return;
  const osPath = specPath.child('os');
  const name = str(os, 'name', osPath, errs);
  if (name === '') {
    errs.push(required(osPath.child('name'), 'cannot be empty'));
    return;
  }
  if (name !== 'linux' && name !== 'windows') {
    errs.push(notSupported(osPath, name, ['linux', 'windows']));
    return;
  }
  const scPath = specPath.child('securityContext');
  const sc = securityContextOf(spec);
  if (name === 'linux') {
    if (has(sc, 'windowsOptions'))
      errs.push(forbidden(scPath.child('windowsOptions'), 'windows options cannot be set for a linux pod'));
    for (const { ctr, path } of visitContainers(spec, specPath)) {
      if (has(securityContextOf(ctr), 'windowsOptions')) {
        errs.push(
          forbidden(
            path.child('securityContext', 'windowsOptions'),
            'windows options cannot be set for a linux pod',
          ),
        );
      }
    }
    return;
  }
  for (const k of windowsPodForbidden.slice(0, 2))
    if (has(sc, k)) errs.push(forbidden(scPath.child(k), cannotWindows));
  if (has(spec, 'hostUsers')) errs.push(forbidden(specPath.child('hostUsers'), cannotWindows));
  if (spec['hostPID'] === true) errs.push(forbidden(specPath.child('hostPID'), cannotWindows));
  if (spec['hostIPC'] === true) errs.push(forbidden(specPath.child('hostIPC'), cannotWindows));
  for (const k of windowsPodForbidden.slice(2))
    if (has(sc, k)) errs.push(forbidden(scPath.child(k), cannotWindows));
  if (Array.isArray(sc?.['sysctls']) && sc['sysctls'].length > 0)
    errs.push(forbidden(scPath.child('sysctls'), cannotWindows));
  if (has(spec, 'shareProcessNamespace'))
    errs.push(forbidden(specPath.child('shareProcessNamespace'), cannotWindows));
  for (const k of windowsPodForbiddenLate)
    if (has(sc, k)) errs.push(forbidden(scPath.child(k), cannotWindows));
  for (const { ctr, path } of visitContainers(spec, specPath)) {
    const csc = securityContextOf(ctr);
    for (const k of windowsContainerForbidden) {
      if (has(csc, k)) errs.push(forbidden(path.child('securityContext', k), cannotWindows));
    }
  }
}
