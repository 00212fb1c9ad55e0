import {
  type FieldError,
  type FieldPath,
  invalid,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';
import {
  FieldImmutableErrorMsg,
  isDNS1123Label,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import type { PodValidationOptions } from '../core-pod/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { type ReadJobSpec, validateJobSpecCore } from './job-spec.js';
import {
  hasInvalidLabelValue,
  type ReadSelector,
  selectorValue,
  validateLabelSelector,
} from './label-selector.js';
import { checkSelectorMatchesTemplate, templateOptions } from './pod-template.js';
import { validateJobStatusUpdate } from './job-status.js';
import { selectorImmutable } from './selector-immutable.js';
import { jobSpecWarnings, nameWarnings, specChanged } from './warnings.js';
import { asDict, type Dict, dict, isDict, stringMap } from './shape.js';
import { semanticNormal } from './semantic.js';

const legacyControllerUid = 'controller-uid';
const legacyJobName = 'job-name';
const controllerUid = 'batch.kubernetes.io/controller-uid';
const jobName = 'batch.kubernetes.io/job-name';

/** How a Job is judged: on create every rule; on update some depend on the stored Job. */
interface JobOptions {
  readonly requirePrefixedLabels: boolean;
  readonly pod: PodValidationOptions;
}

function hasLabel(labels: unknown, fldPath: FieldPath, key: string, want: string, errs: FieldError[]): void {
  const map = stringMap(labels);
  if (!Object.hasOwn(map, key)) errs.push(required(fldPath.child('labels').key(key), want));
  else if (map[key] !== want) errs.push(invalid(fldPath.child('labels').key(key), map, `must be '${want}'`));
}

// Upstream's validateGeneratedSelector: a generated selector must select exactly this Job's pods.
function validateGeneratedSelector(obj: JsonObject, opts: JobOptions, errs: FieldError[]): void {
  const spec = asDict(obj['spec']);
  if (spec['manualSelector'] === true) return;
  if (!isDict(spec['selector'])) return;
  const meta = asDict(obj['metadata']);
  const uid = typeof meta['uid'] === 'string' ? meta['uid'] : '';
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  if (uid === '') errs.push(required(path('metadata', 'uid'), ''));
  const tMetaPath = path('spec', 'template', 'metadata');
  const labels = asDict(asDict(spec['template'])['metadata'])['labels'];
  hasLabel(labels, tMetaPath, legacyControllerUid, uid, errs);
  hasLabel(labels, tMetaPath, legacyJobName, name, errs);
  const expected: Record<string, string> = {};
  if (opts.requirePrefixedLabels) {
    hasLabel(labels, tMetaPath, controllerUid, uid, errs);
    hasLabel(labels, tMetaPath, jobName, name, errs);
    expected[controllerUid] = uid;
    expected[jobName] = name;
  }
  expected[legacyControllerUid] = uid;
  expected[legacyJobName] = name;
  const sel = validateLabelSelector(spec['selector'], path('spec', 'selector'), []);
  if (sel.kind === 'present' && sel.selector !== undefined && !sel.selector.matches(expected)) {
    errs.push(invalid(path('spec', 'selector'), selectorValue(sel.raw), '`selector` not auto-generated'));
  }
}

/** Upstream's ValidateJobSpec: the shared rules plus a required, valid selector matching the template. */
function validateJobSpec(spec: Dict, fldPath: FieldPath, opts: JobOptions, errs: FieldError[]): ReadJobSpec {
  const read = validateJobSpecCore(spec, fldPath, opts.pod, errs);
  const selPath = fldPath.child('selector');
  const sel: ReadSelector = validateLabelSelector(
    spec['selector'],
    selPath,
    errs,
    opts.pod.allowInvalidLabelValueInSelector === true,
  );
  if (sel.kind === 'absent') errs.push(required(selPath, ''));
  checkSelectorMatchesTemplate(sel, read.template, fldPath.child('template'), errs, false);
  return read;
}

function validateJob(obj: JsonObject, opts: JobOptions): FieldError[] {
  const errs = validateObjectMeta(obj['metadata'], { namespaced: true, nameFn: nameIsDNSSubdomain });
  validateGeneratedSelector(obj, opts, errs);
  const spec = dict(obj['spec'], path('spec'), errs) ?? {};
  const read = validateJobSpec(spec, path('spec'), opts, errs);
  if (read.completionMode === 'Indexed' && read.completions !== undefined && read.completions > 0) {
    const name = asDict(obj['metadata'])['name'];
    const n = typeof name === 'string' ? name : '';
    const hostname = `${n}-${read.completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(
        invalid(
          path('metadata', 'name'),
          n,
          `will not able to create pod with invalid DNS label: ${hostname}`,
        ),
      );
    }
  }
  return errs;
}

// Pod names and hostnames derive from the Job's name, so a name that is no DNS label works badly.
function warnings(obj: JsonObject, old?: JsonObject): string[] {
  const spec = asDict(obj['spec']);
  if (old === undefined) return [...nameWarnings(obj), ...jobSpecWarnings(spec, 'spec')];
  return specChanged(obj, old) ? jobSpecWarnings(spec, 'spec') : [];
}

// A stored selector with values that are no longer valid label values stays acceptable.
function relaxSelector(opts: PodValidationOptions, oldSelector: unknown): PodValidationOptions {
  return hasInvalidLabelValue(oldSelector) ? { ...opts, allowInvalidLabelValueInSelector: true } : opts;
}

function validate(obj: JsonObject): FieldError[] {
  return validateJob(obj, { requirePrefixedLabels: true, pod: templateOptions() });
}

function immutable(n: unknown, o: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  if (!deepEqual(semanticNormal(n), semanticNormal(o)))
    errs.push(invalid(fldPath, n ?? null, FieldImmutableErrorMsg));
}

// Completions may change only for Indexed Jobs, and then only together with parallelism.
function validateCompletions(spec: Dict, oldSpec: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const p = fldPath.child('completions');
  if (spec['completionMode'] !== 'Indexed') {
    immutable(spec['completions'], oldSpec['completions'], p, errs);
    return;
  }
  const n = spec['completions'];
  if (deepEqual(n ?? null, oldSpec['completions'] ?? null) || n === undefined || n === null) return;
  if (n !== spec['parallelism'])
    errs.push(invalid(p, n, 'can only be modified in tandem with spec.parallelism'));
}

// The scheduling directives a suspended, never-started Job may change in its template.
function allowSchedulingChanges(template: Dict, oldTemplate: Dict): Dict {
  const newSpec = asDict(template['spec']);
  const oldSpec = { ...asDict(oldTemplate['spec']) };
  const newAff = isDict(newSpec['affinity']) ? newSpec['affinity'] : undefined;
  const oldAff = isDict(oldSpec['affinity']) ? oldSpec['affinity'] : undefined;
  if (newAff === undefined && oldAff !== undefined) {
    const rest = { ...oldAff };
    delete rest['nodeAffinity'];
    oldSpec['affinity'] = semanticNormal(rest) === undefined ? undefined : rest;
  } else if (newAff !== undefined && oldAff === undefined) {
    oldSpec['affinity'] = { nodeAffinity: newAff['nodeAffinity'] };
  } else if (newAff !== undefined && oldAff !== undefined) {
    oldSpec['affinity'] = { ...oldAff, nodeAffinity: newAff['nodeAffinity'] };
  }
  oldSpec['nodeSelector'] = newSpec['nodeSelector'];
  oldSpec['tolerations'] = newSpec['tolerations'];
  oldSpec['schedulingGates'] = newSpec['schedulingGates'];
  const oldMeta = { ...asDict(oldTemplate['metadata']) };
  const newMeta = asDict(template['metadata']);
  oldMeta['annotations'] = newMeta['annotations'];
  oldMeta['labels'] = newMeta['labels'];
  return { ...oldTemplate, metadata: oldMeta, spec: oldSpec };
}

function validateJobUpdate(obj: JsonObject, old: JsonObject, opts: JobOptions): FieldError[] {
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  const fldPath = path('spec');
  const spec = dict(obj['spec'], fldPath, errs) ?? {};
  const oldSpec = asDict(old['spec']);
  validateJobSpec(spec, fldPath, opts, errs);
  validateCompletions(spec, oldSpec, fldPath, errs);
  selectorImmutable(obj, old, errs);
  const template = asDict(spec['template']);
  let oldTemplate = asDict(oldSpec['template']);
  const suspended = oldSpec['suspend'] === true;
  const started = asDict(old['status'])['startTime'];
  if (suspended && (started === undefined || started === null)) {
    oldTemplate = allowSchedulingChanges(template, oldTemplate);
  }
  immutable(spec['template'], oldTemplate, fldPath.child('template'), errs);
  for (const key of [
    'completionMode',
    'podFailurePolicy',
    'backoffLimitPerIndex',
    'managedBy',
    'successPolicy',
  ]) {
    immutable(spec[key], oldSpec[key], fldPath.child(key), errs);
  }
  return errs;
}

function validateUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  // Upstream runs the create rules again (the Job's own labels decide the label requirement).
  const oldLabels = stringMap(asDict(asDict(asDict(old['spec'])['template'])['metadata'])['labels']);
  const opts: JobOptions = {
    requirePrefixedLabels: Object.hasOwn(oldLabels, jobName) && Object.hasOwn(oldLabels, controllerUid),
    pod: relaxSelector(templateOptions(asDict(old['spec'])['template']), asDict(old['spec'])['selector']),
  };
  return [...validateJob(obj, opts), ...validateJobUpdate(obj, old, opts)];
}

/**
 * batch/v1 Job: upstream's ValidateJob (selector generation assumed done, so `metadata.uid` and
 * the generated labels must be present unless `manualSelector`), ValidateJob + ValidateJobUpdate
 * on update (template immutable except a suspended, never-started Job's scheduling directives;
 * completions only with parallelism for Indexed Jobs; selector, completionMode, podFailurePolicy,
 * backoffLimitPerIndex, managedBy and successPolicy immutable), the status transition rules the
 * server applies by default, and the warning about names that are no DNS label. Pure.
 */
export const jobValidation: KindValidation = {
  validate,
  validateUpdate,
  validateStatusUpdate: validateJobStatusUpdate,
  warnings,
};
