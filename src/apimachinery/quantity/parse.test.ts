import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ERR_FORMAT_WRONG,
  ERR_NUMERIC,
  ERR_SUFFIX,
  parseQuantity,
  Quantity,
  type QuantityFormat,
  tryParseQuantity,
} from './index.js';

/** [input, exact value as a plain decimal, format] */
const accepted: [string, string, QuantityFormat][] = [
  ['0', '0', 'DecimalSI'],
  ['0n', '0', 'DecimalSI'],
  ['0u', '0', 'DecimalSI'],
  ['0m', '0', 'DecimalSI'],
  ['0Ki', '0', 'BinarySI'],
  ['0k', '0', 'DecimalSI'],
  ['0Mi', '0', 'BinarySI'],
  ['0M', '0', 'DecimalSI'],
  ['0Gi', '0', 'BinarySI'],
  ['0G', '0', 'DecimalSI'],
  ['0Ti', '0', 'BinarySI'],
  ['0T', '0', 'DecimalSI'],
  ['1', '1', 'DecimalSI'],
  ['1Ki', '1024', 'BinarySI'],
  ['8Ki', '8192', 'BinarySI'],
  ['7Mi', String(7 * 1024 ** 2), 'BinarySI'],
  ['6Gi', String(6 * 1024 ** 3), 'BinarySI'],
  ['5Ti', String(5 * 1024 ** 4), 'BinarySI'],
  ['4Pi', String(4n * 1024n ** 5n), 'BinarySI'],
  ['3Ei', String(3n * 1024n ** 6n), 'BinarySI'],
  ['10Ti', String(10 * 1024 ** 4), 'BinarySI'],
  ['100Ti', String(100 * 1024 ** 4), 'BinarySI'],
  ['5n', '0.000000005', 'DecimalSI'],
  ['4u', '0.000004', 'DecimalSI'],
  ['3m', '0.003', 'DecimalSI'],
  ['9', '9', 'DecimalSI'],
  ['8k', '8000', 'DecimalSI'],
  ['50k', '50000', 'DecimalSI'],
  ['7M', '7000000', 'DecimalSI'],
  ['6G', '6000000000', 'DecimalSI'],
  ['5T', '5000000000000', 'DecimalSI'],
  ['40T', '40000000000000', 'DecimalSI'],
  ['300T', '300000000000000', 'DecimalSI'],
  ['2P', '2000000000000000', 'DecimalSI'],
  ['1E', '1000000000000000000', 'DecimalSI'],
  ['1E-3', '0.001', 'DecimalExponent'],
  ['1e3', '1000', 'DecimalExponent'],
  ['1E6', '1000000', 'DecimalExponent'],
  ['1e9', '1000000000', 'DecimalExponent'],
  ['1E12', '1000000000000', 'DecimalExponent'],
  ['1e15', '1000000000000000', 'DecimalExponent'],
  ['1E18', '1000000000000000000', 'DecimalExponent'],
  ['1e14', '100000000000000', 'DecimalExponent'],
  ['1e13', '10000000000000', 'DecimalExponent'],
  ['100.035k', '100035', 'DecimalSI'],
  ['0.001', '0.001', 'DecimalSI'],
  ['0.0005k', '0.5', 'DecimalSI'],
  ['0.005', '0.005', 'DecimalSI'],
  ['0.05', '0.05', 'DecimalSI'],
  ['0.5', '0.5', 'DecimalSI'],
  ['0.00050k', '0.5', 'DecimalSI'],
  ['0.00500', '0.005', 'DecimalSI'],
  ['0.05000', '0.05', 'DecimalSI'],
  ['0.50000', '0.5', 'DecimalSI'],
  ['0.5e0', '0.5', 'DecimalExponent'],
  ['0.5e-1', '0.05', 'DecimalExponent'],
  ['0.5e-2', '0.005', 'DecimalExponent'],
  ['10.035M', '10035000', 'DecimalSI'],
  ['1.2e3', '1200', 'DecimalExponent'],
  ['1.3E+6', '1300000', 'DecimalExponent'],
  ['1.40e9', '1400000000', 'DecimalExponent'],
  ['1.53E12', '1530000000000', 'DecimalExponent'],
  ['1.6e15', '1600000000000000', 'DecimalExponent'],
  ['1.7E18', '1700000000000000000', 'DecimalExponent'],
  ['9.01', '9.01', 'DecimalSI'],
  ['8.1k', '8100', 'DecimalSI'],
  ['7.123456M', '7123456', 'DecimalSI'],
  ['6.987654321G', '6987654321', 'DecimalSI'],
  ['5.444T', '5444000000000', 'DecimalSI'],
  ['40.1T', '40100000000000', 'DecimalSI'],
  ['300.2T', '300200000000000', 'DecimalSI'],
  ['2.5P', '2500000000000000', 'DecimalSI'],
  ['1.01E', '1010000000000000000', 'DecimalSI'],
  // Sub-nano amounts round up (away from zero) to whole nanos.
  ['3.001n', '0.000000004', 'DecimalSI'],
  ['1.1E-9', '0.000000002', 'DecimalExponent'],
  ['0.0000000001', '0.000000001', 'DecimalSI'],
  ['0.0000000005', '0.000000001', 'DecimalSI'],
  ['0.00000000050', '0.000000001', 'DecimalSI'],
  ['0.5e-9', '0.000000001', 'DecimalExponent'],
  ['0.9n', '0.000000001', 'DecimalSI'],
  ['0.00000012345', '0.000000124', 'DecimalSI'],
  ['0.00000012354', '0.000000124', 'DecimalSI'],
  // Binary quantities are capped at 2^63-1.
  ['9Ei', '9223372036854775807', 'BinarySI'],
  ['9223372036854775807Ki', '9223372036854775807', 'BinarySI'],
  ['12E', '12000000000000000000', 'DecimalSI'],
  ['100.035Ki', '102435.84', 'BinarySI'],
  ['0.5Mi', '524288', 'BinarySI'],
  ['0.05Gi', '53687091.2', 'BinarySI'],
  ['0.025Ti', '27487790694.4', 'BinarySI'],
  // A binary amount below one switches to DecimalSI.
  ['0.000000000001Ki', '0.000000002', 'DecimalSI'],
  ['.001', '0.001', 'DecimalSI'],
  ['.0001k', '0.1', 'DecimalSI'],
  ['1.', '1', 'DecimalSI'],
  ['1.G', '1000000000', 'DecimalSI'],
  ['.', '0', 'DecimalSI'],
  ['000', '0', 'DecimalSI'],
  ['.Ki', '0', 'BinarySI'],
  // With no digits at all the number reads as zero.
  ['k', '0', 'DecimalSI'],
  ['Ki', '0', 'BinarySI'],
  ['e2', '0', 'DecimalExponent'],
  ['E1', '0', 'DecimalExponent'],
  ['.e2', '0', 'DecimalExponent'],
  // The exponent is an int64 truncated to 32 bits, as upstream does.
  ['1e4294967297', '10', 'DecimalExponent'],
];

