import {
  type FieldError,
  type FieldPath,
  forbidden,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import {
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabels,
  validateObjectMeta,
} from '../../../apimachinery/validation/index.js';
import { validateImageWhitespace } from './containers.js';
import type { PodValidationOptions } from './options.js';
import {
  annotationsOf,
  validateAnnotationsMatchFields,
  validatePodSpecificAnnotations,
  validDeletionCost,
} from './pod-annotations.js';
import { validatePodSpec } from './pod-spec.js';
import { type Dict, isDict, obj, objList, quiet, wrongType } from './shape.js';

/** The spec member of a pod-like object, or {} (type errors are reported by validatePodSpec). */
export function specOf(o: Dict): Dict {
  return isDict(o['spec']) ? o['spec'] : {};
}

/**
 * Upstream's validatePodMetadataAndSpec: metadata (namespaced, DNS subdomain name), pod-specific
 * annotations, the spec, token projections only with a service account, and no white space
 * around container images.
 */
export function validatePodMetadataAndSpec(pod: Dict, opts: PodValidationOptions): FieldError[] {
  const metaPath = path('metadata');
  const specPath = path('spec');
  const errs = validateObjectMeta(
    pod['metadata'],
    { namespaced: true, nameFn: nameIsDNSSubdomain },
    metaPath,
  );
  const spec = specOf(pod);
  errs.push(
    ...validatePodSpecificAnnotations(
      annotationsOf(pod['metadata']),
      spec,
      metaPath.child('annotations'),
      opts.allowInvalidPodDeletionCost === true,
    ),
  );
  errs.push(...validatePodSpec(pod['spec'], pod['metadata'], specPath, opts));
  if (typeof spec['serviceAccountName'] !== 'string' || spec['serviceAccountName'] === '') {
    for (const { item: vol, index: vi } of objList(spec, 'volumes', specPath, quiet())) {
      const projected = obj(vol, 'projected', specPath, quiet());
      const vPath = specPath.child('volumes').index(vi).child('projected');
      for (const { item: src, index: si } of objList(projected, 'sources', vPath, quiet())) {
        if (isDict(src['serviceAccountToken'])) {
          errs.push(
            forbidden(
              vPath.child('sources').index(si).child('serviceAccountToken'),
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      }
    }
  }
  for (const key of ['containers', 'initContainers']) {
    for (const { item, index } of objList(spec, key, specPath, quiet())) {
      validateImageWhitespace(item, specPath.child(key).index(index), errs);
    }
  }
  return errs;
}

/** Options for a pod being created: the strict rules, as a Pod. */
export const createOptions: PodValidationOptions = { resourceIsPod: true };

/**
 * Upstream's ValidatePodCreate: metadata and spec, no ephemeral containers yet, no nodeName while
 * scheduling gates remain, and seccomp/AppArmor annotations agreeing with the fields. Pure.
 */
export function validatePodCreate(pod: Dict, opts: PodValidationOptions = createOptions): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod, opts);
  const specPath = path('spec');
  const spec = specOf(pod);
  if (Array.isArray(spec['ephemeralContainers']) && spec['ephemeralContainers'].length > 0) {
    errs.push(forbidden(specPath.child('ephemeralContainers'), 'cannot be set on create'));
  }
  if (
    typeof spec['nodeName'] === 'string' &&
    spec['nodeName'] !== '' &&
    Array.isArray(spec['schedulingGates']) &&
    spec['schedulingGates'].length > 0
  ) {
    errs.push(
      forbidden(specPath.child('nodeName'), 'cannot be set until all schedulingGates have been cleared'),
    );
  }
  errs.push(...validateAnnotationsMatchFields(annotationsOf(pod['metadata']), spec, specPath));
  return errs;
}

/**
 * Upstream's ValidatePodTemplateSpec: the template's labels and annotations (at `<path>.labels`
 * and `<path>.annotations`, as upstream reports them), pod-specific annotations, the spec as a
 * template (no pod name, host ports may stay 0 under hostNetwork), annotation/field agreement,
 * and no ephemeral containers. Reads JSON of any shape; pure; never throws.
 */
export function validatePodTemplateSpec(
  template: unknown,
  fldPath: FieldPath,
  opts: PodValidationOptions = {},
): FieldError[] {
  if (template !== undefined && template !== null && !isDict(template))
    return [wrongType(fldPath, template, 'object')];
  const t: Dict = isDict(template) ? template : {};
  const errs: FieldError[] = [];
  const meta = obj(t, 'metadata', fldPath, errs);
  errs.push(...validateLabels(meta?.['labels'], fldPath.child('labels')));
  errs.push(...validateAnnotations(meta?.['annotations'], fldPath.child('annotations')));
  const spec = specOf(t);
  const ann = annotationsOf(meta);
  const allowCost = opts.allowInvalidPodDeletionCost === true;
  errs.push(...validatePodSpecificAnnotations(ann, spec, fldPath.child('annotations'), allowCost));
  errs.push(...validatePodSpec(t['spec'], undefined, fldPath.child('spec'), opts));
  errs.push(...validateAnnotationsMatchFields(ann, spec, fldPath.child('spec')));
  if (Array.isArray(spec['ephemeralContainers']) && spec['ephemeralContainers'].length > 0) {
    errs.push(
      forbidden(
        fldPath.child('spec', 'ephemeralContainers'),
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return errs;
}

/** Whether the stored object carries a deletion-cost annotation upstream would now reject. */
export function hasInvalidDeletionCost(meta: unknown): boolean {
  const cost = annotationsOf(meta)['controller.kubernetes.io/pod-deletion-cost'];
  return cost !== undefined && !validDeletionCost(cost);
}

/**
 * Upstream's ValidatePodBinding (the `binding` subresource): the target is a Node (or names no
 * kind) and has a name. Pure.
 */
export function validatePodBinding(binding: Dict): FieldError[] {
  const errs: FieldError[] = [];
  const target = isDict(binding['target']) ? binding['target'] : {};
  const kind = typeof target['kind'] === 'string' ? target['kind'] : '';
  const name = typeof target['name'] === 'string' ? target['name'] : '';
  if (kind !== '' && kind !== 'Node')
    errs.push(notSupported(path('target', 'kind'), kind, ['Node', '<empty>']));
  if (name === '') errs.push(required(path('target', 'name')));
  return errs;
}
