import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ManualClock } from '../../client/testing/manual-clock.js';
import { Status } from '../framework/status.js';
import type { ClusterEventWithHint, PreEnqueuePlugin, QueuedPodInfo } from '../framework/types.js';
import { SchedulerCache } from '../cache/cache.js';
import type { CacheEventsPort, CachePort, QueueEventsPort, QueuePort } from '../schedule-one/ports.js';
import { KeyedHeap } from './heap.js';
import { PriorityQueue, type QueuedPod } from './priority-queue.js';

function pod(name: string, priority = 0, extra: Record<string, unknown> = {}): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}` },
    spec: { priority, containers: [{ name: 'c' }], ...extra },
  };
}

// Upstream's PrioritySort: higher priority first, then earlier timestamp.
function less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = a.podInfo.pod.spec?.priority ?? 0;
  const pb = b.podInfo.pod.spec?.priority ?? 0;
  return pa > pb || (pa === pb && a.timestamp < b.timestamp);
}

const gates: PreEnqueuePlugin = {
  name: 'SchedulingGates',
  preEnqueue: (p) =>
    (p.spec?.schedulingGates ?? []).length > 0
      ? Status.unresolvable(
          `waiting for scheduling gates: ${p.spec?.schedulingGates?.map((g) => g.name).join(',')}`,
        )
      : undefined,
};

function newQueue(clock: ManualClock, events: Record<string, ClusterEventWithHint[]> = {}) {
  return new PriorityQueue({
    clock,
    less,
    preEnqueuePlugins: [gates],
    pluginEvents: new Map(Object.entries(events)),
  });
}

async function popOne(q: PriorityQueue): Promise<QueuedPod> {
  const qp = await q.pop();
  assert.ok(qp, 'queue returned a pod');
  return qp;
}

async function failWith(q: PriorityQueue, plugins: string[]): Promise<QueuedPodInfo> {
  const qp = await popOne(q);
  qp.unschedulablePlugins = new Set(plugins);
  q.addUnschedulableIfNotPresent(qp);
  return qp;
}

describe('PriorityQueue', () => {
  it('pops by priority then age', async () => {
    const clock = new ManualClock();
    const q = newQueue(clock);
    q.add(pod('low', 1));
    clock.advance(1);
    q.add(pod('high', 10));
    clock.advance(1);
    q.add(pod('low2', 1));
    const names = [];
    for (let i = 0; i < 3; i++) names.push((await popOne(q)).podInfo.pod.metadata?.name);
    assert.deepEqual(names, ['high', 'low', 'low2']);
    q.close();
  });

  it('pop waits for a pod and ends with undefined on close or abort', async () => {
    const q = newQueue(new ManualClock());
    const p = q.pop();
    q.add(pod('a'));
    const got = await p;
    assert.equal(got?.podInfo.pod.metadata?.name, 'a');
    assert.equal(got?.attempts, 1);
    assert.equal(q.schedulingCycle(), 1);
    const ac = new AbortController();
    const p2 = q.pop(ac.signal);
    ac.abort();
    assert.equal(await p2, undefined);
    const p3 = q.pop();
    q.close();
    assert.equal(await p3, undefined);
    assert.equal(await q.pop(), undefined);
  });

  const backoffCases = [
    { attempts: 1, ms: 1000 },
    { attempts: 2, ms: 2000 },
    { attempts: 3, ms: 4000 },
    { attempts: 4, ms: 8000 },
    { attempts: 5, ms: 10000 },
    { attempts: 20, ms: 10000 },
  ];
  for (const tc of backoffCases) {
    it(`backoff after ${tc.attempts} attempts is ${tc.ms} ms`, () => {
      const q = newQueue(new ManualClock());
      const qp = { attempts: tc.attempts, timestamp: 0 } as QueuedPodInfo;
      assert.equal(q.backoffDuration(qp), tc.ms);
      q.close();
    });
  }

  it('an error (no rejecting plugin) sends the pod to backoffQ; the timer moves it to activeQ', async () => {
    const clock = new ManualClock();
    const q = newQueue(clock);
    q.add(pod('a'));
    await failWith(q, []);
    assert.equal(q.where(pod('a')), 'backoff');
    // Expiry t0+1s lies in window [1s, 2s): the pod leaves when the clock reaches the next window.
    clock.advance(1999);
    assert.equal(q.where(pod('a')), 'backoff');
    clock.advance(1);
    assert.equal(q.where(pod('a')), 'active');
    const again = await failWith(q, []);
    assert.equal(again.attempts, 2);
    clock.advance(2999);
    assert.equal(q.where(pod('a')), 'backoff');
    clock.advance(1);
    assert.equal(q.where(pod('a')), 'active');
    q.close();
  });

  it('cluster events requeue only pods whose rejecting plugin registered them, per hint', async () => {
    const clock = new ManualClock();
    const q = newQueue(clock, {
      NodeResourcesFit: [{ event: { resource: 'Node', action: 'Add' } }],
      TaintToleration: [
        {
          event: { resource: 'Node', action: 'UpdateNodeTaint' },
          hint: (_p, _o, n) => ((n as { ok?: boolean }).ok ? 'Queue' : 'QueueSkip'),
        },
      ],
    });
    q.add(pod('fit'));
    q.add(pod('taint'));
    await failWith(q, ['NodeResourcesFit']);
    await failWith(q, ['TaintToleration']);
    assert.equal(q.where(pod('fit')), 'unschedulable');
    q.moveAllToActiveOrBackoffQueue({ resource: 'Pod', action: 'Delete' }, undefined, {});
    assert.equal(q.lengths().unschedulable, 2);
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Update' }, {}, { ok: false });
    assert.equal(q.where(pod('taint')), 'unschedulable', 'hint said QueueSkip');
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'UpdateNodeTaint' }, {}, { ok: true });
    assert.equal(q.where(pod('taint')), 'backoff', 'still backing off');
    clock.advance(2000);
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Add' }, undefined, {});
    assert.equal(q.where(pod('fit')), 'active', 'backoff already over');
    q.close();
  });

  it('unschedulable pods are flushed after 5 minutes', async () => {
    const clock = new ManualClock();
    const q = newQueue(clock);
    q.add(pod('a'));
    await failWith(q, ['NodeAffinity']);
    clock.advance(5 * 60_000 - 1);
    assert.equal(q.where(pod('a')), 'unschedulable');
    clock.advance(1);
    assert.equal(q.where(pod('a')), 'active');
    q.close();
  });

  it('events during the cycle are replayed for a pod that comes back unschedulable', async () => {
    const clock = new ManualClock();
    const q = newQueue(clock, { NodeResourcesFit: [{ event: { resource: 'Node', action: 'Add' } }] });
    q.add(pod('a'));
    q.add(pod('b'));
    const a = await popOne(q);
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Add' }, undefined, {});
    const b = await popOne(q);
    a.unschedulablePlugins = new Set(['NodeResourcesFit']);
    b.unschedulablePlugins = new Set(['NodeResourcesFit']);
    q.addUnschedulableIfNotPresent(a);
    q.addUnschedulableIfNotPresent(b);
    assert.equal(q.where(pod('a')), 'backoff', 'a saw the node add while in flight');
    assert.equal(q.where(pod('b')), 'unschedulable', 'b was popped after the event');
    assert.equal(q.lengths().inFlight, 0);
    q.close();
  });

  it('scheduling gates keep pods out of activeQ until removed; events do not move them', async () => {
    const clock = new ManualClock();
    const q = newQueue(clock);
    const gated = pod('g', 0, { schedulingGates: [{ name: 'x' }] });
    q.add(gated);
    assert.equal(q.where(gated), 'gated');
    q.moveAllToActiveOrBackoffQueue({ resource: '*', action: 'All' }, undefined, undefined);
    assert.equal(q.where(gated), 'gated');
    clock.advance(10 * 60_000);
    assert.equal(q.where(gated), 'gated');
    q.update(gated, pod('g'));
    assert.equal(q.where(gated), 'active');
    q.close();
  });

  it('activate moves pods straight to activeQ; delete removes them', async () => {
    const clock = new ManualClock();
    const q = newQueue(clock);
    q.add(pod('a'));
    await failWith(q, ['X']);
    q.activate([pod('a')]);
    assert.equal(q.where(pod('a')), 'active');
    q.delete(pod('a'));
    assert.equal(q.where(pod('a')), undefined);
    q.close();
  });

  it('tracks nominated pods', () => {
    const q = newQueue(new ManualClock());
    const p = { ...pod('a'), status: { nominatedNodeName: 'n1' } };
    q.add(p);
    assert.equal(q.nominator.nominatedPodsForNode('n1').length, 1);
    q.update(p, pod('a'));
    assert.equal(q.nominator.nominatedPodsForNode('n1').length, 0);
    q.addNominatedPod(q.pendingPods()[0] ?? assert.fail('pending'), { mode: 'override', nodeName: 'n2' });
    assert.equal(q.nominatedPodsForNode('n2').length, 1);
    q.addNominatedPod(q.pendingPods()[0] ?? assert.fail('pending'), { mode: 'override', nodeName: '' });
    assert.equal(q.nominatedPodsForNode('n2').length, 0);
    q.delete(pod('a'));
    q.close();
  });
});

describe('KeyedHeap', () => {
  it('orders, updates and deletes by key', () => {
    const h = new KeyedHeap<number>((a, b) => a < b);
    for (const [k, v] of [
      ['a', 5],
      ['b', 3],
      ['c', 8],
      ['d', 1],
    ] as const)
      h.set(k, v);
    h.set('c', 0);
    h.delete('d');
    const out = [];
    for (let x = h.pop(); x !== undefined; x = h.pop()) out.push(x);
    assert.deepEqual(out, [0, 3, 5]);
  });
});

describe('popping from backoffQ', () => {
  it('an empty activeQ yields the next rejected pod still backing off, but not errored ones', async () => {
    const clock = new ManualClock();
    const q = newQueue(clock, { NodeResourcesFit: [{ event: { resource: 'Node', action: 'Add' } }] });
    q.add(pod('rejected'));
    q.add(pod('errored', -1));
    await failWith(q, ['NodeResourcesFit']);
    await failWith(q, []);
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Add' }, undefined, {});
    assert.equal(q.where(pod('rejected')), 'backoff');
    const next = await popOne(q);
    assert.equal(next.podInfo.pod.metadata?.name, 'rejected');
    const ac = new AbortController();
    const waiting = q.pop(ac.signal);
    ac.abort();
    assert.equal(await waiting, undefined, 'errored pod is not popped during its backoff');
    q.close();
  });
});

describe('ports', () => {
  it('the queue and cache satisfy the scheduling cycle ports', () => {
    const clock = new ManualClock();
    const q: QueuePort & QueueEventsPort = newQueue(clock);
    const c: CachePort & CacheEventsPort = new SchedulerCache({ clock });
    q.run();
    c.updateSnapshot();
    q.close();
  });
});
