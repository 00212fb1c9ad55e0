import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cidrRule, InvalidCIDRError, serverAddressesFor } from './addresses.js';
import { apiVersions } from './legacy.js';

describe('/api', () => {
  it('APIVersions with the default address only', () => {
    assert.deepEqual(apiVersions({ defaultAddress: '10.0.0.5:6443' }), {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.5:6443' }],
    });
  });

  it('no apiVersion field: the legacy handler strips it', () => {
    assert.deepEqual(Object.keys(apiVersions({ defaultAddress: 'h:1' })), [
      'kind',
      'versions',
      'serverAddressByClientCIDRs',
    ]);
  });
});

describe('serverAddressesFor', () => {
  const rules = [cidrRule('10.100.0.0/12', '10.96.0.1:443'), cidrRule('fd00::/8', '[fd00::1]:443')];
  const cases: { name: string; client: string | undefined; extra: [string, string][] }[] = [
    {
      name: 'client inside the range, named by its network',
      client: '10.100.3.4',
      extra: [['10.96.0.0/12', '10.96.0.1:443']],
    },
    { name: 'client just outside the range', client: '10.112.0.1', extra: [] },
    {
      name: 'IPv4-mapped IPv6 socket address',
      client: '::ffff:10.96.0.9',
      extra: [['10.96.0.0/12', '10.96.0.1:443']],
    },
    { name: 'IPv6 client inside fd00::/8', client: 'fd12:3456::1', extra: [['fd00::/8', '[fd00::1]:443']] },
    { name: 'IPv6 client outside', client: '2001:db8::1', extra: [] },
    { name: 'unknown client address', client: undefined, extra: [] },
    { name: 'garbage client address', client: 'abc', extra: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = serverAddressesFor({ defaultAddress: 'h:6443', rules }, c.client);
      assert.deepEqual(got, [
        { clientCIDR: '0.0.0.0/0', serverAddress: 'h:6443' },
        ...c.extra.map(([clientCIDR, serverAddress]) => ({ clientCIDR, serverAddress })),
      ]);
    });
  }

  const bad: { name: string; cidr: string }[] = [
    { name: 'no prefix', cidr: '10.0.0.0' },
    { name: 'prefix too long for IPv4', cidr: '10.0.0.0/33' },
    { name: 'not an address', cidr: 'abc/8' },
    { name: 'empty', cidr: '' },
  ];
  for (const c of bad) {
    it(`cidrRule rejects: ${c.name}`, () => {
      assert.throws(
        () => cidrRule(c.cidr, 'x:1'),
        (e: unknown) => e instanceof InvalidCIDRError && e.message === `invalid CIDR address: ${c.cidr}`,
      );
    });
  }

  it('fuzz: random rules and clients never crash', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }),
        fc.string({ maxLength: 40 }),
        (cidrs, client) => {
          const rules = cidrs.flatMap((c) => {
            try {
              return [cidrRule(c, 's:1')];
            } catch (e) {
              assert.ok(e instanceof InvalidCIDRError, `unexpected ${String(e)}`);
              return [];
            }
          });
          const got = serverAddressesFor({ defaultAddress: 'h:1', rules }, client);
          assert.equal(got[0]?.clientCIDR, '0.0.0.0/0');
          assert.ok(got.length <= rules.length + 1);
        },
      ),
      { seed: 20261123, numRuns: 2000 },
    );
  });
});
