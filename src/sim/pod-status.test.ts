import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podEnding, runningStatus, terminatedStatus } from './pod-status.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function pod(annotations?: Record<string, string>): Pod {
  return {
    metadata: {
      name: 'p',
      namespace: 'ns',
      uid: 'u1',
      ...(annotations === undefined ? {} : { annotations }),
    },
    spec: {
      nodeName: 'n0',
      initContainers: [{ name: 'init', image: 'busybox' }],
      containers: [
        { name: 'a', image: 'nginx:1' },
        { name: 'b', image: 'redis:7' },
      ],
    },
    status: {
      phase: 'Pending',
      qosClass: 'Burstable',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T11:00:00Z' }],
    },
  };
}

describe('podEnding', () => {
  const cases: [string, Record<string, string> | undefined, ReturnType<typeof podEnding>][] = [
    ['none', undefined, undefined],
    ['complete', { 'sim.kite.dev/complete-after': '5s' }, { afterMs: 5000, exitCode: 0 }],
    ['fail default code', { 'sim.kite.dev/fail-after': '1m' }, { afterMs: 60_000, exitCode: 1 }],
    [
      'fail with code',
      { 'sim.kite.dev/fail-after': '2s', 'sim.kite.dev/exit-code': '137' },
      { afterMs: 2000, exitCode: 137 },
    ],
    [
      'fail wins',
      { 'sim.kite.dev/fail-after': '2s', 'sim.kite.dev/complete-after': '1s' },
      { afterMs: 2000, exitCode: 1 },
    ],
    [
      'exit code 0 on failure becomes 1',
      { 'sim.kite.dev/fail-after': '0s', 'sim.kite.dev/exit-code': '0' },
      { afterMs: 0, exitCode: 1 },
    ],
    ['malformed', { 'sim.kite.dev/complete-after': 'soon' }, undefined],
  ];
  for (const [name, annotations, want] of cases) {
    it(name, () => assert.deepEqual(podEnding(pod(annotations)), want));
  }
});

describe('runningStatus', () => {
  const s = runningStatus(pod(), { hostIP: '10.254.0.1', podIP: '10.244.0.2' }, NOW);

  it('is Running with IPs and start time, keeping the QoS class', () => {
    assert.equal(s.phase, 'Running');
    assert.equal(s.qosClass, 'Burstable');
    assert.equal(s.hostIP, '10.254.0.1');
    assert.deepEqual(s.podIPs, [{ ip: '10.244.0.2' }]);
    assert.deepEqual(s.hostIPs, [{ ip: '10.254.0.1' }]);
    assert.equal(s.startTime, '2026-01-01T12:00:00Z');
  });

  it('reports the kubelet conditions in its order and keeps PodScheduled', () => {
    assert.deepEqual(
      s.conditions?.map((c) => [c.type, c.status]),
      [
        ['PodReadyToStartContainers', 'True'],
        ['Initialized', 'True'],
        ['Ready', 'True'],
        ['ContainersReady', 'True'],
        ['PodScheduled', 'True'],
      ],
    );
    assert.equal(s.conditions?.[4]?.lastTransitionTime, '2026-01-01T11:00:00Z');
  });

  it('reports every container running and ready, init containers completed', () => {
    assert.deepEqual(
      s.containerStatuses?.map((c) => [c.name, c.image, c.ready, c.started, c.restartCount]),
      [
        ['a', 'nginx:1', true, true, 0],
        ['b', 'redis:7', true, true, 0],
      ],
    );
    assert.equal(s.containerStatuses?.[0]?.containerID, 'sim://u1/a');
    assert.equal(s.containerStatuses?.[0]?.state?.running?.startedAt, '2026-01-01T12:00:00Z');
    assert.equal(s.initContainerStatuses?.[0]?.state?.terminated?.reason, 'Completed');
  });
});

describe('terminatedStatus', () => {
  const running: Pod = {
    ...pod(),
    status: runningStatus(pod(), { hostIP: '10.254.0.1', podIP: '10.244.0.2' }, NOW),
  };

  it('succeeds for exit code 0', () => {
    const s = terminatedStatus(running, { hostIP: '10.254.0.1', podIP: '10.244.0.2' }, 0, NOW + 5000);
    assert.equal(s.phase, 'Succeeded');
    const t = s.containerStatuses?.[0]?.state?.terminated;
    assert.equal(t?.reason, 'Completed');
    assert.equal(t?.startedAt, '2026-01-01T12:00:00Z');
    assert.equal(t?.finishedAt, '2026-01-01T12:00:05Z');
    const ready = s.conditions?.find((c) => c.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason], ['False', 'PodCompleted']);
  });

  it('fails for a non-zero exit code', () => {
    const s = terminatedStatus(running, { hostIP: '10.254.0.1', podIP: '10.244.0.2' }, 2, NOW + 5000);
    assert.equal(s.phase, 'Failed');
    assert.deepEqual(
      [
        s.containerStatuses?.[1]?.state?.terminated?.exitCode,
        s.containerStatuses?.[1]?.state?.terminated?.reason,
      ],
      [2, 'Error'],
    );
    assert.equal(s.containerStatuses?.[1]?.ready, false);
  });
});
