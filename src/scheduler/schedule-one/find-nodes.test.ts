import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Status } from '../framework/status.js';
import { FitError, newDiagnosis, numFeasibleNodesToFind, selectHost } from './find-nodes.js';

describe('numFeasibleNodesToFind', () => {
  const cases: [number | undefined, number, number][] = [
    [undefined, 10, 10],
    [undefined, 99, 99],
    [undefined, 1000, 420],
    [undefined, 5000, 500],
    [undefined, 6000, 300],
    [10, 1000, 100],
    [40, 1000, 400],
    [100, 5000, 5000],
  ];
  for (const [p, n, want] of cases)
    it(`${p}% of ${n}`, () => assert.equal(numFeasibleNodesToFind(p, n), want));
});

describe('selectHost', () => {
  it('picks the best and samples ties', () => {
    const scores = [
      { name: 'a', scores: [], totalScore: 1 },
      { name: 'b', scores: [], totalScore: 5 },
      { name: 'c', scores: [], totalScore: 5 },
    ];
    assert.equal(
      selectHost(scores, () => 0.99),
      'b',
    );
    assert.equal(
      selectHost(scores, () => 0),
      'c',
    );
    assert.throws(() => selectHost([]));
  });
});

describe('FitError', () => {
  it('counts reasons sorted, absent nodes included', () => {
    const d = newDiagnosis();
    d.nodeToStatus.set('n1', Status.unschedulable('Insufficient cpu', 'Insufficient memory'));
    d.nodeToStatus.set('n2', Status.unschedulable('Insufficient cpu'));
    d.absentNodesStatus = Status.unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]");
    const e = new FitError({}, 3, d);
    assert.equal(
      e.message,
      "0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't satisfy plugin(s) [NodeAffinity], 2 Insufficient cpu.",
    );
    d.postFilterMsg = 'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    assert.match(
      e.message,
      /2 Insufficient cpu\. preemption: 0\/3 nodes are available: 3 No preemption victims found for incoming pod\.$/,
    );
  });
  it('uses the PreFilter message alone', () => {
    const d = newDiagnosis();
    d.preFilterMsg = 'pod has unbound immediate PersistentVolumeClaims';
    d.nodeToStatus.set('n1', Status.unschedulable('x'));
    assert.equal(
      new FitError({}, 2, d).message,
      '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
    );
  });
});
