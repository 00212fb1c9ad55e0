import { type Quantity, quantityFromJSON } from '../../apimachinery/quantity/index.js';
import { isJsonObject } from './object-meta.js';
import type { JsonObject } from './types.js';

// Only these resources decide the QoS class.
const QOS_RESOURCES = ['cpu', 'memory'] as const;

function quantity(v: unknown): Quantity | undefined {
  try {
    return quantityFromJSON(v);
  } catch {
    return undefined;
  }
}

function containersOf(spec: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  for (const field of ['initContainers', 'containers']) {
    const list = spec[field];
    if (Array.isArray(list)) out.push(...list.filter(isJsonObject));
  }
  return out;
}

function addPositive(sums: Map<string, Quantity>, list: unknown, found?: Set<string>): void {
  if (!isJsonObject(list)) return;
  for (const name of QOS_RESOURCES) {
    const q = quantity(list[name]);
    if (q === undefined || q.sign() <= 0) continue;
    found?.add(name);
    const prev = sums.get(name);
    sums.set(name, prev === undefined ? q : prev.add(q));
  }
}

/**
 * The QoS class of a pod spec as upstream computes it (pod-level resources first, else summed
 * over init and regular containers; only cpu and memory count): BestEffort without positive
 * requests or limits, Guaranteed when every container limits both and requests equal limits,
 * Burstable otherwise. Pure; unparsable quantities are ignored (validation reports them).
 */
export function podQOSClass(spec: JsonObject): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const podResources = spec['resources'];
  if (
    isJsonObject(podResources) &&
    (isJsonObject(podResources['requests']) || isJsonObject(podResources['limits']))
  ) {
    const found = new Set<string>();
    addPositive(requests, podResources['requests']);
    addPositive(limits, podResources['limits'], found);
    if (!QOS_RESOURCES.every((r) => found.has(r))) guaranteed = false;
  } else {
    for (const c of containersOf(spec)) {
      const res = isJsonObject(c['resources']) ? c['resources'] : {};
      const found = new Set<string>();
      addPositive(requests, res['requests']);
      addPositive(limits, res['limits'], found);
      if (!QOS_RESOURCES.every((r) => found.has(r))) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim === undefined || lim.cmp(req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** Upstream's pod PrepareForCreate status: phase Pending and the computed QoS class. Mutates `obj`. */
export function preparePodStatus(obj: JsonObject): void {
  const spec = isJsonObject(obj['spec']) ? obj['spec'] : {};
  obj['status'] = { phase: 'Pending', qosClass: podQOSClass(spec) };
}

/** The grace period upstream's pod strategy picks for a delete (CheckGracefulDelete). Pure. */
export function podGracePeriod(obj: JsonObject, requested: number | undefined): number {
  const spec = isJsonObject(obj['spec']) ? obj['spec'] : {};
  const status = isJsonObject(obj['status']) ? obj['status'] : {};
  const fromSpec = spec['terminationGracePeriodSeconds'];
  let period = requested ?? (typeof fromSpec === 'number' ? fromSpec : 0);
  if (typeof spec['nodeName'] !== 'string' || spec['nodeName'] === '') period = 0;
  if (status['phase'] === 'Failed' || status['phase'] === 'Succeeded') period = 0;
  return period < 0 ? 1 : period;
}
