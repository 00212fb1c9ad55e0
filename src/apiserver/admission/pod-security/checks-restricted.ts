import type { JsonObject } from '../../registry/types.js';
import { objectAt, objectsAt, stringAt } from '../util.js';
import { validSeccompType } from './checks-baseline.js';
import {
  allContainers,
  type CheckFn,
  containersPhrase,
  inUserNamespace,
  isWindows,
  joinQuote,
  pluralize,
  securityContext,
  sortedSet,
} from './check-helpers.js';

const name = (c: JsonObject) => stringAt(c, 'name');

/** Containers must set allowPrivilegeEscalation=false (1.8). */
export const allowPrivilegeEscalation18: CheckFn = (_meta, spec) => {
  const bad = allContainers(spec)
    .filter((c) => securityContext(c)?.['allowPrivilegeEscalation'] !== false)
    .map(name);
  if (bad.length === 0) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
  };
};

/** Windows pods are exempt since 1.25. */
export const allowPrivilegeEscalation125: CheckFn = (meta, spec) =>
  isWindows(spec) ? undefined : allowPrivilegeEscalation18(meta, spec);

/** Containers must drop ALL capabilities and add at most NET_BIND_SERVICE (1.22). */
export const capabilitiesRestricted122: CheckFn = (_meta, spec) => {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps: string[] = [];
  for (const c of allContainers(spec)) {
    const capabilities = objectAt(securityContext(c), 'capabilities');
    if (capabilities === undefined) {
      missingDrop.push(name(c));
      continue;
    }
    const drop = Array.isArray(capabilities['drop']) ? capabilities['drop'] : [];
    if (!drop.includes('ALL')) missingDrop.push(name(c));
    const add = Array.isArray(capabilities['add']) ? capabilities['add'] : [];
    const extra = add.filter((x): x is string => typeof x === 'string' && x !== 'NET_BIND_SERVICE');
    if (extra.length > 0) {
      adding.push(name(c));
      caps.push(...extra);
    }
  }
  const details: string[] = [];
  if (missingDrop.length > 0) {
    details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (adding.length > 0) {
    details.push(
      `${containersPhrase(adding)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`,
    );
  }
  return details.length === 0
    ? undefined
    : { reason: 'unrestricted capabilities', detail: details.join('; ') };
};

/** Windows pods are exempt since 1.25. */
export const capabilitiesRestricted125: CheckFn = (meta, spec) =>
  isWindows(spec) ? undefined : capabilitiesRestricted122(meta, spec);

const ALLOWED_VOLUME_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

// Restricted volume source fields in the order upstream reports the first one found.
const RESTRICTED_VOLUME_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

/** Only ephemeral and claim-backed volume types. */
export const restrictedVolumes: CheckFn = (_meta, spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  for (const v of objectsAt(spec, 'volumes')) {
    if (ALLOWED_VOLUME_SOURCES.some((k) => objectAt(v, k) !== undefined)) continue;
    bad.push(name(v));
    types.push(RESTRICTED_VOLUME_SOURCES.find((k) => objectAt(v, k) !== undefined) ?? 'unknown');
  }
  if (bad.length === 0) return undefined;
  const list = sortedSet(types);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', list.length)} ${joinQuote(list)}`,
  };
};

/** The pod or every container must set runAsNonRoot=true (1.0). */
export const runAsNonRoot10: CheckFn = (_meta, spec) => {
  const setters: string[] = [];
  const podValue = objectAt(spec, 'securityContext')?.['runAsNonRoot'];
  if (podValue === false) setters.push('pod');
  const podNonRoot = podValue === true;
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of allContainers(spec)) {
    const v = securityContext(c)?.['runAsNonRoot'];
    if (typeof v === 'boolean') {
      if (!v) explicit.push(name(c));
    } else if (!podNonRoot) {
      implicit.push(name(c));
    }
  }
  if (explicit.length > 0) setters.push(containersPhrase(explicit));
  if (setters.length > 0) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
    };
  }
  if (implicit.length === 0) return undefined;
  return {
    reason: 'runAsNonRoot != true',
    detail: `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`,
  };
};

/** Pods in their own user namespace are exempt since 1.35. */
export const runAsNonRoot135: CheckFn = (meta, spec) =>
  inUserNamespace(spec) ? undefined : runAsNonRoot10(meta, spec);

/** Nothing may set runAsUser=0 (1.23). */
export const runAsUser123: CheckFn = (_meta, spec) => {
  const setters: string[] = [];
  if (objectAt(spec, 'securityContext')?.['runAsUser'] === 0) setters.push('pod');
  const bad = allContainers(spec)
    .filter((c) => securityContext(c)?.['runAsUser'] === 0)
    .map(name);
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return undefined;
  return { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0` };
};

/** Pods in their own user namespace are exempt since 1.35. */
export const runAsUser135: CheckFn = (meta, spec) =>
  inUserNamespace(spec) ? undefined : runAsUser123(meta, spec);

/** The pod or every container must set a RuntimeDefault or Localhost seccomp profile (1.19). */
export const seccompRestricted119: CheckFn = (_meta, spec) => {
  const setters: string[] = [];
  const values: string[] = [];
  let podSet = false;
  const podProfile = objectAt(objectAt(spec, 'securityContext'), 'seccompProfile');
  if (podProfile !== undefined) {
    if (!validSeccompType(stringAt(podProfile, 'type'))) {
      setters.push('pod');
      values.push(stringAt(podProfile, 'type'));
    } else {
      podSet = true;
    }
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of allContainers(spec)) {
    const p = objectAt(securityContext(c), 'seccompProfile');
    if (p !== undefined) {
      if (!validSeccompType(stringAt(p, 'type'))) {
        explicit.push(name(c));
        values.push(stringAt(p, 'type'));
      }
    } else if (!podSet) {
      implicit.push(name(c));
    }
  }
  if (explicit.length > 0) setters.push(containersPhrase(explicit));
  if (setters.length > 0) {
    return {
      reason: 'seccompProfile',
      detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`,
    };
  }
  if (implicit.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
  };
};

/** Windows pods are exempt since 1.25. */
export const seccompRestricted125: CheckFn = (meta, spec) =>
  isWindows(spec) ? undefined : seccompRestricted119(meta, spec);
