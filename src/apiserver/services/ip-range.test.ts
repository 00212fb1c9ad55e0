import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipRangeOffset, ServiceIPRange } from './ip-range.js';

describe('ServiceIPRange', () => {
  it('describes the default range as upstream does', () => {
    const r = ServiceIPRange.parse('10.96.0.0/12')!;
    assert.equal(r.family, 'IPv4');
    assert.equal(r.cidr, '10.96.0.0/12');
    assert.equal(r.format(r.first), '10.96.0.1');
    assert.equal(r.format(r.last), '10.111.255.254');
    assert.equal(r.size, 2n ** 20n - 2n);
    assert.equal(r.offset, 256n);
    assert.equal(r.networkAddress(), '10.96.0.0');
  });

  it('keeps network and broadcast addresses out of IPv4 ranges', () => {
    const r = ServiceIPRange.parse('192.168.1.0/24')!;
    assert.equal(r.contains('192.168.1.0'), false);
    assert.equal(r.contains('192.168.1.1'), true);
    assert.equal(r.contains('192.168.1.254'), true);
    assert.equal(r.contains('192.168.1.255'), false);
    assert.equal(r.containsAddress('192.168.1.255'), true);
    assert.equal(r.contains('192.168.2.1'), false);
    assert.equal(r.contains('not-an-ip'), false);
    assert.equal(r.offset, 16n);
  });

  it('handles IPv6 ranges (the last address is usable)', () => {
    const r = ServiceIPRange.parse('fd00:10:96::/112')!;
    assert.equal(r.family, 'IPv6');
    assert.equal(r.format(r.first), 'fd00:10:96::1');
    assert.equal(r.format(r.last), 'fd00:10:96::ffff');
    assert.equal(r.contains('10.96.0.1'), false);
  });

  it('normalizes a CIDR written with host bits', () => {
    assert.equal(ServiceIPRange.parse('10.96.3.4/12')?.cidr, '10.96.0.0/12');
    assert.equal(ServiceIPRange.parse('10.96.0.0'), undefined);
  });
});

describe('ipRangeOffset', () => {
  for (const [size, want] of [
    [16n, 0n],
    [32n, 16n],
    [256n, 16n],
    [1024n, 64n],
    [1n << 20n, 256n],
  ] as const) {
    it(`is ${want} for ${size} addresses`, () => assert.equal(ipRangeOffset(size), want));
  }
});
