import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { StoreError } from '../store.js';
import { KeyCodec, parseRevision, prefixEnd } from './codec.js';
import type { RawKeyValue } from './messages.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('prefixEnd', () => {
  const cases: Array<[string, number[], number[]]> = [
    ['plain', [0x61], [0x62]],
    ['multi byte', [0x61, 0x62], [0x61, 0x63]],
    ['trailing 0xff is dropped', [0x61, 0xff], [0x62]],
    ['several trailing 0xff', [0x61, 0x62, 0xff, 0xff], [0x61, 0x63]],
    ['all 0xff means to the end', [0xff, 0xff], [0x00]],
    ['empty means to the end', [], [0x00]],
    ['zero byte', [0x00], [0x01]],
    [
      'slash-terminated registry prefix',
      [...Buffer.from('/registry/pods/')],
      [...Buffer.from('/registry/pods0')],
    ],
  ];
  for (const [name, input, want] of cases) {
    test(name, () => {
      const inBuf = Buffer.from(input);
      assert.equal(hex(prefixEnd(inBuf)), hex(Buffer.from(want)));
      assert.equal(hex(inBuf), hex(Buffer.from(input)), 'the input is not modified');
    });
  }

  test('every key with the prefix sorts inside [prefix, end) and the end does not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 8 }), (p, rest) => {
        const prefix = Buffer.from(p);
        const end = prefixEnd(prefix);
        const key = Buffer.concat([prefix, Buffer.from(rest)]);
        if (prefix.every((b) => b === 0xff)) {
          // No byte string bounds these keys from above: etcd's "to the end" marker.
          assert.equal(hex(end), '00');
          return;
        }
        assert.ok(Buffer.compare(key, prefix) >= 0);
        assert.ok(Buffer.compare(key, end) < 0);
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });
});

describe('parseRevision', () => {
  const good: Array<[string, number]> = [
    ['0', 0],
    ['1', 1],
    ['-1', -1],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ];
  for (const [text, want] of good)
    test(`accepts ${text}`, () => assert.equal(parseRevision(text, 'r'), want));
  const bad = ['', ' 1', '1 ', '01', '+1', '1e3', '0x10', '1.0', '9007199254740993', '-', 'NaN', '١'];
  for (const text of bad) {
    test(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => parseRevision(text, 'mod_revision'),
        (err: unknown) => {
          assert.ok(err instanceof StoreError);
          assert.equal(err.code, 'invalid');
          assert.match(err.message, /mod_revision/);
          return true;
        },
      );
    });
  }

  test('fuzz: returns a safe integer or throws StoreError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.bigInt().map(String), fc.integer().map(String)), (text) => {
        try {
          const n = parseRevision(text, 'r');
          assert.ok(Number.isSafeInteger(n));
          assert.equal(String(n), text === '-0' ? '0' : text);
        } catch (err) {
          assert.ok(err instanceof StoreError, `unexpected ${String(err)}`);
        }
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe('KeyCodec', () => {
  const raw = (key: string, value = 'v'): RawKeyValue => ({
    key: Buffer.from(key),
    value: Buffer.from(value),
    create_revision: '2',
    mod_revision: '5',
    version: '2',
    lease: '0',
  });

  test('without a prefix keys are stored exactly as given', () => {
    const c = new KeyCodec('');
    assert.equal(c.encode('/registry/pods/ns/a').toString(), '/registry/pods/ns/a');
    assert.equal(c.decode(Buffer.from('/registry/pods/ns/a')), '/registry/pods/ns/a');
  });

  test('ranges', () => {
    const cases: Array<[string, string, string, string]> = [
      ['no store prefix, resource prefix', '', '/registry/pods/', '/registry/pods0'],
      ['store prefix', '/t1', '/registry/', '/t1/registry0'],
      ['everything under a store prefix', '/t1/', '', '/t10'],
    ];
    for (const [name, storePrefix, prefix, wantEnd] of cases) {
      const r = new KeyCodec(storePrefix).range(prefix);
      assert.equal(r.key.toString(), storePrefix + prefix, name);
      assert.equal(r.rangeEnd.toString(), wantEnd, name);
    }
    const all = new KeyCodec('').range('');
    assert.equal(hex(all.key), '00', 'an empty range start is the zero byte');
    assert.equal(hex(all.rangeEnd), '00');
  });

  test('decode strips the prefix and refuses keys outside it', () => {
    const c = new KeyCodec('/t1');
    assert.equal(c.decode(Buffer.from('/t1/registry/a')), '/registry/a');
    for (const bad of ['/t2/registry/a', '/t', '']) {
      assert.throws(
        () => c.decode(Buffer.from(bad)),
        (err: unknown) => err instanceof StoreError && err.code === 'invalid',
      );
    }
  });

  test('keyValue converts revisions and text, unicode and control characters included', () => {
    const c = new KeyCodec('');
    assert.deepEqual(c.keyValue(raw('/registry/cm/ns/ключ-✓', 'a\u0000b')), {
      key: '/registry/cm/ns/ключ-✓',
      value: 'a\u0000b',
      createRevision: 2,
      modRevision: 5,
    });
  });
});
