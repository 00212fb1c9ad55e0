// The scheduler process: informers feed the cache (assigned pods, nodes) and the queue
// (unscheduled pods of our profiles, cluster events); one loop pops pods and runs their scheduling
// cycles; optionally behind leader election (lease kube-system/kube-scheduler).
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { type Clock, SYSTEM_CLOCK } from '../client/clock.js';
import { newEventsV1Broadcaster } from '../client/events/events-v1-broadcaster.js';
import { newEventBroadcaster } from '../client/events/broadcaster.js';
import type { EventRecorder } from '../client/events/types.js';
import { InformerFactory } from '../client/informers/factory.js';
import type { DeletedFinalStateUnknown } from '../client/informers/types.js';
import { LeaderElector } from '../client/leaderelection/leader-elector.js';
import { NODES, PODS } from '../client/resources.js';
import type { Client } from '../client/types.js';
import type { Logger } from '../log/index.js';
import type { SchedulerConfiguration } from './config/types.js';
import type { NodeInfoImpl } from './framework/node-info.js';
import { newPodInfo } from './framework/pod-info.js';
import type { PodInfo, PodNominator, QueueSortPlugin, SharedLister } from './framework/types.js';
import type { Framework } from './runtime/framework.js';
import { buildProfiles, missingPlugins } from './runtime/profiles.js';
import { inTreeRegistry } from './runtime/registry.js';
import type { CacheEventsPort, CachePort, QueueEventsPort, QueuePort } from './schedule-one/ports.js';
import { ScheduleOne } from './schedule-one/schedule-one.js';

/** The cache, its snapshot and the queue the scheduler runs on (built once the profiles exist). */
export interface SchedulerBackends {
  readonly cache: CachePort & CacheEventsPort;
  readonly snapshot: SharedLister;
  readonly queue: QueuePort & QueueEventsPort;
}

/** Builds the backends from the profiles' queue order and PreEnqueue/event registrations. */
export type BackendsFactory = (args: {
  readonly profiles: ReadonlyMap<string, Framework>;
  readonly less: QueueSortPlugin['less'];
  readonly config: SchedulerConfiguration;
  readonly clock: Clock;
  readonly log: Logger;
}) => SchedulerBackends;

/** What the scheduler runs with. */
export interface SchedulerOptions {
  readonly client: Client;
  readonly config: SchedulerConfiguration;
  readonly log: Logger;
  readonly clock?: Clock;
  /** The cache and queue implementation. */
  readonly backends: BackendsFactory;
  /** Leader election identity (default `<hostname>_<uuid>`). */
  readonly identity?: string;
}

/** A running scheduler. */
export interface RunningScheduler {
  /** Resolves once leading (at once without election) and the informers synced. */
  readonly ready: Promise<void>;
  /** Resolves once everything stopped after the signal aborted. */
  readonly done: Promise<void>;
}

/** Starts the scheduler; it stops when `signal` aborts. */
export function startScheduler(opts: SchedulerOptions, signal: AbortSignal): RunningScheduler {
  const clock = opts.clock ?? SYSTEM_CLOCK;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => {
    markReady = r;
  });
  const lead = async (leading: AbortSignal) => {
    await runScheduler(opts, clock, leading, markReady);
  };
  const le = opts.config.leaderElection;
  if (!le.leaderElect) return { ready, done: lead(signal) };
  const identity = opts.identity ?? `${hostname()}_${crypto.randomUUID()}`;
  const leaseEvents = newEventBroadcaster({ client: opts.client, clock, log: opts.log });
  signal.addEventListener('abort', () => void leaseEvents.flush().finally(() => leaseEvents.shutdown()), {
    once: true,
  });
  const done = (async () => {
    while (!signal.aborted) {
      let running: Promise<void> = Promise.resolve();
      const elector = new LeaderElector({
        client: opts.client,
        namespace: le.resourceNamespace,
        name: le.resourceName,
        identity,
        leaseDurationMs: le.leaseDurationMs,
        renewDeadlineMs: le.renewDeadlineMs,
        retryPeriodMs: le.retryPeriodMs,
        releaseOnCancel: true,
        recorder: leaseEvents.newRecorder('default-scheduler'),
        clock,
        log: opts.log,
        callbacks: {
          onStartedLeading: (leading: AbortSignal) => {
            opts.log.info(1, 'scheduler', 'Became leader, starting scheduling', { identity });
            running = lead(leading).catch((err: unknown) =>
              opts.log.error('scheduler', 'Scheduler failed', { err }),
            );
          },
          onStoppedLeading: () => {
            if (!signal.aborted) opts.log.warning('scheduler', 'Leader election lost', { identity });
          },
          onNewLeader: (holder: string) => {
            if (holder !== identity) opts.log.info(1, 'scheduler', 'New leader elected', { holder });
          },
        },
      });
      await elector.run(signal);
      await running;
    }
  })();
  return { ready, done };
}

function unwrap<T>(obj: T | DeletedFinalStateUnknown<T>): T {
  return (obj as DeletedFinalStateUnknown<T>).type === 'tombstone'
    ? (obj as DeletedFinalStateUnknown<T>).obj
    : (obj as T);
}

