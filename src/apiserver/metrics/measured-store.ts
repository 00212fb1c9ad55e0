import type {
  CreateResult,
  DeleteResult,
  GetResult,
  ListOptions,
  ListResult,
  Store,
  UpdateResult,
  WatchBatch,
  WatchOptions,
  WriteOptions,
} from '../../storage/index.js';
import { ResourceLabeler } from './storage-resources.js';

/** Receives one measured store call: upstream's operation name, the resource label, seconds, outcome. */
export type StoreObserver = (operation: string, type: string, seconds: number, failed: boolean) => void;

/**
 * A Store that times every keyed call (get, create, update, delete, list, count) and reports it
 * to `observe` with the operation names upstream's etcd3 storage uses (`listWithCount` for a
 * count) and the group-resource of the key as type. Watches, revisions, compaction and close
 * pass through unmeasured. Results and errors are the inner store's, untouched.
 */
export function measuredStore(inner: Store, observe: StoreObserver, labeler = new ResourceLabeler()): Store {
  const timed = async <T>(operation: string, key: string, call: () => Promise<T>): Promise<T> => {
    const start = process.hrtime.bigint();
    let failed = true;
    try {
      const out = await call();
      failed = false;
      return out;
    } finally {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      observe(operation, labeler.labelFor(key), seconds, failed);
    }
  };
  return {
    currentRevision: () => inner.currentRevision(),
    compactedRevision: () => inner.compactedRevision(),
    get: (key: string, revision?: number): Promise<GetResult> =>
      timed('get', key, () => inner.get(key, revision)),
    create: (key: string, value: string, opts?: WriteOptions): Promise<CreateResult> =>
      timed('create', key, () => inner.create(key, value, opts)),
    update: (key: string, value: string, expected: number, opts?: WriteOptions): Promise<UpdateResult> =>
      timed('update', key, () => inner.update(key, value, expected, opts)),
    delete: (key: string, expected?: number): Promise<DeleteResult> =>
      timed('delete', key, () => inner.delete(key, expected)),
    list: (prefix: string, opts?: ListOptions): Promise<ListResult> =>
      timed('list', prefix, () => inner.list(prefix, opts)),
    count: (prefix: string): Promise<number> => timed('listWithCount', prefix, () => inner.count(prefix)),
    watch: (opts: WatchOptions): AsyncIterable<WatchBatch> => inner.watch(opts),
    compact: (revision: number) => inner.compact(revision),
    close: () => inner.close(),
  };
}
