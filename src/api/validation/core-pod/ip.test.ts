import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { path } from '../../../apimachinery/field/index.js';
import { strings } from './fixtures.test-util.js';
import { isValidCIDR, isValidIP, isValidIPLegacy, parseIPSloppy } from './index.js';

const p = path('ip');
const ipMsg = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

const legacyValid = [
  ['ipv4', '1.2.3.4'],
  ['ipv4 with leading zeros', '010.001.002.003'],
  ['loopback v6', '::1'],
  ['unspecified v6', '::'],
  ['documentation v6', '2001:db8::ffff'],
  ['full v6', '1:2:3:4:5:6:7:8'],
  ['ipv4-mapped v6', '::ffff:1.2.3.4'],
  ['embedded ipv4 after groups', '64:ff9b::192.0.2.33'],
  ['upper-case hex', 'FE80::ABCD'],
];
for (const [name, ip] of legacyValid) {
  test(`legacy IP accepted: ${name}`, () => assert.deepEqual(isValidIPLegacy(p, ip!), []));
}

const invalidIPs = [
  ['empty', ''],
  ['three octets', '1.2.3'],
  ['octet over 255', '1.2.3.256'],
  ['five octets', '1.2.3.4.5'],
  ['triple colon', ':::'],
  ['two ellipses', '1::2::3'],
  ['zone', 'fe80::1%eth0'],
  ['cidr', '1.2.3.4/32'],
  ['letters', 'a.b.c.d'],
  ['group over ffff', '12345::'],
  ['nine groups', '1:2:3:4:5:6:7:8:9'],
  ['leading space', ' 1.2.3.4'],
  ['trailing colon', '1:2:3:4:5:6:7:'],
  ['ipv4 too early', '1.2.3.4::'],
];
for (const [name, ip] of invalidIPs) {
  test(`IP rejected: ${name}`, () => {
    assert.deepEqual(strings(isValidIPLegacy(p, ip!)), [
      `ip: Invalid value: ${JSON.stringify(ip)}: ${ipMsg}`,
    ]);
    assert.equal(parseIPSloppy(ip!), undefined);
  });
}

test('strict IPs reject leading zeros and IPv4-mapped addresses', () => {
  assert.deepEqual(strings(isValidIP(p, '010.1.1.1')), [
    'ip: Invalid value: "010.1.1.1": must not have leading 0s',
  ]);
  assert.deepEqual(strings(isValidIP(p, '::ffff:1.2.3.4')), [
    'ip: Invalid value: "::ffff:1.2.3.4": must not be an IPv4-mapped IPv6 address',
  ]);
  assert.deepEqual(isValidIP(p, '10.1.1.1'), []);
});

const cidrCases: Array<[string, string, boolean, string[]]> = [
  ['ipv4 network', '10.0.0.0/8', true, []],
  ['ipv6 network', '2001:db8::/64', true, []],
  [
    'host bits set, strict',
    '10.0.0.1/8',
    true,
    ['ip: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length'],
  ],
  ['host bits set, legacy', '10.0.0.1/8', false, []],
  [
    'leading zeros, strict',
    '010.0.0.0/8',
    true,
    ['ip: Invalid value: "010.0.0.0/8": must not have leading 0s in IP or prefix length'],
  ],
  [
    'prefix too long',
    '10.0.0.0/33',
    true,
    ['ip: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
  ],
  [
    'no prefix',
    '10.0.0.0',
    true,
    ['ip: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
  ],
];
for (const [name, cidr, strict, want] of cidrCases) {
  test(`CIDR: ${name}`, () => assert.deepEqual(strings(isValidCIDR(p, cidr, strict)), want));
}

test('IP and CIDR parsing never throws on random text', () => {
  const chars = fc.constantFrom('0', '1', '9', 'a', 'f', 'g', ':', '.', '/', '%', ' ', '2', '5');
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 45 })), (s) => {
      const ip = parseIPSloppy(s);
      if (ip !== undefined) assert.equal(ip.bytes.length, 16);
      for (const e of [
        ...isValidIPLegacy(p, s),
        ...isValidIP(p, s),
        ...isValidCIDR(p, s),
        ...isValidCIDR(p, s, false),
      ]) {
        assert.equal(typeof e.detail, 'string');
      }
    }),
    { seed: 4242, numRuns: 2000 },
  );
});
