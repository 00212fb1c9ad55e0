// The garbage collector: deletes dependents whose owners are gone, and carries out foreground and
// orphan deletion.
import type { ControllerDescriptor } from '../context.js';
import { CONCURRENT_GC_SYNCS, GarbageCollector } from './controller.js';

export {
  CONCURRENT_GC_SYNCS,
  GarbageCollector,
  type GarbageCollectorParts,
  GC_COMPONENT,
  GC_DISCOVERY_PERIOD_MS,
} from './controller.js';
export { type GraphEvent, GraphBuilder } from './graph-builder.js';
export { GraphNode } from './graph.js';
export {
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN,
  type ObjectIdentity,
  type ObjectMetadata,
  identityString,
  metadataOf,
} from './identity.js';
export { ResourceMonitor } from './monitor.js';
export { deletableResources, IGNORED_RESOURCES, RestMapper, RestMappingError } from './resources.js';

/** The `garbage-collector` controller of the controller manager. */
export const garbageCollectorController: ControllerDescriptor = {
  name: 'garbage-collector',
  start(ctx, signal) {
    const gc = new GarbageCollector(ctx);
    const workers = ctx.options.concurrentSyncs['garbage-collector'] ?? CONCURRENT_GC_SYNCS;
    void gc.run(workers, signal).catch((e: unknown) => {
      ctx.log.error('garbagecollector', 'Garbage collector stopped with an error', { err: e });
    });
  },
};
