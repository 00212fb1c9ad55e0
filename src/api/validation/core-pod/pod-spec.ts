import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isQualifiedName,
  maxLenError,
  nameIsDNSSubdomain,
  regexError,
  validateLabels,
} from '../../../apimachinery/validation/index.js';
import {
  type ContainerContext,
  validateContainers,
  validateEphemeralContainers,
  validateInitContainers,
} from './containers.js';
import { isValidIPLegacy } from './ip.js';
import type { PodValidationOptions } from './options.js';
import { validateContainerResourceName } from './resource-names.js';
import { validateResourceRequirements } from './resources.js';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './scheduling.js';
import { validatePodSecurityContext } from './security-context.js';
import { type Dict, has, int, isDict, obj, objList, optStr, str, strList, wrongType } from './shape.js';
import { validateOSRules, validateWindowsHostProcessPod } from './os-rules.js';
import { validatePodLevelResources } from './pod-resources.js';
import { validateVolumes } from './volumes.js';

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

function requiredEnum(value: string, allowed: readonly string[], p: FieldPath, errs: FieldError[]): void {
  if (value === '') errs.push(required(p));
  else if (!allowed.includes(value)) errs.push(notSupported(p, value, allowed));
}

const searchLabel = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const searchFmt = `${searchLabel}(\\.${searchLabel})*`;
const searchRe = new RegExp(`^${searchFmt}$`);
const searchMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character";

