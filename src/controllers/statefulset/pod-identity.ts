// The identity of a StatefulSet's pods: names `<set>-<ordinal>`, the labels that carry name, index
// and revision, hostname and subdomain, the PersistentVolumeClaims of each ordinal, and the pod
// states the controller acts on. Pure functions over API objects.
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.js';
import { deepCopy } from '../../apimachinery/meta/index.js';
import {
  controllerKindOf,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  podFromTemplate,
} from '../util/index.js';
import { STATEFUL_SETS } from '../../client/resources.js';

/** Label with the pod's own name (apps/v1 StatefulSetPodNameLabel). */
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** Label with the pod's ordinal (apps/v1 PodIndexLabel; the PodIndexLabel gate is on by default). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** Label with the name of the ControllerRevision a pod was made from (StatefulSetRevisionLabel). */
export const STATEFULSET_REVISION_LABEL = 'controller-revision-hash';

/** apiVersion and kind of StatefulSets in controller references. */
export const STATEFULSET_KIND = controllerKindOf(STATEFUL_SETS);

const POD_NAME = /^(.*)-([0-9]+)$/;

/** The parent set's name and the ordinal a pod name encodes; ordinal -1 when it encodes none. */
export function parentAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const m = POD_NAME.exec(pod.metadata?.name ?? '');
  if (m === null) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  // Go's ParseInt(s, 10, 32): larger values leave the ordinal at -1.
  return { parent: m[1] ?? '', ordinal: Number.isSafeInteger(n) && n <= 0x7fffffff ? n : -1 };
}

/** The pod's ordinal, -1 when its name has none. */
export function getOrdinal(pod: Pod): number {
  return parentAndOrdinal(pod).ordinal;
}

/** `spec.ordinals.start`, 0 when unset. */
export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

/** `spec.replicas`, with the API default of 1. */
export function replicasOf(set: StatefulSet): number {
  return set.spec?.replicas ?? 1;
}

/** The last ordinal the set wants (inclusive); start - 1 for zero replicas. */
export function endOrdinal(set: StatefulSet): number {
  return startOrdinal(set) + replicasOf(set) - 1;
}

