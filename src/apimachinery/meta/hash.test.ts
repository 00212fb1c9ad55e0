import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { computeHash, fnv1a32, fnv132, hashControllerRevision, safeEncodeString } from './index.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('FNV-32', () => {
  const cases: Array<[string, number, number]> = [
    ['1a of empty', fnv1a32(bytes('')), 0x811c9dc5],
    ['1a of "a"', fnv1a32(bytes('a')), 0xe40c292c],
    ['1a of "foobar"', fnv1a32(bytes('foobar')), 0xbf9cf968],
    ['1 of empty', fnv132(bytes('')), 0x811c9dc5],
    ['1 of "a"', fnv132(bytes('a')), 0x050c5d7e],
    ['1 of "foobar"', fnv132(bytes('foobar')), 0x31f0b262],
  ];
  for (const [name, got, want] of cases) test(name, () => assert.equal(got, want));
  test('seeding continues a hash', () =>
    assert.equal(fnv1a32(bytes('bar'), fnv1a32(bytes('foo'))), fnv1a32(bytes('foobar'))));
});

describe('safeEncodeString', () => {
  test('digits map as upstream', () => assert.equal(safeEncodeString('0123456789'), '456789bcdf'));
  test('empty', () => assert.equal(safeEncodeString(''), ''));
});

// Expected values computed with Go's hash/fnv and upstream's SafeEncodeString over the same bytes.
const template = {
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  metadata: { labels: { app: 'web' } },
};

describe('computeHash', () => {
  test('matches FNV-1a over canonical JSON', () => assert.equal(computeHash(template), '5776f98846'));
  const counts: Array<[number, string]> = [
    [0, '68669c6dfd'],
    [1, '7fdf679775'],
    [-1, '6db84545c8'],
  ];
  for (const [count, want] of counts) {
    test(`collision count ${count} is hashed as 8 little-endian bytes`, () =>
      assert.equal(computeHash(template, count), want));
  }
  test('count 0 differs from no count', () =>
    assert.notEqual(computeHash(template, 0), computeHash(template)));
  test('non-int32 count throws RangeError', () => {
    assert.throws(() => computeHash(template, 1.5), RangeError);
    assert.throws(() => computeHash(template, 2 ** 31), RangeError);
  });
  test('key order does not change the hash', () => {
    const reordered = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ image: 'nginx', name: 'c' }] },
    };
    assert.equal(computeHash(reordered), computeHash(template));
  });
  test('undefined members do not change the hash', () =>
    assert.equal(computeHash({ ...template, status: undefined }), computeHash(template)));
  test('any change changes the hash', () => {
    const changed = { ...template, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
    assert.notEqual(computeHash(changed), computeHash(template));
  });
  test('output uses only the safe alphabet', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { nil: undefined }),
        (v, c) => {
          assert.match(computeHash(v, c), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
        },
      ),
      { seed: 21, numRuns: 1000 },
    );
  });
  test('random permutations of keys hash alike', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        assert.equal(computeHash(reversed), computeHash(d));
      }),
      { seed: 22, numRuns: 1000 },
    );
  });
});

describe('hashControllerRevision', () => {
  test('FNV-1 over canonical JSON', () => assert.equal(hashControllerRevision(template), '6df59b689b'));
  test('probe appended as decimal text', () =>
    assert.equal(hashControllerRevision(template, 3), 'bf6887fb7'));
});
