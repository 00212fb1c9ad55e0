// persistentVolumeClaimRetentionPolicy as owner references on the claims: the garbage collector
// deletes a claim with its set (whenDeleted: Delete → the set owns the claim) or with its pod once
// the pod is scaled away (whenScaled: Delete → the condemned pod owns the claim).
//
//   whenScaled  whenDeleted   claim of a pod in range   claim of a scaled-down pod
//   Retain      Retain        no ref                    no ref
//   Retain      Delete        set                       set
//   Delete      Retain        no ref                    pod
//   Delete      Delete        set                       pod
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { PODS } from '../../client/resources.js';
import { controllerKindOf, type ControllerKind, newControllerRef } from '../util/index.js';
import { podInOrdinalRange, STATEFULSET_KIND } from './pod-identity.js';

const POD_KIND = controllerKindOf(PODS);

type Policy = 'Retain' | 'Delete';

/** The set's policy, Retain/Retain when unset. */
export function retentionPolicy(set: StatefulSet): { whenDeleted: Policy; whenScaled: Policy } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy;
  return {
    whenDeleted: p?.whenDeleted === 'Delete' ? 'Delete' : 'Retain',
    whenScaled: p?.whenScaled === 'Delete' ? 'Delete' : 'Retain',
  };
}

interface Named {
  metadata?: { name?: string; uid?: string };
}

// A reference to an object of `kind` with obj's name (whatever its uid).
function matchesRef(ref: OwnerReference, obj: Named, kind: ControllerKind): boolean {
  return ref.apiVersion === kind.apiVersion && ref.kind === kind.kind && ref.name === obj.metadata?.name;
}

function refs(claim: PersistentVolumeClaim): OwnerReference[] {
  return claim.metadata?.ownerReferences ?? [];
}

/** Whether the claim has any owner reference with obj's uid. */
export function hasOwnerRef(claim: PersistentVolumeClaim, obj: Named): boolean {
  const uid = obj.metadata?.uid;
  return refs(claim).some((r) => r.uid === uid);
}

/** Whether the claim refers to an object of obj's kind and name but another uid (an earlier incarnation). */
export function hasStaleOwnerRef(claim: PersistentVolumeClaim, obj: Named, kind: ControllerKind): boolean {
  const ref = refs(claim).find((r) => matchesRef(r, obj, kind));
  return ref !== undefined && ref.uid !== obj.metadata?.uid;
}

/** Whether the pod's earlier incarnation owns the claim (it will be garbage collected: wait). */
export function podClaimIsStale(claim: PersistentVolumeClaim, pod: Pod): boolean {
  return hasStaleOwnerRef(claim, pod, POD_KIND);
}

/**
 * Whether another controller (or an earlier set or pod of the same name) controls the claim;
 * never under Retain/Retain, where others may manage claims freely.
 */
export function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const ref of refs(claim)) {
    if (matchesRef(ref, set, STATEFULSET_KIND)) {
      if (ref.uid !== set.metadata?.uid) return true;
      continue;
    }
    if (matchesRef(ref, pod, POD_KIND)) {
      if (ref.uid !== pod.metadata?.uid) return true;
      continue;
    }
    if (ref.controller === true) return true;
  }
  return false;
}

function hasNonControllerOwner(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  return refs(claim).some(
    (r) => (r.uid === set.metadata?.uid || r.uid === pod.metadata?.uid) && r.controller !== true,
  );
}

/**
 * Whether the claim's owner references fit the policy (see the table above). Claims with stale
 * references are left alone (reported up to date); claims under another controller only need our
 * references removed.
 */
export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  if (hasStaleOwnerRef(claim, set, STATEFULSET_KIND) || hasStaleOwnerRef(claim, pod, POD_KIND)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const { whenScaled, whenDeleted } = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const wantSet = whenDeleted === 'Delete' && (whenScaled === 'Retain' || !scaledDown);
  const wantPod = whenScaled === 'Delete' && scaledDown;
  return hasOwnerRef(claim, set) === wantSet && hasOwnerRef(claim, pod) === wantPod;
}

function addControllerRef(list: OwnerReference[], owner: Named, kind: ControllerKind): OwnerReference[] {
  if (list.some((r) => r.uid === owner.metadata?.uid)) return list;
  return [...list, newControllerRef(owner, kind)];
}

/**
 * The claim's owner references rewritten for the policy: references to the set and pod (by kind
 * and name) dropped, then the wanted controller references added. Pure.
 */
export function claimOwnerRefsFor(
  claim: PersistentVolumeClaim,
  set: StatefulSet,
  pod: Pod,
): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let list = refs(claim).filter(
    (r) => !matchesRef(r, set, STATEFULSET_KIND) && !matchesRef(r, pod, POD_KIND),
  );
  if (unexpected) return list;
  const { whenScaled, whenDeleted } = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  if (whenDeleted === 'Delete' && (whenScaled === 'Retain' || !scaledDown))
    list = addControllerRef(list, set, STATEFULSET_KIND);
  if (whenScaled === 'Delete' && scaledDown) list = addControllerRef(list, pod, POD_KIND);
  return list;
}
