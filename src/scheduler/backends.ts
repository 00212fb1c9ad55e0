// The scheduler's default cache and queue: upstream's SchedulerCache and PriorityQueue, with the
// profiles' PreEnqueue plugins and event registrations.
import type { ClusterEventWithHint, PreEnqueuePlugin } from './framework/types.js';
import { SchedulerCache } from './cache/cache.js';
import { PriorityQueue } from './queue/priority-queue.js';
import type { BackendsFactory } from './scheduler.js';

/** Builds the cache, its snapshot and the queue for `startScheduler`. */
export const defaultBackends: BackendsFactory = ({ profiles, less, config, clock }) => {
  const cache = new SchedulerCache({ clock });
  const preEnqueuePlugins: PreEnqueuePlugin[] = [];
  const pluginEvents = new Map<string, readonly ClusterEventWithHint[]>();
  for (const fwk of profiles.values()) {
    preEnqueuePlugins.push(...fwk.preEnqueuePlugins);
    for (const [name, events] of fwk.eventsToRegister()) pluginEvents.set(name, events);
  }
  const queue = new PriorityQueue({
    clock,
    less,
    preEnqueuePlugins,
    pluginEvents,
    initialBackoffMs: config.podInitialBackoffSeconds * 1000,
    maxBackoffMs: config.podMaxBackoffSeconds * 1000,
  });
  return {
    cache,
    snapshot: cache.snapshot,
    queue,
  };
};
