import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { getName, getOwnerReferences, getUID } from './accessors.js';
import { formatGroupVersion, type GroupVersionKind } from './group-version.js';

function isControllerRef(ref: unknown): ref is OwnerReference {
  return ref !== null && typeof ref === 'object' && (ref as { controller?: unknown }).controller === true;
}

/**
 * The first owner reference with `controller: true`, as a shallow copy (changing it does not
 * change `obj`), or undefined. Pure.
 */
export function getControllerOf(obj: unknown): OwnerReference | undefined {
  const ref = getOwnerReferences(obj).find(isControllerRef);
  return ref === undefined ? undefined : { ...ref };
}

/**
 * Whether `obj`'s controller reference points at `owner`, compared by UID only (as upstream does:
 * names are reused, UIDs are not). Pure.
 */
export function isControlledBy(obj: unknown, owner: unknown): boolean {
  const ref = getOwnerReferences(obj).find(isControllerRef);
  if (ref === undefined) return false;
  const uid = typeof ref.uid === 'string' ? ref.uid : '';
  return uid === getUID(owner);
}

/**
 * A controller reference to `owner` of kind `gvk`, with `controller` and `blockOwnerDeletion`
 * true; members in upstream's serialization order. Pure; reads only owner's name and uid.
 */
export function newControllerRef(owner: unknown, gvk: GroupVersionKind): OwnerReference {
  return {
    apiVersion: formatGroupVersion(gvk),
    kind: gvk.kind,
    name: getName(owner),
    uid: getUID(owner),
    controller: true,
    blockOwnerDeletion: true,
  };
}
