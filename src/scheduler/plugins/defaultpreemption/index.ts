// DefaultPreemption: the PostFilter plugin that preempts lower-priority pods.
import type { Handle, Plugin } from '../../framework/types.js';
import { NODE_INFO_OPS } from '../../preemption/node-info-ops.js';
import type { NodeInfoOps, PreemptionHandle } from '../../preemption/types.js';
import { parseDefaultPreemptionArgs } from './args.js';
import { DefaultPreemption } from './plugin.js';

export {
  calculateNumCandidates,
  DEFAULT_PREEMPTION_ARGS,
  type DefaultPreemptionArgs,
  parseDefaultPreemptionArgs,
} from './args.js';
export {
  DefaultPreemption,
  type DefaultPreemptionOptions,
  NAME,
  podTerminatingByPreemption,
} from './plugin.js';
export { NO_VICTIMS_FOUND, selectVictimsOnNode } from './select-victims.js';

/**
 * A registry factory using `nodeInfoOps` for the dry run's node copies. The handle should also
 * implement PreemptionHandle's PreFilter-extension hooks (see preemption/types.ts). Throws on
 * invalid args.
 */
export function newFactory(nodeInfoOps: NodeInfoOps): (args: unknown, handle: Handle) => Plugin {
  return (args, handle) =>
    new DefaultPreemption(parseDefaultPreemptionArgs(args), handle as PreemptionHandle, { nodeInfoOps });
}

/** The registry factory over the scheduler's NodeInfo implementation. */
export const factory: (args: unknown, handle: Handle) => Plugin = newFactory(NODE_INFO_OPS);
