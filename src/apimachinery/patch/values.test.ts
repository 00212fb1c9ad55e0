import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APISERVER_PANIC_MESSAGE, PatchError } from './errors.js';
import { goStableSort } from './go-sort.js';
import type { JsonValue } from './values.js';
import { deepClone, goScalarEqual, setOwn } from './values.js';
import { compareGoStrings, goFormat, goTypeName } from './go-format.js';

describe('goFormat', () => {
  const cases: { name: string; v: JsonValue | undefined; want: string }[] = [
    { name: 'nil', v: null, want: '<nil>' },
    { name: 'string', v: 'a b', want: 'a b' },
    { name: 'integer', v: 42, want: '42' },
    { name: 'large integer', v: 2 ** 62, want: '4611686018427387904' },
    { name: 'fraction', v: 1.5, want: '1.5' },
    { name: 'small fraction uses an exponent', v: 0.00001, want: '1e-05' },
    { name: 'large fraction uses an exponent', v: 1234567.5, want: '1.2345675e+06' },
    { name: 'beyond int64', v: 1e21, want: '1e+21' },
    { name: 'list', v: [1, 'a', null], want: '[1 a <nil>]' },
    { name: 'map with sorted keys', v: { b: 1, a: { c: true } }, want: 'map[a:map[c:true] b:1]' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(goFormat(c.v), c.want));
});

describe('goTypeName', () => {
  it('distinguishes int64 from float64 like the apimachinery decoder', () => {
    assert.equal(goTypeName(1), 'int64');
    assert.equal(goTypeName(1.5), 'float64');
    assert.equal(goTypeName([]), '[]interface {}');
    assert.equal(goTypeName({}), 'map[string]interface {}');
    assert.equal(goTypeName(null), '<nil>');
  });
  it('compares scalars with Go interface equality', () => {
    assert.equal(goScalarEqual(1, 1), true);
    assert.equal(goScalarEqual('1', 1), false);
    assert.equal(goScalarEqual({}, []), false);
    assert.throws(
      () => goScalarEqual({}, {}),
      (e: unknown) =>
        e instanceof PatchError && e.reason === 'Unknown' && e.message === APISERVER_PANIC_MESSAGE,
    );
    assert.equal(goScalarEqual(null, null), true);
  });
});

describe('compareGoStrings', () => {
  it('orders by code point, not UTF-16 unit', () => {
    // U+FF61 sorts before U+1F600 in UTF-8 although its UTF-16 unit is larger than a surrogate.
    assert.ok(compareGoStrings('\uff61', '\u{1f600}') < 0);
    assert.ok('\uff61' > '\u{1f600}');
    assert.ok(compareGoStrings('a', 'ab') < 0);
    assert.equal(compareGoStrings('x', 'x'), 0);
  });
});

describe('setOwn and deepClone', () => {
  it('keep __proto__ as a plain key', () => {
    const o = {};
    setOwn(o, '__proto__', { polluted: true });
    const copy = deepClone(o);
    assert.deepStrictEqual(Object.keys(copy), ['__proto__']);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});

describe('goStableSort', () => {
  it('matches Go for a comparator that is not a strict weak order', () => {
    // Upstream's ordering comparator answers true whenever an item is unknown to the order list.
    const order = ['a', 'b'];
    const less = (x: string, y: string) => {
      const i = order.indexOf(x);
      const j = order.indexOf(y);
      return i >= 0 && j >= 0 ? i < j : true;
    };
    assert.deepStrictEqual(goStableSort(['b', 'z', 'a'], less), ['a', 'z', 'b']);
  });
  it('sorts long inputs stably', () => {
    const input = Array.from({ length: 100 }, (_, i) => ({ k: i % 7, i }));
    const sorted = goStableSort(input.slice(), (x, y) => x.k < y.k);
    const expected = input.slice().sort((x, y) => x.k - y.k || x.i - y.i);
    assert.deepStrictEqual(sorted, expected);
  });
});
