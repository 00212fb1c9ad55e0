import type { WriteOptions } from '../store.js';
import { StoreError } from '../store.js';

/** Throws StoreError('invalid') unless `n` is absent or a non-negative safe integer. */
export function checkRevision(n: number | undefined, what: string): void {
  if (n !== undefined && (!Number.isSafeInteger(n) || n < 0)) {
    throw new StoreError('invalid', `${what} must be a non-negative integer, got ${n}`);
  }
}

/** Throws StoreError('invalid') for an empty key (etcd has none). */
export function checkKey(key: string): void {
  if (key.length === 0) throw new StoreError('invalid', 'key must not be empty');
}

/** Throws StoreError('invalid') unless a TTL, when given, is a positive whole number of seconds. */
export function checkTtl(opts: WriteOptions | undefined): void {
  const ttl = opts?.ttlSeconds;
  if (ttl !== undefined && (!Number.isSafeInteger(ttl) || ttl <= 0)) {
    throw new StoreError('invalid', `ttlSeconds must be a positive integer, got ${ttl}`);
  }
}

/** Throws StoreError('invalid') unless a duration option, when given, is a finite number > 0 (or >= 0). */
export function checkDuration(name: string, ms: number | undefined, zeroAllowed = false): void {
  if (ms === undefined) return;
  if (!Number.isFinite(ms) || ms < 0 || (ms === 0 && !zeroAllowed)) {
    throw new StoreError(
      'invalid',
      `${name} must be ${zeroAllowed ? 'zero or ' : ''}a positive number of milliseconds, got ${ms}`,
    );
  }
}
