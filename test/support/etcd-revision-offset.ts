// A view of a store on a fresh etcd member whose revisions count from 0, as the shared
// conformance suite (written against the embedded store) expects.
import type {
  CreateResult,
  DeleteResult,
  GetResult,
  KeyValue,
  ListOptions,
  ListResult,
  Store,
  UpdateResult,
  WatchBatch,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from '../../src/storage/index.js';
import { CompactedError } from '../../src/storage/index.js';

/**
 * etcd's revision counter starts at 1: a fresh member holds an empty keyspace at revision 1 and
 * its first write gets revision 2. The shared suite numbers revisions from an empty store at 0.
 * This wrapper shifts every revision by `offset` in both directions (arguments up, results
 * down) and passes everything else through untouched, so each case still judges the backend's
 * real behaviour; only the absolute numbers are translated. Pure delegation, no state.
 */
export function offsetRevisions(inner: Store, offset: number): Store {
  const down = (r: number): number => Math.max(0, r - offset);
  const up = (r: number | undefined): number | undefined => (r === undefined || r === 0 ? r : r + offset);
  const kv = (k: KeyValue): KeyValue => ({
    key: k.key,
    value: k.value,
    createRevision: down(k.createRevision),
    modRevision: down(k.modRevision),
  });
  const event = (e: WatchEvent): WatchEvent =>
    e.type === 'put'
      ? { type: 'put', kv: kv(e.kv), prev: e.prev === undefined ? undefined : kv(e.prev) }
      : { type: 'delete', key: e.key, revision: down(e.revision), prev: kv(e.prev) };
  const mapCompacted = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      if (err instanceof CompactedError) {
        throw new CompactedError(down(err.requestedRevision), down(err.compactRevision));
      }
      throw err;
    }
  };
  const conflict = <R extends { ok: false; reason: 'conflict'; current: KeyValue }>(r: R): R => ({
    ...r,
    current: kv(r.current),
  });
  return {
    currentRevision: async () => down(await inner.currentRevision()),
    compactedRevision: async () => down(await inner.compactedRevision()),
    async get(key: string, revision?: number): Promise<GetResult> {
      const r = await mapCompacted(inner.get(key, up(revision)));
      return { kv: r.kv === undefined ? undefined : kv(r.kv), revision: down(r.revision) };
    },
    async create(key: string, value: string, opts?: WriteOptions): Promise<CreateResult> {
      const r = await inner.create(key, value, opts);
      return r.ok ? { ok: true, kv: kv(r.kv) } : { ok: false, reason: 'exists', current: kv(r.current) };
    },
    async update(key: string, value: string, expected: number, opts?: WriteOptions): Promise<UpdateResult> {
      // An expected revision of 0 names no key in either numbering; keep it 0 on the way in.
      const r = await inner.update(key, value, up(expected) ?? 0, opts);
      if (r.ok) return { ok: true, kv: kv(r.kv) };
      return r.reason === 'conflict' ? conflict(r) : r;
    },
    async delete(key: string, expected?: number): Promise<DeleteResult> {
      const r = await inner.delete(key, up(expected));
      if (r.ok) return { ok: true, prev: kv(r.prev), revision: down(r.revision) };
      return r.reason === 'conflict' ? conflict(r) : r;
    },
    async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
      const shifted: ListOptions = {
        ...opts,
        ...(opts.revision === undefined ? {} : { revision: up(opts.revision) }),
      };
      const r = await mapCompacted(inner.list(prefix, shifted));
      return { kvs: r.kvs.map(kv), revision: down(r.revision), more: r.more, remaining: r.remaining };
    },
    count: (prefix: string) => inner.count(prefix),
    watch(opts: WatchOptions): AsyncIterable<WatchBatch> {
      const source = inner.watch({ ...opts, afterRevision: opts.afterRevision + offset });
      return (async function* () {
        try {
          for await (const b of source) {
            yield b.type === 'events'
              ? { type: 'events', events: b.events.map(event) }
              : { type: 'progress', revision: down(b.revision) };
          }
        } catch (err) {
          if (err instanceof CompactedError) {
            throw new CompactedError(down(err.requestedRevision), down(err.compactRevision));
          }
          throw err;
        }
      })();
    },
    compact: (revision: number) => inner.compact(revision === 0 ? 0 : revision + offset),
    close: () => inner.close(),
  };
}
