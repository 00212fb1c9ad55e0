/**
 * Defaults for small cluster-level groups: apiregistration.k8s.io/v1, scheduling.k8s.io/v1,
 * flowcontrol.apiserver.k8s.io/v1, discovery.k8s.io/v1 and node.k8s.io/v1.
 */
import type { JsonObject } from './json.js';
import { child, defaultNumber, defaultPtr, eachObject, ensure } from './json.js';
import { roundResourceList } from './resource-list.js';

/** APIService: service port 443. Mutates; idempotent. */
export function defaultApiService(svc: JsonObject): void {
  const spec = child(svc, 'spec');
  const service = spec && child(spec, 'service');
  if (service) defaultPtr(service, 'port', 443);
}

/** PriorityClass: preemption policy `PreemptLowerPriority`. Mutates; idempotent. */
export function defaultPriorityClass(pc: JsonObject): void {
  defaultPtr(pc, 'preemptionPolicy', 'PreemptLowerPriority');
}

/** FlowSchema: matching precedence 1000 when unset or zero. Mutates; idempotent. */
export function defaultFlowSchema(fs: JsonObject): void {
  const spec = ensure(fs, 'spec');
  if (spec) defaultNumber(spec, 'matchingPrecedence', 1000);
}

/**
 * PriorityLevelConfiguration: limited levels get 30 nominal shares, 0% lendable and queuing
 * 8/64/50 (hand size, queues, queue length); exempt levels get 0 shares and 0% lendable.
 * Mutates; idempotent.
 */
export function defaultPriorityLevelConfiguration(plc: JsonObject): void {
  const spec = child(plc, 'spec');
  if (!spec) return;
  const limited = child(spec, 'limited');
  if (limited) {
    defaultPtr(limited, 'nominalConcurrencyShares', 30);
    defaultPtr(limited, 'lendablePercent', 0);
    const limitResponse = child(limited, 'limitResponse');
    const queuing = limitResponse && child(limitResponse, 'queuing');
    if (queuing) {
      defaultNumber(queuing, 'handSize', 8);
      defaultNumber(queuing, 'queues', 64);
      defaultNumber(queuing, 'queueLengthLimit', 50);
    }
  }
  const exempt = child(spec, 'exempt');
  if (exempt) {
    defaultPtr(exempt, 'nominalConcurrencyShares', 0);
    defaultPtr(exempt, 'lendablePercent', 0);
  }
}

/** EndpointSlice: every port's name `""` and protocol `TCP`. Mutates; idempotent. */
export function defaultEndpointSlice(slice: JsonObject): void {
  eachObject(slice, 'ports', (port) => {
    defaultPtr(port, 'name', '');
    defaultPtr(port, 'protocol', 'TCP');
  });
}

/** RuntimeClass: the fixed pod overhead rounded up to milli precision. Mutates; idempotent. */
export function defaultRuntimeClass(rc: JsonObject): void {
  roundResourceList(child(rc, 'overhead'), 'podFixed');
}
