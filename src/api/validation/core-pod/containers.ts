import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notFound,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import { isDNS1123Label, isValidPortName, isValidPortNum } from '../../../apimachinery/validation/index.js';
import { validateEnv, validateEnvFrom } from './env.js';
import { validateMountsAndDevices } from './mounts.js';
import type { PodValidationOptions } from './options.js';
import { type ProbeKind, validateLifecycle, validateProbe } from './probes.js';
import { validateContainerResources } from './resources.js';
import { validateContainerSecurityContext } from './security-context.js';
import { type Dict, has, int, obj, objList, optStr, str, strList } from './shape.js';
import { validatePullPolicy, type VolumeMap } from './volumes.js';

/** What every container check needs to know about its pod. */
export interface ContainerContext {
  readonly volumes: VolumeMap;
  readonly podClaimNames: ReadonlySet<string>;
  readonly gracePeriod: number | undefined;
  readonly restartPolicy: string;
  readonly hostUsers: boolean;
  readonly opts: PodValidationOptions;
}

const protocols = ['SCTP', 'TCP', 'UDP'];

function validatePorts(ctr: Dict, ctrPath: FieldPath, errs: FieldError[]): void {
  const names = new Set<string>();
  for (const { item, index } of objList(ctr, 'ports', ctrPath, errs)) {
    const p = ctrPath.child('ports').index(index);
    const name = str(item, 'name', p, errs);
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const msg of msgs) errs.push(invalid(p.child('name'), name, msg));
      else if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      else names.add(name);
    }
    const containerPort = int(item, 'containerPort', p, errs) ?? 0;
    if (containerPort === 0) errs.push(required(p.child('containerPort')));
    else
      for (const msg of isValidPortNum(containerPort))
        errs.push(invalid(p.child('containerPort'), containerPort, msg));
    const hostPort = int(item, 'hostPort', p, errs) ?? 0;
    if (hostPort !== 0)
      for (const msg of isValidPortNum(hostPort)) errs.push(invalid(p.child('hostPort'), hostPort, msg));
    const protocol = str(item, 'protocol', p, errs);
    if (protocol === '') errs.push(required(p.child('protocol')));
    else if (!protocols.includes(protocol)) errs.push(notSupported(p.child('protocol'), protocol, protocols));
    str(item, 'hostIP', p, errs);
  }
}

