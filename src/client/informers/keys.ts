// Cache keys: `namespace/name` for namespaced objects, `name` for cluster-scoped ones, as
// client-go's MetaNamespaceKeyFunc.
import type { KubeObject } from '../types.js';
import type { DeletedFinalStateUnknown } from './types.js';

/** The cache key of `obj` (a tombstone's own key). */
export function objectKey(obj: KubeObject | DeletedFinalStateUnknown<KubeObject>): string {
  if ('type' in obj && obj.type === 'tombstone') return obj.key;
  const meta = (obj as KubeObject).metadata ?? {};
  const ns = meta.namespace ?? '';
  const name = meta.name ?? '';
  return ns === '' ? name : `${ns}/${name}`;
}

/** Splits a key into namespace ('' for cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The object of a delete notification, whether delivered directly or as a tombstone. */
export function unwrapTombstone<T extends KubeObject>(obj: T | DeletedFinalStateUnknown<T>): T {
  return 'type' in obj && obj.type === 'tombstone' ? obj.obj : (obj as T);
}
