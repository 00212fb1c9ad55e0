import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_ALIGN_DIGITS, newScaledQuantity, parseQuantity, Quantity, Scale } from './index.js';

const MAX = (1n << 63n) - 1n;
const MIN = -(1n << 63n);
const d = (m: bigint, s: number, f: Quantity['format'] = 'DecimalSI') => Quantity.fromDecimal(m, s, f);

describe('cmp (upstream TestQuantityCmp and TestQuantityCmpInt64AndDec)', () => {
  const cases: [string, Quantity, Quantity, number][] = [
    ['zero equals zero', parseQuantity('0'), parseQuantity('0'), 0],
    ['100m > 50m', parseQuantity('100m'), parseQuantity('50m'), 1],
    ['50m < 100m', parseQuantity('50m'), parseQuantity('100m'), -1],
    ['10000T > 100Gi', parseQuantity('10000T'), parseQuantity('100Gi'), 1],
    ['same scale', d(901n, -2), d(901n, -2), 0],
    ['9.0 < 9.01', d(90n, -1), d(901n, -2), -1],
    ['9.01 > 9.00', d(901n, -2), d(900n, -2), 1],
    ['zeros at different scales', d(0n, 1), d(0n, -1), 0],
    ['0.8 < 1', d(800n, -3), d(1n, 0), -1],
    ['0.8 > 0.79', d(800n, -3), d(79n, -2), 1],
    ['max int64 > 0.1', d(MAX, 0), d(1n, -1), 1],
    ['max int64 * 10 > 1', d(MAX, 1), d(1n, 0), 1],
    ['max int64 * 10 > 10', d(MAX, 1), d(1n, 1), 1],
    ['max int64 * 10 > 0', d(MAX, 1), d(0n, 1), 1],
    ['max int64 e-16 < 1000', d(MAX, -16), d(1n, 3), -1],
    ['min int64 < 0', d(MIN, 0), d(0n, 0), -1],
    ['min int64 e-18 < -1', d(MIN, -18), d(-1n, 0), -1],
    ['min int64 e-19 > -1', d(MIN, -19), d(-1n, 0), 1],
    ['1e18 e-17 equals 10', d(10n ** 18n, -17), d(1n, 1), 0],
    ['1e18 e-17 > -10', d(10n ** 18n, -17), d(-10n, 0), 1],
    ['-1e18 e-17 equals -10', d(-(10n ** 18n), -17), d(-10n, 0), 0],
    ['1e18 e-17 > 1', d(10n ** 18n, -17), d(1n, 0), 1],
    ['(1e18+1) e-17 > 10', d(10n ** 18n + 1n, -17), d(1n, 1), 1],
    ['(1e18-1) e-17 < 10', d(10n ** 18n - 1n, -17), d(1n, 1), -1],
    [
      'huge exponents compare without expansion',
      parseQuantity('1e2000000000'),
      parseQuantity('9e1999999999'),
      1,
    ],
    ['negative huge exponent', parseQuantity('-1e2000000000'), parseQuantity('1'), -1],
  ];
  for (const [name, a, b, want] of cases) {
    test(name, () => {
      assert.equal(a.cmp(b), want);
      assert.equal(b.cmp(a), -want || 0);
      assert.equal(a.equal(b), want === 0);
    });
  }
  test('cmpInt64', () => {
    assert.equal(parseQuantity('1k').cmpInt64(1000), 0);
    assert.equal(parseQuantity('1023').cmpInt64(1024n), -1);
    assert.equal(parseQuantity('-1Ki').cmpInt64(-1025), 1);
  });
});

