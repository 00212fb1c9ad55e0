import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { StoreError } from '../store.js';
import { classifyRpcError } from './errors.js';

const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details });

describe('classifyRpcError', () => {
  const cases: Array<[string, unknown, string, string?]> = [
    [
      'compacted',
      grpcError(status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision has been compacted'),
      'compacted',
    ],
    [
      'future revision',
      grpcError(status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision is a future revision'),
      'future-revision',
    ],
    ['lease gone', grpcError(status.NOT_FOUND, 'etcdserver: requested lease not found'), 'lease-not-found'],
    [
      'no leader (refused before processing)',
      grpcError(status.UNAVAILABLE, 'etcdserver: no leader'),
      'not-processed',
    ],
    [
      'too many requests',
      grpcError(status.RESOURCE_EXHAUSTED, 'etcdserver: too many requests'),
      'not-processed',
    ],
    ['not capable', grpcError(status.UNAVAILABLE, 'etcdserver: not capable'), 'not-processed'],
    [
      'grpc-js never connected',
      grpcError(
        status.UNAVAILABLE,
        'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:2379',
      ),
      'not-processed',
    ],
    ['connection dropped mid-call', grpcError(status.UNAVAILABLE, 'Connection dropped'), 'outcome-unknown'],
    ['leader changed', grpcError(status.UNAVAILABLE, 'etcdserver: leader changed'), 'outcome-unknown'],
    [
      'proposal timed out',
      grpcError(status.UNAVAILABLE, 'etcdserver: request timed out, possibly due to previous leader failure'),
      'outcome-unknown',
    ],
    ['deadline', grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'), 'outcome-unknown'],
    ['stream cancelled', grpcError(status.CANCELLED, 'Cancelled on client'), 'outcome-unknown'],
    ['too large', grpcError(status.INVALID_ARGUMENT, 'etcdserver: request is too large'), 'fatal', 'invalid'],
    [
      'no space',
      grpcError(status.RESOURCE_EXHAUSTED, 'etcdserver: mvcc: database space exceeded'),
      'fatal',
      'unavailable',
    ],
    [
      'permission denied',
      grpcError(status.PERMISSION_DENIED, 'etcdserver: permission denied'),
      'fatal',
      'unavailable',
    ],
    ['a store error passes through', new StoreError('closed', 'etcd client is closed'), 'fatal', 'closed'],
    ['not an object', 'boom', 'fatal', 'unavailable'],
    ['an error without a code', new Error('socket hang up'), 'fatal', 'unavailable'],
  ];
  for (const [name, err, kind, code] of cases) {
    test(name, () => {
      const f = classifyRpcError(err);
      assert.equal(f.kind, kind);
      if (f.kind === 'fatal') assert.equal(f.error.code, code);
      if (f.kind === 'outcome-unknown') assert.equal(f.timeout, name === 'deadline');
    });
  }

  test('fuzz: any thrown value classifies without throwing', () => {
    const arb = fc.oneof(
      fc.anything(),
      fc.record({ code: fc.integer({ min: -5, max: 20 }), details: fc.string() }),
      fc.record({ code: fc.anything(), details: fc.anything(), message: fc.anything() }),
    );
    fc.assert(
      fc.property(arb, (err) => {
        const f = classifyRpcError(err);
        if (f.kind === 'fatal') assert.ok(f.error instanceof StoreError);
      }),
      { seed: 99, numRuns: 2000 },
    );
  });
});
