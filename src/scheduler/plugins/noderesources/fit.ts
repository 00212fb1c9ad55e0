// NodeResourcesFit: filters nodes without room for the pod's requests (and pod count), and scores
// nodes by the configured strategy over nonZeroRequested.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  NodeInfo,
  PluginFactory,
  PreFilterPlugin,
  PreScorePlugin,
  Resource,
  ScorePlugin,
} from '../../framework/types.js';
import { allocatableOf } from '../../framework/resource.js';
import { resolveFitArgs } from './args.js';
import { podRequests, resourceAmount } from './requests.js';
import {
  leastAllocatedScorer,
  mostAllocatedScorer,
  type ResourceScorer,
  type ResourceSpec,
  requestedToCapacityRatioScorer,
  scoreNode,
} from './scorers.js';

/** Upstream's plugin name. */
export const FIT_NAME = 'NodeResourcesFit';
const PRE_FILTER_KEY = `PreFilter${FIT_NAME}`;
const PRE_SCORE_KEY = `PreScore${FIT_NAME}`;

/** A resource the node lacks, as upstream's InsufficientResource. */
export interface InsufficientResource {
  readonly resourceName: string;
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
  /** The request exceeds the node's allocatable itself (no eviction can help). */
  readonly unresolvable: boolean;
}

/** Whether `name` is an extended resource (domain-prefixed, outside kubernetes.io, not `requests.`). */
export function isExtendedResourceName(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash < 0) return false;
  const prefix = name.slice(0, slash);
  if (prefix === 'kubernetes.io' || prefix.endsWith('.kubernetes.io')) return false;
  return !name.startsWith('requests.');
}

/** Upstream's fitsRequest: every resource the pod does not fit, with its reason. */
export function fitsRequest(
  req: Resource,
  nodeInfo: NodeInfo,
  ignored: ReadonlySet<string>,
  ignoredGroups: ReadonlySet<string>,
): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  const podCount = nodeInfo.pods.length;
  if (podCount + 1 > alloc.allowedPodNumber) {
    out.push({
      resourceName: 'pods',
      reason: 'Too many pods',
      requested: 1,
      used: podCount,
      capacity: alloc.allowedPodNumber,
      unresolvable: false,
    });
  }
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && req.scalar.size === 0)
    return out;
  const check = (name: string, want: number, a: number, u: number) => {
    if (want > 0 && want > a - u)
      out.push({
        resourceName: name,
        reason: `Insufficient ${name}`,
        requested: want,
        used: u,
        capacity: a,
        unresolvable: want > a,
      });
  };
  check('cpu', req.milliCPU, alloc.milliCPU, used.milliCPU);
  check('memory', req.memory, alloc.memory, used.memory);
  check('ephemeral-storage', req.ephemeralStorage, alloc.ephemeralStorage, used.ephemeralStorage);
  for (const [name, q] of req.scalar) {
    if (q === 0) continue;
    if (isExtendedResourceName(name)) {
      if (ignored.has(name)) continue;
      if (ignoredGroups.size > 0 && ignoredGroups.has(name.slice(0, name.indexOf('/')))) continue;
    }
    const a = alloc.scalar.get(name) ?? 0;
    const u = used.scalar.get(name) ?? 0;
    if (q > a - u)
      out.push({
        resourceName: name,
        reason: `Insufficient ${name}`,
        requested: q,
        used: u,
        capacity: a,
        unresolvable: q > a,
      });
  }
  return out;
}

/**
 * Allocation-free check that everything fits, ignoring nothing (the common case); when it says no,
 * fitsRequest gives the detailed answer, which also applies the ignored resources.
 */
export function fitsQuickly(req: Resource, nodeInfo: NodeInfo): boolean {
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) return false;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) return false;
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) return false;
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage)
    return false;
  if (req.scalar.size > 0) {
    for (const [name, q] of req.scalar) {
      if (q !== 0 && q > (alloc.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) return false;
    }
  }
  return true;
}

