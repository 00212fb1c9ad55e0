// A metadata-only list+watch of one resource for the garbage collector: of each object it keeps
// only what the graph needs (uid, name, namespace, owner references, finalizers, deletion
// timestamp, resourceVersion), so that watching every resource of the cluster stays cheap.
import { isGone, isResourceExpired } from '../../apimachinery/errors/index.js';
import type { Clock } from '../../client/clock.js';
import { apiVersionOf } from '../../client/resources.js';
import type { Client, KubeObject, Resource } from '../../client/types.js';
import type { Logger } from '../../log/index.js';
import { type ObjectMetadata, metadataOf, sameRefs } from './identity.js';

/** A change one monitor saw, in order. `old` is set for updates and deletes. */
export interface MonitorEvent {
  readonly type: 'add' | 'update' | 'delete';
  readonly obj: ObjectMetadata;
  readonly old?: ObjectMetadata;
}

/** Page size of the monitor's lists (client-go's pager default). */
export const MONITOR_LIST_PAGE_SIZE = 500;

const SOURCE = 'garbagecollector';

function keyOf(m: ObjectMetadata): string {
  return m.namespace === '' ? m.name : `${m.namespace}/${m.name}`;
}

// Whether the change matters to the graph (resourceVersion-only changes do not).
function relevantChange(a: ObjectMetadata, b: ObjectMetadata): boolean {
  return (
    a.uid !== b.uid ||
    a.deletionTimestamp !== b.deletionTimestamp ||
    a.finalizers.length !== b.finalizers.length ||
    a.finalizers.some((f, i) => f !== b.finalizers[i]) ||
    !sameRefs(a.ownerReferences, b.ownerReferences)
  );
}

/**
 * Lists and watches one resource in every namespace, reporting adds, relevant updates and deletes
 * to `sink`; re-lists after a 410 or a failed watch (reporting what vanished meanwhile as deletes),
 * backing off from 1 s to 30 s between failures. `synced` resolves after the first complete list.
 */
export class ResourceMonitor {
  private readonly store = new Map<string, ObjectMetadata>();
  private markSynced!: () => void;
  private isSynced = false;
  /** Resolves once the first list has been delivered. */
  readonly synced: Promise<void>;
  readonly apiVersion: string;

  constructor(
    readonly resource: Resource,
    private readonly client: Client,
    private readonly sink: (ev: MonitorEvent) => void,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.apiVersion = apiVersionOf(resource);
    this.synced = new Promise((resolve) => {
      this.markSynced = resolve;
    });
  }

  /** Whether the first list has been delivered. */
  hasSynced(): boolean {
    return this.isSynced;
  }

  /** Number of objects known. */
  get size(): number {
    return this.store.size;
  }

  /** Runs until `signal` aborts. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    let backoff = 1000;
    while (!signal.aborted) {
      try {
        const rv = await this.list(signal);
        backoff = 1000;
        await this.watch(rv, signal);
      } catch (e) {
        if (signal.aborted) return;
        this.log.info(2, SOURCE, 'Monitor list/watch failed, will retry', {
          resource: `${this.apiVersion}/${this.resource.resource}`,
          err: e instanceof Error ? e.message : String(e),
        });
        await sleep(this.clock, backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<string> {
    const rc = this.client.resource(this.resource);
    const seen = new Map<string, ObjectMetadata>();
    let cont: string | undefined;
    let rv = '';
    for (let page = 0; page < 1_000_000; page++) {
      const res = await rc.list('', {
        limit: MONITOR_LIST_PAGE_SIZE,
        ...(cont === undefined ? {} : { continue: cont }),
      });
      if (signal.aborted) return '';
      for (const item of res.items) {
        const m = metadataOf(item as KubeObject);
        seen.set(keyOf(m), m);
      }
      rv = res.metadata.resourceVersion ?? rv;
      cont = res.metadata.continue;
      if (cont === undefined || cont === '') break;
    }
    for (const [key, old] of this.store) if (!seen.has(key)) this.remove(old);
    for (const m of seen.values()) this.upsert(m);
    if (!this.isSynced) {
      this.isSynced = true;
      this.markSynced();
    }
    return rv;
  }

  // Watches from `rv` until the server says the revision is gone (then returns, to re-list) or
  // the signal aborts; a stream the server closed is reopened from the last revision seen.
  private async watch(rv: string, signal: AbortSignal): Promise<void> {
    const rc = this.client.resource(this.resource);
    let last = rv;
    while (!signal.aborted) {
      try {
        const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
        for await (const ev of rc.watch(
          '',
          { resourceVersion: last, allowWatchBookmarks: true, timeoutSeconds },
          signal,
        )) {
          if (ev.type === 'ERROR') {
            if (ev.object.code === 410) return;
            throw new Error(ev.object.message ?? 'watch error');
          }
          const m = metadataOf(ev.object as KubeObject);
          if (m.resourceVersion !== '') last = m.resourceVersion;
          if (ev.type === 'BOOKMARK') continue;
          if (ev.type === 'DELETED') this.remove(m);
          else this.upsert(m);
        }
      } catch (e) {
        if (isGone(e) || isResourceExpired(e)) return;
        throw e;
      }
    }
  }

  private upsert(m: ObjectMetadata): void {
    const key = keyOf(m);
    const old = this.store.get(key);
    this.store.set(key, m);
    if (old === undefined) this.sink({ type: 'add', obj: m });
    else if (old.uid !== m.uid) {
      // Deleted and recreated under the same name while we were not looking.
      this.sink({ type: 'delete', obj: old, old });
      this.sink({ type: 'add', obj: m });
    } else if (relevantChange(old, m)) this.sink({ type: 'update', obj: m, old });
  }

  private remove(m: ObjectMetadata): void {
    const key = keyOf(m);
    const old = this.store.get(key);
    if (old === undefined) return;
    this.store.delete(key);
    this.sink({ type: 'delete', obj: m.uid === '' ? old : m, old });
  }
}

/** Resolves after `ms` on `clock`, or at once when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      timer.cancel();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimer(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
