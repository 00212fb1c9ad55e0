/** Defaults for networking.k8s.io/v1: NetworkPolicy and IngressClass. */
import type { JsonObject } from './json.js';
import { child, defaultPtr, eachObject, ensure, isEmptyList, own } from './json.js';

function defaultPorts(rule: JsonObject): void {
  eachObject(rule, 'ports', (port) => defaultPtr(port, 'protocol', 'TCP'));
}

/**
 * NetworkPolicy: port protocol `TCP`; without policyTypes, `Ingress` plus `Egress` when egress
 * rules are present. Mutates; idempotent.
 */
export function defaultNetworkPolicy(np: JsonObject): void {
  const spec = ensure(np, 'spec');
  if (!spec) return;
  eachObject(spec, 'ingress', defaultPorts);
  eachObject(spec, 'egress', defaultPorts);
  const policyTypes = own(spec, 'policyTypes');
  if (isEmptyList(policyTypes)) {
    const egress = own(spec, 'egress');
    spec['policyTypes'] = Array.isArray(egress) && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

/** IngressClass: parameters scope `Cluster`. Mutates; idempotent. */
export function defaultIngressClass(ic: JsonObject): void {
  const spec = child(ic, 'spec');
  const parameters = spec && child(spec, 'parameters');
  if (parameters) defaultPtr(parameters, 'scope', 'Cluster');
}
