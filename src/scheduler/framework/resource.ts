// Resource arithmetic and the requests the scheduler charges a pod (upstream resourcehelper.PodRequests
// with the scheduler's options): the larger of the regular containers' sum and each init container
// (restartable init containers, "sidecars", keep running and so accumulate), pod-level requests where
// set, plus the pod overhead.
import type { Container, Node, Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../../apimachinery/quantity/index.js';
import type { Resource } from './types.js';

/** Upstream's defaults for containers that request no CPU or memory, used by spreading scores. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** 200 MiB. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** A zero Resource. */
export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: new Map() };
}

/** A deep copy of `r`. */
export function cloneResource(r: Resource): Resource {
  return {
    milliCPU: r.milliCPU,
    memory: r.memory,
    ephemeralStorage: r.ephemeralStorage,
    allowedPodNumber: r.allowedPodNumber,
    scalar: new Map(r.scalar),
  };
}

/** Adds `b` into `a` (mutates `a`). */
export function addResource(a: Resource, b: Resource): void {
  a.milliCPU += b.milliCPU;
  a.memory += b.memory;
  a.ephemeralStorage += b.ephemeralStorage;
  a.allowedPodNumber += b.allowedPodNumber;
  for (const [k, v] of b.scalar) a.scalar.set(k, (a.scalar.get(k) ?? 0) + v);
}

/** Subtracts `b` from `a` (mutates `a`); scalar entries stay present (possibly zero) as upstream. */
export function subResource(a: Resource, b: Resource): void {
  a.milliCPU -= b.milliCPU;
  a.memory -= b.memory;
  a.ephemeralStorage -= b.ephemeralStorage;
  a.allowedPodNumber -= b.allowedPodNumber;
  for (const [k, v] of b.scalar) a.scalar.set(k, (a.scalar.get(k) ?? 0) - v);
}

/** Whether every amount of `r` is zero. */
export function isZeroResource(r: Resource): boolean {
  if (r.milliCPU !== 0 || r.memory !== 0 || r.ephemeralStorage !== 0 || r.allowedPodNumber !== 0)
    return false;
  for (const v of r.scalar.values()) if (v !== 0) return false;
  return true;
}

// Parsing quantities is costly and the same few strings recur across thousands of pods.
const quantityCache = new Map<string, { milli: number; units: number }>();
const QUANTITY_CACHE_LIMIT = 4096;

function parsed(q: string | number): { milli: number; units: number } {
  const key = String(q);
  let v = quantityCache.get(key);
  if (v === undefined) {
    try {
      const qq = parseQuantity(key);
      v = { milli: Number(qq.milliValue()), units: Number(qq.value()) };
    } catch {
      v = { milli: 0, units: 0 };
    }
    if (quantityCache.size >= QUANTITY_CACHE_LIMIT) quantityCache.clear();
    quantityCache.set(key, v);
  }
  return v;
}

