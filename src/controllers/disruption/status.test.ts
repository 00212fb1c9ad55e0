import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Condition } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import {
  buildDisruptedPodMap,
  conditionsAreUpToDate,
  countHealthyPods,
  goLabelSelectorString,
  setStatusCondition,
  staleDisruptionCondition,
  updateDisruptionAllowedCondition,
} from './status.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(name: string, ready = true, deleting = false): Pod {
  return {
    metadata: { name, ...(deleting ? { deletionTimestamp: at(T0) } : {}) },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

describe('disruption status helpers', () => {
  it('keeps only fresh disruptedPods entries of live pods and reports the earliest expiry', () => {
    const pdb: PodDisruptionBudget = {
      status: {
        currentHealthy: 0,
        desiredHealthy: 0,
        disruptionsAllowed: 0,
        expectedPods: 0,
        disruptedPods: {
          a: at(T0 - 30_000),
          b: at(T0 - 60_000),
          old: at(T0 - 180_000),
          gone: at(T0),
          del: at(T0),
        },
      },
    };
    const pods = [pod('a'), pod('b'), pod('old'), pod('del', true, true), pod('c')];
    const got = buildDisruptedPodMap(pods, pdb, T0);
    assert.deepEqual(got.pods, { a: at(T0 - 30_000), b: at(T0 - 60_000) });
    assert.equal(got.recheckAt, T0 + 60_000);
    assert.deepEqual(
      got.expired.map((p) => p.metadata?.name),
      ['old'],
    );
    // Ready, not deleting, not freshly disrupted: c and old.
    assert.equal(countHealthyPods(pods, { ...got.pods, old: at(T0 - 180_000) }, T0), 2);
  });

  it('sets conditions as meta.SetStatusCondition: the transition time moves only with the status', () => {
    const conds: Condition[] = [];
    const base = { type: 'X', status: 'True', reason: 'R', message: '', lastTransitionTime: '' };
    assert.equal(setStatusCondition(conds, base, T0), true);
    assert.equal(conds[0]?.lastTransitionTime, at(T0));
    assert.equal(setStatusCondition(conds, { ...base, reason: 'S' }, T0 + 5000), true);
    assert.equal(conds[0]?.lastTransitionTime, at(T0));
    assert.equal(setStatusCondition(conds, { ...base, reason: 'S' }, T0 + 5000), false);
    assert.equal(setStatusCondition(conds, { ...base, status: 'False', reason: 'S' }, T0 + 9000), true);
    assert.equal(conds[0]?.lastTransitionTime, at(T0 + 9000));
  });

  it('keeps DisruptionAllowed in step with disruptionsAllowed', () => {
    const pdb: PodDisruptionBudget = {
      metadata: { generation: 2 },
      status: {
        currentHealthy: 2,
        desiredHealthy: 1,
        disruptionsAllowed: 1,
        expectedPods: 2,
        observedGeneration: 2,
      },
    };
    assert.equal(conditionsAreUpToDate(pdb), false);
    updateDisruptionAllowedCondition(pdb, T0);
    assert.deepEqual(pdb.status?.conditions, [
      {
        type: 'DisruptionAllowed',
        status: 'True',
        reason: 'SufficientPods',
        message: '',
        observedGeneration: 2,
        lastTransitionTime: at(T0),
      },
    ]);
    assert.equal(conditionsAreUpToDate(pdb), true);
    if (pdb.status) pdb.status.disruptionsAllowed = 0;
    assert.equal(conditionsAreUpToDate(pdb), false);
  });

  it('prints selectors as Go does', () => {
    assert.equal(
      goLabelSelectorString({
        matchLabels: { b: '2', a: '1' },
        matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'y'] }],
      }),
      '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[x y],},},}',
    );
    assert.equal(goLabelSelectorString(undefined), 'nil');
  });

  it('finds stale DisruptionTarget conditions only where upstream does', () => {
    const p = (reason: string, phase = 'Running', deleting = false): Pod => ({
      metadata: { name: 'p', ...(deleting ? { deletionTimestamp: at(T0) } : {}) },
      status: {
        phase,
        conditions: [{ type: 'DisruptionTarget', status: 'True', reason, lastTransitionTime: at(T0) }],
      },
    });
    assert.deepEqual(staleDisruptionCondition(p('EvictionByEvictionAPI'), T0 + 30_000), {
      has: true,
      waitMs: 90_000,
    });
    assert.deepEqual(staleDisruptionCondition(p('EvictionByEvictionAPI'), T0 + 300_000), {
      has: true,
      waitMs: 0,
    });
    assert.equal(staleDisruptionCondition(p('TerminationByKubelet'), T0 + 300_000).has, false);
    assert.equal(staleDisruptionCondition(p('X', 'Failed'), T0 + 300_000).has, false);
    assert.equal(staleDisruptionCondition(p('X', 'Running', true), T0 + 300_000).has, false);
  });
});
