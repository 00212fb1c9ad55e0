// Upstream's defaults for KubeSchedulerConfiguration v1 (SetDefaults_KubeSchedulerConfiguration and
// getDefaultPlugins of 1.36).
import type { PluginRef, PluginSet } from '../runtime/extension-points.js';

/** `default-scheduler`, the name pods get when spec.schedulerName is unset. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/**
 * The default plugins, all enabled through multiPoint, in upstream's order, with the score
 * weights upstream sets (0: unset, which counts as 1).
 */
export const DEFAULT_MULTI_POINT_PLUGINS: readonly PluginRef[] = [
  { name: 'SchedulingGates', weight: 0 },
  { name: 'PrioritySort', weight: 0 },
  { name: 'NodeUnschedulable', weight: 0 },
  { name: 'NodeName', weight: 0 },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts', weight: 0 },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeRestrictions', weight: 0 },
  { name: 'NodeVolumeLimits', weight: 0 },
  { name: 'VolumeBinding', weight: 0 },
  { name: 'VolumeZone', weight: 0 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption', weight: 0 },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder', weight: 0 },
];

/** Upstream's defaults for the scalar settings. */
export const CONFIG_DEFAULTS = {
  parallelism: 16,
  podInitialBackoffSeconds: 1,
  podMaxBackoffSeconds: 10,
  leaderElection: {
    leaderElect: true,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    resourceLock: 'leases',
    resourceName: 'kube-scheduler',
    resourceNamespace: 'kube-system',
  },
} as const;

/**
 * Upstream's mergePluginSet: defaults minus the disabled ones (all with `*`), a default that is
 * enabled again is replaced in place (keeping its position), other enabled plugins follow.
 */
export function mergePluginSet(defaults: PluginSet, custom: PluginSet): PluginSet {
  const disabled = new Set(custom.disabled.map((p) => p.name));
  const customIndex = new Map<string, number>();
  custom.enabled.forEach((p, i) => {
    customIndex.set(p.name, i);
  });
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabled.has('*')) {
    for (const d of defaults.enabled) {
      if (disabled.has(d.name)) continue;
      const i = customIndex.get(d.name);
      if (i !== undefined) {
        replaced.add(i);
        enabled.push(custom.enabled[i] as PluginRef);
      } else {
        enabled.push(d);
      }
    }
  }
  custom.enabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push(p);
  });
  return { enabled, disabled: custom.disabled.map((p) => ({ name: p.name, weight: 0 })) };
}
