import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstServiceIP, parseNodePortRange, parseServiceCIDRs } from './config.js';

describe('parseServiceCIDRs', () => {
  it('accepts one range, or two of different families', () => {
    const one = parseServiceCIDRs('10.96.0.0/12');
    assert.ok(one.ok);
    assert.deepEqual(
      one.ranges.map((r) => r.cidr),
      ['10.96.0.0/12'],
    );
    assert.equal(firstServiceIP(one.ranges[0]!), '10.96.0.1');
    const two = parseServiceCIDRs('fd00:10:96::/112,10.96.0.0/16');
    assert.ok(two.ok);
    assert.deepEqual(
      two.ranges.map((r) => r.family),
      ['IPv6', 'IPv4'],
    );
  });

  for (const [text, why] of [
    ['10.96.0.0/12,10.97.0.0/16', /different IP families/],
    ['fd00::/48', /shortest allowed prefix length for service CIDR is 64, got 48/],
    ['10.96.0.0', /invalid CIDR/],
    ['a,b,c', /want one CIDR or two/],
    ['10.96.0.1/32', /no usable address/],
  ] as const) {
    it(`refuses ${text}`, () => {
      const r = parseServiceCIDRs(text);
      assert.ok(!r.ok);
      assert.match(r.message, why);
    });
  }
});

describe('parseNodePortRange', () => {
  it('defaults to 30000-32767', () =>
    assert.deepEqual(parseNodePortRange(undefined), { base: 30000, size: 2768 }));
  it('rejects garbage', () => assert.equal(parseNodePortRange('x'), undefined));
});
