import { type FieldError, type FieldPath, invalid, path } from '../../../apimachinery/field/index.js';
import {
  validateFinalizerName,
  validateKubeFinalizerName,
  validateNamespaceName,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { createMeta, metaOf, updateMeta } from './meta.js';
import { str, strList, topObj } from './shape.js';

function finalizerErrors(name: string, fldPath: FieldPath): FieldError[] {
  return [...validateFinalizerName(name, fldPath), ...validateKubeFinalizerName(name, fldPath)];
}

/**
 * Upstream's ValidateNamespace: metadata (cluster-scoped, DNS-1123 label names) and each
 * `spec.finalizers` entry a qualified name, or a standard name when unqualified (errors at
 * `spec.finalizers` without an index, as upstream reports them). Pure.
 */
export function validateNamespace(ns: JsonObject): FieldError[] {
  const errs = createMeta(ns, false, validateNamespaceName);
  const specPath = path('spec');
  const spec = topObj(ns, 'spec', errs);
  for (const f of strList(spec, 'finalizers', specPath, errs)) {
    errs.push(...finalizerErrors(f, specPath.child('finalizers')));
  }
  return errs;
}

/** Upstream's ValidateNamespaceUpdate: the metadata update rules only. Pure. */
export function validateNamespaceUpdate(ns: JsonObject, old: JsonObject): FieldError[] {
  return updateMeta(ns, old);
}

/**
 * Upstream's ValidateNamespaceStatusUpdate: metadata update rules, and `status.phase` must be
 * `Active` while the namespace is not being deleted and `Terminating` once it is (reported at
 * upstream's path `status.Phase`). Pure.
 */
export function validateNamespaceStatusUpdate(ns: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(ns, old);
  const status = topObj(ns, 'status', errs);
  const phase = str(status, 'phase', path('status'), errs);
  const deleting = metaOf(ns)['deletionTimestamp'];
  const p = path('status', 'Phase');
  if (deleting === undefined || deleting === null) {
    if (phase !== 'Active')
      errs.push(invalid(p, phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(invalid(p, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

/**
 * Upstream's ValidateNamespaceFinalizeUpdate, for the `namespaces/{name}/finalize` subresource:
 * metadata update rules and each `spec.finalizers[i]` valid. Pure.
 */
export function validateNamespaceFinalizeUpdate(ns: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(ns, old);
  const specPath = path('spec');
  const spec = topObj(ns, 'spec', errs);
  strList(spec, 'finalizers', specPath, errs).forEach((f, i) => {
    errs.push(...finalizerErrors(f, specPath.child('finalizers').index(i)));
  });
  return errs;
}
