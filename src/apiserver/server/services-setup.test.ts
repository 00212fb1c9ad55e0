import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourceFor } from '../../api/index.js';
import { defaultAdvertiseAddress, servicesSetup } from './services-setup.js';

describe('defaultAdvertiseAddress', () => {
  it('prefers a specific non-loopback bind address', () => {
    assert.equal(defaultAdvertiseAddress('192.0.2.5', ['198.51.100.1']), '192.0.2.5');
  });
  it('uses the first IPv4 host address when bound to all or to loopback', () => {
    assert.equal(defaultAdvertiseAddress('0.0.0.0', ['fd00::1', '198.51.100.1']), '198.51.100.1');
    assert.equal(defaultAdvertiseAddress('127.0.0.1', ['198.51.100.1']), '198.51.100.1');
  });
  it('falls back to 127.0.0.1 on a loopback-only host', () => {
    assert.equal(defaultAdvertiseAddress('0.0.0.0', []), '127.0.0.1');
  });
});

describe('servicesSetup', () => {
  it('defaults the ranges and adds the service IP and advertised address to the certificate', () => {
    const s = servicesSetup({ bindAddress: '0.0.0.0', advertiseAddress: '192.0.2.9' }, []);
    assert.deepEqual(
      s.ranges.map((r) => r.cidr),
      ['10.96.0.0/12'],
    );
    assert.deepEqual(s.nodePorts, { base: 30000, size: 2768 });
    assert.equal(s.advertiseAddress, '192.0.2.9');
    assert.deepEqual(s.extraSANs, ['10.96.0.1', '192.0.2.9']);
  });

  it('names the flag of a bad value', () => {
    assert.throws(() => servicesSetup({ bindAddress: '0.0.0.0', serviceClusterIPRange: 'x' }, []), {
      message: /^--service-cluster-ip-range: /,
    });
    assert.throws(() => servicesSetup({ bindAddress: '0.0.0.0', serviceNodePortRange: '9-1' }, []), {
      message: /^--service-node-port-range: /,
    });
  });

  it('hooks Services only', () => {
    const s = servicesSetup({ bindAddress: '127.0.0.1' }, []);
    const hooksFor = s.hooksFor({} as never);
    assert.ok(hooksFor(resourceFor({ group: '', version: 'v1', resource: 'services' })!) !== undefined);
    assert.equal(hooksFor(resourceFor({ group: '', version: 'v1', resource: 'pods' })!), undefined);
  });
});
