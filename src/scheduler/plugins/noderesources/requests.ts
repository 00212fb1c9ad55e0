// The pod requests the resource plugins use, from the framework's shared resource helpers.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podRequests as frameworkPodRequests } from '../../framework/resource.js';
import type { Resource } from '../../framework/types.js';

/**
 * The pod's requests (upstream resourcehelper.PodRequests). With `nonMissing`, containers lacking
 * cpu/memory requests count upstream's defaults (100m, 200Mi), as the scoring strategies do.
 */
export function podRequests(pod: Pod, nonMissing = false): Resource {
  return frameworkPodRequests(pod, { nonZero: nonMissing });
}

/** One named amount of a Resource (cpu in millicores). */
export function resourceAmount(r: Resource, name: string): number {
  switch (name) {
    case 'cpu':
      return r.milliCPU;
    case 'memory':
      return r.memory;
    case 'ephemeral-storage':
      return r.ephemeralStorage;
    case 'pods':
      return r.allowedPodNumber;
    default:
      return r.scalar.get(name) ?? 0;
  }
}
