import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSchedulerArgs } from './scheduler-command.js';

describe('kite scheduler flags', () => {
  it('parses', () => {
    assert.deepEqual(
      parseSchedulerArgs(['--kubeconfig', 'k', '--config', 'c', '--leader-elect', 'false', '-v', '3']),
      {
        kind: 'run',
        kubeconfig: 'k',
        config: 'c',
        leaderElect: false,
        verbosity: 3,
      },
    );
    assert.deepEqual(parseSchedulerArgs(['-h']), { kind: 'help' });
    assert.equal(parseSchedulerArgs([]).kind, 'error');
    assert.equal(parseSchedulerArgs(['--kubeconfig', 'k', '--leader-elect', 'x']).kind, 'error');
  });
});
