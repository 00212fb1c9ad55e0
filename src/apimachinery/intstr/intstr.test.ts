import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  getScaledValueFromIntOrPercent,
  getValueFromIntOrPercent,
  goAtoi,
  IntOrStringError,
  intOrStringFromJSON,
  intOrStringIntValue,
  intOrStringToString,
  intOrStringValueOrDefault,
  parseIntOrString,
} from './index.js';
import { goQuote } from '../field/index.js';

describe('parseIntOrString (upstream TestParse)', () => {
  const cases: [string, number | string][] = [
    ['0', 0],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
    ['2147483648', '2147483648'],
    ['-2147483649', '-2147483649'],
    ['9223372036854775807', '9223372036854775807'],
    ['-9223372036854775808', '-9223372036854775808'],
    ['9223372036854775808', '9223372036854775808'],
    ['-9223372036854775809', '-9223372036854775809'],
    ['+7', 7],
    ['007', 7],
    ['', ''],
    [' 5', ' 5'],
    ['25%', '25%'],
    ['http', 'http'],
    ['1_000', '1_000'],
  ];
  for (const [input, want] of cases) {
    test(JSON.stringify(input), () => assert.equal(parseIntOrString(input), want));
  }
});

describe('intOrStringFromJSON', () => {
  const cases: [unknown, number | string][] = [
    [123, 123],
    ['123', '123'],
    ['', ''],
    [null, 0],
    [-0, 0],
    [-2147483648, -2147483648],
  ];
  for (const [input, want] of cases) {
    test(JSON.stringify(input), () => assert.equal(intOrStringFromJSON(input), want));
  }
  const bad: [unknown, string][] = [
    [1.5, 'json: cannot unmarshal number 1.5 into Go value of type int32'],
    [2147483648, 'json: cannot unmarshal number 2147483648 into Go value of type int32'],
    [true, 'json: cannot unmarshal bool into Go value of type int32'],
    [{}, 'json: cannot unmarshal object into Go value of type int32'],
    [[1], 'json: cannot unmarshal array into Go value of type int32'],
  ];
  for (const [input, message] of bad) {
    test(`rejects ${JSON.stringify(input)}`, () =>
      assert.throws(() => intOrStringFromJSON(input), { name: 'IntOrStringError', message }));
  }
});

describe('IntValue, String and ValueOrDefault', () => {
  test('int value of each form', () => {
    assert.equal(intOrStringIntValue(93), 93);
    assert.equal(intOrStringIntValue('76'), 76);
    assert.equal(intOrStringIntValue('76%'), 0);
    assert.equal(intOrStringIntValue('99999999999999999999%'), 2 ** 63);
    assert.equal(intOrStringIntValue('-99999999999999999999'), -(2 ** 63));
    assert.equal(intOrStringToString(93), '93');
    assert.equal(intOrStringToString('http'), 'http');
    assert.equal(intOrStringValueOrDefault(undefined, '25%'), '25%');
    assert.equal(intOrStringValueOrDefault(0, '25%'), 0);
  });
});

