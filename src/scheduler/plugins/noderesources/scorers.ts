// Resource scoring functions of NodeResourcesFit's strategies and BalancedAllocation, and the shared
// per-node loop (upstream's resourceAllocationScorer).
import type { NodeInfo, Resource } from '../../framework/types.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';
import { resourceAmount } from './requests.js';

/** A scored resource and its weight. */
export interface ResourceSpec {
  name: string;
  weight: number;
}

/** A point of RequestedToCapacityRatio's shape: utilization 0..100 → score 0..10. */
export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

/** Combines per-resource requested/allocatable into a node score. */
export type ResourceScorer = (requested: Float64Array, allocatable: Float64Array) => number;

function isScalar(name: string): boolean {
  return name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && name !== 'pods';
}

/**
 * Scores a node: for each resource, allocatable and (node's requested + pod's request), skipping
 * extended resources the pod does not request; `useRequested` picks requested over nonZeroRequested.
 * `buf` holds two scratch arrays of resources.length to keep the per-node path allocation-free.
 */
export function scoreNode(
  nodeInfo: NodeInfo,
  resources: readonly ResourceSpec[],
  podRequests: readonly number[],
  useRequested: boolean,
  scorer: ResourceScorer,
  buf: { requested: Float64Array; allocatable: Float64Array },
): number {
  const used: Resource = useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
  const alloc = nodeInfo.allocatable;
  for (let i = 0; i < resources.length; i++) {
    const name = (resources[i] as ResourceSpec).name;
    const podReq = podRequests[i] ?? 0;
    let a = 0;
    let r = 0;
    if (!(podReq === 0 && isScalar(name))) {
      if (!isScalar(name) || alloc.scalar.has(name)) {
        a = resourceAmount(alloc, name);
        r = resourceAmount(used, name) + podReq;
      }
    }
    buf.allocatable[i] = a;
    buf.requested[i] = a === 0 ? 0 : r;
  }
  return scorer(buf.requested, buf.allocatable);
}

function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  const r = requested > capacity ? capacity : requested;
  return Math.trunc((r * MAX_NODE_SCORE) / capacity);
}

function weighted(resources: readonly ResourceSpec[], f: (r: number, c: number) => number): ResourceScorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < resources.length; i++) {
      const a = allocatable[i] as number;
      if (a === 0) continue;
      const w = (resources[i] as ResourceSpec).weight;
      nodeScore += f(requested[i] as number, a) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/** LeastAllocated: favours nodes with more free capacity. */
export function leastAllocatedScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return weighted(resources, leastRequestedScore);
}

/** MostAllocated: favours fuller nodes (bin packing). */
export function mostAllocatedScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return weighted(resources, mostRequestedScore);
}

/** Piecewise-linear interpolation over shape points (scores already scaled to 0..MAX_NODE_SCORE). */
export function brokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const cur = shape[i] as UtilizationShapePoint;
      if (p <= cur.utilization) {
        if (i === 0) return cur.score;
        const prev = shape[i - 1] as UtilizationShapePoint;
        return (
          prev.score +
          Math.trunc(
            ((cur.score - prev.score) * (p - prev.utilization)) / (cur.utilization - prev.utilization),
          )
        );
      }
    }
    return (shape[shape.length - 1] as UtilizationShapePoint).score;
  };
}

/** RequestedToCapacityRatio: scores utilization through the configured shape (scores 0..10 scaled ×10). */
export function requestedToCapacityRatioScorer(
  resources: readonly ResourceSpec[],
  shape: readonly UtilizationShapePoint[],
): ResourceScorer {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / 10) }));
  const raw = brokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number): number => {
    if (capacity === 0 || requested > capacity) return raw(100);
    return raw(Math.trunc((requested * 100) / capacity));
  };
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < resources.length; i++) {
      const a = allocatable[i] as number;
      if (a === 0) continue;
      const w = (resources[i] as ResourceSpec).weight;
      const s = resourceScore(requested[i] as number, a);
      if (s > 0) {
        nodeScore += s * w;
        weightSum += w;
      }
    }
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}

/** BalancedAllocation: 100 × (1 − standard deviation of the requested/allocatable fractions). */
export const balancedResourceScorer: ResourceScorer = (requested, allocatable) => {
  let n = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < requested.length; i++) {
    const a = allocatable[i] as number;
    if (a === 0) continue;
    let f = (requested[i] as number) / a;
    if (f > 1) f = 1;
    total += f;
    if (n === 0) f0 = f;
    else if (n === 1) f1 = f;
    n++;
  }
  let std = 0;
  if (n === 2) std = Math.abs((f0 - f1) / 2);
  else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      const a = allocatable[i] as number;
      if (a === 0) continue;
      let f = (requested[i] as number) / a;
      if (f > 1) f = 1;
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
};
