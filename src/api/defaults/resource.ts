/** Defaults for resource.k8s.io/v1 (dynamic resource allocation). */
import type { JsonObject } from './json.js';
import { child, defaultPtr, defaultString, eachObject, own } from './json.js';

function defaultTolerations(holder: JsonObject): void {
  eachObject(holder, 'tolerations', (t) => defaultString(t, 'operator', 'Equal'));
}

/** ExactDeviceRequest and DeviceSubRequest: mode ExactCount, and one device in that mode. */
function defaultAllocationMode(request: JsonObject): void {
  defaultString(request, 'allocationMode', 'ExactCount');
  const count = own(request, 'count');
  if (
    own(request, 'allocationMode') === 'ExactCount' &&
    (count === undefined || count === null || count === 0)
  ) {
    request['count'] = 1;
  }
}

function defaultDeviceRequest(request: JsonObject): void {
  const exactly = child(request, 'exactly');
  if (exactly) {
    defaultAllocationMode(exactly);
    defaultTolerations(exactly);
  }
  eachObject(request, 'firstAvailable', (sub) => {
    defaultAllocationMode(sub);
    defaultTolerations(sub);
  });
}

function defaultClaimSpec(spec: JsonObject): void {
  const devices = child(spec, 'devices');
  if (devices) eachObject(devices, 'requests', defaultDeviceRequest);
}

/** ResourceClaim: device request allocation mode, count and toleration operator. Mutates; idempotent. */
export function defaultResourceClaim(claim: JsonObject): void {
  const spec = child(claim, 'spec');
  if (spec) defaultClaimSpec(spec);
}

/** ResourceClaimTemplate: the embedded claim spec's defaults. Mutates; idempotent. */
export function defaultResourceClaimTemplate(template: JsonObject): void {
  const outer = child(template, 'spec');
  const spec = outer && child(outer, 'spec');
  if (spec) defaultClaimSpec(spec);
}

/** RFC 3339 time truncated to whole seconds, as taint timestamps are stored. */
function nowSeconds(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/**
 * ResourceSlice: each device taint's timeAdded, set to the current time when missing. Mutates;
 * idempotent once set.
 */
export function defaultResourceSlice(slice: JsonObject, now: () => Date = () => new Date()): void {
  const spec = child(slice, 'spec');
  if (!spec) return;
  eachObject(spec, 'devices', (device) => {
    eachObject(device, 'taints', (taint) => defaultPtr(taint, 'timeAdded', nowSeconds(now())));
  });
}
