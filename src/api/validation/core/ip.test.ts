import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorString, path } from '../../../apimachinery/field/index.js';
import { isIPv6String, validateCIDR, validateIP, validateNonSpecialIP } from './ip.js';
import { cidrWarnings, ipWarnings } from './warnings.js';

const f = path('ip');
const ipMsg = 'ip: Invalid value: "%": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const cidrMsg = 'ip: Invalid value: "%": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

describe('IP addresses (upstream TestIsValidIP cases)', () => {
  // [name, value, legacy errors, extra strict errors]
  const cases: Array<[string, string, 'ok' | 'bad', string[]]> = [
    ['ipv4', '1.1.1.1', 'ok', []],
    ['ipv4 zeros', '0.0.0.0', 'ok', []],
    ['ipv4 broadcast', '255.255.255.255', 'ok', []],
    ['ipv6', '2001:4860:4860::8888', 'ok', []],
    ['ipv6 unspecified', '::', 'ok', []],
    ['ipv6 full', '1:2:3:4:5:6:7:8', 'ok', []],
    ['ipv6 with embedded ipv4', '::ffff:1.2.3.4', 'ok', ['must not be an IPv4-mapped IPv6 address']],
    ['ipv4 leading zeros', '001.002.003.004', 'ok', ['must not have leading 0s']],
    ['ipv4 octet out of range', '1.1.1.256', 'bad', []],
    ['ipv4 too few octets', '1.1.1', 'bad', []],
    ['ipv4 too many octets', '1.1.1.1.1', 'bad', []],
    ['ipv4 with a port', '1.1.1.1:80', 'bad', []],
    ['ipv4 with a cidr suffix', '1.1.1.1/32', 'bad', []],
    ['empty', '', 'bad', []],
    ['hostname', 'a.b.c.d', 'bad', []],
    ['ipv6 two ellipses', '1::2::3', 'bad', []],
    ['ipv6 too many groups', '1:2:3:4:5:6:7:8:9', 'bad', []],
    ['ipv6 with brackets', '[2001:db8::1]', 'bad', []],
    ['ipv6 with a zone', 'fe80::1%eth0', 'bad', []],
    ['ipv6 ellipsis standing for nothing', '1:2:3:4::5:6:7:8', 'bad', []],
    ['ipv6 group too large', '12345::', 'bad', []],
    ['ipv6 long group with leading zeros', '00001::', 'ok', ['must not have leading 0s']],
    ['spaces', ' 1.1.1.1', 'bad', []],
  ];
  for (const [name, value, legacy, strictExtra] of cases) {
    test(name, () => {
      const want = legacy === 'bad' ? [ipMsg.replace('%', value)] : [];
      assert.deepEqual(validateIP(f, value).map(errorString), want);
      const strictWant =
        legacy === 'bad' ? want : strictExtra.map((m) => `ip: Invalid value: "${value}": ${m}`);
      assert.deepEqual(validateIP(f, value, true).map(errorString), strictWant);
    });
  }
  test('old values are always accepted', () =>
    assert.deepEqual(validateIP(f, '1.1.1.01', true, ['1.1.1.01']), []));
  test('IPv4-mapped addresses count as IPv4', () => {
    assert.equal(isIPv6String('::ffff:1.2.3.4'), false);
    assert.equal(isIPv6String('2001::1'), true);
    assert.equal(isIPv6String('bad'), false);
  });
});

