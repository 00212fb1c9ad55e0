// VolumeBinding: PersistentVolumeClaims decide where a pod may run and are bound before it is.
import type { Handle, Plugin } from '../../framework/types.js';
import { parseVolumeBindingArgs, VolumeBinding } from './plugin.js';

export { AssumeCache } from './assume-cache.js';
export {
  type BindingInfo,
  bindVolumeToClaim,
  ERR_REASON_BIND_CONFLICT,
  ERR_REASON_NODE_CONFLICT,
  ERR_REASON_NOT_ENOUGH_SPACE,
  ERR_REASON_PV_NOT_EXIST,
  findMatchingVolumeForNode,
  isClaimFullyBound,
  type PodVolumeClaims,
  type PodVolumes,
  VolumeBinder,
} from './binder.js';
export {
  matchNodeSelectorTerms,
  matchTopologySelectorTerms,
  volumeNodeAffinityMatches,
} from './node-selector.js';
export {
  ERR_REASON_UNBOUND_IMMEDIATE,
  NAME,
  parseVolumeBindingArgs,
  VolumeBinding,
  type VolumeBindingArgs,
  type VolumeBindingOptions,
} from './plugin.js';

/** The registry factory: args are VolumeBindingArgs (undefined: defaults). Throws on invalid args. */
export function factory(args: unknown, handle: Handle): Plugin {
  return new VolumeBinding(parseVolumeBindingArgs(args), handle);
}
