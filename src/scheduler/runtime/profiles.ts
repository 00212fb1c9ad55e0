// Frameworks for every configured profile.
import type { SchedulerConfiguration } from '../config/types.js';
import type { PluginFactory } from '../framework/types.js';
import { Framework, type FrameworkOptions } from './framework.js';
import { EXTENSION_POINTS, type PluginSet, type ProfilePlugins } from './extension-points.js';

/**
 * One framework per profile, by schedulerName. Plugins the configuration enables through
 * multiPoint but the registry lacks are left out (the default set names plugins this build may
 * not have); names missing from a specific extension point are configuration errors.
 */
export function buildProfiles(
  cfg: SchedulerConfiguration,
  registry: ReadonlyMap<string, PluginFactory>,
  base: Omit<
    FrameworkOptions,
    'schedulerName' | 'registry' | 'plugins' | 'pluginConfig' | 'percentageOfNodesToScore'
  >,
): Map<string, Framework> {
  const out = new Map<string, Framework>();
  for (const p of cfg.profiles) {
    const keep = (s: PluginSet): PluginSet => ({
      enabled: s.enabled.filter((e) => registry.has(e.name)),
      disabled: s.disabled,
    });
    const plugins = { multiPoint: keep(p.plugins.multiPoint) } as Record<string, PluginSet>;
    for (const ep of EXTENSION_POINTS) plugins[ep] = p.plugins[ep];
    out.set(
      p.schedulerName,
      new Framework({
        ...base,
        schedulerName: p.schedulerName,
        registry,
        plugins: plugins as ProfilePlugins,
        pluginConfig: new Map(p.pluginConfig.map((c) => [c.name, c.args])),
        percentageOfNodesToScore: p.percentageOfNodesToScore,
      }),
    );
  }
  return out;
}

/** Names of multiPoint plugins a profile enables that the registry lacks. */
export function missingPlugins(
  cfg: SchedulerConfiguration,
  registry: ReadonlyMap<string, PluginFactory>,
): string[] {
  const out = new Set<string>();
  for (const p of cfg.profiles)
    for (const e of p.plugins.multiPoint.enabled) if (!registry.has(e.name)) out.add(e.name);
  return [...out];
}
