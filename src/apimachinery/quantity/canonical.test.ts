import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newMilliQuantity, newQuantity, newScaledQuantity, parseQuantity, Quantity, Scale } from './index.js';

/** [mantissa, scale, format, canonical text, an alternate spelling that parses to it] */
const canonical: [bigint, number, Quantity['format'], string, string][] = [
  [1024n ** 3n, 0, 'BinarySI', '1Gi', '1024Mi'],
  [300n * 1024n ** 2n, 0, 'BinarySI', '300Mi', '307200Ki'],
  [6n * 1024n, 0, 'BinarySI', '6Ki', ''],
  [1001n * 1024n ** 3n, 0, 'BinarySI', '1001Gi', '1025024Mi'],
  [1024n ** 4n, 0, 'BinarySI', '1Ti', '1024Gi'],
  [5n, 0, 'BinarySI', '5', '5000m'],
  [500n, -3, 'BinarySI', '500m', '0.5'],
  [1n, 9, 'DecimalSI', '1G', '1000M'],
  [1000n, 6, 'DecimalSI', '1G', '0.001T'],
  [1000000n, 3, 'DecimalSI', '1G', ''],
  [1000000000n, 0, 'DecimalSI', '1G', ''],
  [1n, -3, 'DecimalSI', '1m', '1000u'],
  [80n, -3, 'DecimalSI', '80m', ''],
  [1080n, -3, 'DecimalSI', '1080m', '1.08'],
  [108n, -2, 'DecimalSI', '1080m', '1080000000n'],
  [10800n, -4, 'DecimalSI', '1080m', ''],
  [300n, 6, 'DecimalSI', '300M', ''],
  [1n, 12, 'DecimalSI', '1T', ''],
  [1234567n, 6, 'DecimalSI', '1234567M', ''],
  [1234567n, -3, 'BinarySI', '1234567m', ''],
  [3n, 3, 'DecimalSI', '3k', ''],
  [1025n, 0, 'BinarySI', '1025', ''],
  [0n, 0, 'DecimalSI', '0', ''],
  [0n, 0, 'BinarySI', '0', ''],
  [1n, 9, 'DecimalExponent', '1e9', '.001e12'],
  [1n, -3, 'DecimalExponent', '1e-3', '0.001e0'],
  [1n, -9, 'DecimalExponent', '1e-9', '1000e-12'],
  [80n, -3, 'DecimalExponent', '80e-3', ''],
  [300n, 6, 'DecimalExponent', '300e6', ''],
  [1n, 12, 'DecimalExponent', '1e12', ''],
  [1n, 3, 'DecimalExponent', '1e3', ''],
  [3n, 3, 'DecimalExponent', '3e3', ''],
  [0n, 0, 'DecimalExponent', '0', '00'],
  [1n, -9, 'DecimalSI', '1n', ''],
  [80n, -9, 'DecimalSI', '80n', ''],
  [1080n, -9, 'DecimalSI', '1080n', ''],
  [108n, -8, 'DecimalSI', '1080n', ''],
  [10800n, -10, 'DecimalSI', '1080n', ''],
  [1n, -6, 'DecimalSI', '1u', ''],
  [80n, -6, 'DecimalSI', '80u', ''],
  [1080n, -6, 'DecimalSI', '1080u', ''],
];

describe('canonical text (upstream TestQuantityString)', () => {
  for (const [m, s, format, text, alternate] of canonical) {
    test(`${m}e${s} ${format} prints ${text}`, () => {
      const q = Quantity.fromDecimal(m, s, format);
      assert.equal(q.toString(), text);
      assert.equal(parseQuantity(text).toString(), text);
      if (m !== 0n) assert.equal(q.neg().toString(), `-${text}`);
      if (alternate) assert.equal(parseQuantity(alternate).toString(), text);
    });
  }
});

