import type { WatchEvent } from '../store.js';
import { StoreError } from '../store.js';
import type { KeyCodec } from './codec.js';
import { parseRevision } from './codec.js';
import type { RawEvent } from './messages.js';

/**
 * The store view of one etcd watch event. Pure. Throws StoreError('invalid') for a malformed
 * event, and StoreError('unavailable') for a delete whose previous value etcd could not supply
 * (it had been compacted away): the delete cannot be described, so the watch must end.
 */
export function toWatchEvent(raw: RawEvent, codec: KeyCodec): WatchEvent {
  if (raw.kv === null) throw new StoreError('invalid', 'etcd sent a watch event without a key');
  const prev = raw.prev_kv === null ? undefined : codec.keyValue(raw.prev_kv);
  if (raw.type === 'PUT') return { type: 'put', kv: codec.keyValue(raw.kv), prev };
  if (raw.type !== 'DELETE') {
    throw new StoreError('invalid', `etcd sent a watch event of unknown type ${JSON.stringify(raw.type)}`);
  }
  const key = codec.decode(raw.kv.key);
  const revision = parseRevision(raw.kv.mod_revision, 'mod_revision');
  if (prev === undefined) {
    throw new StoreError(
      'unavailable',
      `etcd event received with PrevKv=nil (key=${JSON.stringify(key)}, modRevision=${revision}, type=DELETE)`,
    );
  }
  return { type: 'delete', key, revision, prev };
}

/** The revision of a store watch event. */
export function revisionOf(e: WatchEvent): number {
  return e.type === 'delete' ? e.revision : e.kv.modRevision;
}
