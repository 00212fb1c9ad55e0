import {
  duplicate,
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import { inclusiveRangeError, isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';
import type { PodValidationOptions } from './options.js';
import { validateLocalDescendingPath } from './paths.js';
import { type Dict, has, int, intList, obj, objList, optStr, str, strList } from './shape.js';

const maxID = 2147483647;

/** Upstream's IsValidUserID / IsValidGroupID: 0..2147483647. */
export function idErrors(id: number): string[] {
  return id >= 0 && id <= maxID ? [] : [inclusiveRangeError(0, maxID)];
}

function validateID(d: Dict, key: string, fldPath: FieldPath, errs: FieldError[]): void {
  const v = int(d, key, fldPath, errs);
  if (v !== undefined) for (const msg of idErrors(v)) errs.push(invalid(fldPath.child(key), v, msg));
}

const seccompTypes = ['Localhost', 'RuntimeDefault', 'Unconfined'];

/** A seccompProfile: type required and known; localhostProfile exactly when type is Localhost. */
export function validateSeccompProfile(sp: Dict | undefined, fldPath: FieldPath, errs: FieldError[]): void {
  if (sp === undefined) return;
  const type = str(sp, 'type', fldPath, errs);
  const local = optStr(sp, 'localhostProfile', fldPath, errs);
  if (type === '') errs.push(required(fldPath.child('type'), 'type is required when seccompProfile is set'));
  else if (!seccompTypes.includes(type)) errs.push(notSupported(fldPath.child('type'), type, seccompTypes));
  if (type === 'Localhost') {
    if (local === undefined) {
      errs.push(required(fldPath.child('localhostProfile'), 'must be set when seccomp type is Localhost'));
    } else {
      errs.push(...validateLocalDescendingPath(local, fldPath.child('localhostProfile')));
    }
  } else if (local !== undefined) {
    errs.push(
      invalid(fldPath.child('localhostProfile'), sp, 'can only be set when seccomp type is Localhost'),
    );
  }
}

/** An appArmorProfile: type required and known; localhostProfile exactly when type is Localhost. */
export function validateAppArmorProfile(p: Dict | undefined, fldPath: FieldPath, errs: FieldError[]): void {
  if (p === undefined) return;
  const type = str(p, 'type', fldPath, errs);
  const local = optStr(p, 'localhostProfile', fldPath, errs);
  switch (type) {
    case 'Localhost':
      if (local === undefined) {
        errs.push(required(fldPath.child('localhostProfile'), 'must be set when AppArmor type is Localhost'));
      } else {
        if (local.trim() !== local) {
          errs.push(invalid(fldPath.child('localhostProfile'), local, 'must not be padded with whitespace'));
        } else if (local === '') {
          errs.push(
            required(fldPath.child('localhostProfile'), 'must be set when AppArmor type is Localhost'),
          );
        }
        if (Buffer.byteLength(local, 'utf8') > 4095)
          errs.push(tooLong(fldPath.child('localhostProfile'), '', 4095));
      }
      break;
    case 'RuntimeDefault':
    case 'Unconfined':
      if (local !== undefined) {
        errs.push(
          invalid(
            fldPath.child('localhostProfile'),
            local,
            'can only be set when AppArmor type is Localhost',
          ),
        );
      }
      break;
    case '':
      errs.push(required(fldPath.child('type'), 'type is required when appArmorProfile is set'));
      break;
    default:
      errs.push(notSupported(fldPath.child('type'), type, seccompTypes));
  }
}

/** windowsOptions: gMSA spec name/contents and runAsUserName format. */
export function validateWindowsOptions(w: Dict | undefined, fldPath: FieldPath, errs: FieldError[]): void {
  if (w === undefined) return;
  const specName = optStr(w, 'gmsaCredentialSpecName', fldPath, errs);
  if (specName !== undefined) {
    for (const msg of isDNS1123Subdomain(specName))
      errs.push(invalid(fldPath.child('gmsaCredentialSpecName'), specName, msg));
  }
  const spec = optStr(w, 'gmsaCredentialSpec', fldPath, errs);
  if (spec !== undefined) {
    const l = Buffer.byteLength(spec, 'utf8');
    if (l === 0) {
      errs.push(
        invalid(fldPath.child('gmsaCredentialSpec'), spec, 'gmsaCredentialSpec cannot be an empty string'),
      );
    } else if (l > 64 * 1024) {
      errs.push(
        invalid(fldPath.child('gmsaCredentialSpec'), spec, 'gmsaCredentialSpec size must be under 64 KiB'),
      );
    }
  }
  const user = optStr(w, 'runAsUserName', fldPath, errs);
  if (user !== undefined) validateRunAsUserName(user, fldPath.child('runAsUserName'), errs);
  if (has(w, 'hostProcess')) {
    // Only the type is checked here; the pod-wide rules are in validateWindowsHostProcessPod.
    if (typeof w['hostProcess'] !== 'boolean') str(w, 'hostProcess', fldPath, errs);
  }
}

const netBiosRe = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/;
const dnsLabel = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const winDomainDNSRe = new RegExp(`^${dnsLabel}(?:\\.${dnsLabel})*$`);

function validateRunAsUserName(name: string, p: FieldPath, errs: FieldError[]): void {
  const bad = (msg: string): void => {
    errs.push(invalid(p, name, msg));
  };
  if (name.length === 0) {
    bad('runAsUserName cannot be an empty string');
    return;
  }
  if (/[\x00-\x1f\x7f]/.test(name)) {
    bad('runAsUserName cannot contain control characters');
    return;
  }
  const parts = name.split('\\');
  if (parts.length > 2) {
    bad('runAsUserName cannot contain more than one backslash');
    return;
  }
  const hasDomain = parts.length === 2;
  const domain = hasDomain ? parts[0]! : '';
  const user = hasDomain ? parts[1]! : parts[0]!;
  if (domain.length >= 256) bad("runAsUserName's Domain length must be under 256 characters");
  if (hasDomain && !(netBiosRe.test(domain) || winDomainDNSRe.test(domain))) {
    bad("runAsUserName's Domain doesn't match the NetBios nor the DNS format");
  }
  if (user.length === 0) bad("runAsUserName's User cannot be empty");
  else if (user.length > 104) bad("runAsUserName's User length must not be longer than 104 characters");
  if (/^[. ]+$/.test(user)) bad("runAsUserName's User cannot contain only periods or spaces");
  if (/["/\\:;|=,+*?<>@[\]]/.test(user)) {
    bad('runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]');
  }
}

const sysctlSegment = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const sysctlFmt = `(${sysctlSegment}[\\./])*${sysctlSegment}`;
const sysctlRe = new RegExp(`^${sysctlFmt}$`);

/** Upstream's IsValidSysctlName: at most 253 characters of dotted or slashed segments. */
export function isValidSysctlName(name: string): boolean {
  return name.length <= 253 && sysctlRe.test(name);
}

// Namespaced sysctls, by the namespace they belong to (the kubelet's own classification).
function sysctlNamespace(name: string): 'ipc' | 'net' | undefined {
  const n = name.replaceAll('/', '.');
  if (
    ['kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced'].includes(n)
  ) {
    return 'ipc';
  }
  if (n.startsWith('kernel.msg') || n.startsWith('fs.mqueue.')) return 'ipc';
  if (n.startsWith('net.')) return 'net';
  return undefined;
}

const fsGroupChangePolicies = ['Always', 'OnRootMismatch'];
const supplementalGroupsPolicies = ['Merge', 'Strict'];
const seLinuxChangePolicies = ['MountOption', 'Recursive'];

/**
 * A pod's securityContext as upstream's validatePodSpecSecurityContext, with the host namespace
 * flags of the v1 spec: IDs in range, shareProcessNamespace not with hostPID, sysctls, policies,
 * seccomp, AppArmor and Windows options. Appends to `errs`.
 */
export function validatePodSecurityContext(
  spec: Dict,
  specPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  const fldPath = specPath.child('securityContext');
  const sc = obj(spec, 'securityContext', specPath, errs);
  if (sc === undefined) return;
  validateID(sc, 'fsGroup', fldPath, errs);
  validateID(sc, 'runAsUser', fldPath, errs);
  validateID(sc, 'runAsGroup', fldPath, errs);
  intList(sc, 'supplementalGroups', fldPath, errs).forEach((g, i) => {
    for (const msg of idErrors(g)) errs.push(invalid(fldPath.child('supplementalGroups').index(i), g, msg));
  });
  if (spec['shareProcessNamespace'] === true && spec['hostPID'] === true) {
    errs.push(
      invalid(
        fldPath.child('shareProcessNamespace'),
        true,
        'ShareProcessNamespace and HostPID cannot both be enabled',
      ),
    );
  }
  const names = new Set<string>();
  for (const { item, index } of objList(sc, 'sysctls', fldPath, errs)) {
    const p = fldPath.child('sysctls').index(index).child('name');
    const name = str(item, 'name', fldPath.child('sysctls').index(index), errs);
    str(item, 'value', fldPath.child('sysctls').index(index), errs);
    if (name === '') errs.push(required(p));
    else if (!isValidSysctlName(name)) {
      errs.push(invalid(p, name, `must have at most 253 characters and match regex ^${sysctlFmt}$`));
    } else if (names.has(name)) errs.push(duplicate(p, name));
    if (opts.allowNamespacedSysctlsForHostNetAndHostIPC !== true) {
      const ns = sysctlNamespace(name);
      if (spec['hostNetwork'] === true && ns === 'net') {
        errs.push(invalid(p, name, "may not be specified when 'hostNetwork' is true"));
      } else if (spec['hostIPC'] === true && ns === 'ipc') {
        errs.push(invalid(p, name, "may not be specified when 'hostIPC' is true"));
      }
    }
    names.add(name);
  }
  const fsPolicy = optStr(sc, 'fsGroupChangePolicy', fldPath, errs);
  if (fsPolicy !== undefined && !fsGroupChangePolicies.includes(fsPolicy)) {
    errs.push(notSupported(fldPath.child('fsGroupChangePolicy'), fsPolicy, fsGroupChangePolicies));
  }
  validateSeccompProfile(obj(sc, 'seccompProfile', fldPath, errs), fldPath.child('seccompProfile'), errs);
  validateWindowsOptions(obj(sc, 'windowsOptions', fldPath, errs), fldPath.child('windowsOptions'), errs);
  validateAppArmorProfile(obj(sc, 'appArmorProfile', fldPath, errs), fldPath.child('appArmorProfile'), errs);
  const sgPolicy = optStr(sc, 'supplementalGroupsPolicy', fldPath, errs);
  if (sgPolicy !== undefined && !supplementalGroupsPolicies.includes(sgPolicy)) {
    errs.push(notSupported(fldPath.child('supplementalGroupsPolicy'), sgPolicy, supplementalGroupsPolicies));
  }
  const seLinux = optStr(sc, 'seLinuxChangePolicy', fldPath, errs);
  if (seLinux !== undefined && !seLinuxChangePolicies.includes(seLinux)) {
    errs.push(notSupported(fldPath.child('seLinuxChangePolicy'), seLinux, seLinuxChangePolicies));
  }
}

/**
 * A container's securityContext as upstream's ValidateSecurityContext: IDs in range, procMount
 * (Unmasked only with hostUsers false), seccomp, the allowPrivilegeEscalation contradictions,
 * Windows options and AppArmor. Privileged containers are allowed (kite runs them as upstream's
 * default `--allow-privileged=true`). Appends to `errs`.
 */
export function validateContainerSecurityContext(
  sc: Dict | undefined,
  hostUsers: boolean,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  if (sc === undefined) return;
  validateID(sc, 'runAsUser', fldPath, errs);
  validateID(sc, 'runAsGroup', fldPath, errs);
  const procMount = optStr(sc, 'procMount', fldPath, errs);
  if (procMount !== undefined) {
    if (procMount !== 'Default' && procMount !== 'Unmasked') {
      errs.push(notSupported(fldPath.child('procMount'), procMount, ['Default', 'Unmasked']));
    }
    if (hostUsers && procMount === 'Unmasked') {
      errs.push(
        invalid(fldPath.child('procMount'), procMount, '`hostUsers` must be false to use `Unmasked`'),
      );
    }
  }
  validateSeccompProfile(obj(sc, 'seccompProfile', fldPath, errs), fldPath.child('seccompProfile'), errs);
  if (sc['allowPrivilegeEscalation'] === false) {
    if (sc['privileged'] === true) {
      errs.push(
        invalid(fldPath, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'),
      );
    }
    const caps = obj(sc, 'capabilities', fldPath, []);
    for (const c of strList(caps, 'add', fldPath, [])) {
      if (c === 'CAP_SYS_ADMIN') {
        errs.push(
          invalid(
            fldPath,
            sc,
            'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
          ),
        );
      }
    }
  }
  validateWindowsOptions(obj(sc, 'windowsOptions', fldPath, errs), fldPath.child('windowsOptions'), errs);
  validateAppArmorProfile(obj(sc, 'appArmorProfile', fldPath, errs), fldPath.child('appArmorProfile'), errs);
}
