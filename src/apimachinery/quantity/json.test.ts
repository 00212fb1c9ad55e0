import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ERR_FORMAT_WRONG,
  goTrimSpace,
  parseQuantity,
  parseQuantityJSON,
  quantityFromJSON,
} from './index.js';

describe('parseQuantityJSON reads raw JSON text (upstream TestJSONWhitespace)', () => {
  const cases: [string, string][] = [
    ['" 1"', '1'],
    ['"1 "', '1'],
    ['1', '1'],
    [' 1', '1'],
    ['1 ', '1'],
    ['10', '10'],
    ['-1', '-1'],
    [' -1', '-1'],
    ['"100m"', '100m'],
    ['1e3', '1e3'],
    ['null', '0'],
    ['"\u00a01Gi\u2003"', '1Gi'],
  ];
  for (const [raw, text] of cases) {
    test(JSON.stringify(raw), () => assert.equal(parseQuantityJSON(raw).toString(), text));
  }
  const bad: string[] = ['""', '"', 'true', '{}', '"\\u0031"', '"\ufeff1"', '"1"x'];
  for (const raw of bad) {
    test(`rejects ${JSON.stringify(raw)}`, () =>
      assert.throws(() => parseQuantityJSON(raw), { name: 'QuantityError' }));
  }
});

describe('quantityFromJSON reads decoded JSON values', () => {
  const cases: [unknown, string][] = [
    ['100m', '100m'],
    [' 2Gi ', '2Gi'],
    [1, '1'],
    [0.5, '500m'],
    [-3, '-3'],
    [1e21, '1e21'],
    [1.5e-7, '150e-9'],
    [null, '0'],
  ];
  for (const [value, text] of cases) {
    test(JSON.stringify(value), () => assert.equal(quantityFromJSON(value).toString(), text));
  }
  for (const value of [true, {}, [], Number.NaN, Number.POSITIVE_INFINITY, undefined]) {
    test(`rejects ${String(value)}`, () =>
      assert.throws(() => quantityFromJSON(value), { name: 'QuantityError', message: ERR_FORMAT_WRONG }));
  }
  test('serialises as the canonical string', () => {
    assert.equal(
      JSON.stringify({ cpu: parseQuantity('1000m'), memory: parseQuantity('1.5Gi') }),
      '{"cpu":"1","memory":"1536Mi"}',
    );
  });
  test('round trips through JSON for every format', () => {
    for (const text of ['1536Mi', '100m', '1e3', '-5', '1e21', '9223372036854775807', '123456789n']) {
      const q = parseQuantity(text);
      const back = quantityFromJSON(JSON.parse(JSON.stringify(q)));
      assert.equal(back.cmp(q), 0);
      assert.equal(back.toString(), q.toString());
    }
  });
});

test('goTrimSpace trims Go white space only', () => {
  assert.equal(goTrimSpace('\t\n\v\f\r \u0085\u00a0x\u3000\u2028'), 'x');
  assert.equal(goTrimSpace('\ufeffx'), '\ufeffx');
  assert.equal(goTrimSpace('   '), '');
});
