import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  filterActivePods,
  filterTerminatingPods,
  findMinNextPodAvailabilityCheck,
  isPodActive,
  isPodAvailable,
  isPodReady,
  isPodTerminating,
  nextPodAvailabilityCheck,
  podKey,
} from './pods.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(
  opts: { ready?: 'True' | 'False'; since?: number; phase?: string; deleting?: boolean } = {},
): Pod {
  const p: Pod = { metadata: { namespace: 'ns', name: 'p' }, status: {} };
  if (opts.phase !== undefined) p.status!.phase = opts.phase;
  if (opts.ready !== undefined)
    p.status!.conditions = [
      {
        type: 'Ready',
        status: opts.ready,
        lastTransitionTime: opts.since === undefined ? undefined : iso(opts.since),
      },
    ] as NonNullable<Pod['status']>['conditions'];
  if (opts.deleting) p.metadata = { ...p.metadata, deletionTimestamp: iso(NOW) };
  return p;
}

describe('pod readiness and availability', () => {
  const cases: {
    name: string;
    pod: Pod;
    minReady: number;
    ready: boolean;
    available: boolean;
    next?: number;
  }[] = [
    { name: 'no conditions', pod: pod(), minReady: 0, ready: false, available: false },
    {
      name: 'not ready',
      pod: pod({ ready: 'False', since: NOW }),
      minReady: 0,
      ready: false,
      available: false,
    },
    {
      name: 'ready, minReadySeconds 0',
      pod: pod({ ready: 'True', since: NOW }),
      minReady: 0,
      ready: true,
      available: true,
    },
    {
      name: 'ready 5s of 10s',
      pod: pod({ ready: 'True', since: NOW - 5000 }),
      minReady: 10,
      ready: true,
      available: false,
      next: 5000,
    },
    {
      name: 'ready exactly 10s of 10s (strictly before required)',
      pod: pod({ ready: 'True', since: NOW - 10_000 }),
      minReady: 10,
      ready: true,
      available: false,
    },
    {
      name: 'ready 11s of 10s',
      pod: pod({ ready: 'True', since: NOW - 11_000 }),
      minReady: 10,
      ready: true,
      available: true,
    },
    { name: 'ready without time', pod: pod({ ready: 'True' }), minReady: 10, ready: true, available: false },
  ];
  for (const c of cases)
    it(c.name, () => {
      assert.equal(isPodReady(c.pod), c.ready);
      assert.equal(isPodAvailable(c.pod, c.minReady, NOW), c.available);
      assert.equal(nextPodAvailabilityCheck(c.pod, c.minReady, NOW), c.next);
    });

  it('finds the earliest availability check', () => {
    const pods = [
      pod({ ready: 'True', since: NOW - 2000 }),
      pod({ ready: 'True', since: NOW - 8000 }),
      pod(),
    ];
    assert.equal(findMinNextPodAvailabilityCheck(pods, 10, NOW), 2000);
    assert.equal(findMinNextPodAvailabilityCheck(pods, 0, NOW), undefined);
  });
});

describe('active and terminating pods', () => {
  const cases: { name: string; pod: Pod; active: boolean; terminating: boolean }[] = [
    { name: 'pending', pod: pod({ phase: 'Pending' }), active: true, terminating: false },
    { name: 'running', pod: pod({ phase: 'Running' }), active: true, terminating: false },
    { name: 'no phase', pod: pod(), active: true, terminating: false },
    { name: 'succeeded', pod: pod({ phase: 'Succeeded' }), active: false, terminating: false },
    { name: 'failed', pod: pod({ phase: 'Failed' }), active: false, terminating: false },
    {
      name: 'running, deleting',
      pod: pod({ phase: 'Running', deleting: true }),
      active: false,
      terminating: true,
    },
    {
      name: 'failed, deleting',
      pod: pod({ phase: 'Failed', deleting: true }),
      active: false,
      terminating: false,
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      assert.equal(isPodActive(c.pod), c.active);
      assert.equal(isPodTerminating(c.pod), c.terminating);
      assert.equal(filterActivePods([c.pod]).length, c.active ? 1 : 0);
      assert.equal(filterTerminatingPods([c.pod]).length, c.terminating ? 1 : 0);
    });

  it('keys pods by namespace/name', () => {
    assert.equal(podKey(pod()), 'ns/p');
  });
});
