// VolumeRestrictions: exclusive disks and ReadWriteOncePod claims.
import type { Handle, Plugin } from '../../framework/types.js';
import { VolumeRestrictions } from './plugin.js';

export {
  ERR_REASON_DISK_CONFLICT,
  ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT,
  isVolumeConflict,
  NAME,
  VolumeRestrictions,
} from './plugin.js';

/** The registry factory (the plugin takes no args). */
export function factory(_args: unknown, handle: Handle): Plugin {
  return new VolumeRestrictions(handle);
}
