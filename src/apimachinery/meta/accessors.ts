import type { ManagedFieldsEntry, ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1.js';

/**
 * Anything with an optional `metadata` member: typed objects (Pod, Deployment) and decoded JSON
 * alike. Readers tolerate any runtime shape; a member of the wrong JSON type reads as absent.
 */
export interface MetaObject {
  metadata?: ObjectMeta | undefined;
}

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function readMeta(obj: unknown): Dict | undefined {
  if (!isDict(obj)) return undefined;
  const m = obj['metadata'];
  return isDict(m) ? m : undefined;
}

// Creates `metadata` when it is absent or not an object; the object is changed in place.
function writeMeta(obj: MetaObject): Dict {
  const o = obj as unknown as Dict;
  const m = o['metadata'];
  if (isDict(m)) return m;
  const fresh: Dict = {};
  o['metadata'] = fresh;
  return fresh;
}

function str(obj: unknown, key: string): string {
  const v = readMeta(obj)?.[key];
  return typeof v === 'string' ? v : '';
}

function put(obj: MetaObject, key: string, value: unknown): void {
  const m = writeMeta(obj);
  if (value === undefined) delete m[key];
  else m[key] = value;
}

/** `metadata.name`, or '' when absent. Pure. */
export const getName = (obj: unknown): string => str(obj, 'name');
/** `metadata.namespace`, or '' when absent (cluster-scoped). Pure. */
export const getNamespace = (obj: unknown): string => str(obj, 'namespace');
/** `metadata.generateName`, or ''. Pure. */
export const getGenerateName = (obj: unknown): string => str(obj, 'generateName');
/** `metadata.uid`, or ''. Pure. */
export const getUID = (obj: unknown): string => str(obj, 'uid');
/** `metadata.resourceVersion`, or ''. Pure. */
export const getResourceVersion = (obj: unknown): string => str(obj, 'resourceVersion');

/** `metadata.creationTimestamp` as stored (RFC 3339 text), or undefined. Pure. */
export function getCreationTimestamp(obj: unknown): string | undefined {
  const v = readMeta(obj)?.['creationTimestamp'];
  return typeof v === 'string' ? v : undefined;
}

/** `metadata.deletionTimestamp` as stored, or undefined when the object is not being deleted. Pure. */
export function getDeletionTimestamp(obj: unknown): string | undefined {
  const v = readMeta(obj)?.['deletionTimestamp'];
  return typeof v === 'string' ? v : undefined;
}

/** `metadata.deletionGracePeriodSeconds`, or undefined. Pure. */
export function getDeletionGracePeriodSeconds(obj: unknown): number | undefined {
  const v = readMeta(obj)?.['deletionGracePeriodSeconds'];
  return typeof v === 'number' ? v : undefined;
}

/** `metadata.generation`, or 0 when absent. Pure. */
export function getGeneration(obj: unknown): number {
  const v = readMeta(obj)?.['generation'];
  return typeof v === 'number' ? v : 0;
}

function stringMap(obj: unknown, key: string): Record<string, string> | undefined {
  const v = readMeta(obj)?.[key];
  return isDict(v) ? (v as Record<string, string>) : undefined;
}

/** `metadata.labels` (the stored object itself, not a copy), or undefined. Pure. */
export const getLabels = (obj: unknown): Record<string, string> | undefined => stringMap(obj, 'labels');
/** `metadata.annotations` (the stored object itself, not a copy), or undefined. Pure. */
export const getAnnotations = (obj: unknown): Record<string, string> | undefined =>
  stringMap(obj, 'annotations');

function list<T>(obj: unknown, key: string): readonly T[] {
  const v = readMeta(obj)?.[key];
  return Array.isArray(v) ? (v as T[]) : [];
}

/** `metadata.finalizers` (the stored array, not a copy), or [] when absent. Pure. */
export const getFinalizers = (obj: unknown): readonly string[] => list<string>(obj, 'finalizers');
/** `metadata.ownerReferences` (the stored array, not a copy), or []. Pure. */
export const getOwnerReferences = (obj: unknown): readonly OwnerReference[] =>
  list<OwnerReference>(obj, 'ownerReferences');
/** `metadata.managedFields` (the stored array, not a copy), or []. Pure. */
export const getManagedFields = (obj: unknown): readonly ManagedFieldsEntry[] =>
  list<ManagedFieldsEntry>(obj, 'managedFields');

// Every setter below mutates `obj` in place, creating `metadata` when it is missing; passing
// undefined removes the member. They are idempotent and keep no reference to anything but the value.

/** Sets `metadata.name` (mutates). */
export const setName = (obj: MetaObject, v: string | undefined): void => put(obj, 'name', v);
/** Sets `metadata.namespace` (mutates). */
export const setNamespace = (obj: MetaObject, v: string | undefined): void => put(obj, 'namespace', v);
/** Sets `metadata.generateName` (mutates). */
export const setGenerateName = (obj: MetaObject, v: string | undefined): void => put(obj, 'generateName', v);
/** Sets `metadata.uid` (mutates). */
export const setUID = (obj: MetaObject, v: string | undefined): void => put(obj, 'uid', v);
/** Sets `metadata.resourceVersion` (mutates). */
export const setResourceVersion = (obj: MetaObject, v: string | undefined): void =>
  put(obj, 'resourceVersion', v);
/** Sets `metadata.generation` (mutates). */
export const setGeneration = (obj: MetaObject, v: number | undefined): void => put(obj, 'generation', v);
/** Sets `metadata.creationTimestamp` (mutates); pass text made by formatRFC3339. */
export const setCreationTimestamp = (obj: MetaObject, v: string | undefined): void =>
  put(obj, 'creationTimestamp', v);
/** Sets `metadata.deletionTimestamp` (mutates); pass text made by formatRFC3339. */
export const setDeletionTimestamp = (obj: MetaObject, v: string | undefined): void =>
  put(obj, 'deletionTimestamp', v);
/** Sets `metadata.deletionGracePeriodSeconds` (mutates). */
export const setDeletionGracePeriodSeconds = (obj: MetaObject, v: number | undefined): void =>
  put(obj, 'deletionGracePeriodSeconds', v);
/** Replaces `metadata.labels` (mutates; the map is stored as given, not copied). */
export const setLabels = (obj: MetaObject, v: Record<string, string> | undefined): void =>
  put(obj, 'labels', v);
/** Replaces `metadata.annotations` (mutates; stored as given, not copied). */
export const setAnnotations = (obj: MetaObject, v: Record<string, string> | undefined): void =>
  put(obj, 'annotations', v);
/** Replaces `metadata.finalizers` (mutates; stored as given, not copied). */
export const setFinalizers = (obj: MetaObject, v: readonly string[] | undefined): void =>
  put(obj, 'finalizers', v);
/** Replaces `metadata.ownerReferences` (mutates; stored as given, not copied). */
export const setOwnerReferences = (obj: MetaObject, v: readonly OwnerReference[] | undefined): void =>
  put(obj, 'ownerReferences', v);
/** Replaces `metadata.managedFields` (mutates; stored as given, not copied). */
export const setManagedFields = (obj: MetaObject, v: readonly ManagedFieldsEntry[] | undefined): void =>
  put(obj, 'managedFields', v);

/** Sets one label, creating the map when needed (mutates; idempotent). */
export function setLabel(obj: MetaObject, key: string, value: string): void {
  const m = writeMeta(obj);
  const cur = m['labels'];
  if (isDict(cur)) cur[key] = value;
  else m['labels'] = { [key]: value };
}

/** Sets one annotation, creating the map when needed (mutates; idempotent). */
export function setAnnotation(obj: MetaObject, key: string, value: string): void {
  const m = writeMeta(obj);
  const cur = m['annotations'];
  if (isDict(cur)) cur[key] = value;
  else m['annotations'] = { [key]: value };
}

/** Whether `metadata.finalizers` holds `name`. Pure. */
export function hasFinalizer(obj: unknown, name: string): boolean {
  return getFinalizers(obj).includes(name);
}

/**
 * Appends `name` to `metadata.finalizers` unless present (mutates; idempotent). Returns whether
 * the object changed, so a controller knows if it must write.
 */
export function addFinalizer(obj: MetaObject, name: string): boolean {
  const cur = getFinalizers(obj);
  if (cur.includes(name)) return false;
  put(obj, 'finalizers', [...cur, name]);
  return true;
}

/**
 * Removes every occurrence of `name` from `metadata.finalizers`, dropping the member when it
 * becomes empty (mutates; idempotent). Returns whether the object changed.
 */
export function removeFinalizer(obj: MetaObject, name: string): boolean {
  const cur = getFinalizers(obj);
  if (!cur.includes(name)) return false;
  const next = cur.filter((f) => f !== name);
  put(obj, 'finalizers', next.length > 0 ? next : undefined);
  return true;
}