async function runScheduler(
  opts: SchedulerOptions,
  clock: Clock,
  signal: AbortSignal,
  markReady: () => void,
): Promise<void> {
  setMaxListeners(0, signal);
  const { client, config, log } = opts;
  const factory = new InformerFactory(client, { clock, log });
  const events = newEventsV1Broadcaster({ client, clock, log, reportingController: 'default-scheduler' });
  const podInformer = factory.informerFor(PODS);
  const nodeInformer = factory.informerFor(NODES);
  // The handle's snapshot and nominator forward to the backends, built after the frameworks.
  let backends: SchedulerBackends | undefined;
  const snapshot: SharedLister = {
    get nodeInfos() {
      return (backends as SchedulerBackends).snapshot.nodeInfos;
    },
  };
  const nominator: PodNominator = {
    nominatedPodsForNode: (n) => (backends as SchedulerBackends).queue.nominatedPodsForNode(n),
  };
  const registry = inTreeRegistry();
  const missing = missingPlugins(config, registry);
  if (missing.length > 0)
    log.warning('scheduler', 'Plugins not available in this build were left out', {
      plugins: missing.join(','),
    });
  const recorders = new Map<string, ReturnType<typeof events.newRecorder>>();
  const recorderFor = (name: string) => {
    let r = recorders.get(name);
    if (r === undefined) {
      r = events.newRecorder({ controller: name, instance: `${name}-${hostname()}` });
      recorders.set(name, r);
    }
    return r;
  };
  // Plugins record through the core-style interface; actions follow upstream's (Preempting for preemption).
  const pluginRecorder: EventRecorder = {
    event: (obj, type, reason, message) =>
      recorderFor('default-scheduler').eventf(
        obj,
        undefined,
        type,
        reason,
        reason === 'Preempted' ? 'Preempting' : 'Scheduling',
        message,
      ),
  };
  const profiles = buildProfiles(config, registry, {
    handle: { snapshot, client, informers: factory, recorder: pluginRecorder, clock, log, nominator },
    nodeInfoWithPod: (ni, pi: PodInfo) => {
      const c = (ni as NodeInfoImpl).clone();
      c.addPod(pi);
      return c;
    },
  });
  const first = profiles.values().next().value as Framework;
  backends = opts.backends({ profiles, less: first.queueSortLess(), config, clock, log });
  const { cache, queue } = backends;
  const ours = (pod: Pod) => profiles.has(pod.spec?.schedulerName ?? 'default-scheduler');
  const assigned = (pod: Pod) => (pod.spec?.nodeName ?? '') !== '';
  const terminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  podInformer.addEventHandler({
    onAdd: (pod) => {
      if (assigned(pod)) {
        if (terminal(pod)) return;
        cache.addPod(pod);
        queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Add' }, undefined, pod);
      } else if (ours(pod)) queue.add(pod);
    },
    onUpdate: (oldPod, newPod) => {
      if (assigned(oldPod)) {
        if (terminal(newPod)) {
          cache.removePod(oldPod);
          queue.moveAllToActiveOrBackoffQueue(
            { resource: 'AssignedPod', action: 'Delete' },
            oldPod,
            undefined,
          );
          return;
        }
        cache.updatePod(oldPod, newPod);
        queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Update' }, oldPod, newPod);
      } else if (assigned(newPod)) {
        // Bound: leaves the queue, joins the cache (confirming the assumed pod).
        if (ours(oldPod)) queue.delete(oldPod);
        if (!terminal(newPod)) cache.addPod(newPod);
      } else if (ours(newPod)) queue.update(oldPod, newPod);
    },
    onDelete: (obj) => {
      const pod = unwrap(obj);
      if (assigned(pod)) {
        cache.removePod(pod);
        queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Delete' }, pod, undefined);
      } else if (ours(pod)) {
        queue.delete(pod);
        for (const f of profiles.values()) f.waitingPods.get(pod.metadata?.uid ?? '')?.reject('', 'removed');
      }
    },
  });
  nodeInformer.addEventHandler({
    onAdd: (node) => {
      cache.addNode(node);
      queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Add' }, undefined, node);
    },
    onUpdate: (oldNode: Node, newNode: Node) => {
      cache.updateNode(oldNode, newNode);
      queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Update' }, oldNode, newNode);
    },
    onDelete: (obj) => cache.removeNode(unwrap(obj)),
  });
  factory.start(signal);
  if (!(await factory.waitForCacheSync(signal))) return;
  markReady();
  queue.run();
  signal.addEventListener('abort', () => queue.close(), { once: true });
  const loop = new ScheduleOne({
    client,
    log,
    cache,
    snapshot: backends.snapshot,
    queue,
    profiles,
    pods: podInformer.lister,
    newPodInfo,
    events: (name) => {
      const r = recorderFor(name);
      return (pod, type, reason, action, note) =>
        r.eventf(
          pod.kind ? pod : { ...pod, kind: 'Pod', apiVersion: 'v1' },
          undefined,
          type,
          reason,
          action,
          note,
        );
    },
    percentageOfNodesToScore: config.percentageOfNodesToScore,
  });
  while (!signal.aborted && (await loop.scheduleNext())) {
    // One pod per turn; binding cycles continue in the background.
  }
  await loop.drain();
  await events.flush();
  events.shutdown();
}
