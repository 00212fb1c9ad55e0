// Reads KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) from YAML, applies upstream's
// defaults and validates it.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { parseGoDurationMs } from '../../apimachinery/duration/index.js';
import {
  EXTENSION_POINTS,
  type ExtensionPoint,
  type PluginRef,
  type PluginSet,
  type ProfilePlugins,
} from '../runtime/extension-points.js';
import {
  CONFIG_DEFAULTS,
  DEFAULT_MULTI_POINT_PLUGINS,
  DEFAULT_SCHEDULER_NAME,
  mergePluginSet,
} from './defaults.js';
import type { LeaderElectionConfig, SchedulerConfiguration, SchedulerProfile } from './types.js';
import { validateConfiguration } from './validate.js';

/** The configuration's API group-version and kind. */
export const CONFIG_API_VERSION = 'kubescheduler.config.k8s.io/v1';
export const CONFIG_KIND = 'KubeSchedulerConfiguration';

/** A configuration that cannot be decoded or does not validate. */
export class ConfigError extends Error {}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON field name of an extension point (`preFilter`). */
function jsonName(ep: ExtensionPoint): string {
  return ep.charAt(0).toLowerCase() + ep.slice(1);
}

function pluginList(v: unknown, where: string): PluginRef[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ConfigError(`${where}: expected a list`);
  return v.map((p, i) => {
    if (!isObj(p)) throw new ConfigError(`${where}[${i}]: expected an object`);
    const name = p['name'];
    const weight = p['weight'] ?? 0;
    if (typeof name !== 'string') throw new ConfigError(`${where}[${i}].name: expected a string`);
    if (typeof weight !== 'number' || !Number.isInteger(weight)) {
      throw new ConfigError(`${where}[${i}].weight: expected an integer`);
    }
    return { name, weight };
  });
}

function pluginSet(v: unknown, where: string): PluginSet {
  if (v === undefined || v === null) return { enabled: [], disabled: [] };
  if (!isObj(v)) throw new ConfigError(`${where}: expected an object`);
  return {
    enabled: pluginList(v['enabled'], `${where}.enabled`),
    disabled: pluginList(v['disabled'], `${where}.disabled`),
  };
}

function optNumber(o: Obj, key: string, where: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new ConfigError(`${where}${key}: expected a number`);
  return v;
}

