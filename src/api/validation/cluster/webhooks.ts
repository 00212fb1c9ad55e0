import { duplicate, invalid, notSupported, path, required } from '../../../apimachinery/field/index.js';
import { isDNS1035Label, nameIsDNSSubdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import {
  failurePolicies,
  matchPolicies,
  validateMatchConditions,
  validateRuleWithOperations,
} from './admission-rules.js';
import { invalidEach, validateLabelSelector } from './common.js';
import { isFullyQualifiedName } from './fqdn.js';
import { defineKind } from './kind.js';
import { quietReader, type Reader } from './shape.js';
import { validateWebhookService, validateWebhookURL } from './webhook-client.js';

const acceptedReviewVersions = ['v1', 'v1beta1'];
const allSideEffects = ['None', 'NoneOnDryRun', 'Some', 'Unknown'];
const noSideEffects = ['None', 'NoneOnDryRun'];
const reinvocationPolicies = ['IfNeeded', 'Never'];

interface WebhookOptions {
  readonly ignoreMatchConditions: boolean;
  readonly requireNoSideEffects: boolean;
  readonly requireRecognizedReviewVersion: boolean;
  readonly requireUniqueNames: boolean;
}

const createOptions: WebhookOptions = {
  ignoreMatchConditions: false,
  requireNoSideEffects: true,
  requireRecognizedReviewVersion: true,
  requireUniqueNames: true,
};

function validateReviewVersions(hook: JsonObject, r: Reader, i: number, opts: WebhookOptions): void {
  const p = path('webhooks').index(i).child('admissionReviewVersions');
  const versions = r.strs(hook, 'admissionReviewVersions', p);
  if (versions.length === 0) {
    r.errs.push(required(p, `must specify one of ${acceptedReviewVersions.join(', ')}`));
    return;
  }
  const seen = new Set<string>();
  let accepted = false;
  versions.forEach((v, j) => {
    if (seen.has(v)) {
      r.errs.push(invalid(p.index(j), v, 'duplicate version'));
      return;
    }
    seen.add(v);
    r.errs.push(...invalidEach(p.index(j), v, isDNS1035Label(v)));
    if (acceptedReviewVersions.includes(v)) accepted = true;
  });
  if (opts.requireRecognizedReviewVersion && !accepted) {
    r.errs.push(invalid(p, versions, `must include at least one of ${acceptedReviewVersions.join(', ')}`));
  }
}

function validateWebhook(
  hook: JsonObject,
  r: Reader,
  i: number,
  opts: WebhookOptions,
  mutating: boolean,
): void {
  const p = path('webhooks').index(i);
  r.errs.push(...isFullyQualifiedName(p.child('name'), r.str(hook, 'name', p.child('name'))));
  for (const [rule, j] of r.objs(hook, 'rules', p.child('rules'))) {
    validateRuleWithOperations(rule, p.child('rules').index(j), r);
  }
  const failure = r.optStr(hook, 'failurePolicy', p.child('failurePolicy'));
  if (failure !== undefined && !failurePolicies.includes(failure)) {
    r.errs.push(notSupported(p.child('failurePolicy'), failure, failurePolicies));
  }
  const match = r.optStr(hook, 'matchPolicy', p.child('matchPolicy'));
  if (match !== undefined && !matchPolicies.includes(match)) {
    r.errs.push(notSupported(p.child('matchPolicy'), match, matchPolicies));
  }
  const allowed = opts.requireNoSideEffects ? noSideEffects : allSideEffects;
  const sideEffects = r.optStr(hook, 'sideEffects', p.child('sideEffects'));
  if (sideEffects === undefined) {
    r.errs.push(required(p.child('sideEffects'), `must specify one of ${allowed.join(', ')}`));
  } else if (!allowed.includes(sideEffects)) {
    r.errs.push(notSupported(p.child('sideEffects'), sideEffects, allowed));
  }
  const timeout = r.int(hook, 'timeoutSeconds', p.child('timeoutSeconds'));
  if (timeout !== undefined && (timeout > 30 || timeout < 1)) {
    r.errs.push(
      invalid(p.child('timeoutSeconds'), timeout, 'the timeout value must be between 1 and 30 seconds'),
    );
  }
  if (mutating) {
    const reinvocation = r.optStr(hook, 'reinvocationPolicy', p.child('reinvocationPolicy'));
    if (reinvocation !== undefined && !reinvocationPolicies.includes(reinvocation)) {
      r.errs.push(notSupported(p.child('reinvocationPolicy'), reinvocation, reinvocationPolicies));
    }
  }
  for (const key of ['namespaceSelector', 'objectSelector']) {
    const sel = r.obj(hook, key, p.child(key));
    if (sel !== undefined) validateLabelSelector(sel, r, p.child(key));
  }
  const cp = p.child('clientConfig');
  const cc = r.obj(hook, 'clientConfig', cp);
  const url = r.optStr(cc, 'url', cp.child('url'));
  const service = r.obj(cc, 'service', cp.child('service'));
  if ((url === undefined) === (service === undefined)) {
    r.errs.push(required(cp, 'exactly one of url or service is required'));
  } else if (url !== undefined) {
    r.errs.push(...validateWebhookURL(cp.child('url'), url, true));
  } else if (service !== undefined) {
    const sp = cp.child('service');
    r.errs.push(
      ...validateWebhookService(
        sp,
        r.str(service, 'name', sp.child('name')),
        r.str(service, 'namespace', sp.child('namespace')),
        r.optStr(service, 'path', sp.child('path')),
        r.int(service, 'port', sp.child('port')) ?? 443,
      ),
    );
  }
  if (!opts.ignoreMatchConditions) validateMatchConditions(hook, p.child('matchConditions'), r);
}

function validateConfiguration(obj: JsonObject, r: Reader, opts: WebhookOptions, mutating: boolean): void {
  const names = new Set<string>();
  for (const [hook, i] of r.objs(obj, 'webhooks', path('webhooks'))) {
    validateWebhook(hook, r, i, opts, mutating);
    validateReviewVersions(hook, r, i, opts);
    const name = typeof hook['name'] === 'string' ? hook['name'] : '';
    if (opts.requireUniqueNames && name !== '') {
      if (names.has(name)) r.errs.push(duplicate(path('webhooks').index(i).child('name'), name));
      names.add(name);
    }
  }
}

// Stored configurations keep working under the rules they were written with.
function updateOptions(old: JsonObject): WebhookOptions {
  const q = quietReader();
  const hooks = q.objs(old, 'webhooks', path('w')).map(([h]) => h);
  const names = hooks.map((h) => (typeof h['name'] === 'string' ? h['name'] : ''));
  const probe = (check: (h: JsonObject, r: Reader) => void): boolean =>
    hooks.some((h) => {
      const r = quietReader();
      check(h, r);
      return r.errs.length > 0;
    });
  return {
    ignoreMatchConditions: probe((h, r) => validateMatchConditions(h, path('m'), r)),
    requireNoSideEffects: !hooks.some((h) => !noSideEffects.includes(String(h['sideEffects'] ?? ''))),
    requireRecognizedReviewVersion: hooks.every((h) =>
      q.strs(h, 'admissionReviewVersions', path('a')).some((v) => acceptedReviewVersions.includes(v)),
    ),
    requireUniqueNames: new Set(names).size === names.length,
  };
}

function webhookConfiguration(mutating: boolean): KindValidation {
  return defineKind({
    namespaced: false,
    nameFn: nameIsDNSSubdomain,
    createOnly: (obj, r) => validateConfiguration(obj, r, createOptions, mutating),
    update: (obj, old, r) => validateConfiguration(obj, r, updateOptions(old), mutating),
  });
}

/** admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration. */
export const validatingWebhookConfigurationValidation: KindValidation = webhookConfiguration(false);
/** admissionregistration.k8s.io/v1 MutatingWebhookConfiguration. */
export const mutatingWebhookConfigurationValidation: KindValidation = webhookConfiguration(true);