describe('CIDRs (upstream TestIsValidCIDR cases)', () => {
  const cases: Array<[string, string, 'ok' | 'bad', string | undefined]> = [
    ['ipv4', '192.168.0.0/16', 'ok', undefined],
    ['ipv4 /0', '0.0.0.0/0', 'ok', undefined],
    ['ipv4 /32', '1.2.3.4/32', 'ok', undefined],
    ['ipv6', '2001:db8::/64', 'ok', undefined],
    ['ipv6 /128', '::1/128', 'ok', undefined],
    ['host bits set', '192.168.1.1/16', 'ok', 'must not have bits set beyond the prefix length'],
    ['leading zeros in the address', '010.0.0.0/8', 'ok', 'must not have leading 0s in IP or prefix length'],
    ['leading zeros in the length', '10.0.0.0/08', 'ok', 'must not have leading 0s in IP or prefix length'],
    ['ipv4-mapped', '::ffff:1.2.3.0/120', 'ok', 'must not have an IPv4-mapped IPv6 address'],
    ['no length', '192.168.0.0', 'bad', undefined],
    ['empty length', '192.168.0.0/', 'bad', undefined],
    ['length too long', '192.168.0.0/33', 'bad', undefined],
    ['ipv6 length too long', '2001:db8::/129', 'bad', undefined],
    ['negative length', '1.2.3.4/-1', 'bad', undefined],
    ['two slashes', '1.2.3.4/8/8', 'bad', undefined],
    ['hostname', 'example.com/24', 'bad', undefined],
  ];
  for (const [name, value, legacy, strictMsg] of cases) {
    test(name, () => {
      const want = legacy === 'bad' ? [cidrMsg.replace('%', value)] : [];
      assert.deepEqual(validateCIDR(f, value).map(errorString), want);
      const strictWant =
        legacy === 'bad'
          ? want
          : strictMsg === undefined
            ? []
            : [`ip: Invalid value: "${value}": ${strictMsg}`];
      assert.deepEqual(validateCIDR(f, value, true).map(errorString), strictWant);
    });
  }
});

describe('non-special IPs', () => {
  const cases: Array<[string, string, string[]]> = [
    ['ordinary', '10.0.0.1', []],
    ['ipv6 ordinary', '2001:db8::1', []],
    ['ipv6 unspecified', '::', ['may not be unspecified (::)']],
    ['ipv6 loopback', '::1', ['may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    ['mapped loopback', '::ffff:127.0.0.1', ['may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    [
      'ipv6 link-local multicast',
      'ff02::1',
      ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
    ],
    ['not an address', 'x', ['must be a valid IP address']],
  ];
  for (const [name, value, msgs] of cases) {
    test(name, () =>
      assert.deepEqual(
        validateNonSpecialIP(value, f).map(errorString),
        msgs.map((m) => `ip: Invalid value: "${value}": ${m}`),
      ),
    );
  }
});

describe('IP and CIDR warnings (upstream TestGetWarningsForIP / ForCIDR cases)', () => {
  const cases: Array<[string, () => string[], string[]]> = [
    ['canonical ipv4', () => ipWarnings('f', '1.2.3.4'), []],
    ['canonical ipv6', () => ipWarnings('f', '2001:db8::1'), []],
    [
      'ipv4 with leading zeros',
      () => ipWarnings('f', '01.2.3.4'),
      [
        'f: non-standard IP address "01.2.3.4" will be considered invalid in a future Kubernetes release: use "1.2.3.4"',
      ],
    ],
    [
      'ipv4-mapped ipv6',
      () => ipWarnings('f', '::ffff:1.2.3.4'),
      [
        'f: non-standard IP address "::ffff:1.2.3.4" will be considered invalid in a future Kubernetes release: use "1.2.3.4"',
      ],
    ],
    [
      'ipv6 not compressed',
      () => ipWarnings('f', '2001:db8:0:0:0:0:0:1'),
      ['f: IPv6 address "2001:db8:0:0:0:0:0:1" should be in RFC 5952 canonical format ("2001:db8::1")'],
    ],
    [
      'ipv6 compresses the first longest run',
      () => ipWarnings('f', '1:0:0:2:0:0:0:3'),
      ['f: IPv6 address "1:0:0:2:0:0:0:3" should be in RFC 5952 canonical format ("1:0:0:2::3")'],
    ],
    ['cidr canonical', () => cidrWarnings('f', '10.0.0.0/8'), []],
    [
      'cidr with host bits',
      () => cidrWarnings('f', '10.0.0.1/8'),
      ['f: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)'],
    ],
    [
      'cidr with leading zeros',
      () => cidrWarnings('f', '010.0.0.0/8'),
      [
        'f: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
      ],
    ],
    [
      'ipv6 cidr upper case',
      () => cidrWarnings('f', '2001:DB8::/64'),
      ['f: IPv6 CIDR value "2001:DB8::/64" should be in RFC 5952 canonical format ("2001:db8::/64")'],
    ],
  ];
  for (const [name, run, want] of cases) test(name, () => assert.deepEqual(run(), want));
});
