import { type FieldError, type FieldPath, forbidden, invalid, path, required } from '../field/index.js';
import { validateFinalizers, validateKubeFinalizerName, validateNoNewFinalizers } from './finalizers.js';
import { type Dict, isDict, readStringList, wrongType } from './json-shape.js';
import { validateAnnotations, validateLabels } from './labels-annotations.js';
import { validateManagedFields } from './managed-fields.js';
import {
  FieldImmutableErrorMsg,
  type MetaScalars,
  readMetaScalars,
  sameTime,
  timeValue,
  validateNonnegativeField,
} from './meta-fields.js';
import { type NameFn, validateNamespaceName } from './name-fns.js';
import { validateOwnerReferences } from './owner-references.js';

/** How one resource type's metadata is checked. */
export interface ObjectMetaOptions {
  /** Namespaced types require `metadata.namespace`; cluster-scoped types forbid it. */
  readonly namespaced: boolean;
  /** The type's name rule, also applied (as a prefix) to `generateName`. */
  readonly nameFn: NameFn;
  /**
   * Apply the built-in types' rule that a finalizer without `/` must be a standard name
   * (`kubernetes`, `orphan`, `foregroundDeletion`). Default true; false for custom resources.
   */
  readonly standardFinalizers?: boolean;
}

/** Options of {@link validateObjectMetaUpdate}. */
export interface ObjectMetaUpdateOptions {
  /** As in {@link ObjectMetaOptions}; default true. */
  readonly standardFinalizers?: boolean;
}

// Reads finalizer names leniently: their type problems are reported once, by validateFinalizers.
function finalizerNames(meta: Dict, fldPath: FieldPath): string[] {
  return readStringList(meta['finalizers'], fldPath.child('finalizers'), []);
}

function kubeFinalizerNames(names: readonly string[], fldPath: FieldPath): FieldError[] {
  return names.flatMap((f, i) => validateKubeFinalizerName(f, fldPath.child('finalizers').index(i)));
}

