import { isConflict, isNotFound } from '../apimachinery/errors/index.js';
import type { Clock } from '../client/clock.js';
import type { KubeObject, ResourceClient } from '../client/types.js';

/** What a list-watch loop reports. */
export interface ListWatchHandler<T> {
  /** Every object of a (re)list, then `relisted` with their keys. */
  upsert(obj: T): void;
  remove(obj: T): void;
  /** After each complete list, with every `namespace/name` it held. */
  relisted(keys: ReadonlySet<string>): void;
}

/** `namespace/name` (or `name`). */
export function objectKey(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return ns === undefined || ns === '' ? (o.metadata?.name ?? '') : `${ns}/${o.metadata?.name ?? ''}`;
}

const sleep = (clock: Clock, ms: number) =>
  new Promise<void>((resolve) => {
    clock.setTimer(resolve, ms);
  });

/**
 * Lists (in pages) then watches a resource across all namespaces, rewatching from the last
 * revision when a watch ends and relisting after 410 Gone. Keeps no copies of objects: the
 * handler decides what to remember. Resolves when `signal` aborts.
 */
export async function listWatch<T extends KubeObject>(
  rc: ResourceClient<T>,
  opts: { fieldSelector?: string; labelSelector?: string },
  handler: ListWatchHandler<T>,
  clock: Clock,
  signal: AbortSignal,
  onSynced: () => void,
): Promise<void> {
  let rv: string | undefined;
  let synced = false;
  while (!signal.aborted) {
    try {
      if (rv === undefined) {
        const keys = new Set<string>();
        let cont: string | undefined;
        let pages = 0;
        do {
          const page = await rc.list('', {
            ...opts,
            limit: 500,
            ...(cont === undefined ? {} : { continue: cont }),
          });
          for (const item of page.items) {
            keys.add(objectKey(item));
            handler.upsert(item);
          }
          cont = page.metadata.continue || undefined;
          rv = page.metadata.resourceVersion;
        } while (cont !== undefined && ++pages < 100_000 && !signal.aborted);
        handler.relisted(keys);
        if (!synced) {
          synced = true;
          onSynced();
        }
      }
      const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
      for await (const ev of rc.watch(
        '',
        { ...opts, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds },
        signal,
      )) {
        if (ev.type === 'ERROR') {
          if (ev.object.code === 410) rv = undefined;
          break;
        }
        rv = ev.object.metadata?.resourceVersion ?? rv;
        if (ev.type === 'BOOKMARK') continue;
        if (ev.type === 'DELETED') handler.remove(ev.object);
        else handler.upsert(ev.object);
      }
    } catch (err) {
      if (signal.aborted) return;
      if (
        isNotFound(err) ||
        isConflict(err) ||
        (err as { status?: { code?: number } }).status?.code === 410
      ) {
        rv = undefined;
      }
      await sleep(clock, 1000);
    }
  }
}
