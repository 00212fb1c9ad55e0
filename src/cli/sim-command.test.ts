import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSimArgs } from './sim-command.js';

describe('parseSimArgs', () => {
  it('needs a kubeconfig', () => {
    assert.deepEqual(parseSimArgs([]), { kind: 'error', message: '--kubeconfig is required' });
  });

  it('applies defaults', () => {
    const a = parseSimArgs(['--kubeconfig', 'k']);
    assert.equal(a.kind, 'run');
    if (a.kind !== 'run') return;
    assert.equal(a.nodes, 10);
    assert.deepEqual([a.template.cpu, a.template.memory, a.template.pods], ['32', '256Gi', '110']);
    assert.deepEqual(a.template.zones, []);
    assert.deepEqual(a.options, { podStartDelayMs: 0, honourGracePeriod: false, concurrency: 32 });
  });

  it('reads node shape, roles, labels, taints and timing', () => {
    const a = parseSimArgs([
      '--kubeconfig=k',
      '--nodes=5000',
      '--zones=3',
      '--cpu=4',
      '--memory=16Gi',
      '--pods=50',
      '--node-role=worker',
      '--label=team=a',
      '--taint=dedicated=gpu:NoSchedule',
      '--taint=spot:PreferNoSchedule',
      '--pod-start-delay=2s',
      '--honour-grace-period',
    ]);
    assert.equal(a.kind, 'run');
    if (a.kind !== 'run') return;
    assert.equal(a.nodes, 5000);
    assert.deepEqual(a.template.zones, ['zone-0', 'zone-1', 'zone-2']);
    assert.deepEqual(a.template.labels, { 'node-role.kubernetes.io/worker': '', team: 'a' });
    assert.deepEqual(a.template.taints, [
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'spot', effect: 'PreferNoSchedule' },
    ]);
    assert.equal(a.options.podStartDelayMs, 2000);
    assert.equal(a.options.honourGracePeriod, true);
  });

  it('rejects bad values', () => {
    for (const args of [
      ['--kubeconfig=k', '--nodes=0'],
      ['--kubeconfig=k', '--taint=x:Sometimes'],
      ['--kubeconfig=k', '--cpu=lots'],
      ['--kubeconfig=k', '--label=novalue'],
      ['--kubeconfig=k', '--bogus'],
    ]) {
      assert.equal(parseSimArgs(args).kind, 'error', args.join(' '));
    }
  });
});