function validateResizePolicy(
  ctr: Dict,
  ctrPath: FieldPath,
  podRestartPolicy: string,
  errs: FieldError[],
): void {
  const fldPath = ctrPath.child('resizePolicy');
  const seen = new Set<string>();
  for (const { item, index } of objList(ctr, 'resizePolicy', ctrPath, errs)) {
    const name = str(item, 'resourceName', fldPath.index(index), errs);
    const policy = str(item, 'restartPolicy', fldPath.index(index), errs);
    if (seen.has(name)) errs.push(duplicate(fldPath.index(index), name));
    seen.add(name);
    if (name === '') errs.push(required(fldPath));
    else if (name !== 'cpu' && name !== 'memory') errs.push(notSupported(fldPath, name, ['cpu', 'memory']));
    if (policy === '') errs.push(required(fldPath));
    else if (policy !== 'NotRequired' && policy !== 'RestartContainer') {
      errs.push(notSupported(fldPath, policy, ['NotRequired', 'RestartContainer']));
    }
    if (podRestartPolicy === 'Never' && policy !== 'NotRequired') {
      errs.push(invalid(fldPath, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  }
}

const terminationMessagePolicies = ['File', 'FallbackToLogsOnError'];

/** Upstream's validateContainerCommon: the rules every kind of container shares. Appends. */
export function validateContainerCommon(
  ctr: Dict,
  ctx: ContainerContext,
  p: FieldPath,
  errs: FieldError[],
): void {
  const name = str(ctr, 'name', p, errs);
  if (name === '') errs.push(required(p.child('name')));
  else for (const msg of isDNS1123Label(name)) errs.push(invalid(p.child('name'), name, msg));
  if (str(ctr, 'image', p, errs) === '') errs.push(required(p.child('image')));
  strList(ctr, 'command', p, errs);
  strList(ctr, 'args', p, errs);
  str(ctr, 'workingDir', p, errs);
  str(ctr, 'terminationMessagePath', p, errs);
  const tmp = str(ctr, 'terminationMessagePolicy', p, errs);
  if (tmp === '') errs.push(required(p.child('terminationMessagePolicy')));
  else if (!terminationMessagePolicies.includes(tmp)) {
    errs.push(notSupported(p.child('terminationMessagePolicy'), tmp, terminationMessagePolicies));
  }
  validatePorts(ctr, p, errs);
  validateEnv(ctr, p, errs);
  validateEnvFrom(ctr, p, errs);
  validateMountsAndDevices(ctr, ctx.volumes, p, errs);
  errs.push(...validatePullPolicy(str(ctr, 'imagePullPolicy', p, errs), p.child('imagePullPolicy')));
  validateContainerResources(
    obj(ctr, 'resources', p, errs),
    ctx.podClaimNames,
    p.child('resources'),
    ctx.opts,
    errs,
  );
  validateResizePolicy(ctr, p, ctx.restartPolicy, errs);
  validateContainerSecurityContext(
    obj(ctr, 'securityContext', p, errs),
    ctx.hostUsers,
    p.child('securityContext'),
    errs,
  );
}

const probeKinds: readonly ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];

function validateLifecycleAndProbes(
  ctr: Dict,
  ctx: ContainerContext,
  p: FieldPath,
  errs: FieldError[],
): void {
  const lc = obj(ctr, 'lifecycle', p, errs);
  if (lc !== undefined) validateLifecycle(lc, ctx.gracePeriod, p.child('lifecycle'), errs);
  for (const kind of probeKinds) {
    const probe = obj(ctr, kind, p, errs);
    if (probe !== undefined) validateProbe(probe, kind, ctx.gracePeriod, p.child(kind), errs);
  }
}

// Host ports must not collide (same protocol, host IP and port) within one list.
function checkHostPortConflicts(ctrs: readonly Dict[], fldPath: FieldPath, errs: FieldError[]): void {
  const seen = new Set<string>();
  ctrs.forEach((ctr, ci) => {
    const ports = Array.isArray(ctr['ports']) ? ctr['ports'] : [];
    ports.forEach((port: unknown, pi: number) => {
      if (port === null || typeof port !== 'object' || Array.isArray(port)) return;
      const d = port as Dict;
      const hostPort = typeof d['hostPort'] === 'number' ? d['hostPort'] : 0;
      if (hostPort === 0) return;
      const key = `${typeof d['protocol'] === 'string' ? d['protocol'] : ''}/${typeof d['hostIP'] === 'string' ? d['hostIP'] : ''}/${hostPort}`;
      if (seen.has(key))
        errs.push(duplicate(fldPath.index(ci).child('ports').index(pi).child('hostPort'), key));
      else seen.add(key);
    });
  });
}

/** The regular containers: at least one, unique names, hooks and probes, no restartPolicy. */
export function validateContainers(
  spec: Dict,
  ctx: ContainerContext,
  specPath: FieldPath,
  errs: FieldError[],
): void {
  const fldPath = specPath.child('containers');
  const ctrs = objList(spec, 'containers', specPath, errs);
  if (ctrs.length === 0) {
    if (!Array.isArray(spec['containers']) || spec['containers'].length === 0) errs.push(required(fldPath));
    return;
  }
  const names = new Set<string>();
  for (const { item, index } of ctrs) {
    const p = fldPath.index(index);
    validateContainerCommon(item, ctx, p, errs);
    const name = typeof item['name'] === 'string' ? item['name'] : '';
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else names.add(name);
    validateLifecycleAndProbes(item, ctx, p, errs);
    if (has(item, 'restartPolicy'))
      errs.push(forbidden(p.child('restartPolicy'), 'may not be set for non-init containers'));
  }
  checkHostPortConflicts(
    ctrs.map((c) => c.item),
    fldPath,
    errs,
  );
}

/** Names of a container list (non-strings read as ''). */
export function containerNames(spec: Dict, key: string): string[] {
  const list = Array.isArray(spec[key]) ? (spec[key] as unknown[]) : [];
  return list.map((c) => {
    const name = c !== null && typeof c === 'object' ? (c as Dict)['name'] : undefined;
    return typeof name === 'string' ? name : '';
  });
}

const sidecarOnly = 'may not be set for init containers without restartPolicy=Always';

/**
 * The init containers: names unique across regular and init containers, restartPolicy only
 * `Always` (a sidecar, which may then have hooks and probes), host ports unique per container.
 */
export function validateInitContainers(
  spec: Dict,
  ctx: ContainerContext,
  specPath: FieldPath,
  errs: FieldError[],
): void {
  const fldPath = specPath.child('initContainers');
  const names = new Set(containerNames(spec, 'containers'));
  for (const { item, index } of objList(spec, 'initContainers', specPath, errs)) {
    const p = fldPath.index(index);
    validateContainerCommon(item, ctx, p, errs);
    const restartPolicy = optStr(item, 'restartPolicy', p, errs);
    if (restartPolicy !== undefined && restartPolicy !== 'Always') {
      errs.push(notSupported(p.child('restartPolicy'), restartPolicy, ['Always']));
    }
    const name = typeof item['name'] === 'string' ? item['name'] : '';
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else if (name !== '') names.add(name);
    // Init containers run one at a time, so each is checked alone (and upstream indexes it as 0).
    checkHostPortConflicts([item], fldPath, errs);
    if (restartPolicy === 'Always') {
      validateLifecycleAndProbes(item, ctx, p, errs);
    } else {
      for (const key of ['lifecycle', ...probeKinds]) {
        if (has(item, key)) errs.push(forbidden(p.child(key), sidecarOnly));
      }
    }
  }
}

// Container fields an ephemeral container may not set, in Go field order.
const ephemeralForbidden = [
  'ports',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'restartPolicyRules',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
];

function isSet(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.values(v).some((x) => x !== undefined && x !== null);
  return v !== '' && v !== 0 && v !== false;
}

/** Pod-only check: an image with leading or trailing white space. */
export function validateImageWhitespace(ctr: Dict, p: FieldPath, errs: FieldError[]): void {
  const image = typeof ctr['image'] === 'string' ? ctr['image'] : '';
  if (image.trim() !== image) {
    errs.push(invalid(p.child('image'), image, 'must not have leading or trailing whitespace'));
  }
}

/**
 * The ephemeral containers: common rules, names unique across all containers, an existing
 * non-ephemeral target, and none of the fields a debugging container may not use.
 */
export function validateEphemeralContainers(
  spec: Dict,
  ctx: ContainerContext,
  specPath: FieldPath,
  errs: FieldError[],
): void {
  const fldPath = specPath.child('ephemeralContainers');
  const list = objList(spec, 'ephemeralContainers', specPath, errs);
  if (list.length === 0) return;
  const others = new Set([...containerNames(spec, 'containers'), ...containerNames(spec, 'initContainers')]);
  const all = new Set(others);
  for (const { item, index } of list) {
    const p = fldPath.index(index);
    validateContainerCommon(item, ctx, p, errs);
    validateImageWhitespace(item, p, errs);
    const name = typeof item['name'] === 'string' ? item['name'] : '';
    if (all.has(name)) errs.push(duplicate(p.child('name'), name));
    else all.add(name);
    const target = str(item, 'targetContainerName', p, errs);
    if (target !== '' && !others.has(target)) errs.push(notFound(p.child('targetContainerName'), target));
    for (const key of ephemeralForbidden) {
      if (isSet(item[key])) errs.push(forbidden(p.child(key), 'cannot be set for an Ephemeral Container'));
    }
    for (const { item: vm, index: i } of objList(item, 'volumeMounts', p, [])) {
      for (const key of ['subPath', 'subPathExpr']) {
        if (typeof vm[key] === 'string' && vm[key] !== '') {
          errs.push(
            forbidden(
              p.child('volumeMounts').index(i).child(key),
              'cannot be set for an Ephemeral Container',
            ),
          );
        }
      }
    }
  }
}
