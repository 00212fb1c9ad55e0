import {
  addResourceLists,
  maxResourceList,
  parseResourceList,
  type Quantity,
} from '../../apimachinery/quantity/index.js';
import type { JsonObject } from '../registry/types.js';
import { objectAt, objectsAt, stringAt } from './util.js';

/** `requests` or `limits` of a container's resources; invalid quantities are skipped. Pure. */
export function containerResources(c: JsonObject, which: 'requests' | 'limits'): Map<string, Quantity> {
  const raw = objectAt(objectAt(c, 'resources'), which) ?? {};
  const out = new Map<string, Quantity>();
  for (const [k, v] of Object.entries(raw)) {
    try {
      const one = parseResourceList({ [k]: v }).get(k);
      if (one !== undefined) out.set(k, one);
    } catch {
      // Validation reports a bad quantity; admission sees only the good ones.
    }
  }
  return out;
}

// The resources pod-level requests and limits (spec.resources) may set.
const POD_LEVEL_RESOURCES = ['cpu', 'memory'];

/**
 * A pod's effective requests or limits as the LimitRanger counts them: the sum over app
 * containers and sidecars (restartable init containers), or the largest init container step
 * (with the sidecars started before it) when that is larger; pod-level spec.resources then
 * replace the cpu and memory totals. The overhead is not counted. Pure.
 */
export function podResources(
  spec: JsonObject | undefined,
  which: 'requests' | 'limits',
): Map<string, Quantity> {
  let total = new Map<string, Quantity>();
  for (const c of objectsAt(spec, 'containers'))
    total = addResourceLists(total, containerResources(c, which));
  let sidecars = new Map<string, Quantity>();
  let initMax = new Map<string, Quantity>();
  for (const c of objectsAt(spec, 'initContainers')) {
    const own = containerResources(c, which);
    let step: Map<string, Quantity>;
    if (stringAt(c, 'restartPolicy') === 'Always') {
      total = addResourceLists(total, own);
      sidecars = addResourceLists(sidecars, own);
      step = sidecars;
    } else {
      step = addResourceLists(own, sidecars);
    }
    initMax = maxResourceList(initMax, step);
  }
  total = maxResourceList(total, initMax);
  const podLevel = objectAt(spec, 'resources');
  if (podLevel !== undefined) {
    for (const [k, q] of containerResources({ resources: podLevel }, which)) {
      if (POD_LEVEL_RESOURCES.includes(k)) total.set(k, q);
    }
  }
  return total;
}
