import { DISCARD_LOGGER, type Logger } from '../../log/index.js';
import type { JsonObject, NamespaceDeletionClient, NamespaceEvent, NamespaceEventSource } from './client.js';
import { type Clock, SYSTEM_CLOCK, type Timer } from '../../client/clock.js';
import { NamespacedResourcesDeleter, ResourcesRemainingError } from './deleter.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  type RateLimiter,
} from '../../client/workqueue/rate-limiter.js';
import { WorkQueue } from '../../client/workqueue/work-queue.js';

/**
 * How long a namespace event waits before it is processed (upstream's 5 s): other API servers
 * see the deletion (and refuse new content) and last-moment creations become visible first.
 */
export const NAMESPACE_DELETION_GRACE_PERIOD_MS = 5_000;

/** kube-controller-manager's `--namespace-sync-period` default: terminating namespaces are revisited this often. */
export const NAMESPACE_SYNC_PERIOD_MS = 5 * 60_000;

/** kube-controller-manager's `--concurrent-namespace-syncs` default. */
export const CONCURRENT_NAMESPACE_SYNCS = 10;

/**
 * The namespace controller's retry policy (upstream's nsControllerRateLimiter): per-namespace
 * backoff from 5 ms to 60 s (so a failing deletion is retried at least every minute) and 10
 * retries a second overall with bursts of 100.
 */
export function namespaceRateLimiter(now: () => number): RateLimiter<string> {
  return new MaxOfRateLimiter<string>(
    new ItemExponentialFailureRateLimiter(5, 60_000),
    new BucketRateLimiter(10, 100, now),
  );
}

/** What the controller runs on; all but `client` and `events` have upstream defaults. */
export interface NamespaceControllerOptions {
  readonly client: NamespaceDeletionClient;
  readonly events: NamespaceEventSource;
  /** Concurrent workers (default {@link CONCURRENT_NAMESPACE_SYNCS}). */
  readonly workers?: number;
  /** Delay before a namespace event is processed (default {@link NAMESPACE_DELETION_GRACE_PERIOD_MS}). */
  readonly deletionGracePeriodMs?: number;
  /** Resync period of terminating namespaces (default {@link NAMESPACE_SYNC_PERIOD_MS}). */
  readonly resyncPeriodMs?: number;
  /** Retry policy (default {@link namespaceRateLimiter}). */
  readonly rateLimiter?: RateLimiter<string>;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

const SOURCE = 'namespace-controller';

function metaOf(ns: JsonObject): JsonObject {
  const m = ns['metadata'];
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as JsonObject) : {};
}

/**
 * The namespace lifecycle controller (upstream's NamespaceController): watches namespaces and,
 * for each one being deleted, runs the NamespacedResourcesDeleter from a rate-limited queue until
 * the namespace's content is gone and its `kubernetes` finalizer released. Idle (no timers, no
 * reads) while no namespace is terminating. Nothing runs before `start`.
 */
export class NamespaceController {
  private readonly deleter: NamespacedResourcesDeleter;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly graceMs: number;
  private readonly resyncMs: number;
  private readonly queue: WorkQueue<string>;
  /** Names of the namespaces seen with a deletionTimestamp and not yet gone. */
  private readonly terminating = new Set<string>();
  private resyncTimer: Timer | undefined;
  private markReady!: () => void;
  private started = false;

  /** Resolves once the first list of namespaces has been handled. */
  readonly ready: Promise<void>;

  constructor(private readonly opts: NamespaceControllerOptions) {
    this.clock = opts.clock ?? SYSTEM_CLOCK;
    this.logger = opts.logger ?? DISCARD_LOGGER;
    this.graceMs = opts.deletionGracePeriodMs ?? NAMESPACE_DELETION_GRACE_PERIOD_MS;
    this.resyncMs = opts.resyncPeriodMs ?? NAMESPACE_SYNC_PERIOD_MS;
    this.deleter = new NamespacedResourcesDeleter(opts.client, () => new Date(this.clock.now()));
    this.queue = new WorkQueue(opts.rateLimiter ?? namespaceRateLimiter(() => this.clock.now()), this.clock);
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
  }

  /**
   * Runs until `signal` aborts: follows namespace events and works the queue with the configured
   * number of workers. Resolves once the event source and every worker have stopped (a pass in
   * progress ends at its next resource). Call once.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('NamespaceController.start called twice');
    this.started = true;
    const stop = () => {
      this.queue.shutDown();
      this.resyncTimer?.cancel();
      this.resyncTimer = undefined;
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    const workers = Array.from({ length: Math.max(1, this.opts.workers ?? CONCURRENT_NAMESPACE_SYNCS) }, () =>
      this.worker(signal),
    );
    try {
      for await (const ev of this.opts.events.events(signal)) this.handle(ev);
    } catch (e) {
      if (!signal.aborted) this.logger.error(SOURCE, 'Namespace event source failed', { err: e });
    } finally {
      stop();
      signal.removeEventListener('abort', stop);
      await Promise.all(workers);
    }
  }

  /** Applies one event (exposed for tests and for callers that feed events themselves). */
  handle(ev: NamespaceEvent): void {
    switch (ev.type) {
      case 'replace': {
        const names = new Set<string>();
        for (const ns of ev.namespaces) {
          const name = metaOf(ns)['name'];
          if (typeof name === 'string') names.add(name);
          this.enqueue(ns);
        }
        for (const name of this.terminating) if (!names.has(name)) this.terminating.delete(name);
        this.markReady();
        break;
      }
      case 'upsert':
        this.enqueue(ev.namespace);
        break;
      case 'delete':
        this.terminating.delete(ev.name);
        break;
    }
    this.armResync();
  }

  // Only namespaces being deleted are queued, after the grace period.
  private enqueue(ns: JsonObject): void {
    const m = metaOf(ns);
    const name = m['name'];
    if (typeof name !== 'string' || typeof m['deletionTimestamp'] !== 'string') return;
    this.terminating.add(name);
    this.queue.addAfter(name, this.graceMs);
  }

  // The resync of an informer: terminating namespaces come round again every period. No timer
  // runs while none is terminating.
  private armResync(): void {
    if (this.terminating.size === 0 || this.queue.isShuttingDown) {
      this.resyncTimer?.cancel();
      this.resyncTimer = undefined;
      return;
    }
    if (this.resyncTimer !== undefined) return;
    this.resyncTimer = this.clock.setTimer(() => {
      this.resyncTimer = undefined;
      for (const name of this.terminating) this.queue.addAfter(name, this.graceMs);
      this.armResync();
    }, this.resyncMs);
  }

  private async worker(signal: AbortSignal): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.sync(key, signal);
      } finally {
        this.queue.done(key);
      }
    }
  }

  // One pass for one namespace, and what to do next with its key.
  private async sync(key: string, signal: AbortSignal): Promise<void> {
    const started = this.clock.now();
    try {
      await this.deleter.delete(key, signal);
      this.queue.forget(key);
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof ResourcesRemainingError) {
        const wait = Math.floor(e.estimate / 2) + 1;
        this.logger.info(4, SOURCE, 'Content remaining in namespace', { namespace: key, waitSeconds: wait });
        this.queue.addAfter(key, wait * 1000);
      } else {
        // Rather than wait for a resync, retry with backoff.
        this.queue.addRateLimited(key);
        this.logger.error(SOURCE, 'Namespace deletion failed, will retry', { namespace: key, err: e });
      }
    } finally {
      this.logger.info(4, SOURCE, 'Finished syncing namespace', {
        namespace: key,
        duration: `${this.clock.now() - started}ms`,
      });
    }
  }
}
