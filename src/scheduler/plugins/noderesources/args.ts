// NodeResourcesFitArgs and NodeResourcesBalancedAllocationArgs: defaults and validation as upstream.
import type { ResourceSpec, UtilizationShapePoint } from './scorers.js';

/** Scoring strategy types. */
export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

/** NodeResourcesFitArgs. */
export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: ScoringStrategyType;
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape?: UtilizationShapePoint[] };
  };
}

/** NodeResourcesBalancedAllocationArgs. */
export interface NodeResourcesBalancedAllocationArgs {
  resources?: ResourceSpec[];
}

/** Fit args with defaults applied. */
export interface ResolvedFitArgs {
  ignoredResources: ReadonlySet<string>;
  ignoredResourceGroups: ReadonlySet<string>;
  type: ScoringStrategyType;
  resources: ResourceSpec[];
  shape: UtilizationShapePoint[];
}

const DEFAULT_RESOURCES = (): ResourceSpec[] => [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

function validateResources(resources: readonly ResourceSpec[], path: string, maxWeight: number): string[] {
  const errs: string[] = [];
  resources.forEach((r, i) => {
    if (r.weight <= 0 || r.weight > maxWeight)
      errs.push(
        `${path}[${i}].weight: Invalid value: ${r.weight}: resource weight of ${r.name} not in valid range [1, ${maxWeight}]`,
      );
  });
  return errs;
}

function fail(errs: string[]): void {
  if (errs.length === 1) throw new Error(errs[0]);
  if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
}

/** Applies defaults (LeastAllocated over cpu and memory, weight 1; resources' weight defaults to 1) and validates. */
export function resolveFitArgs(raw: unknown): ResolvedFitArgs {
  const a = (raw ?? {}) as NodeResourcesFitArgs;
  const errs: string[] = [];
  const type = a.scoringStrategy?.type ?? 'LeastAllocated';
  if (type !== 'LeastAllocated' && type !== 'MostAllocated' && type !== 'RequestedToCapacityRatio')
    errs.push(
      `scoringStrategy.type: Unsupported value: "${type}": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"`,
    );
  const given = a.scoringStrategy?.resources;
  const resources =
    given && given.length > 0
      ? given.map((r) => ({ name: r.name, weight: r.weight || 1 }))
      : DEFAULT_RESOURCES();
  errs.push(...validateResources(resources, 'scoringStrategy.resources', 100));
  for (const g of a.ignoredResourceGroups ?? [])
    if (g.includes('/'))
      errs.push(`ignoredResourceGroups: Invalid value: "${g}": resource group name can't contain '/'`);
  const shape = a.scoringStrategy?.requestedToCapacityRatio?.shape ?? [];
  if (type === 'RequestedToCapacityRatio') {
    const p = 'scoringStrategy.requestedToCapacityRatio.shape';
    if (shape.length === 0) errs.push(`${p}: Required value: at least one point must be specified`);
    shape.forEach((pt, i) => {
      if (i > 0 && pt.utilization <= (shape[i - 1] as UtilizationShapePoint).utilization)
        errs.push(
          `${p}[${i}].utilization: Invalid value: ${pt.utilization}: utilization values must be sorted in increasing order`,
        );
      if (pt.utilization < 0 || pt.utilization > 100)
        errs.push(`${p}[${i}].utilization: Invalid value: ${pt.utilization}: not in valid range [0, 100]`);
      if (pt.score < 0 || pt.score > 10)
        errs.push(`${p}[${i}].score: Invalid value: ${pt.score}: not in valid range [0, 10]`);
    });
  }
  fail(errs);
  return {
    ignoredResources: new Set(a.ignoredResources ?? []),
    ignoredResourceGroups: new Set(a.ignoredResourceGroups ?? []),
    type,
    resources,
    shape,
  };
}

/** Applies defaults (cpu and memory, weight 1) and validates (weights must be 1). */
export function resolveBalancedArgs(raw: unknown): ResourceSpec[] {
  const a = (raw ?? {}) as NodeResourcesBalancedAllocationArgs;
  const resources =
    a.resources && a.resources.length > 0
      ? a.resources.map((r) => ({ name: r.name, weight: r.weight || 1 }))
      : DEFAULT_RESOURCES();
  fail(validateResources(resources, 'resources', 1));
  return resources;
}
