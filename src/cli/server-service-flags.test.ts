import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServerArgs } from './server-command.js';

describe('kite server service flags', () => {
  it('passes the service ranges and advertised address through', () => {
    const a = parseServerArgs([
      '--service-cluster-ip-range',
      '10.100.0.0/16',
      '--service-node-port-range',
      '31000-31999',
      '--advertise-address',
      '192.0.2.4',
    ]);
    assert.equal(a.kind, 'run');
    if (a.kind !== 'run') return;
    assert.equal(a.serviceClusterIPRange, '10.100.0.0/16');
    assert.equal(a.serviceNodePortRange, '31000-31999');
    assert.equal(a.advertiseAddress, '192.0.2.4');
  });

  it('leaves them unset by default', () => {
    const a = parseServerArgs([]);
    assert.ok(a.kind === 'run');
    assert.equal(a.serviceClusterIPRange, undefined);
    assert.equal(a.serviceNodePortRange, undefined);
    assert.equal(a.advertiseAddress, undefined);
  });

  for (const [args, want] of [
    [['--service-cluster-ip-range', '10.96.0.0'], /--service-cluster-ip-range: invalid CIDR "10\.96\.0\.0"/],
    [['--service-node-port-range', '32767-30000'], /for --service-node-port-range/],
    [['--advertise-address', 'host.example'], /for --advertise-address: want an IP address/],
  ] as const) {
    it(`refuses ${args.join(' ')}`, () => {
      const a = parseServerArgs(args);
      assert.equal(a.kind, 'error');
      if (a.kind === 'error') assert.match(a.message, want);
    });
  }
});
