import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { canonicalJSON, deepCopy, deepEqual } from './index.js';

describe('deepEqual has JSON semantics', () => {
  const equal: Array<[string, unknown, unknown]> = [
    ['key order is irrelevant', { a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }],
    ['undefined member equals a missing one', { a: 1, b: undefined }, { a: 1 }],
    ['missing equals undefined the other way', { a: 1 }, { a: 1, b: undefined }],
    ['functions vanish like undefined', { a: 1, f: () => 1 }, { a: 1 }],
    ['undefined in an array is null', [undefined, 1], [null, 1]],
    ['NaN is null', [Number.NaN], [null]],
    ['-0 equals 0', { n: -0 }, { n: 0 }],
    ['Dates compare by their JSON text', { t: new Date(0) }, { t: '1970-01-01T00:00:00.000Z' }],
    ['empty containers', { a: [], b: {} }, { b: {}, a: [] }],
    ['both undefined', undefined, undefined],
    ['nested arrays', [[1, [2]], { x: [3] }], [[1, [2]], { x: [3] }]],
  ];
  for (const [name, a, b] of equal) test(name, () => assert.equal(deepEqual(a, b), true));
  const unequal: Array<[string, unknown, unknown]> = [
    ['array order matters', [1, 2], [2, 1]],
    ['array length', [1], [1, null]],
    ['null is not missing', { a: null }, {}],
    ['null is not undefined at the top', null, undefined],
    ['number vs string', { a: 1 }, { a: '1' }],
    ['array vs object', [], {}],
    ['object with index keys vs array', { 0: 'a' }, ['a']],
    ['extra member', { a: 1, b: 2 }, { a: 1 }],
    ['nested difference', { a: { b: [1, { c: 1 }] } }, { a: { b: [1, { c: 2 }] } }],
    ['true vs 1', true, 1],
  ];
  for (const [name, a, b] of unequal) test(name, () => assert.equal(deepEqual(a, b), false));

  test('agrees with comparing canonical JSON on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        assert.equal(deepEqual(a, b), canonicalJSON(a) === canonicalJSON(b));
        assert.equal(deepEqual(a, a), true);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});

describe('deepCopy', () => {
  test('copies are equal and share nothing mutable', () => {
    const src = { a: [1, { b: 'x' }], c: { d: null } };
    const cp = deepCopy(src);
    assert.deepEqual(cp, src);
    assert.notEqual(cp.a, src.a);
    assert.notEqual(cp.a[1], src.a[1]);
    assert.notEqual(cp.c, src.c);
  });
  test('matches a JSON round trip', () => {
    const src = { u: undefined, f: () => 1, arr: [undefined, Number.NaN, Infinity], d: new Date(0), n: -0 };
    assert.deepEqual(deepCopy(src), JSON.parse(JSON.stringify(src)));
  });
  test('__proto__ stays a plain member', () => {
    const src = JSON.parse('{"__proto__":{"x":1},"y":2}') as Record<string, unknown>;
    const cp = deepCopy(src);
    assert.equal(Object.getPrototypeOf(cp), Object.prototype);
    assert.deepEqual(Object.keys(cp), ['__proto__', 'y']);
    assert.equal(JSON.stringify(cp), JSON.stringify(src));
  });
  test('bigint throws TypeError as JSON does', () => assert.throws(() => deepCopy({ a: 1n }), TypeError));
  test('equals JSON round trip on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        assert.deepEqual(deepCopy(v), JSON.parse(JSON.stringify(v)));
      }),
      { seed: 12, numRuns: 2000 },
    );
  });
});

describe('canonicalJSON', () => {
  const cases: Array<[string, unknown, string]> = [
    ['sorted keys, no spaces', { b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    ['nested objects sorted', { z: { y: 1, x: 2 } }, '{"z":{"x":2,"y":1}}'],
    ['undefined members dropped', { a: undefined, b: 1 }, '{"b":1}'],
    ['undefined array elements are null', [undefined], '[null]'],
    ['strings escaped as JSON', { 'k"': 'a\nb' }, '{"k\\"":"a\\nb"}'],
    ['scalars', 5, '5'],
    ['upper case sorts before lower case', { a: 1, B: 2 }, '{"B":2,"a":1}'],
  ];
  for (const [name, v, want] of cases) test(name, () => assert.equal(canonicalJSON(v), want));
  test('top-level undefined throws', () => assert.throws(() => canonicalJSON(undefined), TypeError));
  test('cycles throw', () => {
    const o: Record<string, unknown> = {};
    o['self'] = o;
    assert.throws(() => canonicalJSON(o), TypeError);
  });
  test('shared (non-cyclic) references are fine', () => {
    const s = { x: 1 };
    assert.equal(canonicalJSON({ a: s, b: s }), '{"a":{"x":1},"b":{"x":1}}');
  });
  test('parses back to an equal value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => assert.equal(deepEqual(JSON.parse(canonicalJSON(v)), v), true)),
      { seed: 13, numRuns: 2000 },
    );
  });
});
