import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import {
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateLabelName,
  validateNamespaceName,
} from '../../../apimachinery/validation/index.js';
import { validateLabelSelector } from './label-selector.js';
import type { PodValidationOptions } from './options.js';
import { type Dict, has, int, isDict, obj, objList, optStr, str, strList } from './shape.js';

function validateNodeSelectorRequirement(
  rq: Dict,
  allowInvalidValue: boolean,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  const operator = str(rq, 'operator', fldPath, errs);
  const key = str(rq, 'key', fldPath, errs);
  const values = strList(rq, 'values', fldPath, errs);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        errs.push(required(fldPath.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(
          forbidden(
            fldPath.child('values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      }
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) {
        errs.push(
          required(fldPath.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"),
        );
      }
      break;
    default:
      errs.push(invalid(fldPath.child('operator'), operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(key, fldPath.child('key')));
  if (!allowInvalidValue) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid(fldPath.child('values').index(i), v, msg));
    });
  }
}

function validateNodeFieldSelectorRequirement(req: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const operator = str(req, 'operator', fldPath, errs);
  const key = str(req, 'key', fldPath, errs);
  const values = strList(req, 'values', fldPath, errs);
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length !== 1) {
      errs.push(
        required(
          fldPath.child('values'),
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        ),
      );
    }
  } else {
    errs.push(invalid(fldPath.child('operator'), operator, 'not a valid selector operator'));
  }
  if (key !== 'metadata.name') {
    errs.push(invalid(fldPath.child('key'), key, 'not a valid field selector key'));
  } else {
    values.forEach((v, i) => {
      for (const msg of nameIsDNSSubdomain(v, false))
        errs.push(invalid(fldPath.child('values').index(i), v, msg));
    });
  }
}

function validateNodeSelectorTerm(
  term: Dict,
  allowInvalidValue: boolean,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  for (const { item, index } of objList(term, 'matchExpressions', fldPath, errs)) {
    validateNodeSelectorRequirement(
      item,
      allowInvalidValue,
      fldPath.child('matchExpressions').index(index),
      errs,
    );
  }
  for (const { item, index } of objList(term, 'matchFields', fldPath, errs)) {
    validateNodeFieldSelectorRequirement(item, fldPath.child('matchFields').index(index), errs);
  }
}

/** Upstream's ValidateNodeSelector: at least one term, each term's requirements. Appends. */
export function validateNodeSelector(
  ns: Dict,
  allowInvalidValue: boolean,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  const terms = objList(ns, 'nodeSelectorTerms', fldPath, errs);
  if (terms.length === 0) {
    errs.push(required(fldPath.child('nodeSelectorTerms'), 'must have at least one node selector term'));
    return;
  }
  for (const { item, index } of terms) {
    validateNodeSelectorTerm(item, allowInvalidValue, fldPath.child('nodeSelectorTerms').index(index), errs);
  }
}

function weight(d: Dict, p: FieldPath, errs: FieldError[]): void {
  const w = int(d, 'weight', p, errs) ?? 0;
  if (w <= 0 || w > 100) errs.push(invalid(p.child('weight'), w, 'must be in the range 1-100'));
}

function selectorKeys(selector: unknown): Set<string> {
  const keys = new Set<string>();
  if (!isDict(selector)) return keys;
  if (isDict(selector['matchLabels'])) for (const k of Object.keys(selector['matchLabels'])) keys.add(k);
  return keys;
}

function validateLabelKeys(keys: string[], selector: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  if (keys.length === 0) return;
  if (selector === undefined || selector === null) {
    errs.push(forbidden(fldPath, 'must not be specified when labelSelector is not set'));
    return;
  }
  keys.forEach((k, i) => {
    errs.push(...validateLabelName(k, fldPath.index(i)));
  });
}

