// The extension points of a profile's plugin configuration, in the order a pod meets them.

/** Upstream's extension point names (KubeSchedulerConfiguration `plugins.<point>`, capitalized). */
export const EXTENSION_POINTS = [
  'PreEnqueue',
  'QueueSort',
  'PreFilter',
  'Filter',
  'PostFilter',
  'PreScore',
  'Score',
  'Reserve',
  'Permit',
  'PreBind',
  'Bind',
  'PostBind',
] as const;

/** One extension point. */
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** A plugin named in configuration, with its score weight (0: unset). */
export interface PluginRef {
  readonly name: string;
  readonly weight: number;
}

/** Plugins enabled and disabled at one extension point. */
export interface PluginSet {
  readonly enabled: readonly PluginRef[];
  readonly disabled: readonly PluginRef[];
}

/** Every extension point's plugin set plus `multiPoint`. */
export type ProfilePlugins = Record<ExtensionPoint, PluginSet> & { readonly multiPoint: PluginSet };

/** A plugin set with nothing in it. */
export const EMPTY_PLUGIN_SET: PluginSet = { enabled: [], disabled: [] };

/** Profile plugins with only `multiPoint` set. */
export function multiPointOnly(multiPoint: PluginSet): ProfilePlugins {
  const out = { multiPoint } as Record<string, PluginSet>;
  for (const ep of EXTENSION_POINTS) out[ep] = EMPTY_PLUGIN_SET;
  return out as ProfilePlugins;
}