describe('parse then print (upstream TestQuantityParseEmit)', () => {
  const cases: [string, string][] = [
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    ['1.5Gi', '1536Mi'],
    ['0.1', '100m'],
    ['1000m', '1'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['1.1Ki', '1126400m'],
    ['1.5', '1500m'],
    ['2048Ki', '2Mi'],
    ['1.9e-9', '2e-9'],
  ];
  for (const [input, text] of cases) {
    test(`${input} -> ${text}`, () => {
      assert.equal(parseQuantity(input).toString(), text);
      assert.equal(parseQuantity(`-${input}`).toString(), `-${text}`);
    });
  }
});

describe('parsed text kept as written where upstream keeps it', () => {
  const cases: [string, string][] = [
    ['+1', '+1'],
    ['01', '01'],
    ['1.', '1.'],
    ['1.500', '1.500'],
    ['+1Ki', '+1Ki'],
    ['1.0', '1'],
    ['1000', '1k'],
    ['0.5', '500m'],
    ['8Ki', '8Ki'],
    ['1024Ki', '1Mi'],
  ];
  for (const [input, text] of cases) {
    test(`${input} prints ${text}`, () => assert.equal(parseQuantity(input).toString(), text));
  }
  test('any arithmetic drops the kept text', () => {
    assert.equal(parseQuantity('+1').add(Quantity.zero()).toString(), '1');
    assert.equal(parseQuantity('01').neg().neg().toString(), '1');
  });
});

describe('suffix tables run out: the exponent form keeps the value', () => {
  const cases: [Quantity, string][] = [
    [parseQuantity('1000E'), '1e21'],
    [parseQuantity('5000E'), '5e21'],
    [parseQuantity('1000000E'), '1e24'],
    [parseQuantity('100E'), '100E'],
    [Quantity.fromDecimal(1n, 70, 'BinarySI'), '10e69'],
    [Quantity.fromDecimal(1n << 70n, 0, 'BinarySI'), '1180591620717411303424'],
    [Quantity.fromDecimal(1n << 60n, 0, 'BinarySI'), '1Ei'],
    [newScaledQuantity(1, -12), '1e-12'],
    [newScaledQuantity(1, -10), '100e-12'],
    [newQuantity(2000, 'BinarySI'), '2000'],
  ];
  for (const [q, text] of cases) {
    test(text, () => assert.equal(q.toString(), text));
  }
});

describe('constructors (upstream TestNewSet, TestMilliNewSet, TestNewScaledSet)', () => {
  const cases: [Quantity, string][] = [
    [newQuantity(1, 'DecimalSI'), '1'],
    [newQuantity(1000, 'DecimalSI'), '1k'],
    [newQuantity(1234000, 'DecimalSI'), '1234k'],
    [newQuantity(1024, 'BinarySI'), '1Ki'],
    [newQuantity(1000000, 'DecimalExponent'), '1e6'],
    [newQuantity(1024 * 1024, 'BinarySI'), '1Mi'],
    [newMilliQuantity(1, 'DecimalSI'), '1m'],
    [newMilliQuantity(1000, 'DecimalSI'), '1'],
    [newMilliQuantity(1234000, 'DecimalSI'), '1234'],
    [newMilliQuantity(1024, 'BinarySI'), '1024m'],
    [newMilliQuantity(1000000, 'DecimalExponent'), '1e3'],
    [newMilliQuantity(1024 * 1024, 'BinarySI'), '1048576m'],
    [newScaledQuantity(1, Scale.Nano), '1n'],
    [newScaledQuantity(1000, Scale.Nano), '1u'],
    [newScaledQuantity(1, Scale.Micro), '1u'],
    [newScaledQuantity(1000, Scale.Micro), '1m'],
    [newScaledQuantity(1, Scale.Milli), '1m'],
    [newScaledQuantity(1000, Scale.Milli), '1'],
    [newScaledQuantity(0, Scale.Nano), '0'],
    [newScaledQuantity(0, 0), '0'],
  ];
  for (const [q, text] of cases) {
    test(text, () => {
      assert.equal(q.toString(), text);
      assert.equal(parseQuantity(text).cmp(q), 0);
    });
  }
  test('a non-integer number is refused', () => {
    assert.throws(() => newQuantity(1.5, 'DecimalSI'), { name: 'QuantityError' });
  });
});