describe('getScaledValueFromIntOrPercent (upstream TestGetIntFromIntOrPercent)', () => {
  const ok: [number | string, number, boolean, number][] = [
    [123, 0, false, 123],
    ['90%', 100, true, 90],
    ['90%', 95, true, 86],
    ['90%', 95, false, 85],
    ['25%', 3, true, 1],
    ['25%', 3, false, 0],
    ['0%', 10, true, 0],
    ['200%', 3, false, 6],
    ['-10%', 10, false, -1],
  ];
  for (const [v, total, roundUp, want] of ok) {
    test(`${v} of ${total} (${roundUp ? 'up' : 'down'})`, () =>
      assert.equal(getScaledValueFromIntOrPercent(v, total, roundUp), want));
  }
  const bad: [number | string | null, string][] = [
    [null, 'nil value for IntOrString'],
    ['%', 'invalid value for IntOrString: invalid value "%": strconv.Atoi: parsing "": invalid syntax'],
    ['90#', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['#%', 'invalid value for IntOrString: invalid value "#%": strconv.Atoi: parsing "#": invalid syntax'],
    ['90', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['30%0', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['a%', 'invalid value for IntOrString: invalid value "a%": strconv.Atoi: parsing "a": invalid syntax'],
    [
      '40%%',
      'invalid value for IntOrString: invalid value "40%%": strconv.Atoi: parsing "40%": invalid syntax',
    ],
    [
      '99999999999999999999%',
      'invalid value for IntOrString: invalid value "99999999999999999999%": strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
    [1.5, 'invalid value for IntOrString: invalid type: neither int nor percentage'],
  ];
  for (const [v, message] of bad) {
    test(`rejects ${JSON.stringify(v)}`, () =>
      assert.throws(() => getScaledValueFromIntOrPercent(v, 10, true), {
        name: 'IntOrStringError',
        message,
      }));
  }
});

describe('getValueFromIntOrPercent treats every string as a percentage', () => {
  test('values', () => {
    assert.equal(getValueFromIntOrPercent('50', 10, false), 5);
    assert.equal(getValueFromIntOrPercent('5%0%', 1000, false), 500);
    assert.equal(getValueFromIntOrPercent(7, 1000, false), 7);
  });
  test('errors', () => {
    assert.throws(() => getValueFromIntOrPercent('x%', 10, false), {
      message: 'invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax',
    });
    assert.throws(() => getValueFromIntOrPercent(undefined, 10, false), {
      message: 'nil value for IntOrString',
    });
  });
});

describe('goAtoi and goQuote follow Go strconv', () => {
  const cases: [string, bigint | string][] = [
    ['0', 0n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775807', 9223372036854775807n],
    ['9223372036854775808', 'strconv.Atoi: parsing "9223372036854775808": value out of range'],
    ['+', 'strconv.Atoi: parsing "+": invalid syntax'],
    ['', 'strconv.Atoi: parsing "": invalid syntax'],
    ['1 ', 'strconv.Atoi: parsing "1 ": invalid syntax'],
    ['99999999999999999999x', 'strconv.Atoi: parsing "99999999999999999999x": value out of range'],
    ['1\n', 'strconv.Atoi: parsing "1\\n": invalid syntax'],
  ];
  for (const [input, want] of cases) {
    test(JSON.stringify(input), () => {
      const r = goAtoi(input);
      if (typeof want === 'bigint') assert.deepEqual(r, { ok: true, value: want });
      else assert.equal(r.ok ? undefined : r.message, want);
    });
  }
  test('quote escapes', () => {
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('\x00\x07\x7f'), '"\\x00\\a\\x7f"');
    assert.equal(goQuote('é😀'), '"é😀"');
    assert.equal(goQuote('\u00a0\u200b'), '"\\u00a0\\u200b"');
    assert.equal(goQuote('\u{e0001}'), '"\\U000e0001"');
    assert.equal(goQuote('\ud800'), '"\ufffd"');
  });
});

test('fuzz: parsers return a value or throw IntOrStringError', () => {
  const opts = { seed: 20261123, numRuns: 2000 };
  fc.assert(
    fc.property(
      fc.string({ maxLength: 24 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.boolean(),
      (s, total, up) => {
        const parsed = parseIntOrString(s);
        assert.ok(typeof parsed === 'string' || Number.isInteger(parsed));
        for (const f of [getScaledValueFromIntOrPercent, getValueFromIntOrPercent]) {
          try {
            assert.ok(Number.isFinite(f(s, total, up)));
          } catch (e) {
            assert.ok(e instanceof IntOrStringError && e.message.length > 0);
          }
        }
      },
    ),
    opts,
  );
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 2 }), (v) => {
      try {
        const r = intOrStringFromJSON(v);
        assert.ok(typeof r === 'string' || Number.isInteger(r));
      } catch (e) {
        assert.ok(e instanceof IntOrStringError && e.message.startsWith('json: cannot unmarshal '));
      }
    }),
    opts,
  );
});
