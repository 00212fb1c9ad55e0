/**
 * Defaults for admissionregistration.k8s.io/v1: webhook configurations and admission policies
 * with their bindings.
 */
import type { JsonObject } from './json.js';
import { child, defaultPtr, eachObject, ensure } from './json.js';

function defaultRules(holder: JsonObject, key: string): void {
  eachObject(holder, key, (rule) => defaultPtr(rule, 'scope', '*'));
}

function defaultWebhook(webhook: JsonObject, mutating: boolean): void {
  defaultPtr(webhook, 'failurePolicy', 'Fail');
  defaultPtr(webhook, 'matchPolicy', 'Equivalent');
  defaultPtr(webhook, 'namespaceSelector', {});
  defaultPtr(webhook, 'objectSelector', {});
  defaultPtr(webhook, 'timeoutSeconds', 10);
  if (mutating) defaultPtr(webhook, 'reinvocationPolicy', 'Never');
  defaultRules(webhook, 'rules');
  const clientConfig = child(webhook, 'clientConfig');
  const service = clientConfig && child(clientConfig, 'service');
  if (service) defaultPtr(service, 'port', 443);
}

/**
 * ValidatingWebhookConfiguration: each webhook's failure policy `Fail`, match policy `Equivalent`,
 * empty selectors, 10s timeout, rule scope `*` and service port 443. Mutates; idempotent.
 */
export function defaultValidatingWebhookConfiguration(cfg: JsonObject): void {
  eachObject(cfg, 'webhooks', (w) => defaultWebhook(w, false));
}

/** MutatingWebhookConfiguration: as validating webhooks, plus reinvocation `Never`. Mutates; idempotent. */
export function defaultMutatingWebhookConfiguration(cfg: JsonObject): void {
  eachObject(cfg, 'webhooks', (w) => defaultWebhook(w, true));
}

/** MatchResources: match policy `Equivalent`, empty selectors, rule scope `*`. */
function defaultMatchResources(match: JsonObject): void {
  defaultPtr(match, 'matchPolicy', 'Equivalent');
  defaultPtr(match, 'namespaceSelector', {});
  defaultPtr(match, 'objectSelector', {});
  defaultRules(match, 'resourceRules');
  defaultRules(match, 'excludeResourceRules');
}

/**
 * ValidatingAdmissionPolicy and MutatingAdmissionPolicy: failure policy `Fail` and the match
 * constraints' defaults. Mutates; idempotent.
 */
export function defaultAdmissionPolicy(policy: JsonObject): void {
  const spec = ensure(policy, 'spec');
  if (!spec) return;
  defaultPtr(spec, 'failurePolicy', 'Fail');
  const match = child(spec, 'matchConstraints');
  if (match) defaultMatchResources(match);
}

/** Admission policy bindings: the match resources' defaults. Mutates; idempotent. */
export function defaultAdmissionPolicyBinding(binding: JsonObject): void {
  const spec = child(binding, 'spec');
  const match = spec && child(spec, 'matchResources');
  if (match) defaultMatchResources(match);
}
