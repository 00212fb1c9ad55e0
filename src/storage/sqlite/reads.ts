import type { GetResult, KeyValue, ListResult, WatchEvent } from '../store.js';
import { StoreError } from '../store.js';
import type { KeyRange } from './keys.js';
import type { Statements } from './schema.js';

/** Where a read is served: the live table (current revision) or the log (an older one). */
export type ReadPoint = { readonly at: number; readonly live: boolean };

function withValue(st: Statements, key: string, createRevision: number, modRevision: number): KeyValue {
  const value = st.valueAt.get(modRevision);
  if (value === undefined)
    throw new StoreError('unavailable', `revision log is missing revision ${modRevision}`);
  return { key, value, createRevision, modRevision };
}

/** Reads one key at a checked revision. Reads only. */
export function readKey(st: Statements, key: string, p: ReadPoint): GetResult {
  if (p.live) {
    const row = st.getLive.get(key);
    const kv =
      row === undefined
        ? undefined
        : { key, value: row.value, createRevision: row.create_rev, modRevision: row.mod_rev };
    return { kv, revision: p.at };
  }
  const v = st.getAt.get(key, p.at);
  if (v === undefined || v.deleted === 1) return { kv: undefined, revision: p.at };
  return { kv: withValue(st, v.key, v.create_rev, v.rev), revision: p.at };
}

/**
 * Reads keys in [start, range.end) in key order at a checked revision; `limit` 0 means all.
 * `remaining` counts the keys after the page. Reads only.
 */
export function readRange(
  st: Statements,
  range: KeyRange,
  start: string,
  p: ReadPoint,
  limit: number,
): ListResult {
  if (p.live) {
    const rows = st.listLive.all(start, range.end, limit === 0 ? -1 : limit + 1);
    const more = limit > 0 && rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const kvs: KeyValue[] = page.map((r) => ({
      key: r.key,
      value: r.value,
      createRevision: r.create_rev,
      modRevision: r.mod_rev,
    }));
    const remaining = more ? (st.countLiveAfter.get(page[page.length - 1]!.key, range.end) ?? 0) : 0;
    return { kvs, revision: p.at, more, remaining };
  }
  // The statement must finish before values are read: a connection runs one statement at a time.
  const picked: Array<{ key: string; rev: number; create_rev: number }> = [];
  let remaining = 0;
  for (const v of st.versionsAt.iterate(start, range.end, p.at)) {
    if (v.deleted === 1) continue;
    if (limit > 0 && picked.length >= limit) remaining++;
    else picked.push({ key: v.key, rev: v.rev, create_rev: v.create_rev });
  }
  const kvs = picked.map((v) => withValue(st, v.key, v.create_rev, v.rev));
  return { kvs, revision: p.at, more: remaining > 0, remaining };
}

/** The events under `range` with after < revision <= upTo, from the log, in order. Reads only. */
export function readHistory(st: Statements, after: number, upTo: number, range: KeyRange): WatchEvent[] {
  return st.history.all(after, upTo, range.start, range.end).map((r): WatchEvent => {
    let prev: KeyValue | undefined;
    if (r.prev_rev > 0) {
      if (r.prev_value === null) {
        throw new StoreError(
          'unavailable',
          `revision log is missing revision ${r.prev_rev} (before ${r.rev})`,
        );
      }
      prev = { key: r.key, value: r.prev_value, createRevision: r.create_rev, modRevision: r.prev_rev };
    }
    if (r.deleted === 1) {
      if (prev === undefined) {
        throw new StoreError('unavailable', `delete at revision ${r.rev} has no previous version`);
      }
      return { type: 'delete', key: r.key, revision: r.rev, prev };
    }
    return {
      type: 'put',
      kv: { key: r.key, value: r.value, createRevision: r.create_rev, modRevision: r.rev },
      prev,
    };
  });
}
