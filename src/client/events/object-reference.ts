// The ObjectReference an event names its object by (client-go's reference.GetReference).
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../types.js';

/**
 * A reference to `obj` (kind, namespace, name, uid, apiVersion and resourceVersion, each only
 * when set), or an error text when the object has no kind: without a scheme to look kinds up in,
 * callers must set `kind` (and `apiVersion`) on the objects they report about. Pure.
 */
export function objectReference(obj: KubeObject): ObjectReference | string {
  const m = obj.metadata ?? {};
  if (obj.kind === undefined || obj.kind === '') return 'object has no kind';
  const ref: ObjectReference = { kind: obj.kind };
  if (m.namespace !== undefined && m.namespace !== '') ref.namespace = m.namespace;
  if (m.name !== undefined && m.name !== '') ref.name = m.name;
  if (m.uid !== undefined && m.uid !== '') ref.uid = m.uid;
  if (obj.apiVersion !== undefined && obj.apiVersion !== '') ref.apiVersion = obj.apiVersion;
  if (m.resourceVersion !== undefined && m.resourceVersion !== '') ref.resourceVersion = m.resourceVersion;
  return ref;
}

/** The fields of a reference in a fixed order, for use in map keys. Pure. */
export function referenceKey(ref: ObjectReference | undefined): string[] {
  if (ref === undefined) return ['', '', '', '', '', '', ''];
  return [
    ref.kind ?? '',
    ref.namespace ?? '',
    ref.name ?? '',
    ref.uid ?? '',
    ref.apiVersion ?? '',
    ref.resourceVersion ?? '',
    ref.fieldPath ?? '',
  ];
}
