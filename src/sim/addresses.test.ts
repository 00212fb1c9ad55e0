import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fallbackPodCIDR, nodeInternalIP, parseIPv4CIDR, podIPAt } from './addresses.js';

describe('addresses', () => {
  it('gives nodes addresses in 10.254.0.0/16', () => {
    assert.equal(nodeInternalIP(0), '10.254.0.1');
    assert.equal(nodeInternalIP(255), '10.254.1.0');
    assert.equal(nodeInternalIP(4999), '10.254.19.136');
  });

  it('parses IPv4 CIDRs and rejects others', () => {
    assert.deepEqual(parseIPv4CIDR('10.244.3.0/24'), {
      base: (10 << 24) + (244 << 16) + (3 << 8),
      size: 256,
    });
    assert.equal(parseIPv4CIDR('fd00::/64'), undefined);
    assert.equal(parseIPv4CIDR('10.0.0.0'), undefined);
    assert.equal(parseIPv4CIDR('10.0.0.300/24'), undefined);
  });

  it('hands out pod addresses from .2 and wraps before broadcast', () => {
    const r = parseIPv4CIDR('10.244.3.0/24')!;
    assert.equal(podIPAt(r, 0), '10.244.3.2');
    assert.equal(podIPAt(r, 252), '10.244.3.254');
    assert.equal(podIPAt(r, 253), '10.244.3.2');
  });

  it('has a fallback pod range per node', () => {
    assert.equal(fallbackPodCIDR(0), '10.128.0.0/24');
    assert.equal(fallbackPodCIDR(257), '10.129.1.0/24');
  });
});
