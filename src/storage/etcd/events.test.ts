import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { StoreError } from '../store.js';
import { KeyCodec } from './codec.js';
import { revisionOf, toWatchEvent } from './events.js';
import type { RawEvent, RawKeyValue } from './messages.js';

const kv = (key: string, value: string, create: number, mod: number): RawKeyValue => ({
  key: Buffer.from(key),
  value: Buffer.from(value),
  create_revision: String(create),
  mod_revision: String(mod),
  version: '1',
  lease: '0',
});

describe('toWatchEvent', () => {
  const codec = new KeyCodec('/p');

  test('a create: a put without prev', () => {
    const e = toWatchEvent({ type: 'PUT', kv: kv('/p/registry/a', 'v1', 5, 5), prev_kv: null }, codec);
    assert.deepEqual(e, {
      type: 'put',
      kv: { key: '/registry/a', value: 'v1', createRevision: 5, modRevision: 5 },
      prev: undefined,
    });
    assert.equal(revisionOf(e), 5);
  });

  test('an update carries the previous state', () => {
    const e = toWatchEvent(
      { type: 'PUT', kv: kv('/p/registry/a', 'v2', 5, 9), prev_kv: kv('/p/registry/a', 'v1', 5, 5) },
      codec,
    );
    assert.ok(e.type === 'put');
    assert.deepEqual(e.prev, { key: '/registry/a', value: 'v1', createRevision: 5, modRevision: 5 });
  });

  test('a delete: etcd sends the key with the delete revision and zero create revision', () => {
    const e = toWatchEvent(
      { type: 'DELETE', kv: kv('/p/registry/a', '', 0, 12), prev_kv: kv('/p/registry/a', 'v2', 5, 9) },
      codec,
    );
    assert.deepEqual(e, {
      type: 'delete',
      key: '/registry/a',
      revision: 12,
      prev: { key: '/registry/a', value: 'v2', createRevision: 5, modRevision: 9 },
    });
    assert.equal(revisionOf(e), 12);
  });

  const bad: Array<[string, RawEvent, string, RegExp]> = [
    ['no key-value', { type: 'PUT', kv: null, prev_kv: null }, 'invalid', /without a key/],
    [
      'a delete whose previous state was compacted away',
      { type: 'DELETE', kv: kv('/p/registry/a', '', 0, 12), prev_kv: null },
      'unavailable',
      /PrevKv=nil \(key="\/registry\/a", modRevision=12, type=DELETE\)/,
    ],
    [
      'a key outside the prefix',
      { type: 'PUT', kv: kv('/q/registry/a', 'v', 1, 1), prev_kv: null },
      'invalid',
      /outside prefix/,
    ],
    [
      'an unknown event type',
      { type: 'EXPIRE' as RawEvent['type'], kv: kv('/p/a', 'v', 1, 1), prev_kv: null },
      'invalid',
      /unknown type "EXPIRE"/,
    ],
    [
      'a malformed revision',
      { type: 'PUT', kv: { ...kv('/p/a', 'v', 1, 1), mod_revision: '1e3' }, prev_kv: null },
      'invalid',
      /malformed mod_revision/,
    ],
  ];
  for (const [name, raw, code, message] of bad) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () => toWatchEvent(raw, codec),
        (err: unknown) => {
          assert.ok(err instanceof StoreError);
          assert.equal(err.code, code);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  test('fuzz: random events decode or fail with StoreError', () => {
    const rev = fc.oneof(fc.integer({ min: -2, max: 1e9 }).map(String), fc.string({ maxLength: 12 }));
    const rawKv = fc.record({
      key: fc
        .oneof(
          fc.uint8Array({ maxLength: 12 }),
          fc.string().map((s) => `/p${s}`),
        )
        .map((b) => Buffer.from(b)),
      value: fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)),
      create_revision: rev,
      mod_revision: rev,
      version: rev,
      lease: rev,
    });
    const event = fc.record({
      type: fc.constantFrom('PUT', 'DELETE', 'OTHER') as fc.Arbitrary<RawEvent['type']>,
      kv: fc.option(rawKv, { nil: null }),
      prev_kv: fc.option(rawKv, { nil: null }),
    });
    fc.assert(
      fc.property(event, (raw) => {
        try {
          const e = toWatchEvent(raw, codec);
          assert.ok(Number.isSafeInteger(revisionOf(e)));
        } catch (err) {
          assert.ok(err instanceof StoreError, `unexpected ${String(err)}`);
        }
      }),
      { seed: 1123, numRuns: 2000 },
    );
  });
});