const rejected: [string, string][] = [
  ['', ERR_FORMAT_WRONG],
  ['1.1.M', ERR_FORMAT_WRONG],
  ['1+1.0M', ERR_FORMAT_WRONG],
  ['0.1mi', ERR_SUFFIX],
  ['0.1am', ERR_FORMAT_WRONG],
  ['aoeu', ERR_FORMAT_WRONG],
  ['.5i', ERR_SUFFIX],
  ['1i', ERR_SUFFIX],
  ['-3.01i', ERR_SUFFIX],
  ['-3.01e-', ERR_SUFFIX],
  [' 1', ERR_FORMAT_WRONG],
  ['1 ', ERR_FORMAT_WRONG],
  ['Non-Numeric', ERR_FORMAT_WRONG],
  ['1e', ERR_SUFFIX],
  ['1KiB', ERR_FORMAT_WRONG],
  ['1kk', ERR_SUFFIX],
  ['1e9223372036854775808', ERR_SUFFIX],
  ['1e1.5', ERR_FORMAT_WRONG],
  // A second sign is read as the start of a (bad) suffix.
  ['--1', ERR_SUFFIX],
  ['+-.', ERR_FORMAT_WRONG],
  ['-.', '0'],
  ['-', '0'],
  ['+', '0'],
  ['i', ERR_SUFFIX],
  ['١', ERR_FORMAT_WRONG],
  // With no digit the big-decimal path cannot read the number.
  ['.e-10', ERR_NUMERIC],
  ['.Mi', '0'],
];

describe('parseQuantity accepts every upstream form', () => {
  for (const [input, value, format] of accepted) {
    test(input, () => {
      for (const [prefix, sign] of [
        ['', ''],
        ['+', ''],
        ['-', '-'],
      ] as const) {
        const q = parseQuantity(prefix + input);
        const want = value === '0' || sign === '' ? value : `-${value}`;
        assert.equal(q.cmp(Quantity.parse(want)), 0);
        assert.equal(trimDecimal(q.toDecimalString()), want, `${prefix}${input}`);
        assert.equal(q.format, format, `${prefix}${input}`);
      }
    });
  }
});

function trimDecimal(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

describe('parseQuantity rejects what upstream rejects, with its messages', () => {
  for (const [input, message] of rejected) {
    test(JSON.stringify(input), () => {
      if (message === '0') {
        assert.equal(parseQuantity(input).toString(), '0');
        return;
      }
      assert.throws(() => parseQuantity(input), { name: 'QuantityError', message });
      const r = tryParseQuantity(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.message, message);
    });
  }
});

test('the format error quotes the upstream regular expression', () => {
  assert.equal(
    ERR_FORMAT_WRONG,
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  );
});

describe('big values keep every digit (upstream TestParseQuantity)', () => {
  const cases: [string, string, string][] = [
    ['-999999999999999999', '-999999999999999999', '-999999999999999999'],
    ['999999999999999999.0', '999999999999999999', '999999999999999999'],
    ['-999999999999999999.1', '-999999999999999999.1', '-999999999999999999100m'],
    ['9999999999999999999', '9999999999999999999', '9999999999999999999'],
    ['-1E', '-1000000000000000000', '-1E'],
    ['1000000000000000000', '1000000000000000000', '1E'],
    ['1.0E', '1000000000000000000', '1E'],
    ['9999999999999999999000m', '9999999999999999999', '9999999999999999999'],
    ['1.0000000000000000001E', '1000000000000000000.1', '1000000000000000000100m'],
    ['1.000000000000000001E', '1000000000000000001', '1000000000000000001'],
    ['10E', '10000000000000000000', '10E'],
    ['-10000000000000000000', '-10000000000000000000', '-10E'],
    ['10000000000000000000000m', '10000000000000000000', '10E'],
    ['10.0000000000000000001E', '10000000000000000000.1', '10000000000000000000100m'],
    ['-9223372036854775809', '-9223372036854775809', '-9223372036854775809'],
    ['9223372036854775806000m', '9223372036854775806', '9223372036854775806'],
    ['-9223372036854775808.1', '-9223372036854775808.1', '-9223372036854775808100m'],
    ['9223372036854775808', '9223372036854775808', '9223372036854775808'],
  ];
  for (const [input, value, text] of cases) {
    test(input, () => {
      const q = parseQuantity(input);
      assert.equal(trimDecimal(q.toDecimalString()), value);
      assert.equal(q.toString(), text);
    });
  }
});
