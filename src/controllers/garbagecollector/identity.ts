// Identities of graph nodes and the owner-reference comparisons the garbage collector makes.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

/** Where an object lives and what it is: owner-reference coordinates plus its namespace. */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  /** '' for cluster-scoped objects (and for virtual owners guessed cluster-scoped). */
  readonly namespace: string;
}

/**
 * The metadata the collector keeps of an object (nothing else of it is retained): enough to
 * build the graph and decide on transitions.
 */
export interface ObjectMetadata {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly resourceVersion: string;
  readonly ownerReferences: readonly OwnerReference[];
  readonly finalizers: readonly string[];
  readonly deletionTimestamp: string | undefined;
}

/** The finalizer that makes an object wait for its dependents to be orphaned. */
export const FINALIZER_ORPHAN = 'orphan';
/** The finalizer that makes an object wait for its blocking dependents to be deleted. */
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

/** As Go prints the collector's objectReference: `[v1/Pod, namespace: ns, name: n, uid: u]`. Pure. */
export function identityString(id: ObjectIdentity): string {
  return `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace}, name: ${id.name}, uid: ${id.uid}]`;
}

/** Whether two identities are the same (all five fields). Pure. */
export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return (
    a.uid === b.uid &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.apiVersion === b.apiVersion &&
    a.namespace === b.namespace
  );
}

/** The identity an owner reference names, placed in `namespace`. Pure. */
export function identityOfRef(ref: OwnerReference, namespace: string): ObjectIdentity {
  return { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace };
}

/** Whether an owner reference names exactly these coordinates (uid, name, kind, apiVersion). Pure. */
export function refMatchesCoordinates(ref: OwnerReference, id: ObjectIdentity): boolean {
  return (
    ref.uid === id.uid && ref.name === id.name && ref.kind === id.kind && ref.apiVersion === id.apiVersion
  );
}

/** Owner references added, removed and changed (same uid, other content) between two lists. Pure. */
export function referencesDiffs(
  old: readonly OwnerReference[],
  now: readonly OwnerReference[],
): {
  added: OwnerReference[];
  removed: OwnerReference[];
  changed: { old: OwnerReference; now: OwnerReference }[];
} {
  const oldByUID = new Map(old.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const changed: { old: OwnerReference; now: OwnerReference }[] = [];
  for (const r of now) {
    const o = oldByUID.get(r.uid);
    if (o === undefined) added.push(r);
    else {
      if (!sameRef(o, r)) changed.push({ old: o, now: r });
      oldByUID.delete(r.uid);
    }
  }
  return { added, removed: [...oldByUID.values()], changed };
}

/** Whether two owner references are equal in every field. Pure. */
export function sameRef(a: OwnerReference, b: OwnerReference): boolean {
  return (
    a.uid === b.uid &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.apiVersion === b.apiVersion &&
    (a.controller ?? undefined) === (b.controller ?? undefined) &&
    (a.blockOwnerDeletion ?? undefined) === (b.blockOwnerDeletion ?? undefined)
  );
}

/** Whether two owner-reference lists are equal, in order. Pure. */
export function sameRefs(a: readonly OwnerReference[], b: readonly OwnerReference[]): boolean {
  return a.length === b.length && a.every((r, i) => sameRef(r, b[i] as OwnerReference));
}

/** Whether `meta` is being deleted. Pure. */
export function beingDeleted(meta: ObjectMetadata | undefined): boolean {
  return meta?.deletionTimestamp !== undefined;
}

/** Whether `meta` carries `finalizer`. Pure. */
export function hasFinalizer(meta: ObjectMetadata | undefined, finalizer: string): boolean {
  return meta?.finalizers.includes(finalizer) ?? false;
}

/**
 * The metadata the collector keeps of an API object (copies; the object is not retained). Pure.
 */
export function metadataOf(obj: { metadata?: unknown }): ObjectMetadata {
  const m = (typeof obj.metadata === 'object' && obj.metadata !== null ? obj.metadata : {}) as Record<
    string,
    unknown
  >;
  const str = (k: string): string => (typeof m[k] === 'string' ? (m[k] as string) : '');
  const refs = Array.isArray(m['ownerReferences'])
    ? (m['ownerReferences'] as unknown[]).filter(
        (r): r is OwnerReference =>
          typeof r === 'object' && r !== null && typeof (r as OwnerReference).uid === 'string',
      )
    : [];
  const finalizers = Array.isArray(m['finalizers'])
    ? (m['finalizers'] as unknown[]).filter((f): f is string => typeof f === 'string')
    : [];
  const dt = m['deletionTimestamp'];
  return {
    uid: str('uid'),
    name: str('name'),
    namespace: str('namespace'),
    resourceVersion: str('resourceVersion'),
    ownerReferences: refs.map((r) => ({
      apiVersion: r.apiVersion,
      kind: r.kind,
      name: r.name,
      uid: r.uid,
      ...(r.controller === undefined ? {} : { controller: r.controller }),
      ...(r.blockOwnerDeletion === undefined ? {} : { blockOwnerDeletion: r.blockOwnerDeletion }),
    })),
    finalizers,
    deletionTimestamp: typeof dt === 'string' && dt !== '' ? dt : undefined,
  };
}
