// VolumeZone: volumes' zone and region labels restrict the nodes.
import type { Handle, Plugin } from '../../framework/types.js';
import { VolumeZone } from './plugin.js';

export { ERR_REASON_CONFLICT, labelZonesToSet, NAME, pvTopologies, VolumeZone } from './plugin.js';

/** The registry factory (the plugin takes no args). */
export function factory(_args: unknown, handle: Handle): Plugin {
  return new VolumeZone(handle);
}
