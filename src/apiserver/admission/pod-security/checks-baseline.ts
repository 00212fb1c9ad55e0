import { goQuote } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../../registry/types.js';
import { objectAt, objectsAt, stringAt, stringMapAt } from '../util.js';
import {
  allContainers,
  type CheckFn,
  containersPhrase,
  inUserNamespace,
  joinQuote,
  pluralize,
  securityContext,
  sortedSet,
} from './check-helpers.js';

const name = (c: JsonObject) => stringAt(c, 'name');

/** Containers must not be privileged. */
export const privileged: CheckFn = (_meta, spec) => {
  const bad = allContainers(spec)
    .filter((c) => securityContext(c)?.['privileged'] === true)
    .map(name);
  if (bad.length === 0) return undefined;
  return {
    reason: 'privileged',
    detail: `${containersPhrase(bad)} must not set securityContext.privileged=true`,
  };
};

/** No host network, PID or IPC namespace. */
export const hostNamespaces: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  if (spec['hostNetwork'] === true) bad.push('hostNetwork=true');
  if (spec['hostPID'] === true) bad.push('hostPID=true');
  if (spec['hostIPC'] === true) bad.push('hostIPC=true');
  return bad.length === 0 ? undefined : { reason: 'host namespaces', detail: bad.join(', ') };
};

const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Only the container runtime's default capabilities may be added. */
export const capabilitiesBaseline: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const caps: string[] = [];
  for (const c of allContainers(spec)) {
    const add = objectAt(securityContext(c), 'capabilities')?.['add'];
    if (!Array.isArray(add)) continue;
    const extra = add.filter((x): x is string => typeof x === 'string' && !DEFAULT_CAPABILITIES.has(x));
    if (extra.length === 0) continue;
    bad.push(name(c));
    caps.push(...extra);
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`,
  };
};

/** No hostPath volumes. */
export const hostPathVolumes: CheckFn = (_meta, spec) => {
  const bad = objectsAt(spec, 'volumes')
    .filter((v) => objectAt(v, 'hostPath') !== undefined)
    .map(name);
  if (bad.length === 0) return undefined;
  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`,
  };
};

/** No host ports. */
export const hostPorts: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const ports: string[] = [];
  for (const c of allContainers(spec)) {
    const used = objectsAt(c, 'ports')
      .map((p) => p['hostPort'])
      .filter((p): p is number => typeof p === 'number' && p !== 0);
    if (used.length === 0) continue;
    bad.push(name(c));
    ports.push(...used.map(String));
  }
  if (bad.length === 0) return undefined;
  const list = sortedSet(ports);
  return {
    reason: 'hostPort',
    detail: `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
  };
};

function hosts(handler: JsonObject | undefined): string[] {
  const out: string[] = [];
  for (const k of ['httpGet', 'tcpSocket']) {
    const h = stringAt(objectAt(handler, k), 'host');
    if (h !== '') out.push(h);
  }
  return out;
}

/** Probes and lifecycle hooks must not name a host (since 1.34). */
export const hostProbesAndHostLifecycle: CheckFn = (_meta, spec) => {
  const bad = new Set<string>();
  const found = new Set<string>();
  for (const c of allContainers(spec)) {
    const lifecycle = objectAt(c, 'lifecycle');
    const handlers = [
      objectAt(c, 'livenessProbe'),
      objectAt(c, 'readinessProbe'),
      objectAt(c, 'startupProbe'),
      objectAt(lifecycle, 'postStart'),
      objectAt(lifecycle, 'preStop'),
    ];
    for (const h of handlers) {
      const hs = hosts(h);
      if (hs.length === 0) continue;
      bad.add(name(c));
      for (const x of hs) found.add(x);
    }
  }
  if (bad.size === 0) return undefined;
  const containers = sortedSet(bad);
  const list = sortedSet(found);
  return {
    reason: 'probe or lifecycle host',
    detail: `${containersPhrase(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', list.length)} ${joinQuote(list)}`,
  };
};

/** procMount must be Default (the original rule; see procMountRelaxed). */
export const procMount: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const kinds: string[] = [];
  for (const c of allContainers(spec)) {
    const pm = securityContext(c)?.['procMount'];
    if (typeof pm !== 'string' || pm === 'Default') continue;
    bad.push(name(c));
    kinds.push(pm);
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'procMount',
    detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(kinds))}`,
  };
};

/** Since 1.35 baseline lets pods in their own user namespace set any procMount. */
export const procMountRelaxed: CheckFn = (meta, spec) =>
  inUserNamespace(spec) ? undefined : procMount(meta, spec);

function seLinuxCheck(allowedTypes: ReadonlySet<string>): CheckFn {
  return (_meta, spec) => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (opts: JsonObject): boolean => {
      let ok = true;
      const type = stringAt(opts, 'type');
      if (!allowedTypes.has(type)) {
        ok = false;
        badTypes.push(type);
      }
      if (stringAt(opts, 'user') !== '') {
        ok = false;
        setUser = true;
      }
      if (stringAt(opts, 'role') !== '') {
        ok = false;
        setRole = true;
      }
      return ok;
    };
    const setters: string[] = [];
    const podOpts = objectAt(objectAt(spec, 'securityContext'), 'seLinuxOptions');
    if (podOpts !== undefined && !valid(podOpts)) setters.push('pod');
    const bad: string[] = [];
    for (const c of allContainers(spec)) {
      const opts = objectAt(securityContext(c), 'seLinuxOptions');
      if (opts !== undefined && !valid(opts)) bad.push(name(c));
    }
    if (bad.length > 0) setters.push(containersPhrase(bad));
    if (setters.length === 0) return undefined;
    const data: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
    };
  };
}

/** SELinux options: the container types of 1.0. */
export const seLinuxOptions10 = seLinuxCheck(
  new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']),
);
/** SELinux options: container_engine_t allowed since 1.31. */
export const seLinuxOptions131 = seLinuxCheck(
  new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']),
);

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validSeccompAnnotation(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

/** Seccomp annotations must not ask for unconfined (before 1.19). */
export const seccompBaseline10: CheckFn = (meta, spec) => {
  const ann = stringMapAt(meta, 'annotations');
  const bad: string[] = [];
  const podValue = ann[SECCOMP_POD_ANNOTATION];
  if (podValue !== undefined && !validSeccompAnnotation(podValue)) {
    bad.push(`${SECCOMP_POD_ANNOTATION}=${goQuote(podValue)}`);
  }
  for (const c of allContainers(spec)) {
    const key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + name(c);
    const v = ann[key];
    if (v !== undefined && !validSeccompAnnotation(v)) bad.push(`${key}=${goQuote(v)}`);
  }
  const list = sortedSet(bad);
  if (list.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}`,
  };
};