// The checks create shares with the generic rules: scope, generation, maps and lists.
function validateCommon(meta: Dict, s: MetaScalars, namespaced: boolean, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ns = fldPath.child('namespace');
  if (namespaced) {
    if (s.namespace === '') {
      errs.push(required(ns));
    } else {
      for (const msg of validateNamespaceName(s.namespace, false)) errs.push(invalid(ns, s.namespace, msg));
    }
  } else if (s.namespace !== '') {
    errs.push(forbidden(ns, 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(s.generation, fldPath.child('generation')));
  errs.push(...validateLabels(meta['labels'], fldPath.child('labels')));
  errs.push(...validateAnnotations(meta['annotations'], fldPath.child('annotations')));
  errs.push(...validateOwnerReferences(meta['ownerReferences'], fldPath.child('ownerReferences')));
  errs.push(...validateFinalizers(meta['finalizers'], fldPath.child('finalizers')));
  errs.push(...validateManagedFields(meta['managedFields'], fldPath.child('managedFields')));
  return errs;
}

/**
 * Checks a new object's metadata as upstream does on create (name generation already done):
 * generateName as a prefix and name by `nameFn` (`name or generateName is required` when empty),
 * namespace required (a DNS label) or forbidden per scope, generation ≥ 0, labels, annotations,
 * owner references, finalizers and managedFields. Takes decoded JSON of any shape and reports
 * members of the wrong type and unparsable timestamps instead of throwing. Pure; never throws.
 */
export function validateObjectMeta(
  meta: unknown,
  opts: ObjectMetaOptions,
  fldPath: FieldPath = path('metadata'),
): FieldError[] {
  if (meta !== undefined && meta !== null && !isDict(meta)) return [wrongType(fldPath, meta, 'object')];
  const d: Dict = isDict(meta) ? meta : {};
  const errs: FieldError[] = [];
  const s = readMetaScalars(d, fldPath, errs);
  if (s.generateName !== '') {
    for (const msg of opts.nameFn(s.generateName, true)) {
      errs.push(invalid(fldPath.child('generateName'), s.generateName, msg));
    }
  }
  if (s.name === '') {
    errs.push(required(fldPath.child('name'), 'name or generateName is required'));
  } else {
    for (const msg of opts.nameFn(s.name, false)) errs.push(invalid(fldPath.child('name'), s.name, msg));
  }
  errs.push(...validateCommon(d, s, opts.namespaced, fldPath));
  if (opts.standardFinalizers !== false) {
    errs.push(...kubeFinalizerNames(finalizerNames(d, fldPath), fldPath));
  }
  return errs;
}

/**
 * Checks an update's metadata against the stored object's as upstream does: resourceVersion
 * required, generation ≥ 0 and never decremented, name, namespace, uid, creationTimestamp,
 * deletionTimestamp and deletionGracePeriodSeconds immutable (`field is immutable`; timestamps
 * compared as instants), no new finalizers once deletion started, and the new labels,
 * annotations, owner references and managedFields valid. Name rules are not re-run (the name
 * cannot change). A registry should first copy the deletion fields over from the stored object,
 * as upstream's update preparation does. Takes decoded JSON of any shape. Pure; never throws.
 */
export function validateObjectMetaUpdate(
  newMeta: unknown,
  oldMeta: unknown,
  fldPath: FieldPath = path('metadata'),
  opts: ObjectMetaUpdateOptions = {},
): FieldError[] {
  if (newMeta !== undefined && newMeta !== null && !isDict(newMeta)) {
    return [wrongType(fldPath, newMeta, 'object')];
  }
  const nd: Dict = isDict(newMeta) ? newMeta : {};
  // The stored object was validated when written; its own type problems are not this request's.
  const od: Dict = isDict(oldMeta) ? oldMeta : {};
  const errs: FieldError[] = [];
  const n = readMetaScalars(nd, fldPath, errs);
  const o = readMetaScalars(od, fldPath, []);
  const newFinalizers = readStringList(nd['finalizers'], fldPath.child('finalizers'), errs);

  if (o.deletionTimestamp.kind !== 'unset') {
    errs.push(
      ...validateNoNewFinalizers(newFinalizers, finalizerNames(od, fldPath), fldPath.child('finalizers')),
    );
  }
  if (n.resourceVersion === '') {
    errs.push(invalid(fldPath.child('resourceVersion'), '', 'must be specified for an update'));
  }
  errs.push(...validateNonnegativeField(n.generation, fldPath.child('generation')));
  if (n.generation < o.generation) {
    errs.push(invalid(fldPath.child('generation'), n.generation, 'must not be decremented'));
  }
  const immutable = (field: string, same: boolean, value: unknown): void => {
    if (!same) errs.push(invalid(fldPath.child(field), value, FieldImmutableErrorMsg));
  };
  immutable('name', n.name === o.name, n.name);
  immutable('namespace', n.namespace === o.namespace, n.namespace);
  immutable('uid', n.uid === o.uid, n.uid);
  immutable(
    'creationTimestamp',
    sameTime(n.creationTimestamp, o.creationTimestamp, false),
    timeValue(n.creationTimestamp),
  );
  immutable(
    'deletionTimestamp',
    sameTime(n.deletionTimestamp, o.deletionTimestamp, true),
    timeValue(n.deletionTimestamp),
  );
  immutable(
    'deletionGracePeriodSeconds',
    n.deletionGracePeriodSeconds === o.deletionGracePeriodSeconds,
    n.deletionGracePeriodSeconds ?? null,
  );
  errs.push(...validateLabels(nd['labels'], fldPath.child('labels')));
  errs.push(...validateAnnotations(nd['annotations'], fldPath.child('annotations')));
  errs.push(...validateOwnerReferences(nd['ownerReferences'], fldPath.child('ownerReferences')));
  errs.push(...validateManagedFields(nd['managedFields'], fldPath.child('managedFields')));
  if (opts.standardFinalizers !== false) errs.push(...kubeFinalizerNames(newFinalizers, fldPath));
  return errs;
}
