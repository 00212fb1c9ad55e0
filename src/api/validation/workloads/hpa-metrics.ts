import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import {
  isDNS1123Label,
  isQualifiedName,
  isValidPathSegmentName,
} from '../../../apimachinery/validation/index.js';
import { MetaParseError, parseGroupVersion } from '../../../apimachinery/meta/index.js';
import { readQuantity } from './quantity-field.js';
import { type Dict, dict, int32, isDict, list, str, wrongType } from './shape.js';

const sourceTypes = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const sourceFields: ReadonlyArray<[field: string, type: string]> = [
  ['object', 'Object'],
  ['external', 'External'],
  ['pods', 'Pods'],
  ['resource', 'Resource'],
  ['containerResource', 'ContainerResource'],
];

/** How strictly a reference's apiVersion is judged (upstream's CrossVersionObjectReferenceValidationOptions). */
export interface ReferenceOptions {
  /** Skip the apiVersion check (an update that keeps an already stored kind and apiVersion). */
  readonly allowInvalidAPIVersion: boolean;
  /** Accept an apiVersion without a group (core kinds). */
  readonly allowEmptyAPIGroup: boolean;
}

/**
 * Upstream's ValidateAPIVersion: undefined when the reference's apiVersion is acceptable, else
 * the message (`apiVersion must specify API group`, `unexpected GroupVersion string: a/b/c`).
 */
export function apiVersionProblem(ref: Dict, opts: ReferenceOptions): string | undefined {
  if (opts.allowInvalidAPIVersion) return undefined;
  const apiVersion = typeof ref['apiVersion'] === 'string' ? ref['apiVersion'] : '';
  try {
    const gv = parseGroupVersion(apiVersion);
    if (gv.group === '' && !opts.allowEmptyAPIGroup) return 'apiVersion must specify API group';
    return undefined;
  } catch (e) {
    if (!(e instanceof MetaParseError)) throw e;
    return e.message;
  }
}

/**
 * Upstream's ValidateCrossVersionObjectReference: kind and name required, each a path segment,
 * and the apiVersion as `opts` allow. Appends errors.
 */
export function validateObjectReference(
  v: unknown,
  fldPath: FieldPath,
  opts: ReferenceOptions,
  errs: FieldError[],
): void {
  const ref = dict(v, fldPath, errs) ?? {};
  for (const key of ['kind', 'name']) {
    const p = fldPath.child(key);
    const s = str(ref[key], p, errs);
    if (s === '') errs.push(required(p, ''));
    else for (const msg of isValidPathSegmentName(s)) errs.push(invalid(p, s, msg));
  }
  const apiVersion = str(ref['apiVersion'], fldPath.child('apiVersion'), errs);
  const problem = apiVersionProblem(ref, opts);
  if (problem !== undefined) errs.push(invalid(fldPath.child('apiVersion'), apiVersion, problem));
}

interface Target {
  readonly hasValue: boolean;
  readonly hasAverageValue: boolean;
  readonly hasAverageUtilization: boolean;
}

function validateTarget(v: unknown, fldPath: FieldPath, errs: FieldError[]): Target {
  const t = dict(v, fldPath, errs) ?? {};
  const typePath = fldPath.child('type');
  const type = str(t['type'], typePath, errs);
  if (type === '') errs.push(required(typePath, 'must specify a metric target type'));
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') {
    errs.push(invalid(typePath, type, 'must be either Utilization, Value, or AverageValue'));
  }
  const value = readQuantity(t['value'], fldPath.child('value'), errs);
  if (value !== undefined && value.sign() !== 1)
    errs.push(invalid(fldPath.child('value'), value.toString(), 'must be positive'));
  const avg = readQuantity(t['averageValue'], fldPath.child('averageValue'), errs);
  if (avg !== undefined && avg.sign() !== 1) {
    errs.push(invalid(fldPath.child('averageValue'), avg.toString(), 'must be positive'));
  }
  const utilPath = fldPath.child('averageUtilization');
  const util = int32(t['averageUtilization'], utilPath, errs);
  if (util !== undefined && util < 1) errs.push(invalid(utilPath, util, 'must be greater than 0'));
  return {
    hasValue: value !== undefined,
    hasAverageValue: avg !== undefined,
    hasAverageUtilization: util !== undefined,
  };
}

function validateMetricIdentifier(v: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  const id = dict(v, fldPath, errs) ?? {};
  const p = fldPath.child('name');
  const name = str(id['name'], p, errs);
  if (name === '') errs.push(required(p, 'must specify a metric name'));
  else for (const msg of isValidPathSegmentName(name)) errs.push(invalid(p, name, msg));
}

// Upstream's ValidateContainerResourceName.
function validateContainerResourceName(name: string, fldPath: FieldPath, errs: FieldError[]): void {
  for (const msg of isQualifiedName(name)) errs.push(invalid(fldPath, name, msg));
  if (!name.includes('/')) {
    const standard = ['cpu', 'memory', 'ephemeral-storage'].includes(name) || name.startsWith('hugepages-');
    if (!standard) errs.push(invalid(fldPath, name, 'must be a standard resource for containers'));
  } else if (!name.includes('kubernetes.io/')) {
    const extended = !name.startsWith('requests.') && isQualifiedName(`requests.${name}`).length === 0;
    if (!extended) errs.push(invalid(fldPath, name, "doesn't follow extended resource name standard"));
  }
}

