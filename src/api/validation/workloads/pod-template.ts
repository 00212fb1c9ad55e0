import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
} from '../../../apimachinery/field/index.js';
import { validateAnnotations, validateLabels } from '../../../apimachinery/validation/index.js';
import {
  type PodValidationOptions,
  podTemplateWarnings,
  templateUpdateOptions,
  validatePodTemplateSpec,
} from '../core-pod/index.js';
import type { ReadSelector } from './label-selector.js';
import { asDict, type Dict, dict, isDict, stringMap } from './shape.js';

/** A pod template as read from a workload spec (all parts lenient: `{}` when absent). */
export interface ReadTemplate {
  /** The member exactly as decoded (any JSON), for the validators that report its shape. */
  readonly value: unknown;
  readonly raw: Dict;
  readonly labels: Record<string, string>;
  readonly spec: Dict;
  readonly restartPolicy: string;
}

/**
 * Reads `template` leniently: parts of the wrong type read as empty and are left to the
 * template validators to report (so that each problem is reported once). Pure.
 */
export function readTemplate(v: unknown): ReadTemplate {
  const t = asDict(v);
  const meta = asDict(t['metadata']);
  const spec = asDict(t['spec']);
  const rp = spec['restartPolicy'];
  return {
    value: v,
    raw: t,
    labels: stringMap(meta['labels']),
    spec,
    restartPolicy: typeof rp === 'string' ? rp : '',
  };
}

/**
 * Pod validation switches for a workload's template: strict for a new object; on update, relaxed
 * where the stored template already relied on a relaxed form, as upstream does. Pure.
 */
export function templateOptions(oldTemplate?: unknown): PodValidationOptions {
  return oldTemplate === undefined ? {} : templateUpdateOptions(oldTemplate);
}

/**
 * Upstream's pod template warnings at `<fldPath>`; on update only when the spec changed (upstream
 * re-evaluates them when the generation moves). Pure.
 */
export function templateWarnings(template: unknown, fldPath: FieldPath, specChanged = true): string[] {
  return specChanged ? podTemplateWarnings(template, fldPath) : [];
}

/**
 * Upstream's ValidatePodTemplateSpec on the template (labels and annotations at
 * `<template>.labels` / `.annotations`, the whole pod spec, no ephemeral containers). Appends
 * errors.
 */
export function validateTemplate(
  t: ReadTemplate,
  fldPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  errs.push(...validatePodTemplateSpec(t.value, fldPath, opts));
}

/**
 * Template labels and annotations at upstream's paths (`<template>.labels`, `.annotations`): what
 * a StatefulSet update still checks when its stored template already fails the pod rules (and so
 * skips them). A template or metadata of the wrong type is reported. Appends errors.
 */
export function validateTemplateLabels(t: ReadTemplate, fldPath: FieldPath, errs: FieldError[]): void {
  const tpl = dict(t.value, fldPath, errs) ?? {};
  const meta = dict(tpl['metadata'], fldPath.child('metadata'), errs) ?? {};
  errs.push(...validateLabels(meta['labels'], fldPath.child('labels')));
  errs.push(...validateAnnotations(meta['annotations'], fldPath.child('annotations')));
}

/**
 * ``<template>.metadata.labels: Invalid value: {...}: `selector` does not match template `labels` ``
 * when a usable, non-empty selector does not select the template's labels.
 */
export function checkSelectorMatchesTemplate(
  sel: ReadSelector,
  t: ReadTemplate,
  fldPath: FieldPath,
  errs: FieldError[],
  skipEmpty = true,
): void {
  if (sel.selector === undefined) return;
  if (skipEmpty && sel.selector.empty()) return;
  if (!sel.selector.matches(t.labels)) {
    errs.push(
      invalid(
        fldPath.child('metadata', 'labels'),
        labelsValue(t),
        '`selector` does not match template `labels`',
      ),
    );
  }
}

// Go prints a nil map as null and an empty one as {}.
function labelsValue(t: ReadTemplate): unknown {
  const meta = asDict(t.raw['metadata']);
  return isDict(meta['labels']) ? meta['labels'] : null;
}

/**
 * The template rules of long-running controllers (ReplicaSet, Deployment, StatefulSet,
 * DaemonSet): restartPolicy must be Always and activeDeadlineSeconds is not supported.
 * `kind` names the controller in upstream's message. Appends errors.
 */
export function checkLongRunningTemplate(
  t: ReadTemplate,
  fldPath: FieldPath,
  kind: string,
  errs: FieldError[],
): void {
  if (t.restartPolicy !== 'Always') {
    errs.push(notSupported(fldPath.child('spec', 'restartPolicy'), t.restartPolicy, ['Always']));
  }
  if (t.spec['activeDeadlineSeconds'] !== undefined && t.spec['activeDeadlineSeconds'] !== null) {
    errs.push(
      forbidden(
        fldPath.child('spec', 'activeDeadlineSeconds'),
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  }
}

/** The container and init container names of a template spec (for podFailurePolicy). */
export function containerNames(spec: Dict): Set<string> {
  const names = new Set<string>();
  for (const key of ['containers', 'initContainers']) {
    const items = spec[key];
    if (!Array.isArray(items)) continue;
    for (const c of items) if (isDict(c) && typeof c['name'] === 'string') names.add(c['name']);
  }
  return names;
}