function validateDNSConfig(spec: Dict, dnsPolicy: string, specPath: FieldPath, errs: FieldError[]): void {
  const fldPath = specPath.child('dnsConfig');
  const cfg = obj(spec, 'dnsConfig', specPath, errs);
  const nameservers = strList(cfg, 'nameservers', fldPath, errs);
  if (dnsPolicy === 'None') {
    if (cfg === undefined) {
      errs.push(required(fldPath, 'must provide `dnsConfig` when `dnsPolicy` is None'));
      return;
    }
    if (nameservers.length === 0) {
      errs.push(
        required(
          fldPath.child('nameservers'),
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      );
      return;
    }
  }
  if (cfg === undefined) return;
  if (nameservers.length > 3) {
    errs.push(invalid(fldPath.child('nameservers'), nameservers, 'must not have more than 3 nameservers'));
  }
  nameservers.forEach((ns, i) => {
    errs.push(...isValidIPLegacy(fldPath.child('nameservers').index(i), ns));
  });
  const searches = strList(cfg, 'searches', fldPath, errs);
  if (searches.length > 32) {
    errs.push(invalid(fldPath.child('searches'), searches, 'must not have more than 32 search paths'));
  }
  if (Buffer.byteLength(searches.join(' '), 'utf8') > 2048) {
    errs.push(
      invalid(
        fldPath.child('searches'),
        searches,
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    );
  }
  searches.forEach((s, i) => {
    if (s === '.') return;
    const v = s.endsWith('.') ? s.slice(0, -1) : s;
    const p = fldPath.child('searches').index(i);
    if (Buffer.byteLength(v, 'utf8') > 253) errs.push(invalid(p, v, maxLenError(253)));
    if (!searchRe.test(v)) errs.push(invalid(p, v, regexError(searchMsg, searchFmt, 'example.com')));
  });
  for (const { item, index } of objList(cfg, 'options', fldPath, errs)) {
    if (str(item, 'name', fldPath.child('options').index(index), errs) === '') {
      errs.push(required(fldPath.child('options').index(index), 'must not be empty'));
    }
  }
}

function validateResourceClaims(spec: Dict, specPath: FieldPath, errs: FieldError[]): Set<string> {
  const fldPath = specPath.child('resourceClaims');
  const names = new Set<string>();
  const all = new Set<string>();
  for (const { item, index } of objList(spec, 'resourceClaims', specPath, errs)) {
    const p = fldPath.index(index);
    const name = str(item, 'name', p, errs);
    if (name !== '') all.add(name);
    if (name === '') errs.push(required(p.child('name')));
    else if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else {
      for (const msg of isDNS1123Label(name)) errs.push(invalid(p.child('name'), name, msg));
      names.add(name);
    }
    const claimName = optStr(item, 'resourceClaimName', p, errs);
    const templateName = optStr(item, 'resourceClaimTemplateName', p, errs);
    if (claimName !== undefined && templateName !== undefined) {
      errs.push(
        invalid(
          p,
          item,
          'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified',
        ),
      );
    }
    if (claimName === undefined && templateName === undefined) {
      errs.push(invalid(p, item, 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'));
    }
    for (const [k, v] of [
      ['resourceClaimName', claimName],
      ['resourceClaimTemplateName', templateName],
    ] as const) {
      if (v !== undefined)
        for (const msg of nameIsDNSSubdomain(v, false)) errs.push(invalid(p.child(k), v, msg));
    }
  }
  return all;
}

function validateHostNetworkDeps(
  spec: Dict,
  specPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  if (spec['hostNetwork'] !== true) return;
  const ctrs = Array.isArray(spec['containers']) ? spec['containers'] : [];
  ctrs.forEach((c: unknown, ci: number) => {
    if (!isDict(c) || !Array.isArray(c['ports'])) return;
    c['ports'].forEach((port: unknown, pi: number) => {
      if (!isDict(port)) return;
      const hp = typeof port['hostPort'] === 'number' ? port['hostPort'] : 0;
      const cp = typeof port['containerPort'] === 'number' ? port['containerPort'] : 0;
      if ((opts.resourceIsPod === true || hp !== 0) && hp !== cp) {
        errs.push(
          invalid(
            specPath.child('containers').index(ci).child('ports').index(pi).child('hostPort'),
            hp,
            'must match `containerPort` when `hostNetwork` is true',
          ),
        );
      }
    });
  });
}

function validateHostUsers(spec: Dict, specPath: FieldPath, errs: FieldError[]): void {
  if (spec['hostUsers'] !== false) return;
  // Upstream spells two of these paths with capitals; clients see them as they are.
  if (spec['hostNetwork'] === true)
    errs.push(forbidden(specPath.child('hostNetwork'), 'when `pod.Spec.HostUsers` is false'));
  if (spec['hostPID'] === true)
    errs.push(forbidden(specPath.child('HostPID'), 'when `pod.Spec.HostUsers` is false'));
  if (spec['hostIPC'] === true)
    errs.push(forbidden(specPath.child('HostIPC'), 'when `pod.Spec.HostUsers` is false'));
}

/**
 * Upstream's ValidatePodSpec on a decoded (and defaulted) v1 PodSpec. `meta` is the pod's
 * metadata when the spec belongs to a Pod (its name checks generic ephemeral volume claim
 * names), undefined for templates. Reads JSON of any shape; pure; never throws.
 */
export function validatePodSpec(
  spec: unknown,
  meta: unknown,
  fldPath: FieldPath,
  opts: PodValidationOptions = {},
): FieldError[] {
  if (spec !== undefined && spec !== null && !isDict(spec)) return [wrongType(fldPath, spec, 'object')];
  const s: Dict = isDict(spec) ? spec : {};
  const errs: FieldError[] = [];
  const gracePeriod = int(s, 'terminationGracePeriodSeconds', fldPath, errs);
  if (gracePeriod === undefined) errs.push(required(fldPath.child('terminationGracePeriodSeconds')));
  const hostUsers = s['hostUsers'] !== false;
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'shareProcessNamespace']) {
    if (has(s, k) && typeof s[k] !== 'boolean') errs.push(wrongType(fldPath.child(k), s[k], 'boolean'));
  }
  const podName = isDict(meta) && typeof meta['name'] === 'string' ? meta['name'] : '';
  const volumes = validateVolumes(s, podName, fldPath, opts, errs);
  const podClaimNames = validateResourceClaims(s, fldPath, errs);
  const restartPolicy = str(s, 'restartPolicy', fldPath, errs);
  const ctx: ContainerContext = { volumes, podClaimNames, gracePeriod, restartPolicy, hostUsers, opts };
  validateContainers(s, ctx, fldPath, errs);
  validateInitContainers(s, ctx, fldPath, errs);
  validateEphemeralContainers(s, ctx, fldPath, errs);
  validatePodLevelResources(s, podClaimNames, fldPath, opts, errs);
  validateHostNetworkDeps(s, fldPath, opts, errs);
  requiredEnum(restartPolicy, restartPolicies, fldPath.child('restartPolicy'), errs);
  const dnsPolicy = str(s, 'dnsPolicy', fldPath, errs);
  requiredEnum(dnsPolicy, dnsPolicies, fldPath.child('dnsPolicy'), errs);
  errs.push(...validateLabels(s['nodeSelector'], fldPath.child('nodeSelector')));
  validatePodSecurityContext(s, fldPath, opts, errs);
  for (const { item, index } of objList(s, 'imagePullSecrets', fldPath, errs)) {
    str(item, 'name', fldPath.child('imagePullSecrets').index(index), errs);
  }
  validateAffinity(s, fldPath, opts, errs);
  validateDNSConfig(s, dnsPolicy, fldPath, errs);
  for (const { item, index } of objList(s, 'readinessGates', fldPath, errs)) {
    const p = fldPath.child('readinessGates').index(index);
    const t = str(item, 'conditionType', p, errs);
    for (const msg of isQualifiedName(t)) errs.push(invalid(p.child('conditionType'), t, msg));
  }
  const gates = new Set<string>();
  for (const { item, index } of objList(s, 'schedulingGates', fldPath, errs)) {
    const p = fldPath.child('schedulingGates').index(index);
    const name = str(item, 'name', p, errs);
    for (const msg of isQualifiedName(name)) errs.push(invalid(p, name, msg));
    if (gates.has(name)) errs.push(duplicate(p, name));
    gates.add(name);
  }
  validateTopologySpreadConstraints(s, fldPath, opts, errs);
  validateWindowsHostProcessPod(s, fldPath, errs);
  validateHostUsers(s, fldPath, errs);
  for (const key of ['serviceAccountName', 'nodeName'] as const) {
    const v = str(s, key, fldPath, errs);
    if (v !== '')
      for (const msg of nameIsDNSSubdomain(v, false)) errs.push(invalid(fldPath.child(key), v, msg));
  }
  str(s, 'serviceAccount', fldPath, errs);
  const ads = int(s, 'activeDeadlineSeconds', fldPath, errs);
  if (ads !== undefined && (ads < 1 || ads > 2147483647)) {
    errs.push(invalid(fldPath.child('activeDeadlineSeconds'), ads, inclusiveRangeError(1, 2147483647)));
  }
  for (const key of ['hostname', 'subdomain'] as const) {
    const v = str(s, key, fldPath, errs);
    if (v !== '') for (const msg of isDNS1123Label(v)) errs.push(invalid(fldPath.child(key), v, msg));
  }
  validateTolerations(objList(s, 'tolerations', fldPath, errs), fldPath.child('tolerations'), errs);
  for (const { item, index } of objList(s, 'hostAliases', fldPath, errs)) {
    const p = fldPath.child('hostAliases').index(index);
    errs.push(...isValidIPLegacy(p.child('ip'), str(item, 'ip', p, errs)));
    strList(item, 'hostnames', p, errs).forEach((h, j) => {
      for (const msg of nameIsDNSSubdomain(h, false))
        errs.push(invalid(p.child('hostnames').index(j), h, msg));
    });
  }
  const pcn = str(s, 'priorityClassName', fldPath, errs);
  if (pcn !== '')
    for (const msg of nameIsDNSSubdomain(pcn, false))
      errs.push(invalid(fldPath.child('priorityClassName'), pcn, msg));
  const rcn = optStr(s, 'runtimeClassName', fldPath, errs);
  if (rcn !== undefined)
    for (const msg of nameIsDNSSubdomain(rcn, false))
      errs.push(invalid(fldPath.child('runtimeClassName'), rcn, msg));
  const preemption = optStr(s, 'preemptionPolicy', fldPath, errs);
  if (preemption !== undefined)
    requiredEnum(preemption, ['PreemptLowerPriority', 'Never'], fldPath.child('preemptionPolicy'), errs);
  if (has(s, 'overhead')) {
    validateResourceRequirements(
      { limits: s['overhead'] },
      validateContainerResourceName,
      new Set(),
      fldPath.child('overhead'),
      opts,
      errs,
    );
  }
  validateOSRules(s, fldPath, errs);
  return errs;
}
