// The 1000-address cap of Endpoints objects.
import type { EndpointSubset } from 'kubernetes-types/core/v1.js';

/** Most addresses an Endpoints object carries; beyond it the controller truncates. */
export const MAX_CAPACITY = 1000;
/** Set to `truncated` on Endpoints whose addresses were cut to {@link MAX_CAPACITY}. */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

function countAddresses(subsets: readonly EndpointSubset[]): { ready: number; notReady: number } {
  let ready = 0;
  let notReady = 0;
  for (const s of subsets) {
    ready += s.addresses?.length ?? 0;
    notReady += s.notReadyAddresses?.length ?? 0;
  }
  return { ready, notReady };
}

/**
 * Whether the annotation agrees with the subsets: absent while they are within capacity (subsets
 * over capacity always need a rewrite). Pure.
 */
export function capacityAnnotationSetCorrectly(
  annotations: Readonly<Record<string, string>> | undefined,
  subsets: readonly EndpointSubset[],
): boolean {
  const { ready, notReady } = countAddresses(subsets);
  if (ready + notReady > MAX_CAPACITY) return false;
  return annotations?.[OVER_CAPACITY_ANNOTATION] === undefined;
}

/**
 * Cuts `subsets` in place to {@link MAX_CAPACITY} addresses, ready ones first: each subset keeps a
 * share proportional to its size (rounded up, the last ones getting what is left). Returns
 * whether anything was cut.
 */
export function truncateEndpoints(subsets: EndpointSubset[]): boolean {
  const { ready: totalReady, notReady: totalNotReady } = countAddresses(subsets);
  if (totalReady + totalNotReady <= MAX_CAPACITY) return false;
  const truncateReady = totalReady > MAX_CAPACITY;
  const max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const s of subsets) {
    const inSubset = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, toBeAdded);
      delete s.notReadyAddresses;
      canBeAdded -= s.addresses.length;
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses.length;
    }
  }
  return true;
}