/** Whether `name` is counted in Resource.scalar (extended, hugepages, prefixed native, attachable). */
export function isScalarResourceName(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

/** Adds one resource list (`{cpu: '100m', ...}`) into `r`. */
export function addResourceList(
  r: Resource,
  list: Readonly<Record<string, string | number>> | undefined,
): void {
  if (list === undefined) return;
  for (const name in list) {
    const q = list[name];
    if (q === undefined) continue;
    switch (name) {
      case 'cpu':
        r.milliCPU += parsed(q).milli;
        break;
      case 'memory':
        r.memory += parsed(q).units;
        break;
      case 'ephemeral-storage':
        r.ephemeralStorage += parsed(q).units;
        break;
      case 'pods':
        r.allowedPodNumber += parsed(q).units;
        break;
      default:
        if (isScalarResourceName(name)) r.scalar.set(name, (r.scalar.get(name) ?? 0) + parsed(q).units);
    }
  }
}

/** A Resource from a resource list. */
export function resourceFromList(list: Readonly<Record<string, string | number>> | undefined): Resource {
  const r = emptyResource();
  addResourceList(r, list);
  return r;
}

/** Sets each amount of `a` to the larger of `a` and `b` (mutates `a`). */
export function maxResource(a: Resource, b: Resource): void {
  a.milliCPU = Math.max(a.milliCPU, b.milliCPU);
  a.memory = Math.max(a.memory, b.memory);
  a.ephemeralStorage = Math.max(a.ephemeralStorage, b.ephemeralStorage);
  a.allowedPodNumber = Math.max(a.allowedPodNumber, b.allowedPodNumber);
  for (const [k, v] of b.scalar) {
    const cur = a.scalar.get(k);
    if (cur === undefined || v > cur) a.scalar.set(k, v);
  }
}

/** A node's allocatable resources (status.allocatable). */
export function allocatableOf(node: Node): Resource {
  return resourceFromList(node.status?.allocatable as Record<string, string> | undefined);
}

/** Options for podRequests. */
export interface PodRequestsOptions {
  /**
   * Applies upstream's non-zero defaults (100m CPU, 200 MiB memory) to containers that do not
   * request CPU or memory at all (upstream's NonMissingContainerRequests).
   */
  nonZero?: boolean;
}

function containerRequests(
  c: Container,
  statusRequests: Readonly<Record<string, string>> | undefined,
  nonZero: boolean,
): Resource {
  const req = c.resources?.requests as Record<string, string> | undefined;
  const r = resourceFromList(req);
  // In-place resize: the kubelet may still hold the larger of the desired and the allocated amounts.
  if (statusRequests !== undefined) maxResource(r, resourceFromList(statusRequests));
  if (nonZero) {
    if (req?.cpu === undefined && statusRequests?.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (req?.memory === undefined && statusRequests?.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

function resizeInfeasible(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some(
    (c) => c.type === 'PodResizePending' && c.status === 'True' && c.reason === 'Infeasible',
  );
}

/**
 * The resources the scheduler charges `pod` (upstream PodRequests): max(sum of containers, each init
 * container with the restartable init containers started before it), restartable init containers
 * added to the sum, pod-level requests replacing the aggregate for cpu/memory/hugepages when set,
 * plus spec.overhead.
 */
export function podRequests(pod: Pod, opts: PodRequestsOptions = {}): Resource {
  const nonZero = opts.nonZero === true;
  const spec = pod.spec;
  const reqs = emptyResource();
  if (spec === undefined) return reqs;
  const useStatus = !resizeInfeasible(pod);
  const statusByName = new Map<string, Record<string, string>>();
  if (useStatus) {
    for (const cs of pod.status?.containerStatuses ?? []) {
      const r = cs.resources?.requests as Record<string, string> | undefined;
      if (r !== undefined) statusByName.set(cs.name, r);
    }
  }
  for (const c of spec.containers ?? [])
    addResource(reqs, containerRequests(c, statusByName.get(c.name), nonZero));

  const initStatus = new Map<string, Record<string, string>>();
  if (useStatus) {
    for (const cs of pod.status?.initContainerStatuses ?? []) {
      const r = cs.resources?.requests as Record<string, string> | undefined;
      if (r !== undefined) initStatus.set(cs.name, r);
    }
  }
  const restartableSum = emptyResource();
  const initMax = emptyResource();
  for (const c of spec.initContainers ?? []) {
    const isSidecar = c.restartPolicy === 'Always';
    const cr = containerRequests(c, isSidecar ? initStatus.get(c.name) : undefined, nonZero);
    if (isSidecar) {
      addResource(reqs, cr);
      addResource(restartableSum, cr);
      maxResource(initMax, restartableSum);
    } else {
      const tmp = cloneResource(cr);
      addResource(tmp, restartableSum);
      maxResource(initMax, tmp);
    }
  }
  maxResource(reqs, initMax);

  // Pod-level resources (spec.resources) postdate the bundled type definitions.
  const podLevel = (spec as { resources?: { requests?: Record<string, string> } }).resources?.requests;
  if (podLevel !== undefined) {
    for (const name in podLevel) {
      const q = podLevel[name];
      if (q === undefined) continue;
      if (name === 'cpu') reqs.milliCPU = parsed(q).milli;
      else if (name === 'memory') reqs.memory = parsed(q).units;
      else if (name.startsWith('hugepages-')) reqs.scalar.set(name, parsed(q).units);
    }
  }
  addResourceList(reqs, spec.overhead as Record<string, string> | undefined);
  return reqs;
}

/** podRequests with upstream's non-zero defaults for containers without CPU/memory requests. */
export function nonZeroRequests(pod: Pod): Resource {
  return podRequests(pod, { nonZero: true });
}
