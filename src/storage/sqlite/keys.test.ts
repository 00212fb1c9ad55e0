import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { StoreError } from '../store.js';
import { checkKey, checkRevision, prefixEnd, prefixRange } from './keys.js';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

describe('prefixEnd', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['registry prefix', '/registry/pods/', '/registry/pods0'],
    ['single letter', 'a', 'b'],
    ['non-ascii', 'é', 'ê'],
    ['before the surrogate block', 'x\uD7FF', 'x\uE000'],
    ['astral', 'a\u{1F600}', 'a\u{1F601}'],
    ['trailing max code point', 'a\u{10FFFF}', 'b'],
    ['only max code points', '\u{10FFFF}\u{10FFFF}', undefined],
    ['empty', '', undefined],
  ];
  for (const [name, prefix, want] of cases) {
    test(name, () => assert.equal(prefixEnd(prefix), want));
  }

  test('bounds exactly the keys that start with the prefix, in UTF-8 byte order', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 });
    fc.assert(
      fc.property(text, text, (p, s) => {
        const end = prefixEnd(p);
        fc.pre(end !== undefined);
        const inRange = Buffer.compare(utf8(s), utf8(p)) >= 0 && Buffer.compare(utf8(s), utf8(end)) < 0;
        assert.equal(inRange, s.startsWith(p), `prefix ${JSON.stringify(p)} key ${JSON.stringify(s)}`);
      }),
      { seed: 4242, numRuns: 2000 },
    );
  });
});

describe('key and prefix checks', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['empty key', '', /must not be empty/],
    ['not a string', 42, /must be a string/],
    ['lone high surrogate', 'a\uD800', /not well-formed/],
    ['lone low surrogate', '\uDC00b', /not well-formed/],
  ];
  for (const [name, key, message] of bad) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () => checkKey(key, 'key'),
        (err: unknown) => err instanceof StoreError && err.code === 'invalid' && message.test(err.message),
      );
    });
  }

  test('accepts a surrogate pair', () => assert.equal(checkKey('/a/\u{1F600}', 'key'), '/a/\u{1F600}'));

  test('a prefix without an upper bound is refused', () => {
    assert.throws(() => prefixRange('\u{10FFFF}'), /has no upper bound/);
  });

  const revisions: Array<[string, unknown, number | undefined | 'invalid']> = [
    ['absent', undefined, undefined],
    ['zero means current', 0, undefined],
    ['positive', 7, 7],
    ['negative', -1, 'invalid'],
    ['fraction', 1.5, 'invalid'],
    ['NaN', Number.NaN, 'invalid'],
    ['unsafe', 2 ** 60, 'invalid'],
    ['string', '3', 'invalid'],
  ];
  for (const [name, rev, want] of revisions) {
    test(`revision ${name}`, () => {
      if (want === 'invalid') assert.throws(() => checkRevision(rev, 'revision'), StoreError);
      else assert.equal(checkRevision(rev, 'revision'), want);
    });
  }

  test('fuzz: checks return or throw StoreError, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: anyUnit, maxLength: 12 }), fc.anything()), (input) => {
        for (const f of [
          () => checkKey(input, 'key'),
          () => prefixRange(input),
          () => checkRevision(input, 'r'),
        ]) {
          try {
            f();
          } catch (err) {
            assert.ok(err instanceof StoreError, `threw ${String(err)}`);
            assert.ok(err.message.length > 0);
          }
        }
      }),
      { seed: 99, numRuns: 2000 },
    );
  });
});