function duration(o: Obj, key: string, def: number): number {
  const v = o[key];
  if (v === undefined || v === null) return def;
  if (typeof v !== 'string') throw new ConfigError(`leaderElection.${key}: expected a duration string`);
  try {
    return parseGoDurationMs(v);
  } catch (err) {
    throw new ConfigError(`leaderElection.${key}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function profile(v: unknown, i: number): SchedulerProfile {
  const where = `profiles[${i}]`;
  if (!isObj(v)) throw new ConfigError(`${where}: expected an object`);
  const plugins = v['plugins'];
  if (plugins !== undefined && plugins !== null && !isObj(plugins)) {
    throw new ConfigError(`${where}.plugins: expected an object`);
  }
  const p = (plugins ?? {}) as Obj;
  const sets = {
    multiPoint: mergePluginSet(
      { enabled: DEFAULT_MULTI_POINT_PLUGINS, disabled: [] },
      pluginSet(p['multiPoint'], `${where}.plugins.multiPoint`),
    ),
  } as Record<string, PluginSet>;
  for (const ep of EXTENSION_POINTS) {
    // The defaults enable nothing per extension point: merging with them keeps the custom set.
    sets[ep] = mergePluginSet(
      { enabled: [], disabled: [] },
      pluginSet(p[jsonName(ep)], `${where}.plugins.${jsonName(ep)}`),
    );
  }
  const pc = v['pluginConfig'] ?? [];
  if (!Array.isArray(pc)) throw new ConfigError(`${where}.pluginConfig: expected a list`);
  const pluginConfig = pc.map((e, j) => {
    if (!isObj(e) || typeof e['name'] !== 'string') {
      throw new ConfigError(`${where}.pluginConfig[${j}].name: expected a string`);
    }
    return { name: e['name'], args: e['args'] };
  });
  const name = v['schedulerName'];
  if (name !== undefined && typeof name !== 'string') {
    throw new ConfigError(`${where}.schedulerName: expected a string`);
  }
  return {
    schedulerName: name ?? DEFAULT_SCHEDULER_NAME,
    percentageOfNodesToScore: optNumber(v, 'percentageOfNodesToScore', `${where}.`),
    plugins: sets as ProfilePlugins,
    pluginConfig,
  };
}

/** The default profile alone (what kube-scheduler runs without --config). */
export function defaultConfiguration(): SchedulerConfiguration {
  return decodeConfiguration({ apiVersion: CONFIG_API_VERSION, kind: CONFIG_KIND });
}

/**
 * Decodes a parsed v1 document, applies defaults and validates; throws ConfigError with the
 * aggregated validation message (as upstream's `field.ErrorList` aggregate) when invalid.
 */
export function decodeConfiguration(doc: unknown): SchedulerConfiguration {
  if (!isObj(doc)) throw new ConfigError('the configuration is not an object');
  const apiVersion = doc['apiVersion'];
  const kind = doc['kind'];
  if (kind !== CONFIG_KIND)
    throw new ConfigError(`no kind "${String(kind)}" is registered for version "${String(apiVersion)}"`);
  if (apiVersion !== CONFIG_API_VERSION) {
    throw new ConfigError(`no kind "${kind}" is registered for version "${String(apiVersion)}"`);
  }
  const le = doc['leaderElection'] ?? {};
  if (!isObj(le)) throw new ConfigError('leaderElection: expected an object');
  const d = CONFIG_DEFAULTS.leaderElection;
  const leaderElection: LeaderElectionConfig = {
    leaderElect: typeof le['leaderElect'] === 'boolean' ? le['leaderElect'] : d.leaderElect,
    leaseDurationMs: duration(le, 'leaseDuration', d.leaseDurationMs),
    renewDeadlineMs: duration(le, 'renewDeadline', d.renewDeadlineMs),
    retryPeriodMs: duration(le, 'retryPeriod', d.retryPeriodMs),
    resourceLock: typeof le['resourceLock'] === 'string' ? le['resourceLock'] : d.resourceLock,
    resourceName: typeof le['resourceName'] === 'string' ? le['resourceName'] : d.resourceName,
    resourceNamespace:
      typeof le['resourceNamespace'] === 'string' ? le['resourceNamespace'] : d.resourceNamespace,
  };
  const rawProfiles = doc['profiles'];
  if (rawProfiles !== undefined && rawProfiles !== null && !Array.isArray(rawProfiles)) {
    throw new ConfigError('profiles: expected a list');
  }
  const profiles =
    rawProfiles === undefined || rawProfiles === null || rawProfiles.length === 0
      ? [profile({}, 0)]
      : rawProfiles.map(profile);
  const cfg: SchedulerConfiguration = {
    parallelism: optNumber(doc, 'parallelism', '') ?? CONFIG_DEFAULTS.parallelism,
    percentageOfNodesToScore: optNumber(doc, 'percentageOfNodesToScore', ''),
    podInitialBackoffSeconds:
      optNumber(doc, 'podInitialBackoffSeconds', '') ?? CONFIG_DEFAULTS.podInitialBackoffSeconds,
    podMaxBackoffSeconds: optNumber(doc, 'podMaxBackoffSeconds', '') ?? CONFIG_DEFAULTS.podMaxBackoffSeconds,
    leaderElection,
    profiles,
  };
  const errs = validateConfiguration(cfg);
  if (errs !== '') throw new ConfigError(errs);
  return cfg;
}

/** Parses YAML (or JSON) text; see decodeConfiguration. */
export function parseConfiguration(text: string): SchedulerConfiguration {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new ConfigError(
      `couldn't decode as KubeSchedulerConfiguration: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return decodeConfiguration(doc);
}

/** Reads and parses a configuration file. */
export async function loadConfigurationFile(file: string): Promise<SchedulerConfiguration> {
  return parseConfiguration(await readFile(file, 'utf8'));
}
