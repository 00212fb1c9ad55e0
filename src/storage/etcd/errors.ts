import { status as GrpcStatus } from '@grpc/grpc-js';
import { StoreError } from '../store.js';

/**
 * What a failed etcd RPC means for the caller.
 *
 *   not-processed   the request never reached etcd's state machine (no connection, no leader,
 *                   overloaded): any request, writes included, may be retried elsewhere
 *   outcome-unknown the request may or may not have been applied (connection lost mid-call,
 *                   deadline, leader lost while proposing): reads may retry, writes must not
 *   compacted / future-revision / lease-not-found   answers about the request itself
 *   fatal           anything else: retrying will not help
 */
export type RpcFailure =
  | { readonly kind: 'not-processed'; readonly detail: string }
  | { readonly kind: 'outcome-unknown'; readonly timeout: boolean; readonly detail: string }
  | { readonly kind: 'compacted' }
  | { readonly kind: 'future-revision' }
  | { readonly kind: 'lease-not-found' }
  | { readonly kind: 'fatal'; readonly error: StoreError };

// Error descriptions etcd's server puts in gRPC statuses (rpctypes); matched exactly after the
// optional "rpc error: ..." decoration some proxies add.
const COMPACTED = 'etcdserver: mvcc: required revision has been compacted';
const FUTURE_REV = 'etcdserver: mvcc: required revision is a future revision';
const LEASE_NOT_FOUND = 'etcdserver: requested lease not found';
const NOT_PROCESSED = new Set([
  'etcdserver: no leader',
  'etcdserver: not capable',
  'etcdserver: too many requests',
]);
const INVALID = new Set([
  'etcdserver: request is too large',
  'etcdserver: key is not provided',
  'etcdserver: duplicate key given in txn request',
  'etcdserver: too many operations in txn request',
]);

function fieldOf(err: object, name: string): unknown {
  return (err as Record<string, unknown>)[name];
}

/**
 * Classifies an error from a grpc-js call. Pure; never throws, whatever it is given (a non-gRPC
 * error is fatal).
 */
export function classifyRpcError(err: unknown): RpcFailure {
  if (err instanceof StoreError) return { kind: 'fatal', error: err };
  if (typeof err !== 'object' || err === null) {
    return { kind: 'fatal', error: new StoreError('unavailable', `etcd request failed: ${String(err)}`) };
  }
  const code = fieldOf(err, 'code');
  const rawDetails = fieldOf(err, 'details');
  const details = typeof rawDetails === 'string' ? rawDetails : String(fieldOf(err, 'message') ?? '');
  if (typeof code !== 'number') {
    return {
      kind: 'fatal',
      error: new StoreError('unavailable', `etcd request failed: ${details}`, { cause: err }),
    };
  }
  if (details === COMPACTED) return { kind: 'compacted' };
  if (details === FUTURE_REV) return { kind: 'future-revision' };
  if (details === LEASE_NOT_FOUND) return { kind: 'lease-not-found' };
  if (NOT_PROCESSED.has(details)) return { kind: 'not-processed', detail: details };
  if (INVALID.has(details)) {
    return { kind: 'fatal', error: new StoreError('invalid', details, { cause: err }) };
  }
  switch (code) {
    case GrpcStatus.UNAVAILABLE:
      // grpc-js says this when the call was never handed to a connection.
      if (details.startsWith('No connection established')) return { kind: 'not-processed', detail: details };
      return { kind: 'outcome-unknown', timeout: false, detail: details };
    case GrpcStatus.DEADLINE_EXCEEDED:
      return { kind: 'outcome-unknown', timeout: true, detail: details };
    case GrpcStatus.CANCELLED:
    case GrpcStatus.INTERNAL:
    case GrpcStatus.UNKNOWN:
      return { kind: 'outcome-unknown', timeout: false, detail: details };
    default:
      return {
        kind: 'fatal',
        error: new StoreError('unavailable', `etcd request failed: ${details}`, { cause: err }),
      };
  }
}
