import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCIDRSloppy } from '../../apimachinery/validation/index.js';
import { CIDRRangeFullError, CIDRSet } from './cidr-set.js';

const set = (cidr: string, mask: number) => new CIDRSet(parseCIDRSloppy(cidr)!, mask);

describe('CIDRSet', () => {
  it('hands out /24s of a /16 in order and wraps round-robin', () => {
    const s = set('10.244.0.0/16', 24);
    assert.equal(s.allocateNext(), '10.244.0.0/24');
    assert.equal(s.allocateNext(), '10.244.1.0/24');
    assert.ok(s.release('10.244.0.0/24'));
    // Round robin: the released one is reused only after the rest.
    assert.equal(s.allocateNext(), '10.244.2.0/24');
  });

  it('skips occupied subnets and reports a full range', () => {
    const s = set('10.0.0.0/30', 31);
    assert.ok(s.occupy('10.0.0.0/31'));
    assert.equal(s.allocateNext(), '10.0.0.2/31');
    assert.throws(() => s.allocateNext(), CIDRRangeFullError);
    assert.equal(s.allocatedCount, 2);
  });

  it('occupies every subnet a larger CIDR covers, and refuses CIDRs out of range', () => {
    const s = set('10.244.0.0/16', 24);
    assert.ok(s.occupy('10.244.0.0/23'));
    assert.equal(s.allocatedCount, 2);
    assert.equal(s.occupy('10.245.0.0/24'), false);
    assert.equal(s.occupy('fd00::/64'), false);
    assert.equal(s.contains('10.244.7.0/24'), true);
  });

  it('works for IPv6', () => {
    const s = set('fd00:10:244::/56', 64);
    assert.equal(s.allocateNext(), 'fd00:10:244::/64');
    assert.equal(s.allocateNext(), 'fd00:10:244:1::/64');
  });

  it('rejects masks shorter than the cluster or too many subnets', () => {
    assert.throws(() => set('10.244.0.0/16', 8));
    assert.throws(() => set('10.0.0.0/8', 25), /too big/);
  });
});
