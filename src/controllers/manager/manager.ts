// The controller manager: one informer factory and one event broadcaster shared by every
// controller, optionally behind leader election so that of several managers only one acts.
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { type Clock, SYSTEM_CLOCK } from '../../client/clock.js';
import { newEventBroadcaster } from '../../client/events/broadcaster.js';
import { InformerFactory } from '../../client/informers/factory.js';
import { LeaderElector } from '../../client/leaderelection/leader-elector.js';
import type { SharedInformerFactory } from '../../client/informers/types.js';
import type { Client } from '../../client/types.js';
import type { Logger } from '../../log/index.js';
import type { ControllerContext, ControllerDescriptor, ControllerManagerOptions } from '../context.js';

/** kube-controller-manager's lease in kube-system and its timings (--leader-elect-* defaults). */
export const LEADER_ELECTION_DEFAULTS = {
  namespace: 'kube-system',
  name: 'kube-controller-manager',
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
} as const;

/** Leader election settings; identity defaults to `<hostname>_<random>` as upstream. */
export interface LeaderElectionSettings {
  readonly identity?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
}

/** What the manager runs on. */
export interface ControllerManagerConfig {
  readonly client: Client;
  /** The controllers to run (see selectControllers). */
  readonly controllers: readonly ControllerDescriptor[];
  readonly options: ControllerManagerOptions;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Absent: act at once without a lease (--leader-elect=false). */
  readonly leaderElection?: LeaderElectionSettings;
}

/** A running manager. */
export interface RunningControllerManager {
  /** Resolves once this manager leads (at once without election) and its caches synced. */
  readonly ready: Promise<void>;
  /** Resolves once everything stopped after the signal aborted. */
  readonly done: Promise<void>;
}

/**
 * Starts the manager; it stops when `signal` aborts. With leader election, controllers start on
 * winning the lease and stop when it is lost; the manager then competes again (an in-process
 * manager must not take its host process down, unlike upstream's binary which exits).
 */
export function startControllerManager(
  cfg: ControllerManagerConfig,
  signal: AbortSignal,
): RunningControllerManager {
  const clock = cfg.clock ?? SYSTEM_CLOCK;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => {
    markReady = r;
  });
  const lead = async (leading: AbortSignal): Promise<void> => {
    const synced = await runControllers(cfg, clock, leading);
    if (synced) markReady();
  };
  let done: Promise<void>;
  if (cfg.leaderElection === undefined) {
    done = lead(signal).then(() => waitForAbort(signal));
  } else {
    const le = cfg.leaderElection;
    const identity = le.identity ?? `${hostname()}_${crypto.randomUUID()}`;
    // LeaderElection events on the Lease, as upstream's "<identity> became leader".
    const leaseEvents = newEventBroadcaster({ client: cfg.client, clock, log: cfg.log });
    signal.addEventListener('abort', () => void leaseEvents.flush().finally(() => leaseEvents.shutdown()), {
      once: true,
    });
    done = (async () => {
      while (!signal.aborted) {
        const elector = new LeaderElector({
          client: cfg.client,
          namespace: le.namespace ?? LEADER_ELECTION_DEFAULTS.namespace,
          name: le.name ?? LEADER_ELECTION_DEFAULTS.name,
          identity,
          leaseDurationMs: le.leaseDurationMs ?? LEADER_ELECTION_DEFAULTS.leaseDurationMs,
          renewDeadlineMs: le.renewDeadlineMs ?? LEADER_ELECTION_DEFAULTS.renewDeadlineMs,
          retryPeriodMs: le.retryPeriodMs ?? LEADER_ELECTION_DEFAULTS.retryPeriodMs,
          releaseOnCancel: true,
          recorder: leaseEvents.newRecorder('kube-controller-manager'),
          clock,
          log: cfg.log,
          callbacks: {
            onStartedLeading: (leading: AbortSignal) => {
              cfg.log.info(1, 'controller-manager', 'Became leader, starting controllers', { identity });
              void lead(leading).catch((err: unknown) =>
                cfg.log.error('controller-manager', 'Controllers failed', { err }),
              );
            },
            onStoppedLeading: () => {
              if (!signal.aborted)
                cfg.log.warning('controller-manager', 'Leader election lost', { identity });
            },
            onNewLeader: (holder: string) => {
              if (holder !== identity)
                cfg.log.info(1, 'controller-manager', 'New leader elected', { holder });
            },
          },
        });
        await elector.run(signal);
      }
    })();
  }
  return { ready, done };
}

// Starts every controller over fresh shared informers; resolves true once the caches synced
// (false when `signal` aborted first). Everything stops when `signal` aborts.
async function runControllers(
  cfg: ControllerManagerConfig,
  clock: Clock,
  signal: AbortSignal,
): Promise<boolean> {
  // Every controller and informer listens on this one signal.
  setMaxListeners(0, signal);
  const factory = new InformerFactory(cfg.client, { clock, log: cfg.log });
  // Controllers start their workers before the factory starts (they request informers as they
  // start); their wait for sync must cover those informers, so it waits for the start first.
  let factoryStarted!: () => void;
  const started = new Promise<void>((r) => {
    factoryStarted = r;
  });
  const informers: SharedInformerFactory = {
    informerFor: (r) => factory.informerFor(r),
    start: (s) => factory.start(s),
    waitForCacheSync: async (s) => {
      await Promise.race([started, waitForAbort(s)]);
      return !s.aborted && factory.waitForCacheSync(s);
    },
  };
  // As kube-controller-manager's recorders: the component only, no host.
  const events = newEventBroadcaster({ client: cfg.client, clock, log: cfg.log });
  const ctx: ControllerContext = {
    client: cfg.client,
    informers,
    events,
    clock,
    log: cfg.log,
    options: cfg.options,
  };
  for (const c of cfg.controllers) {
    try {
      await c.start(ctx, signal);
      cfg.log.info(2, 'controller-manager', 'Started controller', { controller: c.name });
    } catch (err) {
      cfg.log.error('controller-manager', 'Error starting controller', { controller: c.name, err });
    }
  }
  factory.start(signal);
  factoryStarted();
  signal.addEventListener('abort', () => void events.flush().finally(() => events.shutdown()), {
    once: true,
  });
  return informers.waitForCacheSync(signal);
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((r) => signal.addEventListener('abort', () => r(), { once: true }));
}