function validateSource(
  key: string,
  src: Dict,
  fldPath: FieldPath,
  opts: ReferenceOptions,
  errs: FieldError[],
): void {
  const targetPath = fldPath.child('target');
  switch (key) {
    case 'object': {
      validateObjectReference(src['describedObject'], fldPath.child('describedObject'), opts, errs);
      validateMetricIdentifier(src['metric'], fldPath.child('metric'), errs);
      const t = validateTarget(src['target'], targetPath, errs);
      if (!t.hasValue && !t.hasAverageValue) {
        errs.push(
          required(targetPath.child('averageValue'), 'must set either a target value or averageValue'),
        );
      }
      return;
    }
    case 'external': {
      validateMetricIdentifier(src['metric'], fldPath.child('metric'), errs);
      const t = validateTarget(src['target'], targetPath, errs);
      if (!t.hasValue && !t.hasAverageValue) {
        errs.push(
          required(
            targetPath.child('averageValue'),
            'must set either a target value for metric or a per-pod target',
          ),
        );
      }
      if (t.hasValue && t.hasAverageValue) {
        errs.push(
          forbidden(
            targetPath.child('value'),
            'may not set both a target value for metric and a per-pod target',
          ),
        );
      }
      return;
    }
    case 'pods': {
      validateMetricIdentifier(src['metric'], fldPath.child('metric'), errs);
      const t = validateTarget(src['target'], targetPath, errs);
      if (!t.hasAverageValue) {
        errs.push(required(targetPath.child('averageValue'), 'must specify a positive target averageValue'));
      }
      return;
    }
    default: {
      const namePath = fldPath.child('name');
      const name = str(src['name'], namePath, errs);
      if (name === '') errs.push(required(namePath, 'must specify a resource name'));
      if (key === 'containerResource') {
        if (name !== '') validateContainerResourceName(name, namePath, errs);
        const cPath = fldPath.child('container');
        const container = str(src['container'], cPath, errs);
        if (container === '') errs.push(required(cPath, 'must specify a container'));
        else for (const msg of isDNS1123Label(container)) errs.push(invalid(cPath, container, msg));
      }
      const t = validateTarget(src['target'], targetPath, errs);
      if (!t.hasAverageUtilization && !t.hasAverageValue) {
        errs.push(
          required(
            targetPath.child('averageUtilization'),
            'must set either a target raw value or a target utilization',
          ),
        );
      }
      if (t.hasAverageUtilization && t.hasAverageValue) {
        errs.push(
          forbidden(
            targetPath.child('averageValue'),
            'may not set both a target raw value and a target utilization',
          ),
        );
      }
    }
  }
}

function validateMetricSpec(m: Dict, fldPath: FieldPath, opts: ReferenceOptions, errs: FieldError[]): string {
  const typePath = fldPath.child('type');
  const type = str(m['type'], typePath, errs);
  if (type === '') errs.push(required(typePath, 'must specify a metric source type'));
  if (!sourceTypes.includes(type)) errs.push(notSupported(typePath, type, sourceTypes));
  const present: string[] = [];
  for (const [key] of sourceFields) {
    const src = dict(m[key], fldPath.child(key), errs);
    if (src === undefined) continue;
    present.push(key);
    // Only the first source present is examined, as upstream does.
    if (present.length === 1) validateSource(key, src, fldPath.child(key), opts, errs);
  }
  const expected = sourceFields.find(([, t]) => t === type)?.[0];
  if (expected === undefined) errs.push(notSupported(typePath, type, sourceTypes));
  else if (!present.includes(expected)) {
    errs.push(required(fldPath.child(expected), 'must populate information for the given metric source'));
  }
  if (present.length !== 1) {
    for (const key of present) {
      if (key !== expected)
        errs.push(forbidden(fldPath.child(key), 'must populate the given metric source only'));
    }
  }
  return type;
}

/**
 * Upstream's validateMetrics: each metric's type and its one source (described objects judged by
 * `opts`), and with minReplicas 0
 * at least one Object or External metric. Appends errors.
 */
export function validateMetrics(
  v: unknown,
  minReplicas: number | undefined,
  fldPath: FieldPath,
  opts: ReferenceOptions,
  errs: FieldError[],
) {
  let scalable = false;
  list(v, fldPath, errs).forEach((m, i) => {
    if (!isDict(m)) {
      errs.push(wrongType(fldPath.index(i), m, 'object'));
      return;
    }
    const type = validateMetricSpec(m, fldPath.index(i), opts, errs);
    if (type === 'Object' || type === 'External') scalable = true;
  });
  if (minReplicas === 0 && !scalable) {
    errs.push(
      forbidden(
        fldPath,
        'must specify at least one Object or External metric to support scaling to zero replicas',
      ),
    );
  }
}
