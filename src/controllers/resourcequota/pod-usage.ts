// What a pod charges to quota: its effective requests and limits (containers, sidecars, init
// containers, pod-level resources, overhead, resized resources from status), its QoS class, and
// whether it still counts at all.
import type { Container, ContainerStatus, Pod, ResourceRequirements } from 'kubernetes-types/core/v1.js';
import { parseRFC3339 } from '../../apimachinery/meta/index.js';
import { type Quantity, tryParseQuantity } from '../../apimachinery/quantity/index.js';
import { HUGEPAGES_PREFIX } from './resource-names.js';

type Mutable = Map<string, Quantity>;

/** A JSON resource list as quantities; entries that do not parse are skipped. Pure. */
export function quantities(raw: Readonly<Record<string, unknown>> | undefined): Mutable {
  const out: Mutable = new Map();
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const r = tryParseQuantity(String(v));
    if (r.ok) out.set(k, r.quantity);
  }
  return out;
}

function addInto(dst: Mutable, src: ReadonlyMap<string, Quantity>): void {
  for (const [k, q] of src) {
    const cur = dst.get(k);
    dst.set(k, cur === undefined ? q : cur.add(q));
  }
}

function maxInto(dst: Mutable, src: ReadonlyMap<string, Quantity>): void {
  for (const [k, q] of src) {
    const cur = dst.get(k);
    if (cur === undefined || q.cmp(cur) > 0) dst.set(k, q);
  }
}

function maxOf(...lists: ReadonlyMap<string, Quantity>[]): Mutable {
  const out: Mutable = new Map();
  for (const l of lists) maxInto(out, l);
  return out;
}

// A resize the kubelet reported as infeasible: the pod keeps its current resources.
function resizeInfeasible(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some(
    (c) => c.type === 'PodResizePending' && c.status === 'True' && c.reason === 'Infeasible',
  );
}

function statuses(pod: Pod): Map<string, ContainerStatus> {
  const m = new Map<string, ContainerStatus>();
  for (const s of pod.status?.containerStatuses ?? []) m.set(s.name, s);
  for (const s of pod.status?.initContainerStatuses ?? []) m.set(s.name, s);
  return m;
}

// A container's requests or limits, taking resized values reported in status into account.
function containerAmounts(
  pod: Pod,
  c: Container,
  which: 'requests' | 'limits',
  status: ContainerStatus | undefined,
): Mutable {
  const spec = quantities(c.resources?.[which]);
  if (status?.resources === undefined) return spec;
  const reported = quantities(status.resources[which]);
  if (which === 'requests') {
    const allocated = quantities(status.allocatedResources);
    return resizeInfeasible(pod) ? maxOf(reported, allocated) : maxOf(spec, reported, allocated);
  }
  return resizeInfeasible(pod) ? reported : maxOf(spec, reported);
}

/** The pod-level spec.resources (newer than the generated PodSpec type). Pure. */
export function podLevelResources(pod: Pod): ResourceRequirements | undefined {
  return (pod.spec as { resources?: ResourceRequirements } | undefined)?.resources;
}

/** Whether pod-level spec.resources may set this resource (cpu, memory, huge pages). Pure. */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith(HUGEPAGES_PREFIX);
}

/**
 * A pod's effective requests or limits (upstream's PodRequests / PodLimits with status
 * resources): app containers and sidecars summed, the largest init step when larger, pod-level
 * values replacing the supported totals, overhead added (for limits only to resources limited).
 * Pure.
 */
export function podAmounts(pod: Pod, which: 'requests' | 'limits'): Mutable {
  const st = statuses(pod);
  const total: Mutable = new Map();
  for (const c of pod.spec?.containers ?? []) addInto(total, containerAmounts(pod, c, which, st.get(c.name)));
  const sidecars: Mutable = new Map();
  const initMax: Mutable = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const sidecar = c.restartPolicy === 'Always';
    const own = sidecar ? containerAmounts(pod, c, which, st.get(c.name)) : quantities(c.resources?.[which]);
    let step: Mutable;
    if (sidecar) {
      addInto(total, own);
      addInto(sidecars, own);
      step = new Map(sidecars);
    } else {
      step = new Map(own);
      addInto(step, sidecars);
    }
    maxInto(initMax, step);
  }
  maxInto(total, initMax);
  for (const [k, q] of quantities(podLevelResources(pod)?.[which]))
    if (isSupportedPodLevelResource(k)) total.set(k, q);
  const overhead = quantities(pod.spec?.overhead);
  if (which === 'requests') addInto(total, overhead);
  else for (const [k, q] of overhead) if (total.has(k)) total.set(k, (total.get(k) as Quantity).add(q));
  return total;
}

const QOS_COMPUTE = ['cpu', 'memory'];

/**
 * The pod's QoS class: status.qosClass when set, else computed from cpu and memory requests and
 * limits of all containers and pod-level resources (BestEffort, Guaranteed or Burstable). Pure.
 */
export function podQOS(pod: Pod): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const reported = pod.status?.qosClass;
  if (reported === 'BestEffort' || reported === 'Burstable' || reported === 'Guaranteed') return reported;
  const requests: Mutable = new Map();
  const limits: Mutable = new Map();
  // Positive cpu and memory amounts of a list, added into `into`; the names found.
  const take = (into: Mutable, raw: Readonly<Record<string, unknown>> | undefined): Set<string> => {
    const found = new Set<string>();
    for (const [n, q] of quantities(raw)) {
      if (!QOS_COMPUTE.includes(n) || q.sign() <= 0) continue;
      found.add(n);
      addInto(into, new Map([[n, q]]));
    }
    return found;
  };
  let guaranteed = true;
  const podLevel = podLevelResources(pod);
  const podLevelSet = [...Object.keys(podLevel?.requests ?? {}), ...Object.keys(podLevel?.limits ?? {})].some(
    isSupportedPodLevelResource,
  );
  if (podLevel !== undefined && podLevelSet) {
    take(requests, podLevel.requests);
    if (Object.keys(podLevel.limits ?? {}).length > 0) {
      const found = take(limits, podLevel.limits);
      if (!QOS_COMPUTE.every((n) => found.has(n))) guaranteed = false;
    }
  } else {
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      take(requests, c.resources?.requests);
      const found = take(limits, c.resources?.limits);
      if (!QOS_COMPUTE.every((n) => found.has(n))) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [n, r] of requests) {
      const l = limits.get(n);
      if (l === undefined || l.cmp(r) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/**
 * Whether the pod still counts against compute quota (upstream's QuotaV1Pod): not terminal, and
 * not past its deletion deadline (deletionTimestamp + deletionGracePeriodSeconds). Pure.
 */
export function podCountsAt(pod: Pod, nowMs: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const deadline = podDeletionDeadline(pod);
  return deadline === undefined || nowMs <= deadline;
}

/** When a deleted pod stops counting (deletionTimestamp + grace period), or undefined. Pure. */
export function podDeletionDeadline(pod: Pod): number | undefined {
  const ts = pod.metadata?.deletionTimestamp;
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  if (ts === undefined || grace === undefined) return undefined;
  try {
    return parseRFC3339(ts).seconds * 1000 + grace * 1000;
  } catch {
    return undefined;
  }
}
