import type { CreateResult, DeleteResult, KeyValue, UpdateResult, WatchEvent } from '../store.js';
import type { LiveRow, Statements } from './schema.js';

/** One queued write. `expiresAt` is an absolute time in ms (null: no TTL). */
export type WriteOp =
  | {
      readonly kind: 'create';
      readonly key: string;
      readonly value: string;
      readonly expiresAt: number | null;
    }
  | {
      readonly kind: 'update';
      readonly key: string;
      readonly value: string;
      readonly expected: number;
      readonly expiresAt: number | null;
    }
  | { readonly kind: 'delete'; readonly key: string; readonly expected: number | undefined };

/** The outcome of one write inside a batch, and the event it produced when it wrote. */
export type Applied =
  | { readonly kind: 'create'; readonly result: CreateResult; readonly event?: WatchEvent }
  | { readonly kind: 'update'; readonly result: UpdateResult; readonly event?: WatchEvent }
  | { readonly kind: 'delete'; readonly result: DeleteResult; readonly event?: WatchEvent };

function toKv(row: LiveRow): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.create_rev, modRevision: row.mod_rev };
}

/**
 * Applies one write inside an open transaction. `rev` is the revision the write gets if it
 * succeeds; the caller advances its counter only when `event` is set. Mutates the database.
 */
export function applyWrite(st: Statements, op: WriteOp, rev: number): Applied {
  const row = st.getLive.get(op.key);
  const current = row === undefined ? undefined : toKv(row);
  switch (op.kind) {
    case 'create': {
      if (current !== undefined) return { kind: 'create', result: { ok: false, reason: 'exists', current } };
      st.insertLog.run(rev, op.key, 0, rev, 0, op.value);
      st.upsertKv.run(op.key, rev, rev, op.expiresAt);
      const kv: KeyValue = { key: op.key, value: op.value, createRevision: rev, modRevision: rev };
      return { kind: 'create', result: { ok: true, kv }, event: { type: 'put', kv, prev: undefined } };
    }
    case 'update': {
      if (current === undefined) return { kind: 'update', result: { ok: false, reason: 'not-found' } };
      if (current.modRevision !== op.expected) {
        return { kind: 'update', result: { ok: false, reason: 'conflict', current } };
      }
      st.insertLog.run(rev, op.key, 0, current.createRevision, current.modRevision, op.value);
      st.upsertKv.run(op.key, current.createRevision, rev, op.expiresAt);
      const kv: KeyValue = {
        key: op.key,
        value: op.value,
        createRevision: current.createRevision,
        modRevision: rev,
      };
      return { kind: 'update', result: { ok: true, kv }, event: { type: 'put', kv, prev: current } };
    }
    case 'delete': {
      if (current === undefined) return { kind: 'delete', result: { ok: false, reason: 'not-found' } };
      if (op.expected !== undefined && current.modRevision !== op.expected) {
        return { kind: 'delete', result: { ok: false, reason: 'conflict', current } };
      }
      st.insertLog.run(rev, op.key, 1, current.createRevision, current.modRevision, '');
      st.deleteKv.run(op.key);
      return {
        kind: 'delete',
        result: { ok: true, prev: current, revision: rev },
        event: { type: 'delete', key: op.key, revision: rev, prev: current },
      };
    }
  }
}
