// The process-wide informer factory: one SharedIndexInformer per resource.
import { DISCARD_LOGGER, type Logger } from '../../log/index.js';
import { type Clock, SYSTEM_CLOCK } from '../clock.js';
import type { Client, KubeObject, Resource } from '../types.js';
import { SharedIndexInformer } from './shared-informer.js';
import type { SharedInformer, SharedInformerFactory } from './types.js';

/** Options of an InformerFactory. */
export interface InformerFactoryOptions {
  clock?: Clock;
  log?: Logger;
  /** Random number source for backoff jitter and watch timeouts; default Math.random. */
  random?: () => number;
}

function resourceKey(r: Resource): string {
  return `${r.group}/${r.version}/${r.resource}`;
}

/**
 * A SharedInformerFactory over `client`, caching every namespace. Building one starts nothing;
 * tests may build it over a fake client and fill `informerFor(r).indexer` directly without starting.
 */
export class InformerFactory implements SharedInformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<KubeObject>>();
  private signal: AbortSignal | undefined;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly random: (() => number) | undefined;

  constructor(
    private readonly client: Client,
    opts: InformerFactoryOptions = {},
  ) {
    this.clock = opts.clock ?? SYSTEM_CLOCK;
    this.log = opts.log ?? DISCARD_LOGGER;
    this.random = opts.random;
  }

  informerFor<T extends KubeObject>(r: Resource<T>): SharedInformer<T> {
    const key = resourceKey(r);
    let inf = this.informers.get(key) as SharedIndexInformer<T> | undefined;
    if (inf === undefined) {
      inf = new SharedIndexInformer<T>(this.client.resource(r), {
        clock: this.clock,
        log: this.log,
        ...(this.random !== undefined ? { random: this.random } : {}),
      });
      this.informers.set(key, inf as unknown as SharedIndexInformer<KubeObject>);
      if (this.signal !== undefined) this.runInformer(inf, this.signal);
    }
    return inf;
  }

  start(signal: AbortSignal): void {
    if (signal.aborted) return;
    this.signal = signal;
    for (const inf of this.informers.values()) this.runInformer(inf, signal);
  }

  /**
   * Resolves true once every informer started so far has synced, false if `signal` aborts first.
   * Informers not started are not waited for: call `start` before controllers wait, so that the
   * informers they request are started (and waited for) at once.
   */
  async waitForCacheSync(signal: AbortSignal): Promise<boolean> {
    const pending = [...this.informers.values()].filter((i) => i.isStarted() && !i.hasSynced());
    if (pending.length === 0) return true;
    if (signal.aborted) return false;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<boolean>((resolve) => {
      onAbort = () => resolve(false);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([Promise.all(pending.map((i) => i.whenSynced())).then(() => true), aborted]);
    } finally {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    }
  }

  private runInformer(inf: SharedIndexInformer<KubeObject>, signal: AbortSignal): void {
    if (inf.isStarted()) return;
    inf.run(signal).catch((err: unknown) => {
      this.log.error('informer', 'Informer stopped unexpectedly', { resource: inf.resource.resource, err });
    });
  }
}
