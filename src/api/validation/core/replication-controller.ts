import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { nameIsDNSSubdomain, validateNonnegativeField } from '../../../apimachinery/validation/index.js';
import {
  type PodValidationOptions,
  podTemplateWarnings,
  templateUpdateOptions,
  validatePodTemplateSpec,
} from '../core-pod/index.js';
import type { JsonObject } from '../types.js';
import { createMeta, updateMeta } from './meta.js';
import { type Dict, has, int, isDict, obj, quiet, strMap, topObj } from './shape.js';

const specPath = path('spec');

/**
 * Upstream's ValidatePodTemplateSpecForRC: the selector matches the template labels, the template
 * is a valid pod template (labels, annotations, pod spec), restartPolicy is `Always` and
 * activeDeadlineSeconds is unset.
 */
function validateTemplate(
  template: Dict,
  selector: ReadonlyArray<[string, string]>,
  p: FieldPath,
  opts: PodValidationOptions,
): FieldError[] {
  const errs: FieldError[] = [];
  const meta = obj(template, 'metadata', p, quiet());
  const labels = strMap(meta, 'labels', p.child('metadata'), quiet());
  if (selector.length > 0) {
    const have = new Map(labels);
    if (!selector.every(([k, v]) => have.get(k) === v)) {
      const printed = isDict(meta?.['labels']) ? Object.fromEntries(labels) : null;
      errs.push(
        invalid(p.child('metadata', 'labels'), printed, '`selector` does not match template `labels`'),
      );
    }
  }
  errs.push(...validatePodTemplateSpec(template, p, opts));
  const spec = obj(template, 'spec', p, quiet());
  const restart = spec?.['restartPolicy'];
  const restartPolicy = typeof restart === 'string' ? restart : '';
  if (restartPolicy !== 'Always') {
    errs.push(notSupported(p.child('spec', 'restartPolicy'), restartPolicy, ['Always']));
  }
  if (has(spec, 'activeDeadlineSeconds')) {
    errs.push(
      forbidden(
        p.child('spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  }
  return errs;
}

function validateSpec(rc: JsonObject, opts: PodValidationOptions, errs: FieldError[]): void {
  const spec = topObj(rc, 'spec', errs);
  errs.push(
    ...validateNonnegativeField(
      int(spec, 'minReadySeconds', specPath, errs) ?? 0,
      specPath.child('minReadySeconds'),
    ),
  );
  const selector = strMap(spec, 'selector', specPath, errs);
  if (selector.length === 0) errs.push(required(specPath.child('selector'), ''));
  errs.push(
    ...validateNonnegativeField(int(spec, 'replicas', specPath, errs) ?? 0, specPath.child('replicas')),
  );
  const template = obj(spec, 'template', specPath, errs);
  if (template === undefined) errs.push(required(specPath.child('template'), ''));
  else errs.push(...validateTemplate(template, selector, specPath.child('template'), opts));
}

/**
 * Upstream's ValidateReplicationController: metadata, minReadySeconds and replicas ≥ 0, a
 * non-empty selector, and a valid pod template whose labels match the selector, with
 * restartPolicy `Always` and no activeDeadlineSeconds. Pure.
 */
export function validateReplicationController(rc: JsonObject): FieldError[] {
  const errs = createMeta(rc, true, nameIsDNSSubdomain);
  validateSpec(rc, {}, errs);
  return errs;
}

/**
 * Upstream's ValidateReplicationControllerUpdate: metadata update rules and the spec rules, the
 * template checked with the relaxations the stored template earns. Pure.
 */
export function validateReplicationControllerUpdate(rc: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(rc, old);
  const oldTemplate = obj(topObj(old, 'spec', quiet()), 'template', specPath, quiet());
  validateSpec(rc, templateUpdateOptions(oldTemplate), errs);
  return errs;
}

/**
 * Upstream's ValidateReplicationControllerStatusUpdate: metadata update rules, status counts
 * ≥ 0 and none above `status.replicas`, available not above ready. Pure.
 */
export function validateReplicationControllerStatusUpdate(rc: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(rc, old);
  const sp = path('status');
  const status = topObj(rc, 'status', errs);
  const n = (k: string): number => int(status, k, sp, errs) ?? 0;
  const [replicas, fully, ready, available, observed] = [
    n('replicas'),
    n('fullyLabeledReplicas'),
    n('readyReplicas'),
    n('availableReplicas'),
    n('observedGeneration'),
  ];
  errs.push(...validateNonnegativeField(replicas, sp.child('replicas')));
  errs.push(...validateNonnegativeField(fully, sp.child('fullyLabeledReplicas')));
  errs.push(...validateNonnegativeField(ready, sp.child('readyReplicas')));
  errs.push(...validateNonnegativeField(available, sp.child('availableReplicas')));
  errs.push(...validateNonnegativeField(observed, sp.child('observedGeneration')));
  const msg = 'cannot be greater than status.replicas';
  if (fully > replicas) errs.push(invalid(sp.child('fullyLabeledReplicas'), fully, msg));
  if (ready > replicas) errs.push(invalid(sp.child('readyReplicas'), ready, msg));
  if (available > replicas) errs.push(invalid(sp.child('availableReplicas'), available, msg));
  if (available > ready)
    errs.push(invalid(sp.child('availableReplicas'), available, 'cannot be greater than readyReplicas'));
  return errs;
}

/** Upstream's warnings for a ReplicationController: those of its pod template. Pure. */
export function replicationControllerWarnings(rc: JsonObject): string[] {
  const spec = topObj(rc, 'spec', quiet());
  return podTemplateWarnings(spec?.['template'], specPath.child('template'));
}