function validatePodAffinityTerm(
  term: Dict,
  allowInvalid: boolean,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  const opts = { allowInvalidLabelValueInSelector: allowInvalid };
  validateLabelSelector(term['labelSelector'], fldPath.child('labelSelector'), opts, errs);
  validateLabelSelector(term['namespaceSelector'], fldPath.child('namespaceSelector'), opts, errs);
  for (const ns of strList(term, 'namespaces', fldPath, errs)) {
    for (const msg of validateNamespaceName(ns, false))
      errs.push(invalid(fldPath.child('namespace'), ns, msg));
  }
  const matchKeys = strList(term, 'matchLabelKeys', fldPath, errs);
  const mismatchKeys = strList(term, 'mismatchLabelKeys', fldPath, errs);
  const selector = term['labelSelector'];
  validateLabelKeys(matchKeys, selector, fldPath.child('matchLabelKeys'), errs);
  validateLabelKeys(mismatchKeys, selector, fldPath.child('mismatchLabelKeys'), errs);
  if (isDict(selector)) {
    // A key both in matchLabelKeys and already in the selector makes the generated term redundant.
    const index = new Map(matchKeys.map((k, i) => [k, i]));
    const seen = selectorKeys(selector);
    const exprs = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'] : [];
    for (const e of exprs) {
      const key = isDict(e) && typeof e['key'] === 'string' ? e['key'] : '';
      const i = index.get(key);
      if (i !== undefined && seen.has(key)) {
        errs.push(invalid(fldPath.index(i), key, 'exists in both matchLabelKeys and labelSelector'));
      }
      seen.add(key);
    }
  }
  const mismatch = new Set(mismatchKeys);
  matchKeys.forEach((k, i) => {
    if (mismatch.has(k)) {
      errs.push(
        invalid(
          fldPath.child('matchLabelKeys').index(i),
          k,
          'exists in both matchLabelKeys and mismatchLabelKeys',
        ),
      );
    }
  });
  const topologyKey = str(term, 'topologyKey', fldPath, errs);
  if (topologyKey === '') errs.push(required(fldPath.child('topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, fldPath.child('topologyKey')));
}

function validatePodAffinityKind(
  pa: Dict,
  allowInvalid: boolean,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  const reqPath = fldPath.child('requiredDuringSchedulingIgnoredDuringExecution');
  for (const { item, index } of objList(
    pa,
    'requiredDuringSchedulingIgnoredDuringExecution',
    fldPath,
    errs,
  )) {
    validatePodAffinityTerm(item, allowInvalid, reqPath.index(index), errs);
  }
  const prefPath = fldPath.child('preferredDuringSchedulingIgnoredDuringExecution');
  for (const { item, index } of objList(
    pa,
    'preferredDuringSchedulingIgnoredDuringExecution',
    fldPath,
    errs,
  )) {
    const p = prefPath.index(index);
    weight(item, p, errs);
    validatePodAffinityTerm(
      obj(item, 'podAffinityTerm', p, errs) ?? {},
      allowInvalid,
      p.child('podAffinityTerm'),
      errs,
    );
  }
}

/** Node affinity, pod affinity and pod anti-affinity as upstream's validateAffinity. Appends. */
export function validateAffinity(
  spec: Dict,
  specPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  const fldPath = specPath.child('affinity');
  const affinity = obj(spec, 'affinity', specPath, errs);
  if (affinity === undefined) return;
  const na = obj(affinity, 'nodeAffinity', fldPath, errs);
  if (na !== undefined) {
    const naPath = fldPath.child('nodeAffinity');
    const req = obj(na, 'requiredDuringSchedulingIgnoredDuringExecution', naPath, errs);
    if (req !== undefined) {
      validateNodeSelector(
        req,
        opts.allowInvalidLabelValueInRequiredNodeAffinity === true,
        naPath.child('requiredDuringSchedulingIgnoredDuringExecution'),
        errs,
      );
    }
    const prefPath = naPath.child('preferredDuringSchedulingIgnoredDuringExecution');
    for (const { item, index } of objList(
      na,
      'preferredDuringSchedulingIgnoredDuringExecution',
      naPath,
      errs,
    )) {
      const p = prefPath.index(index);
      weight(item, p, errs);
      // Preferred terms always accept invalid label values: they can still match a lone node.
      validateNodeSelectorTerm(obj(item, 'preference', p, errs) ?? {}, true, p.child('preference'), errs);
    }
  }
  const allowInvalid = opts.allowInvalidLabelValueInSelector === true;
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = obj(affinity, kind, fldPath, errs);
    if (pa !== undefined) validatePodAffinityKind(pa, allowInvalid, fldPath.child(kind), errs);
  }
}

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Upstream's ValidateTolerations. Appends to `errs`. */
export function validateTolerations(
  list: ReadonlyArray<{ item: Dict; index: number }>,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  for (const { item, index } of list) {
    const p = fldPath.index(index);
    const key = str(item, 'key', p, errs);
    const operator = str(item, 'operator', p, errs);
    const value = str(item, 'value', p, errs);
    const effect = str(item, 'effect', p, errs);
    const seconds = int(item, 'tolerationSeconds', p, errs);
    if (key !== '') errs.push(...validateLabelName(key, p.child('key')));
    if (key === '' && operator !== 'Exists') {
      errs.push(
        invalid(
          p.child('operator'),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (seconds !== undefined && effect !== 'NoExecute') {
      errs.push(
        invalid(p.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    }
    switch (operator) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(value);
        if (msgs.length > 0) errs.push(invalid(p.child('operator'), value, msgs.join(';')));
        break;
      }
      case 'Exists':
        if (value !== '')
          errs.push(invalid(p.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(p.child('operator'), operator, ['Equal', 'Exists']));
    }
    if (effect !== '' && !taintEffects.includes(effect))
      errs.push(notSupported(p.child('effect'), effect, taintEffects));
  }
}

const nodeInclusionPolicies = ['Honor', 'Ignore'];

/** Upstream's validateTopologySpreadConstraints. Appends to `errs`. */
export function validateTopologySpreadConstraints(
  spec: Dict,
  specPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  const fldPath = specPath.child('topologySpreadConstraints');
  const list = objList(spec, 'topologySpreadConstraints', specPath, errs);
  const pairs = list.map(
    ({ item }) => `${String(item['topologyKey'])}\u0000${String(item['whenUnsatisfiable'])}`,
  );
  list.forEach(({ item, index }, pos) => {
    const p = fldPath.index(index);
    const maxSkew = int(item, 'maxSkew', p, errs) ?? 0;
    if (maxSkew <= 0) errs.push(invalid(p.child('maxSkew'), maxSkew, 'must be greater than zero'));
    const topologyKey = str(item, 'topologyKey', p, errs);
    if (topologyKey === '') errs.push(required(p.child('topologyKey'), 'can not be empty'));
    const when = str(item, 'whenUnsatisfiable', p, errs);
    if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') {
      errs.push(notSupported(p.child('whenUnsatisfiable'), when, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    if (pairs.indexOf(pairs[pos]!, pos + 1) > pos) {
      errs.push(duplicate(p.child('{topologyKey, whenUnsatisfiable}'), `{${topologyKey}, ${when}}`));
    }
    const minDomains = int(item, 'minDomains', p, errs);
    if (minDomains !== undefined) {
      if (minDomains <= 0) errs.push(invalid(p.child('minDomains'), minDomains, 'must be greater than zero'));
      if (when !== 'DoNotSchedule') {
        errs.push(
          invalid(
            p.child('minDomains'),
            minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${when}`,
          ),
        );
      }
    }
    for (const k of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const v = optStr(item, k, p, errs);
      if (v !== undefined && !nodeInclusionPolicies.includes(v)) {
        errs.push(notSupported(p.child(k), v, nodeInclusionPolicies));
      }
    }
    const matchKeys = strList(item, 'matchLabelKeys', p, errs);
    const selector = item['labelSelector'];
    if (matchKeys.length > 0) {
      const keys = selectorKeys(selector);
      if (isDict(selector) && Array.isArray(selector['matchExpressions'])) {
        for (const e of selector['matchExpressions'])
          if (isDict(e) && typeof e['key'] === 'string') keys.add(e['key']);
      }
      if (!has(item, 'labelSelector')) {
        errs.push(
          forbidden(p.child('matchLabelKeys'), 'must not be specified when labelSelector is not set'),
        );
      }
      matchKeys.forEach((k, i) => {
        errs.push(...validateLabelName(k, p.child('matchLabelKeys').index(i)));
        if (keys.has(k)) {
          errs.push(
            invalid(p.child('matchLabelKeys').index(i), k, 'exists in both matchLabelKeys and labelSelector'),
          );
        }
      });
    }
    if (opts.allowInvalidTopologySpreadConstraintLabelSelector !== true) {
      validateLabelSelector(selector, p.child('labelSelector'), {}, errs);
    }
  });
}
