import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { REPLICATION_CONTROLLER_KIND, type ReplicaSetView } from './kinds.js';
import { calculateStatus, newReplicaSetCondition, setCondition, statusUpToDate } from './status.js';
import { pod, replicaSet } from './testing.js';

const NOW = Date.UTC(2026, 0, 1, 12);

function inputs(activePods: Pod[], err?: string, terminating?: Pod[]) {
  return {
    activePods,
    terminatingPods: terminating,
    manageReplicasError: err === undefined ? undefined : new Error(err),
    now: NOW,
  };
}

describe('calculateStatus', () => {
  it('sets ReplicaFailure with the reason of the direction of the failure', () => {
    const cases: { name: string; replicas: number; pods: number; reason: string }[] = [
      { name: 'too few pods', replicas: 3, pods: 1, reason: 'FailedCreate' },
      { name: 'too many pods', replicas: 1, pods: 3, reason: 'FailedDelete' },
      { name: 'right count', replicas: 2, pods: 2, reason: '' },
    ];
    for (const c of cases) {
      const pods = Array.from({ length: c.pods }, (_, i) => pod(`p${i}`));
      const st = calculateStatus(replicaSet(c.replicas), inputs(pods, 'boom'));
      assert.deepEqual(
        st.conditions,
        [
          {
            type: 'ReplicaFailure',
            status: 'True',
            lastTransitionTime: '2026-01-01T12:00:00Z',
            reason: c.reason,
            message: 'boom',
          },
        ],
        c.name,
      );
    }
  });

  it('keeps an existing failure condition as it is, removes it after success', () => {
    const rs = replicaSet(2) as ReplicaSetView;
    const old = newReplicaSetCondition('ReplicaFailure', 'True', 'FailedCreate', 'first', NOW - 60_000);
    rs.status = { replicas: 0, conditions: [old] };
    assert.deepEqual(calculateStatus(rs, inputs([], 'second')).conditions, [old]);
    assert.equal(calculateStatus(rs, inputs([])).conditions, undefined);
    assert.deepEqual(rs.status.conditions, [old], 'input unchanged');
  });

  it('reports terminatingReplicas only when kept', () => {
    assert.equal(calculateStatus(replicaSet(1), inputs([], undefined, [pod('t')])).terminatingReplicas, 1);
    assert.equal('terminatingReplicas' in calculateStatus(replicaSet(1), inputs([])), false);
  });
});

describe('setCondition', () => {
  it('replaces a condition only when status or reason changes', () => {
    const st = {
      replicas: 0,
      conditions: [newReplicaSetCondition('ReplicaFailure', 'True', 'FailedCreate', 'a', 0)],
    };
    setCondition(st, newReplicaSetCondition('ReplicaFailure', 'True', 'FailedCreate', 'b', 1000));
    assert.equal(st.conditions[0]?.message, 'a');
    setCondition(st, newReplicaSetCondition('ReplicaFailure', 'True', 'FailedDelete', 'c', 1000));
    assert.equal(st.conditions.length, 1);
    assert.equal(st.conditions[0]?.message, 'c');
  });
});

describe('statusUpToDate', () => {
  const rs = replicaSet(1) as ReplicaSetView;
  rs.status = {
    replicas: 1,
    fullyLabeledReplicas: 1,
    readyReplicas: 1,
    availableReplicas: 1,
    observedGeneration: 1,
  };
  const same = { ...rs.status };
  const cases: [string, ReplicaSetView, object, boolean][] = [
    ['same', rs, same, true],
    ['replicas differ', rs, { ...same, replicas: 2 }, false],
    ['terminating differs', rs, { ...same, terminatingReplicas: 0 }, false],
    ['generation not observed', { ...rs, metadata: { ...rs.metadata, generation: 2 } }, same, false],
    [
      'conditions differ',
      rs,
      { ...same, conditions: [newReplicaSetCondition('ReplicaFailure', 'True', 'FailedCreate', 'x', 0)] },
      false,
    ],
  ];
  for (const [name, r, next, want] of cases)
    it(name, () => assert.equal(statusUpToDate(r, next as never), want));
});

describe('ReplicationController view', () => {
  it('maps the selector map to matchLabels and defaults', () => {
    const v = REPLICATION_CONTROLLER_KIND.view({ metadata: { name: 'rc' }, spec: { selector: { a: 'b' } } });
    assert.deepEqual(v.spec, {
      replicas: 1,
      minReadySeconds: 0,
      template: {},
      selector: { matchLabels: { a: 'b' } },
    });
    assert.equal(
      REPLICATION_CONTROLLER_KIND.view({ metadata: { name: 'rc' }, spec: {} }).spec?.selector,
      undefined,
    );
  });

  it('writes status back without terminatingReplicas', () => {
    const rc = REPLICATION_CONTROLLER_KIND.withStatus(
      { metadata: { name: 'rc' } },
      { replicas: 2, terminatingReplicas: 1 },
    );
    assert.deepEqual(rc.status, { replicas: 2 });
  });
});