/** Whether the pod's ordinal lies in the range the set wants. */
export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = getOrdinal(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

/** `<set>-<ordinal>`. */
export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata?.name ?? ''}-${ordinal}`;
}

/** `<claim template>-<set>-<ordinal>`. */
export function claimName(set: StatefulSet, template: PersistentVolumeClaim, ordinal: number): string {
  return `${template.metadata?.name ?? ''}-${set.metadata?.name ?? ''}-${ordinal}`;
}

/** Whether the pod's name makes it a member of the set (the name prefix, as upstream checks). */
export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return parentAndOrdinal(pod).parent === (set.metadata?.name ?? '');
}

/** Whether the pod's name, namespace and pod-name label fit its ordinal in the set. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  const name = pod.metadata?.name ?? '';
  return (
    ordinal >= 0 &&
    parent === set.metadata?.name &&
    name === podName(set, ordinal) &&
    (pod.metadata?.namespace ?? '') === (set.metadata?.namespace ?? '') &&
    pod.metadata?.labels?.[STATEFULSET_POD_NAME_LABEL] === name
  );
}

/** Whether every claim template has a volume of its name pointing at the ordinal's claim. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const v = volumes.get(t.metadata?.name ?? '');
    if (v?.persistentVolumeClaim?.claimName !== claimName(set, t, ordinal)) return false;
  }
  return true;
}

/**
 * The claims of the pod's ordinal, one per template in template order: name
 * `<template>-<set>-<ordinal>`, the set's namespace, the template's labels plus the selector's
 * matchLabels. Pure.
 */
export function podClaims(set: StatefulSet, pod: Pod): { template: string; claim: PersistentVolumeClaim }[] {
  const ordinal = getOrdinal(pod);
  const matchLabels = set.spec?.selector?.matchLabels ?? {};
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const claim = deepCopy(t);
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    claim.metadata = {
      ...claim.metadata,
      name: claimName(set, t, ordinal),
      namespace: set.metadata?.namespace,
      labels: { ...claim.metadata?.labels, ...matchLabels },
    };
    return { template: t.metadata?.name ?? '', claim };
  });
}

/** Points the pod's volumes named after claim templates at the ordinal's claims (mutates `pod`). */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = podClaims(set, pod);
  const names = new Set(claims.map((c) => c.template));
  const volumes: Volume[] = claims.map((c) => ({
    name: c.template,
    persistentVolumeClaim: { claimName: c.claim.metadata?.name ?? '' },
  }));
  for (const v of pod.spec?.volumes ?? []) if (!names.has(v.name)) volumes.push(v);
  const { volumes: _old, ...rest } = pod.spec ?? { containers: [] };
  // An empty list is left out, as Go's encoder leaves out an empty slice.
  pod.spec = volumes.length === 0 ? rest : { ...rest, volumes };
}

/** Sets name, namespace, pod-name and pod-index labels from the pod's ordinal (mutates `pod`). */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = getOrdinal(pod);
  const name = podName(set, ordinal);
  pod.metadata = { ...pod.metadata, name, namespace: set.metadata?.namespace };
  pod.metadata.labels = { ...pod.metadata.labels, [STATEFULSET_POD_NAME_LABEL]: name };
  pod.metadata.labels[POD_INDEX_LABEL] = String(ordinal);
}

/** The revision label of the pod, '' when absent. */
export function podRevision(pod: Pod): string {
  return pod.metadata?.labels?.[STATEFULSET_REVISION_LABEL] ?? '';
}

/** A new pod of `set` (its template as it is) for `ordinal`, not yet created. Pure. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const template = set.spec?.template ?? {};
  const pod = podFromTemplate(template, set, newControllerRef(set, STATEFULSET_KIND));
  // generateName (`<set>-`) stays, as upstream's pods carry it; the name wins.
  pod.metadata = { ...pod.metadata, name: podName(set, ordinal) };
  updateIdentity(set, pod);
  // Hostname and subdomain are immutable: set only at creation.
  pod.spec = { ...(pod.spec ?? { containers: [] }), hostname: podName(set, ordinal) };
  const service = set.spec?.serviceName;
  if (service !== undefined && service !== '') pod.spec.subdomain = service;
  updateStorage(set, pod);
  return pod;
}

/**
 * A new pod for `ordinal` at the right revision: ordinals below start + partition keep the current
 * revision under RollingUpdate (below start + status.currentReplicas without a rollingUpdate
 * block), all others get the update revision.
 */
export function newVersionedPod(
  currentSet: StatefulSet,
  updateSet: StatefulSet,
  currentRevision: string,
  updateRevision: string,
  ordinal: number,
): Pod {
  const strategy = currentSet.spec?.updateStrategy;
  const start = startOrdinal(currentSet);
  const rolling = (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const ru = strategy?.rollingUpdate;
  const keepCurrent =
    (rolling && ru === undefined && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (ru !== undefined && ordinal < start + (ru.partition ?? 0));
  const pod = newStatefulSetPod(keepCurrent ? currentSet : updateSet, ordinal);
  pod.metadata!.labels = {
    ...pod.metadata!.labels,
    [STATEFULSET_REVISION_LABEL]: keepCurrent ? currentRevision : updateRevision,
  };
  return pod;
}

/** Whether the API server has the pod (it has a phase). */
export const isCreated = (pod: Pod): boolean => (pod.status?.phase ?? '') !== '';
/** Phase Pending (scheduled or not, containers not all started). */
export const isPending = (pod: Pod): boolean => pod.status?.phase === 'Pending';
/** Phase Failed. */
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
/** Phase Succeeded. */
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';
/** Whether the pod has a deletionTimestamp. */
export const isTerminating = (pod: Pod): boolean => pod.metadata?.deletionTimestamp != null;

/** Running with a True Ready condition. */
export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** Ready for more than minReadySeconds at `now`. */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  return isPodAvailable(pod, minReadySeconds, now);
}

/** Running, ready and not being deleted. */
export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** Not available, or being deleted. */
export function isUnavailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  return !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
}
