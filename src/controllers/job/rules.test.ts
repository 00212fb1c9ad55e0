import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { BackoffStore, remainingBackoff } from './backoff.js';
import { OrderedIntervals } from './intervals.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { podGenerateNameWithIndex } from './rules.js';
import { matchSuccessPolicy } from './success-policy.js';

function failedPod(name: string, exitCode: number, finishedAt: string, conditions: Pod['status'] = {}): Pod {
  return {
    metadata: { name, namespace: 'ns' },
    status: {
      phase: 'Failed',
      ...conditions,
      containerStatuses: [
        {
          name: 'main',
          image: 'x',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode, finishedAt } },
        },
      ],
    },
  };
}

describe('OrderedIntervals', () => {
  const cases: [string, string, number, string, number][] = [
    ['compresses runs of three or more', '0,1,2,4,5,7', 10, '0-2,4,5,7', 6],
    ['merges touching ranges', '0-2,3-4', 10, '0-4', 5],
    ['cuts at completions', '1,3-9', 5, '1,3,4', 3],
    ['stops at a range starting past completions', '1,8,2', 5, '1', 1],
    ['skips garbage', 'x,2,3-y', 5, '2', 1],
    ['empty', '', 5, '', 0],
  ];
  for (const [name, text, completions, want, total] of cases) {
    it(name, () => {
      const iv = OrderedIntervals.parse(text, completions);
      assert.equal(iv.toString(), want);
      assert.equal(iv.total(), total);
    });
  }
  it('adds indexes and answers membership', () => {
    const iv = OrderedIntervals.parse('1,5-7', 100).withIndexes([0, 2, 8, 20]);
    assert.equal(iv.toString(), '0-2,5-8,20');
    assert.ok(iv.has(6) && iv.has(20) && iv.has(0));
    assert.ok(!iv.has(3) && !iv.has(9) && !iv.has(21));
  });
});

describe('pod failure backoff', () => {
  it('doubles from 10 s and stops at 10 minutes', () => {
    const now = 1_000_000_000;
    assert.equal(remainingBackoff(now, 0, now), 0);
    assert.equal(remainingBackoff(now, 1, now), 10_000);
    assert.equal(remainingBackoff(now, 2, now), 20_000);
    assert.equal(remainingBackoff(now, 3, now - 5_000), 35_000);
    assert.equal(remainingBackoff(now, 7, now), 600_000);
    assert.equal(remainingBackoff(now, 50, now), 600_000);
    assert.equal(remainingBackoff(now, 1, now - 11_000), 0);
  });

  it('counts failures since the last success', () => {
    const store = new BackoffStore();
    const f1 = failedPod('a', 1, '2026-01-01T00:00:10Z');
    const f2 = failedPod('b', 1, '2026-01-01T00:00:30Z');
    let r = store.newRecord('k', [], [f1, f2]);
    assert.equal(r.failuresAfterLastSuccess, 2);
    assert.equal(r.lastFailureTime, Date.parse('2026-01-01T00:00:30Z'));
    store.update(r);
    const ok: Pod = {
      metadata: { name: 's' },
      status: {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'main',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, finishedAt: '2026-01-01T00:00:40Z' } },
          },
        ],
      },
    };
    const f3 = failedPod('c', 1, '2026-01-01T00:00:50Z');
    r = store.newRecord('k', [ok], [f3]);
    assert.equal(r.failuresAfterLastSuccess, 1, 'only the failure after the success counts');
  });
});

describe('matchPodFailurePolicy', () => {
  const policy = {
    rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [1, 2] } },
    ],
  };
  it('ignores disruptions', () => {
    const p = failedPod('p', 42, '2026-01-01T00:00:00Z', {
      conditions: [{ type: 'DisruptionTarget', status: 'True' }],
    });
    assert.deepEqual(matchPodFailurePolicy(policy, p), { countFailed: false, action: 'Ignore' });
  });
  it('fails the Job with the upstream message', () => {
    assert.deepEqual(matchPodFailurePolicy(policy, failedPod('p', 42, '2026-01-01T00:00:00Z')), {
      failJobMessage: 'Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1',
      countFailed: true,
      action: 'FailJob',
    });
  });
  it('counts by NotIn and falls through to counting', () => {
    assert.deepEqual(matchPodFailurePolicy(policy, failedPod('p', 3, '2026-01-01T00:00:00Z')), {
      countFailed: true,
      action: 'Count',
    });
    assert.deepEqual(matchPodFailurePolicy(policy, failedPod('p', 1, '2026-01-01T00:00:00Z')), {
      countFailed: true,
    });
    assert.deepEqual(matchPodFailurePolicy(undefined, failedPod('p', 1, '2026-01-01T00:00:00Z')), {
      countFailed: true,
    });
  });
});

describe('matchSuccessPolicy', () => {
  const succeeded = OrderedIntervals.parse('0,2-4', 10);
  const cases: [string, { succeededIndexes?: string; succeededCount?: number }[], string | undefined][] = [
    ['all listed indexes succeeded', [{ succeededIndexes: '2-3' }], 'Matched rules at index 0'],
    ['a listed index is missing', [{ succeededIndexes: '0-2' }], undefined],
    [
      'enough of the listed indexes',
      [{ succeededIndexes: '0-2', succeededCount: 2 }],
      'Matched rules at index 0',
    ],
    ['count overall', [{ succeededIndexes: '9' }, { succeededCount: 4 }], 'Matched rules at index 1'],
    ['count not reached', [{ succeededCount: 5 }], undefined],
  ];
  for (const [name, rules, want] of cases) {
    it(name, () => assert.equal(matchSuccessPolicy({ rules }, 10, succeeded), want));
  }
});

describe('podGenerateNameWithIndex', () => {
  it('appends the index and cuts long names', () => {
    assert.equal(podGenerateNameWithIndex('job', 3), 'job-3-');
    const long = 'x'.repeat(70);
    const got = podGenerateNameWithIndex(long, 12);
    assert.equal(got.length, 58);
    assert.ok(got.endsWith('-12-'));
  });
});
