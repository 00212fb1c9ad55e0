import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { errorString, path } from '../field/index.js';
import {
  formatAddr,
  formatIP,
  isValidCIDR,
  isValidCIDRForLegacyField,
  isValidIP,
  isValidIPForLegacyField,
  netipParseError,
  parseAddrStrict,
  parseCIDRSloppy,
  parseIPSloppy,
} from './ip.js';

const p = path('f');
const run = (errs: ReturnType<typeof isValidIP>): string[] => errs.map(errorString);

describe('isValidIP (strict)', () => {
  const cases: Array<[string, string, string[]]> = [
    ['ipv4', '1.2.3.4', []],
    ['ipv6 canonical', '2001:db8::1', []],
    ['ipv4 zero', '0.0.0.0', []],
    ['empty', '', ['f: Invalid value: "": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    [
      'garbage',
      'a.b.c.d',
      ['f: Invalid value: "a.b.c.d": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ],
    [
      'cidr is not an ip',
      '1.2.3.0/24',
      ['f: Invalid value: "1.2.3.0/24": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ],
    ['leading zero', '1.2.3.04', ['f: Invalid value: "1.2.3.04": must not have leading 0s']],
    [
      'ipv4-mapped ipv6',
      '::ffff:1.2.3.4',
      ['f: Invalid value: "::ffff:1.2.3.4": must not be an IPv4-mapped IPv6 address'],
    ],
    [
      'upper-case ipv6',
      '2001:DB8::1',
      ['f: Invalid value: "2001:DB8::1": must be in canonical form ("2001:db8::1")'],
    ],
    [
      'uncompressed ipv6',
      '2001:db8:0:0:0:0:0:1',
      ['f: Invalid value: "2001:db8:0:0:0:0:0:1": must be in canonical form ("2001:db8::1")'],
    ],
    [
      'zone',
      'fe80::1%eth0',
      ['f: Invalid value: "fe80::1%eth0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ],
    [
      'octet too big',
      '256.1.1.1',
      ['f: Invalid value: "256.1.1.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ],
  ];
  for (const [name, value, want] of cases) test(name, () => assert.deepEqual(run(isValidIP(p, value)), want));
});

describe('isValidIPForLegacyField', () => {
  const cases: Array<[string, string, number]> = [
    ['leading zeros accepted', '010.001.002.003', 0],
    ['mapped accepted', '::ffff:1.2.3.4', 0],
    ['non-canonical ipv6 accepted', 'FE80:0:0:0:0:0:0:0abc', 0],
    ['garbage rejected', 'x', 1],
    ['two ellipses rejected', '1::2::3', 1],
    ['trailing colon rejected', '1:2:3:4:5:6:7:', 1],
  ];
  for (const [name, value, n] of cases)
    test(name, () => assert.equal(isValidIPForLegacyField(p, value).length, n));
});

describe('isValidCIDR (strict)', () => {
  const cases: Array<[string, string, string[]]> = [
    ['ipv4', '10.0.0.0/8', []],
    ['ipv6', '2001:db8::/64', []],
    [
      'host bits',
      '10.0.0.1/8',
      ['f: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length'],
    ],
    [
      'leading zero prefix',
      '10.0.0.0/08',
      ['f: Invalid value: "10.0.0.0/08": must not have leading 0s in IP or prefix length'],
    ],
    [
      'leading zero ip',
      '010.0.0.0/8',
      ['f: Invalid value: "010.0.0.0/8": must not have leading 0s in IP or prefix length'],
    ],
    [
      'mapped',
      '::ffff:10.0.0.0/104',
      ['f: Invalid value: "::ffff:10.0.0.0/104": must not have an IPv4-mapped IPv6 address'],
    ],
    [
      'not canonical',
      '2001:DB8::/64',
      ['f: Invalid value: "2001:DB8::/64": must be in canonical form ("2001:db8::/64")'],
    ],
    [
      'ip only',
      '10.0.0.1',
      ['f: Invalid value: "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
    ],
    [
      'prefix too long',
      '10.0.0.0/33',
      ['f: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
    ],
  ];
  for (const [name, value, want] of cases)
    test(name, () => assert.deepEqual(run(isValidCIDR(p, value)), want));
  test('legacy accepts host bits and leading zeros', () => {
    assert.deepEqual(isValidCIDRForLegacyField(p, '010.0.0.1/008'), []);
  });
});

describe('formatting', () => {
  const cases: Array<[string, string, string]> = [
    ['compress longest zero run', '2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['single zero group not compressed', '2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['all zero', '::', '::'],
    ['mapped prints as ipv4', '::ffff:1.2.3.4', '1.2.3.4'],
  ];
  for (const [name, value, want] of cases) {
    test(name, () => {
      const ip = parseIPSloppy(value);
      assert.ok(ip !== null);
      assert.equal(formatIP(ip), want);
    });
  }
  test('netip keeps the mapped form', () => {
    const ip = parseAddrStrict('::ffff:1.2.3.4');
    assert.ok(ip !== null);
    assert.equal(formatAddr(ip), '::ffff:1.2.3.4');
  });
});

describe('parsers never crash', () => {
  test('random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        parseIPSloppy(s);
        parseAddrStrict(s);
        parseCIDRSloppy(s);
        for (const f of [isValidIP, isValidIPForLegacyField, isValidCIDR, isValidCIDRForLegacyField]) {
          for (const e of f(p, s)) assert.equal(typeof e.detail, 'string');
        }
      }),
      { seed: 4242, numRuns: 2000 },
    );
  });
  test('ip-like strings', () => {
    const part = fc.oneof(
      fc.constantFrom('', '0', '00', '1', '255', '256', 'ffff', 'FFFF', '12345'),
      fc.nat(999).map(String),
    );
    const sep = fc.constantFrom('.', ':', '::', '/', '%');
    fc.assert(
      fc.property(fc.array(fc.tuple(part, sep), { maxLength: 10 }), (xs) => {
        const s = xs.map(([a, b]) => a + b).join('');
        const ip = parseIPSloppy(s);
        if (ip !== null) assert.equal(parseIPSloppy(formatIP(ip)) !== null, true);
        isValidCIDR(p, s);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe('netipParseError', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['valid', '1.2.3.4', undefined],
    ['empty', '', 'ParseAddr(""): unable to parse IP'],
    ['leading zero', '01.2.3.4', 'ParseAddr("01.2.3.4"): IPv4 field has octet with leading zero'],
    ['too big', '1.2.3.256', 'ParseAddr("1.2.3.256"): IPv4 field has value >255'],
    ['too long', '1.2.3.4.5', 'ParseAddr("1.2.3.4.5"): IPv4 address too long'],
    ['empty field', '1..2.3', 'ParseAddr("1..2.3"): IPv4 field must have at least one digit (at ".2.3")'],
    ['letter', '1.2.3.x', 'ParseAddr("1.2.3.x"): unexpected character (at "x")'],
    ['zone without address', '%eth0', 'ParseAddr("%eth0"): missing IPv6 address'],
  ];
  for (const [name, value, want] of cases) test(name, () => assert.equal(netipParseError(value), want));
});
