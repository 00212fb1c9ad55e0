import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  lastRevision,
  MAX_REVISION_HISTORY_CHARS,
  maxRevision,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  setDeploymentAnnotationsTo,
  setNewReplicaSetAnnotations,
} from './annotations.js';
import type { Deployment, ReplicaSet } from './types.js';

const d: Deployment = {
  metadata: {
    annotations: {
      'kubernetes.io/change-cause': 'edit',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      [REVISION_ANNOTATION]: '7',
    },
  },
  spec: {
    replicas: 4,
    selector: {},
    template: {},
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
  },
};

function rsWith(annotations: Record<string, string>): ReplicaSet {
  return { metadata: { annotations: { ...annotations } }, spec: { selector: {} } };
}

describe('setNewReplicaSetAnnotations', () => {
  it('sets the revision and replicas annotations of a replica set to be created', () => {
    const rs = rsWith({});
    assert.equal(setNewReplicaSetAnnotations(d, rs, '3', false, 1), true);
    assert.deepEqual(rs.metadata?.annotations, {
      'kubernetes.io/change-cause': 'edit',
      [REVISION_ANNOTATION]: '3',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
  });

  it('records the old revision when a replica set becomes new again', () => {
    const rs = rsWith({ [REVISION_ANNOTATION]: '1', 'kubernetes.io/change-cause': 'edit' });
    assert.equal(setNewReplicaSetAnnotations(d, rs, '3', true, 1), true);
    assert.equal(rs.metadata?.annotations?.[REVISION_ANNOTATION], '3');
    assert.equal(rs.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION], '1');
    const again = rsWith({ [REVISION_ANNOTATION]: '3', [REVISION_HISTORY_ANNOTATION]: '1' });
    setNewReplicaSetAnnotations(d, again, '5', true, 1);
    assert.equal(again.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION], '1,3');
  });

  it('compares revisions as numbers and leaves higher ones alone', () => {
    const rs = rsWith({ [REVISION_ANNOTATION]: '10', 'kubernetes.io/change-cause': 'edit' });
    assert.equal(setNewReplicaSetAnnotations(d, rs, '9', true, 1), false);
    assert.equal(rs.metadata?.annotations?.[REVISION_ANNOTATION], '10');
    const bad = rsWith({ [REVISION_ANNOTATION]: 'x' });
    assert.equal(setNewReplicaSetAnnotations(d, bad, '9', true, 1), false);
  });

  it('drops the oldest history entries beyond the length limit', () => {
    const entries = Array.from({ length: 500 }, (_, i) => String(1000 + i));
    const history = entries.join(',');
    assert.ok(history.length > MAX_REVISION_HISTORY_CHARS);
    const rs = rsWith({ [REVISION_ANNOTATION]: '2000', [REVISION_HISTORY_ANNOTATION]: history });
    setNewReplicaSetAnnotations(d, rs, '3000', true, 1);
    const got = rs.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION] ?? '';
    assert.ok(got.length <= MAX_REVISION_HISTORY_CHARS);
    assert.ok(got.endsWith(',1499,2000'));
  });
});

describe('revisions', () => {
  it('finds the highest and the one before', () => {
    const rss = ['1', '5', '3', 'x'].map((r) => rsWith({ [REVISION_ANNOTATION]: r }));
    assert.equal(maxRevision(rss), 5);
    assert.equal(lastRevision(rss), 3);
    assert.equal(lastRevision([rsWith({ [REVISION_ANNOTATION]: '1' })]), 0);
  });
});

describe('setDeploymentAnnotationsTo', () => {
  it('takes the replica set annotations but keeps the deployment own ones', () => {
    const copy = structuredClone(d);
    setDeploymentAnnotationsTo(
      copy,
      rsWith({ 'kubernetes.io/change-cause': 'create', [REVISION_ANNOTATION]: '1' }),
    );
    assert.deepEqual(copy.metadata?.annotations, {
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      [REVISION_ANNOTATION]: '7',
      'kubernetes.io/change-cause': 'create',
    });
  });
});
