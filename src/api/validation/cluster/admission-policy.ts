import {
  duplicate,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPathSegmentName,
  nameIsDNSSubdomain,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { failurePolicies, validateMatchConditions, validateMatchResources } from './admission-rules.js';
import { invalidEach, validateLabelSelector } from './common.js';
import { defineKind } from './kind.js';
import { isObj, type Reader } from './shape.js';

// Expressions are checked for presence only; compiling CEL is not done here.

const reasons = ['Forbidden', 'Invalid', 'RequestEntityTooLarge', 'Unauthorized'];
const validationActions = ['Audit', 'Deny', 'Warn'];

function validateParamKind(kind: JsonObject, p: FieldPath, r: Reader): void {
  const apiVersion = r.str(kind, 'apiVersion', p.child('apiVersion'));
  const ap = p.child('apiVersion');
  if (apiVersion === '') {
    r.errs.push(required(ap));
  } else if (apiVersion !== '/') {
    const slashes = apiVersion.split('/').length - 1;
    if (slashes > 1) {
      r.errs.push(invalid(ap, apiVersion, `unexpected GroupVersion string: ${apiVersion}`));
    } else {
      const slash = apiVersion.indexOf('/');
      const group = slash < 0 ? '' : apiVersion.slice(0, slash);
      const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
      if (group !== '') {
        const ge = isDNS1123Subdomain(group);
        if (ge.length > 0) r.errs.push(invalid(ap, group, ge.join(',')));
      }
      if (version === '') r.errs.push(invalid(ap, apiVersion, 'version must be specified'));
      else {
        const ve = isDNS1035Label(version);
        if (ve.length > 0) r.errs.push(invalid(ap, version, ve.join(',')));
      }
    }
  } else {
    r.errs.push(invalid(ap, apiVersion, 'version must be specified'));
  }
  const k = r.str(kind, 'kind', p.child('kind'));
  if (k === '') r.errs.push(required(p.child('kind')));
  else {
    const ke = isDNS1035Label(k.toLowerCase());
    if (ke.length > 0) {
      r.errs.push(
        invalid(p.child('kind'), k, `may have mixed case, but should otherwise match: ${ke.join(',')}`),
      );
    }
  }
}

function validateCommonSpec(spec: JsonObject, p: FieldPath, r: Reader): void {
  const failure = r.optStr(spec, 'failurePolicy', p.child('failurePolicy'));
  if (failure === undefined) r.errs.push(required(p.child('failurePolicy')));
  else if (!failurePolicies.includes(failure))
    r.errs.push(notSupported(p.child('failurePolicy'), failure, failurePolicies));
  const paramKind = r.obj(spec, 'paramKind', p.child('paramKind'));
  if (paramKind !== undefined) validateParamKind(paramKind, p.child('paramKind'), r);
  const mc = r.obj(spec, 'matchConstraints', p.child('matchConstraints'));
  if (mc === undefined) r.errs.push(required(p.child('matchConstraints')));
  else {
    validateMatchResources(mc, p.child('matchConstraints'), r);
    if (!Array.isArray(mc['resourceRules']) || mc['resourceRules'].length === 0) {
      r.errs.push(required(p.child('matchConstraints', 'resourceRules')));
    }
  }
  validateMatchConditions(spec, p.child('matchConditions'), r);
  validateVariables(spec, p.child('variables'), r);
}

const celReserved = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

function validateVariables(spec: JsonObject, p: FieldPath, r: Reader): void {
  for (const [v, i] of r.objs(spec, 'variables', p)) {
    const vp = p.index(i);
    const name = r.str(v, 'name', vp.child('name'));
    if (name.trim() === '') r.errs.push(required(vp.child('name'), 'name is not specified'));
    else if (!/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(name) || celReserved.has(name)) {
      r.errs.push(invalid(vp.child('name'), name, 'name is not a valid CEL identifier'));
    }
    if (r.str(v, 'expression', vp.child('expression')).trim() === '') {
      r.errs.push(required(vp.child('expression'), 'expression is not specified'));
    }
  }
}

function policyName(obj: JsonObject): string {
  const meta = isObj(obj['metadata']) ? obj['metadata'] : {};
  return typeof meta['name'] === 'string' ? meta['name'] : '';
}

function validateTypeChecking(obj: JsonObject, r: Reader): void {
  const p = path('status', 'typeChecking', 'expressionWarnings');
  const status = r.obj(obj, 'status', path('status'));
  const typeChecking = r.obj(status, 'typeChecking', path('status', 'typeChecking'));
  for (const [w, i] of r.objs(typeChecking, 'expressionWarnings', p)) {
    if (r.str(w, 'warning', p.index(i).child('warning')) === '')
      r.errs.push(required(p.index(i).child('warning')));
    if (r.str(w, 'fieldRef', p.index(i).child('fieldRef')) === '')
      r.errs.push(required(p.index(i).child('fieldRef')));
  }
}

function validateValidations(spec: JsonObject, policyName: string, p: FieldPath, r: Reader): void {
  const validations = r.objs(spec, 'validations', p.child('validations'));
  const audits = r.objs(spec, 'auditAnnotations', p.child('auditAnnotations'));
  if (validations.length === 0 && audits.length === 0) {
    const msg = 'validations or auditAnnotations must contain at least one item';
    r.errs.push(required(p.child('validations'), msg), required(p.child('auditAnnotations'), msg));
    return;
  }
  for (const [v, i] of validations) {
    const vp = p.child('validations').index(i);
    if (r.str(v, 'expression', vp.child('expression')).trim() === '') {
      r.errs.push(required(vp.child('expression'), 'expression is not specified'));
    }
    const messageExpression = r.str(v, 'messageExpression', vp.child('messageExpression'));
    if (messageExpression !== '' && messageExpression.trim() === '') {
      r.errs.push(
        invalid(vp.child('messageExpression'), messageExpression, 'must be non-empty if specified'),
      );
    }
    const message = r.str(v, 'message', vp.child('message'));
    if (message !== '' && message.trim() === '') {
      r.errs.push(invalid(vp.child('message'), message, 'message must be non-empty if specified'));
    } else if (/[\n\r]/.test(message.trim())) {
      r.errs.push(invalid(vp.child('message'), message, 'message must not contain line breaks'));
    }
    const reason = r.optStr(v, 'reason', vp.child('reason'));
    if (reason !== undefined && !reasons.includes(reason))
      r.errs.push(notSupported(vp.child('reason'), reason, reasons));
  }
  if (audits.length > 20) {
    r.errs.push(
      invalid(
        p.child('auditAnnotations'),
        spec['auditAnnotations'],
        'must not have more than 20 auditAnnotations',
      ),
    );
  }
  const keys = new Set<string>();
  for (const [a, i] of audits) {
    const ap = p.child('auditAnnotations').index(i);
    const key = r.str(a, 'key', ap.child('key'));
    // The key becomes the annotation `<policy name>/<key>`, so that is what must be qualified.
    if (policyName !== '') {
      const full = `${policyName}/${key}`;
      r.errs.push(...invalidEach(ap.child('key'), full, isQualifiedName(full)));
    } else {
      r.errs.push(invalid(ap.child('key'), key, 'requires metadata.name be non-empty'));
    }
    const valueExpression = r.str(a, 'valueExpression', ap.child('valueExpression')).trim();
    if (valueExpression === '') {
      r.errs.push(required(ap.child('valueExpression'), 'valueExpression is not specified'));
    } else if (Buffer.byteLength(valueExpression) > 5 * 1024) {
      r.errs.push(tooLong(ap.child('valueExpression'), '', 5 * 1024));
    }
    if (keys.has(key)) r.errs.push(duplicate(ap.child('key'), key));
    keys.add(key);
  }
}

function validateParamRef(ref: JsonObject | undefined, p: FieldPath, r: Reader): void {
  if (ref === undefined) return;
  const name = r.str(ref, 'name', p.child('name'));
  const selector = r.obj(ref, 'selector', p.child('selector'));
  if (name !== '') {
    r.errs.push(...invalidEach(p.child('name'), name, isValidPathSegmentName(name)));
    if (selector !== undefined)
      r.errs.push(forbidden(p.child('name'), 'name and selector are mutually exclusive'));
  }
  if (selector !== undefined) {
    validateLabelSelector(selector, r, p.child('selector'));
    if (name !== '') r.errs.push(forbidden(p.child('selector'), 'name and selector are mutually exclusive'));
  }
  if (name === '' && selector === undefined)
    r.errs.push(required(p, 'one of name or selector must be specified'));
  const action = r.str(ref, 'parameterNotFoundAction', p.child('parameterNotFoundAction'));
  if (action === '') r.errs.push(required(p.child('parameterNotFoundAction')));
  else if (action !== 'Deny' && action !== 'Allow') {
    r.errs.push(notSupported(p.child('parameterNotFoundAction'), action, ['Deny', 'Allow']));
  }
}

function validatePolicyName(spec: JsonObject, p: FieldPath, r: Reader): void {
  const name = r.str(spec, 'policyName', p.child('policyName'));
  if (name === '') r.errs.push(required(p.child('policyName')));
  else r.errs.push(...invalidEach(p.child('policyName'), name, nameIsDNSSubdomain(name, false)));
}

function specOf(obj: JsonObject, r: Reader): JsonObject {
  return r.obj(obj, 'spec', path('spec')) ?? {};
}

/** admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (without CEL compilation). */
export const validatingAdmissionPolicyValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create(obj, r) {
    const spec = specOf(obj, r);
    validateCommonSpec(spec, path('spec'), r);
    validateValidations(spec, policyName(obj), path('spec'), r);
  },
  status: (obj, _old, r) => validateTypeChecking(obj, r),
});

/** admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding. */
export const validatingAdmissionPolicyBindingValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create(obj, r) {
    const p = path('spec');
    const spec = specOf(obj, r);
    validatePolicyName(spec, p, r);
    validateParamRef(r.obj(spec, 'paramRef', p.child('paramRef')), p.child('paramRef'), r);
    // "matchResouces" is upstream's spelling of this path.
    validateMatchResources(
      r.obj(spec, 'matchResources', p.child('matchResources')),
      p.child('matchResouces'),
      r,
    );
    const ap = p.child('validationActions');
    const actions = r.strs(spec, 'validationActions', ap);
    const seen = new Set<string>();
    actions.forEach((a, i) => {
      if (!validationActions.includes(a)) r.errs.push(notSupported(ap.index(i), a, validationActions));
      if (seen.has(a)) r.errs.push(duplicate(ap.index(i), a));
      seen.add(a);
    });
    if (seen.has('Deny') && seen.has('Warn')) {
      r.errs.push(
        invalid(
          ap,
          actions,
          'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
        ),
      );
    }
    if (seen.size === 0) r.errs.push(required(ap, 'at least one validation action is required'));
  },
});

/** admissionregistration.k8s.io/v1 MutatingAdmissionPolicy (shape only, without CEL compilation). */
export const mutatingAdmissionPolicyValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create(obj, r) {
    const p = path('spec');
    const spec = specOf(obj, r);
    validateCommonSpec(spec, p, r);
    const mutations = r.objs(spec, 'mutations', p.child('mutations'));
    if (mutations.length === 0)
      r.errs.push(required(p.child('mutations'), 'mutations must contain at least one item'));
    for (const [m, i] of mutations) {
      const mp = p.child('mutations').index(i);
      const type = r.str(m, 'patchType', mp.child('patchType'));
      if (type === '') r.errs.push(required(mp.child('patchType')));
      else if (type !== 'ApplyConfiguration' && type !== 'JSONPatch') {
        r.errs.push(notSupported(mp.child('patchType'), type, ['ApplyConfiguration', 'JSONPatch']));
      }
    }
    const reinvocation = r.str(spec, 'reinvocationPolicy', p.child('reinvocationPolicy'));
    if (reinvocation !== '' && reinvocation !== 'Never' && reinvocation !== 'IfNeeded') {
      r.errs.push(notSupported(p.child('reinvocationPolicy'), reinvocation, ['Never', 'IfNeeded']));
    }
  },
});

/** admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding (shape only). */
export const mutatingAdmissionPolicyBindingValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create(obj, r) {
    const p = path('spec');
    const spec = specOf(obj, r);
    validatePolicyName(spec, p, r);
    validateParamRef(r.obj(spec, 'paramRef', p.child('paramRef')), p.child('paramRef'), r);
    validateMatchResources(
      r.obj(spec, 'matchResources', p.child('matchResources')),
      p.child('matchResources'),
      r,
    );
  },
});
