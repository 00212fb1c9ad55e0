import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PKIError } from './errors.js';
import { altNames, apiServerAltNames } from './sans.js';

describe('altNames', () => {
  const cases: { name: string; in: string[]; dns: string[]; ips: string[] }[] = [
    { name: 'empty', in: [], dns: [], ips: [] },
    {
      name: 'DNS before IP regardless of input order',
      in: ['10.0.0.1', 'a.example'],
      dns: ['a.example'],
      ips: ['10.0.0.1'],
    },
    { name: 'duplicate DNS names dropped', in: ['a', 'a', 'b'], dns: ['a', 'b'], ips: [] },
    {
      name: 'DNS names compare case-insensitively',
      in: ['Node-1.Example', 'node-1.example'],
      dns: ['node-1.example'],
      ips: [],
    },
    { name: 'wildcard DNS name', in: ['*.apps.example'], dns: ['*.apps.example'], ips: [] },
    { name: 'IPv6 in canonical form', in: ['0:0:0:0:0:0:0:1'], dns: [], ips: ['::1'] },
    { name: 'IPv6 upper case normalized', in: ['FE80::A'], dns: [], ips: ['fe80::a'] },
    {
      name: 'IPv4-mapped IPv6 becomes IPv4 (as Go encodes it)',
      in: ['::ffff:1.2.3.4', '1.2.3.4'],
      dns: [],
      ips: ['1.2.3.4'],
    },
    {
      name: 'same IPv6 written twice ways',
      in: ['2001:db8::1', '2001:0db8:0:0::1'],
      dns: [],
      ips: ['2001:db8::1'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = altNames(c.in);
      assert.deepEqual(got.dnsNames, c.dns);
      assert.deepEqual(got.ips, c.ips);
    });
  }

  const invalid: { name: string; in: string }[] = [
    { name: 'empty string', in: '' },
    { name: 'underscore', in: 'foo_bar' },
    { name: 'leading dash', in: '-a.example' },
    { name: 'CIDR is not an address', in: '10.0.0.0/8' },
    { name: 'IPv6 zone is not allowed in a certificate', in: 'fe80::1%eth0' },
    { name: 'bare wildcard', in: '*' },
    { name: 'wildcard in the middle', in: 'a.*.example' },
    { name: 'URL', in: 'https://example.com' },
    { name: 'trailing dot', in: 'example.com.' },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name}`, () => {
      assert.throws(
        () => altNames([c.in]),
        (e: unknown) => e instanceof PKIError && e.message.includes(JSON.stringify(c.in)),
      );
    });
  }

  it('never crashes on random input', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 4 }), (entries) => {
        try {
          const got = altNames(entries);
          assert.ok(got.dnsNames.length + got.ips.length <= entries.length);
        } catch (e) {
          assert.ok(e instanceof PKIError, String(e));
        }
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });
});

describe('apiServerAltNames', () => {
  it('carries localhost, the host addresses, the kubernetes Service names and ClusterIP, then extras', () => {
    const got = apiServerAltNames(['192.168.1.10', 'fd00::10'], ['api.example.com', '203.0.113.7']);
    assert.deepEqual(got.dnsNames, [
      'localhost',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      'api.example.com',
    ]);
    assert.deepEqual(got.ips, ['127.0.0.1', '192.168.1.10', 'fd00::10', '10.96.0.1', '203.0.113.7']);
  });

  it('does not repeat a default given again as a host or extra SAN', () => {
    const got = apiServerAltNames(['127.0.0.1'], ['kubernetes', 'LOCALHOST']);
    assert.equal(got.ips.filter((ip) => ip === '127.0.0.1').length, 1);
    assert.equal(got.dnsNames.filter((n) => n === 'kubernetes' || n === 'localhost').length, 2);
  });
});
