// NodeVolumeLimits: per-driver CSI attach limits.
import type { Handle, Plugin } from '../../framework/types.js';
import { NodeVolumeLimits } from './plugin.js';

export {
  csiAttachLimitKey,
  ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED,
  NAME,
  NodeVolumeLimits,
  volumeLimits,
} from './plugin.js';

/** The registry factory (the plugin takes no args). */
export function factory(_args: unknown, handle: Handle): Plugin {
  return new NodeVolumeLimits(handle);
}