/** The scorer for a strategy. */
export function scorerFor(
  type: string,
  resources: readonly ResourceSpec[],
  shape: Parameters<typeof requestedToCapacityRatioScorer>[1],
): ResourceScorer {
  if (type === 'MostAllocated') return mostAllocatedScorer(resources);
  if (type === 'RequestedToCapacityRatio') return requestedToCapacityRatioScorer(resources, shape);
  return leastAllocatedScorer(resources);
}

/** The pod's request per scored resource (cpu in millicores) with or without the non-zero defaults. */
export function podRequestList(pod: Pod, resources: readonly ResourceSpec[], nonMissing: boolean): number[] {
  const r = podRequests(pod, nonMissing);
  return resources.map((s) => resourceAmount(r, s.name));
}

/** The NodeResourcesFit plugin. */
export const fitFactory: PluginFactory = (rawArgs) => {
  const args = resolveFitArgs(rawArgs);
  const scorer = scorerFor(args.type, args.resources, args.shape);
  const buf = {
    requested: new Float64Array(args.resources.length),
    allocatable: new Float64Array(args.resources.length),
  };

  // Whether the pod's requests fit the node's allocatable alone (the node could host it once empty).
  const fitsAllocatable = (pod: Pod, node: Node | undefined): boolean => {
    if (!node) return false;
    const req = podRequests(pod);
    const alloc = allocatableOf(node);
    if (
      req.milliCPU > alloc.milliCPU ||
      req.memory > alloc.memory ||
      req.ephemeralStorage > alloc.ephemeralStorage
    )
      return false;
    for (const [n, v] of req.scalar) if (v > 0 && v > (alloc.scalar.get(n) ?? 0)) return false;
    return true;
  };

  return {
    name: FIT_NAME,
    preFilter(state: CycleState, pod: Pod) {
      state.write(PRE_FILTER_KEY, podRequests(pod));
      return {};
    },
    preFilterExtensions: () => undefined,
    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
      const req = state.read<Resource>(PRE_FILTER_KEY) ?? podRequests(pod);
      if (fitsQuickly(req, nodeInfo)) return undefined;
      const insufficient = fitsRequest(req, nodeInfo, args.ignoredResources, args.ignoredResourceGroups);
      if (insufficient.length === 0) return undefined;
      const reasons = insufficient.map((r) => r.reason);
      return insufficient.some((r) => r.unresolvable)
        ? Status.unresolvable(...reasons)
        : Status.unschedulable(...reasons);
    },
    preScore(state: CycleState, pod: Pod): Status | undefined {
      state.write(PRE_SCORE_KEY, podRequestList(pod, args.resources, true));
      return undefined;
    },
    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      const reqs = state.read<number[]>(PRE_SCORE_KEY) ?? podRequestList(pod, args.resources, true);
      return { score: scoreNode(nodeInfo, args.resources, reqs, false, scorer, buf) };
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      const podHint = (pod: Pod, oldObj: unknown, newObj: unknown) => {
        const changed = (oldObj ?? newObj) as Pod | undefined;
        if (!changed?.spec?.nodeName || changed.metadata?.uid === pod.metadata?.uid)
          return 'QueueSkip' as const;
        return 'Queue' as const;
      };
      const nodeHint = (pod: Pod, _o: unknown, n: unknown) =>
        fitsAllocatable(pod, n as Node | undefined) ? 'Queue' : 'QueueSkip';
      return [
        { event: { resource: 'AssignedPod', action: 'Delete' }, hint: podHint },
        { event: { resource: 'AssignedPod', action: 'UpdatePodScaleDown' }, hint: podHint },
        { event: { resource: 'Node', action: 'Add' }, hint: nodeHint },
        { event: { resource: 'Node', action: 'UpdateNodeAllocatable' }, hint: nodeHint },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions;
};
