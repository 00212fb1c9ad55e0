import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseControllerManagerArgs } from './controller-manager-command.js';

test('needs a kubeconfig', () => {
  assert.deepEqual(parseControllerManagerArgs([]), { kind: 'error', message: '--kubeconfig is required' });
});

test('defaults: leader election with upstream timings', () => {
  const a = parseControllerManagerArgs(['--kubeconfig', '/k']);
  assert.equal(a.kind, 'run');
  if (a.kind !== 'run') return;
  assert.equal(a.leaderElect, true);
  assert.deepEqual([a.leaseDurationMs, a.renewDeadlineMs, a.retryPeriodMs], [15_000, 10_000, 2_000]);
  assert.deepEqual(a.flags.controllers, ['*']);
});

test('leader election flags', () => {
  const a = parseControllerManagerArgs([
    '--kubeconfig=/k',
    '--leader-elect=false',
    '--leader-elect-lease-duration=4s',
    '--leader-elect-renew-deadline=3s',
    '--leader-elect-retry-period=500ms',
  ]);
  assert.equal(a.kind, 'run');
  if (a.kind !== 'run') return;
  assert.equal(a.leaderElect, false);
  assert.deepEqual([a.leaseDurationMs, a.renewDeadlineMs, a.retryPeriodMs], [4_000, 3_000, 500]);
});

test('errors', () => {
  const cases: [string[], string][] = [
    [
      ['--kubeconfig=/k', '--leader-elect=maybe'],
      'invalid value "maybe" for --leader-elect: want true or false',
    ],
    [
      ['--kubeconfig=/k', '--leader-elect-renew-deadline=20s'],
      'leaseDuration must be greater than renewDeadline',
    ],
    [['--kubeconfig=/k', '--controllers=bogus'], '"bogus" is not in the list of known controllers'],
  ];
  for (const [args, message] of cases)
    assert.deepEqual(parseControllerManagerArgs(args), { kind: 'error', message });
});
