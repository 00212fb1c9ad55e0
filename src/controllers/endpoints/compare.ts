// Equality of Endpoints content as upstream's semantic comparison sees it.
import type { EndpointSubset } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../apimachinery/meta/index.js';

// Drops what the wire form may or may not carry (empty lists, empty strings) and the target's
// resourceVersion, which changes with every pod write and is not endpoint content.
function normalize(v: unknown, parentKey = ''): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => normalize(x));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (parentKey === 'targetRef' && k === 'resourceVersion') continue;
      const n = normalize(x, k);
      if (n === undefined || n === '') continue;
      out[k] = n;
    }
    return out;
  }
  return v;
}

/** Whether two subset lists are equal, ignoring target resourceVersions and empty fields. Pure. */
export function subsetsEqualIgnoreResourceVersion(
  a: readonly EndpointSubset[] | undefined,
  b: readonly EndpointSubset[] | undefined,
): boolean {
  return deepEqual(normalize(a ?? []) ?? [], normalize(b ?? []) ?? []);
}