describe('add and sub (upstream TestAdd, TestSub and the zero-suffix tests)', () => {
  const cases: [string, Quantity, Quantity, string, string][] = [
    ['10 + 1e1', d(10n, 0), d(1n, 1), '20', '0'],
    ['decimal keeps its format', d(10n, 0), d(1n, 0, 'BinarySI'), '11', '9'],
    ['binary keeps its format', d(10n, 0, 'BinarySI'), d(1n, 0), '11', '9'],
    ['zero takes the other format', Quantity.zero(), d(50n, 0), '50', '-50'],
    ['adding zero keeps the value', d(50n, 0), Quantity.zero(), '50', '50'],
    ['zero and zero', Quantity.zero(), Quantity.zero(), '0', '0'],
    ['100m and 0', parseQuantity('100m'), parseQuantity('0'), '100m', '100m'],
    ['0 and 1Gi', parseQuantity('0'), parseQuantity('1Gi'), '1Gi', '-1Gi'],
    ['1Gi and 0', parseQuantity('1Gi'), parseQuantity('0'), '1Gi', '1Gi'],
    ['mixed scales', parseQuantity('1.5'), parseQuantity('250m'), '1750m', '1250m'],
    ['beyond int64', d(MAX, 0), d(MAX, 0), '18446744073709551614', '0'],
    ['binary sums', parseQuantity('512Mi'), parseQuantity('512Mi'), '1Gi', '0'],
  ];
  for (const [name, a, b, sum, diff] of cases) {
    test(name, () => {
      assert.equal(a.add(b).toString(), sum);
      assert.equal(a.sub(b).toString(), diff);
    });
  }
  test('formats follow the zero rule', () => {
    assert.equal(Quantity.zero().add(parseQuantity('1Gi')).format, 'BinarySI');
    assert.equal(parseQuantity('1').add(parseQuantity('1Gi')).format, 'DecimalSI');
  });
  test('additions and subtractions across scales cancel exactly', () => {
    let q = Quantity.zero();
    const parts: Quantity[] = [];
    for (let k = -10; k <= 10; k++) parts.push(newScaledQuantity(BigInt(k * 7919 + 3) * 1000003n, k));
    for (const p of parts) q = q.add(p);
    for (const p of parts) q = q.sub(p);
    assert.equal(q.isZero(), true);
    assert.equal(q.toString(), '0');
  });
  test('a scale gap beyond the bound is a Range error, not a hang', () => {
    const huge = parseQuantity(`1e${MAX_ALIGN_DIGITS + 1}`);
    assert.throws(() => huge.add(parseQuantity('1')), { name: 'QuantityError', reason: 'Range' });
    assert.equal(huge.add(Quantity.zero()).cmp(huge), 0);
  });
});

describe('neg and mul (upstream TestNeg, TestMul)', () => {
  test('neg', () => {
    assert.equal(d(901n, -2).neg().toString(), '-9010m');
    assert.equal(d(10n, 0, 'BinarySI').neg().format, 'BinarySI');
    assert.equal(Quantity.zero().neg().toString(), '0');
    assert.equal(d(-10n, 0).neg().cmp(d(10n, 0)), 0);
  });
  const cases: [string, Quantity, bigint, string][] = [
    ['10 * 10', d(10n, 0), 10n, '100'],
    ['times one', d(10n, 0), 1n, '10'],
    ['zero times', Quantity.zero(), 50n, '0'],
    ['times zero', d(50n, 0), 0n, '0'],
    ['negative factor', d(10n, 0), -10n, '-100'],
    ['negatives', d(-50n, 0), -50n, '2500'],
    ['max int64 * 2 stays exact', d(MAX, 0), 2n, String(MAX * 2n)],
    ['min int64 * -1 stays exact', d(MIN, 0), -1n, String(-MIN)],
  ];
  for (const [name, q, factor, text] of cases) {
    test(name, () => assert.equal(q.mul(factor).toDecimalString(), text));
  }
});

describe('roundUp (upstream TestQuantityRoundUp)', () => {
  const cases: [string, number, string, boolean][] = [
    ['9.01', -3, '9.01', true],
    ['9.01', -2, '9.01', true],
    ['9.01', -1, '9.1', false],
    ['9.01', 0, '10', false],
    ['9.01', 1, '10', false],
    ['9.01', 2, '100', false],
    ['-9.01', -3, '-9.01', true],
    ['-9.01', -2, '-9.01', true],
    ['-9.01', -1, '-9.1', false],
    ['-9.01', 0, '-10', false],
    ['-9.01', 1, '-10', false],
    ['-9.01', 2, '-100', false],
  ];
  for (const [input, scale, value, exact] of cases) {
    test(`${input} at ${scale}`, () => {
      const r = parseQuantity(input).roundUp(scale);
      assert.equal(r.exact, exact);
      assert.equal(r.quantity.cmp(parseQuantity(value)), 0);
    });
  }
});