/** Whether a seccomp profile type is RuntimeDefault or Localhost. */
export function validSeccompType(t: string): boolean {
  return t === 'Localhost' || t === 'RuntimeDefault';
}

/** Seccomp profiles must not be Unconfined (since 1.19). */
export const seccompBaseline119: CheckFn = (_meta, spec) => {
  const setters: string[] = [];
  const values: string[] = [];
  const podProfile = objectAt(objectAt(spec, 'securityContext'), 'seccompProfile');
  if (podProfile !== undefined && !validSeccompType(stringAt(podProfile, 'type'))) {
    setters.push('pod');
    values.push(stringAt(podProfile, 'type'));
  }
  const bad: string[] = [];
  for (const c of allContainers(spec)) {
    const p = objectAt(securityContext(c), 'seccompProfile');
    if (p === undefined || validSeccompType(stringAt(p, 'type'))) continue;
    bad.push(name(c));
    values.push(stringAt(p, 'type'));
  }
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`,
  };
};

const SYSCTLS_10 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SYSCTLS_127 = [...SYSCTLS_10, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_129 = [
  ...SYSCTLS_127,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SYSCTLS_132 = [...SYSCTLS_129, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

function sysctlCheck(allowed: readonly string[]): CheckFn {
  const set = new Set(allowed);
  return (_meta, spec) => {
    const bad = objectsAt(objectAt(spec, 'securityContext'), 'sysctls')
      .map(name)
      .filter((n) => !set.has(n));
    return bad.length === 0 ? undefined : { reason: 'forbidden sysctls', detail: bad.join(', ') };
  };
}

/** Only the namespaced, safe sysctls of each release. */
export const sysctls10 = sysctlCheck(SYSCTLS_10);
export const sysctls127 = sysctlCheck(SYSCTLS_127);
export const sysctls129 = sysctlCheck(SYSCTLS_129);
export const sysctls132 = sysctlCheck(SYSCTLS_132);

const APPARMOR_CONTAINER_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** AppArmor must not be unconfined (fields and the beta annotations). */
export const appArmorProfile: CheckFn = (meta, spec) => {
  const allowedType = (t: string) => t === 'RuntimeDefault' || t === 'Localhost';
  const setters: string[] = [];
  const values: string[] = [];
  const podProfile = objectAt(objectAt(spec, 'securityContext'), 'appArmorProfile');
  if (podProfile !== undefined && !allowedType(stringAt(podProfile, 'type'))) {
    setters.push('pod');
    values.push(stringAt(podProfile, 'type'));
  }
  const bad: string[] = [];
  for (const c of allContainers(spec)) {
    const p = objectAt(securityContext(c), 'appArmorProfile');
    if (p === undefined || allowedType(stringAt(p, 'type'))) continue;
    bad.push(name(c));
    values.push(stringAt(p, 'type'));
  }
  if (bad.length > 0) setters.push(containersPhrase(bad));
  const annotations: string[] = [];
  for (const [k, v] of Object.entries(stringMapAt(meta, 'annotations'))) {
    if (!k.startsWith(APPARMOR_CONTAINER_ANNOTATION_PREFIX)) continue;
    if (v === '' || v === 'runtime/default' || v.startsWith('localhost/')) continue;
    annotations.push(`${k}=${goQuote(v)}`);
  }
  const list = sortedSet(values);
  if (annotations.length > 0) {
    list.push(...annotations.sort());
    setters.push(pluralize('annotation', 'annotations', annotations.length));
  }
  if (setters.length === 0) return undefined;
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', list.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(list)}`,
  };
};

/** No Windows host process containers. */
export const windowsHostProcess: CheckFn = (_meta, spec) => {
  const isHost = (sc: JsonObject | undefined) => objectAt(sc, 'windowsOptions')?.['hostProcess'] === true;
  const bad = allContainers(spec)
    .filter((c) => isHost(securityContext(c)))
    .map(name);
  const setters: string[] = [];
  if (isHost(objectAt(spec, 'securityContext'))) setters.push('pod');
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
  };
};
