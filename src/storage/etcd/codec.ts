import type { KeyValue } from '../store.js';
import { StoreError } from '../store.js';
import type { RawKeyValue } from './messages.js';

/**
 * Parses an int64 decoded as a decimal string into a number. Pure. Throws StoreError('invalid')
 * for anything that is not a canonical decimal integer in the safe range: revisions and counts
 * never exceed 2^53, so a value past it means a broken peer, not a value to round.
 */
export function parseRevision(text: string, what: string): number {
  if (!/^-?(0|[1-9][0-9]*)$/.test(text)) {
    throw new StoreError('invalid', `etcd sent a malformed ${what}: ${JSON.stringify(text.slice(0, 40))}`);
  }
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new StoreError('invalid', `etcd sent an out of range ${what}: ${text}`);
  }
  return n;
}

/**
 * The key range end that selects every key starting with `prefix`: the prefix with its last
 * byte below 0xff incremented and what follows dropped. Pure. A prefix of only 0xff bytes (or
 * an empty one) has no such end; etcd spells "every key from here on" as a single zero byte.
 */
export function prefixEnd(prefix: Buffer): Buffer {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const b = prefix[i]!;
    if (b < 0xff) {
      const end = Buffer.from(prefix.subarray(0, i + 1));
      end[i] = b + 1;
      return end;
    }
  }
  return Buffer.from([0]);
}

/**
 * Maps store keys to etcd keys and back under an optional key prefix (for sharing one etcd
 * between several stores). Immutable; safe to share.
 */
export class KeyCodec {
  private readonly prefixBytes: Buffer;

  constructor(readonly prefix: string) {
    this.prefixBytes = Buffer.from(prefix, 'utf8');
  }

  /** The etcd key of a store key. */
  encode(key: string): Buffer {
    return Buffer.from(this.prefix + key, 'utf8');
  }

  /**
   * The [key, range_end) of every etcd key under a store prefix. An empty range start is not
   * a valid etcd key, so "everything" starts at the zero byte.
   */
  range(prefix: string): { key: Buffer; rangeEnd: Buffer } {
    const key = this.encode(prefix);
    return { key: key.length === 0 ? Buffer.from([0]) : key, rangeEnd: prefixEnd(key) };
  }

  /** The store key of an etcd key; throws StoreError('invalid') for a key outside the prefix. */
  decode(raw: Buffer): string {
    if (
      raw.length < this.prefixBytes.length ||
      !raw.subarray(0, this.prefixBytes.length).equals(this.prefixBytes)
    ) {
      throw new StoreError(
        'invalid',
        `etcd returned key ${JSON.stringify(raw.toString('utf8'))} outside prefix`,
      );
    }
    return raw.subarray(this.prefixBytes.length).toString('utf8');
  }

  /** The store view of an etcd key-value. Throws StoreError('invalid') for malformed fields. */
  keyValue(raw: RawKeyValue): KeyValue {
    return {
      key: this.decode(raw.key),
      value: raw.value.toString('utf8'),
      createRevision: parseRevision(raw.create_revision, 'create_revision'),
      modRevision: parseRevision(raw.mod_revision, 'mod_revision'),
    };
  }
}
