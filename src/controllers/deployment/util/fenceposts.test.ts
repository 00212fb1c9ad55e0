import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IntOrString } from '../../../apimachinery/intstr/index.js';
import {
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  replicaSetProportion,
  resolveFenceposts,
} from './fenceposts.js';
import type { Deployment, ReplicaSet } from './types.js';

function deployment(
  replicas: number,
  surge: IntOrString,
  unavailable: IntOrString,
  type = 'RollingUpdate',
): Deployment {
  return {
    spec: {
      replicas,
      selector: {},
      template: {},
      strategy: { type, rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
    },
  };
}

function rs(replicas: number, annotations: Record<string, string> = {}): ReplicaSet {
  return { metadata: { annotations }, spec: { replicas, selector: {} } };
}

describe('resolveFenceposts', () => {
  const cases: {
    surge?: string;
    unavail?: string;
    desired: number;
    want?: [number, number];
    error?: boolean;
  }[] = [
    { surge: '0%', unavail: '0%', desired: 0, want: [0, 1] },
    { surge: '39%', unavail: '39%', desired: 10, want: [4, 3] },
    { surge: 'oops', unavail: '39%', desired: 10, error: true },
    { surge: '55%', unavail: 'urg', desired: 10, error: true },
    { unavail: '39%', desired: 10, want: [0, 3] },
    { surge: '39%', desired: 10, want: [4, 0] },
    { desired: 10, want: [0, 1] },
  ];
  for (const c of cases) {
    it(`${c.surge}/${c.unavail} of ${c.desired}`, () => {
      if (c.error) {
        assert.throws(() => resolveFenceposts(c.surge, c.unavail, c.desired));
        return;
      }
      const r = resolveFenceposts(c.surge, c.unavail, c.desired);
      assert.deepEqual([r.surge, r.unavailable], c.want);
    });
  }
});

describe('maxSurge and maxUnavailable', () => {
  it('round percentages up for surge and down for unavailability, and cap unavailability', () => {
    assert.equal(maxSurge(deployment(10, '25%', '25%')), 3);
    assert.equal(maxUnavailable(deployment(10, '25%', '25%')), 2);
    assert.equal(maxUnavailable(deployment(2, 0, 5)), 2);
    assert.equal(maxUnavailable(deployment(0, 1, 1)), 0);
    assert.equal(maxSurge(deployment(10, 3, 1, 'Recreate')), 0);
  });
});

describe('newRSNewReplicas', () => {
  it('grows within maxSurge and never past spec.replicas', () => {
    const cases = [
      { name: 'cannot scale up: stays', dep: 1, newRS: 5, surge: 1, want: 5 },
      { name: 'scale up to spec.replicas', dep: 6, newRS: 2, surge: 10, want: 6 },
    ];
    for (const c of cases) {
      const n = rs(c.newRS);
      assert.equal(newRSNewReplicas(deployment(c.dep, c.surge, 1), [rs(5), n], n), c.want, c.name);
    }
    const n = rs(1);
    assert.equal(newRSNewReplicas(deployment(3, 1, 1, 'Recreate'), [rs(5), n], n), 3);
    assert.throws(
      () => newRSNewReplicas(deployment(3, 1, 1, 'Canary'), [n], n),
      /deployment type Canary isn't supported/,
    );
  });
});

describe('replicaSetProportion', () => {
  it('shares out in proportion to max-replicas, capped by what is left', () => {
    const d = deployment(20, '25%', '25%');
    const big = rs(8, { 'deployment.kubernetes.io/max-replicas': '13' });
    assert.equal(replicaSetProportion(big, d, 14, 0), 7);
    assert.equal(replicaSetProportion(big, d, 14, 10), 4);
    assert.equal(replicaSetProportion(rs(0), d, 14, 0), 0);
    // Scaling to zero removes everything.
    assert.equal(replicaSetProportion(big, deployment(0, 1, 1), -8, 0), -8);
    // Without the annotation the deployment's current size is the base.
    const d2: Deployment = { ...deployment(20, '25%', '25%'), status: { replicas: 10 } };
    assert.equal(replicaSetProportion(rs(5), d2, 15, 0), 8);
  });
});