describe('value, milliValue, scaledValue (upstream TestScaledValue and scaledValue cases)', () => {
  const scales = [Scale.Nano, Scale.Micro, Scale.Milli, 0];
  const expected = [
    [1n, 1n, 1n, 1n],
    [1000n, 1n, 1n, 1n],
    [1000000n, 1000n, 1n, 1n],
    [1000000000n, 1000000n, 1000n, 1n],
  ];
  scales.forEach((from, i) => {
    scales.forEach((to, j) => {
      test(`1e${from} at scale ${to}`, () =>
        assert.equal(newScaledQuantity(1, from).scaledValue(to), expected[i]?.[j]));
    });
  });
  const cases: [string, Quantity, bigint, bigint][] = [
    ['1e2 at scale -2', newScaledQuantity(1, 2), 100n, 100000n],
    ['rounds up: 0.999', parseQuantity('999m'), 1n, 999n],
    ['rounds up: 0.5', parseQuantity('500m'), 1n, 500n],
    ['rounds up: 0.001', parseQuantity('1m'), 1n, 1n],
    ['rounds up: 1n', parseQuantity('1n'), 1n, 1n],
    ['negative rounds away from zero', parseQuantity('-1500m'), -2n, -1500n],
    ['1Gi', parseQuantity('1Gi'), 1073741824n, 1073741824000n],
    ['max int64 - 1 at e-1', d(MAX - 1n, -1), (MAX - 1n) / 10n + 1n, MAX],
    ['1e100 e-100', d(10n ** 100n, -100), 1n, 1000n],
    ['saturates above int64', parseQuantity('10E'), MAX, MAX],
    ['saturates below int64', parseQuantity('-10E'), MIN, MIN],
    ['huge exponent saturates', parseQuantity('1e2000000000'), MAX, MAX],
    ['zero', parseQuantity('0'), 0n, 0n],
  ];
  for (const [name, q, value, milli] of cases) {
    test(name, () => {
      assert.equal(q.value(), value);
      assert.equal(q.milliValue(), milli);
    });
  }
  test('asInt64', () => {
    assert.equal(parseQuantity('1E').asInt64(), 10n ** 18n);
    assert.equal(parseQuantity('1000000000000000000').asInt64(), 10n ** 18n);
    assert.equal(parseQuantity('10E').asInt64(), undefined);
    assert.equal(parseQuantity('1.5').asInt64(), undefined);
    assert.equal(parseQuantity('-9223372036854775808').asInt64(), MIN);
    assert.equal(parseQuantity('9223372036854775808').asInt64(), undefined);
  });
});

describe('asApproximateFloat64 (upstream TestQuantityAsApproximateFloat64)', () => {
  const m7 = 7n * 1024n * 1024n;
  const cases: [string, Quantity, number][] = [
    ['zero', d(0n, 0), 0],
    ['one', d(1n, 0, 'BinarySI'), 1],
    ['1024', d(1024n, 0, 'BinarySI'), 1024],
    ['7Mi', d(m7, 0), 7 * 1024 * 1024],
    ['7Mi e1', d(m7, 1), 7 * 1024 * 1024 * 10],
    ['7Mi e4', d(m7, 4), 7 * 1024 * 1024 * 10000],
    ['7Mi e8', d(m7, 8, 'DecimalExponent'), 7 * 1024 * 1024 * 100000000],
    ['7Mi e-1 (table power, not division)', d(m7, -1), 7 * 1024 * 1024 * 0.1],
    ['7Mi e-8', d(m7, -8), (7 * 1024 * 1024) / 100000000],
    ['max int64', d(MAX, 0), 2 ** 63],
    ['12e18', d(12n, 18), 1.2e19],
    ['overflow to +Inf', d(12n, 500), Number.POSITIVE_INFINITY],
    ['overflow to -Inf', d(-12n, 500), Number.NEGATIVE_INFINITY],
    ['2Ki', parseQuantity('2Ki'), 2048],
    ['1.1Ki', parseQuantity('1.1Ki'), 1126.4],
    ['1Mi', parseQuantity('1Mi'), 1.048576e6],
    ['2Gi', parseQuantity('2Gi'), 2.147483648e9],
  ];
  for (const [name, q, want] of cases) {
    test(name, () => assert.equal(q.asApproximateFloat64(), want));
  }
});
