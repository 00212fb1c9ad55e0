import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  getPercentValue,
  isNotMoreThan100Percent,
  isPercent,
  isValidPercent,
  PERCENT_ERROR_MESSAGE,
  validatePositiveIntOrPercent,
} from './index.js';

describe('percent strings (upstream IsValidPercent and getIntOrPercentValueSafely cases)', () => {
  const cases: [string, boolean, number | undefined][] = [
    ['40%', true, 40],
    ['0%', true, 0],
    ['100%', true, 100],
    ['007%', true, 7],
    ['%', false, undefined],
    ['a%', false, undefined],
    ['a', false, undefined],
    ['40#', false, undefined],
    ['40%%', false, undefined],
    ['30%0', false, undefined],
    ['-1%', false, undefined],
    [' 1%', false, undefined],
    ['1.5%', false, undefined],
    ['99999999999999999999%', true, 2 ** 63],
  ];
  for (const [s, valid, value] of cases) {
    test(JSON.stringify(s), () => {
      assert.equal(isPercent(s), valid);
      assert.deepEqual(isValidPercent(s), valid ? [] : [PERCENT_ERROR_MESSAGE]);
      assert.equal(getPercentValue(s), value);
    });
  }
  test('numbers are never percentages', () => {
    assert.equal(isPercent(40), false);
    assert.equal(getPercentValue(40), undefined);
  });
  test('the message is upstream text', () => {
    assert.equal(
      PERCENT_ERROR_MESSAGE,
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    );
  });
});

describe('int-or-percent field checks', () => {
  const cases: [number | string, string[], string[]][] = [
    [0, [], []],
    [3, [], []],
    [-1, ['must be greater than or equal to 0'], []],
    ['25%', [], []],
    ['100%', [], []],
    ['101%', [], ['must not be greater than 100%']],
    ['99999999999999999999%', [], ['must not be greater than 100%']],
    ['25', [PERCENT_ERROR_MESSAGE], []],
    ['abc', [PERCENT_ERROR_MESSAGE], []],
  ];
  for (const [v, positive, max100] of cases) {
    test(JSON.stringify(v), () => {
      assert.deepEqual(validatePositiveIntOrPercent(v), positive);
      assert.deepEqual(isNotMoreThan100Percent(v), max100);
    });
  }
});
