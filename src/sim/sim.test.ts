import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { LEASES, NODES, PODS } from '../client/resources.js';
import { FakeClient } from '../client/testing/fake-client.js';
import { ManualClock } from '../client/testing/manual-clock.js';
import { startSim } from './sim.js';

/** Lets pending promise chains (fake watches, writes) run; bounded. */
async function settle(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

function boundPod(name: string, node: string, annotations: Record<string, string> = {}): Pod {
  return {
    metadata: { name, namespace: 'default', annotations },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'app:1' }] },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

async function setup(opts: { podStartDelayMs?: number; honourGracePeriod?: boolean } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0));
  const client = new FakeClient({ clock });
  const ac = new AbortController();
  const sim = startSim({ client, nodes: 2, clock, ...opts }, ac.signal);
  await settle();
  await sim.ready;
  const phase = async (name: string) => (await client.resource(PODS).get('default', name)).status?.phase;
  return { clock, client, ac, sim, phase };
}

describe('startSim', () => {
  it('registers Ready nodes with leases and renews the leases every 10 s', async () => {
    const { clock, client, ac, sim } = await setup();
    const nodes = await client.resource(NODES).list('');
    assert.deepEqual(
      nodes.items.map((n) => n.metadata?.name),
      ['sim-node-0', 'sim-node-1'],
    );
    const ready = nodes.items[0]?.status?.conditions?.find((c) => c.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason], ['True', 'KubeletReady']);
    const before = (await client.resource(LEASES).get('kube-node-lease', 'sim-node-1')).spec?.renewTime;
    clock.advance(10_000);
    await settle();
    const after = (await client.resource(LEASES).get('kube-node-lease', 'sim-node-1')).spec?.renewTime;
    assert.notEqual(after, before);
    assert.ok(sim.stats().leaseRenewals >= 2);
    ac.abort();
    await sim.done;
  });

  it('reports node status every 5 minutes', async () => {
    const { clock, client, ac, sim } = await setup();
    const heartbeat = async () =>
      (await client.resource(NODES).get('', 'sim-node-0')).status?.conditions?.find((c) => c.type === 'Ready')
        ?.lastHeartbeatTime;
    const first = await heartbeat();
    clock.advance(299_000);
    await settle();
    assert.equal(await heartbeat(), first);
    clock.advance(1000);
    await settle();
    assert.notEqual(await heartbeat(), first);
    assert.equal(sim.stats().statusReports, 1);
    ac.abort();
    await sim.done;
  });

  it('starts a bound pod only after the configured delay', async () => {
    const { clock, client, ac, sim, phase } = await setup({ podStartDelayMs: 3000 });
    await client.resource(PODS).create('default', boundPod('p', 'sim-node-0'));
    await client.resource(PODS).create('default', boundPod('elsewhere', 'real-node'));
    await settle();
    assert.equal(await phase('p'), 'Pending');
    clock.advance(2999);
    await settle();
    assert.equal(await phase('p'), 'Pending');
    clock.advance(1);
    await settle();
    assert.equal(await phase('p'), 'Running');
    assert.equal(await phase('elsewhere'), 'Pending');
    const p = await client.resource(PODS).get('default', 'p');
    assert.equal(p.status?.podIP, '10.128.0.2', 'fallback range without a pod CIDR');
    assert.equal(p.status?.hostIP, '10.254.0.1');
    assert.equal(sim.stats().podsStarted, 1);
    ac.abort();
    await sim.done;
  });

  it('uses the node pod CIDR once assigned', async () => {
    const { clock, client, ac, sim } = await setup();
    await client.resource(NODES).patch('', 'sim-node-1', 'merge', { spec: { podCIDR: '10.244.7.0/24' } });
    await settle();
    await client.resource(PODS).create('default', boundPod('q', 'sim-node-1'));
    await settle();
    clock.advance(0);
    await settle();
    assert.equal((await client.resource(PODS).get('default', 'q')).status?.podIP, '10.244.7.2');
    ac.abort();
    await sim.done;
  });

  it('completes and fails pods when their annotations say', async () => {
    const { clock, client, ac, sim, phase } = await setup();
    await client
      .resource(PODS)
      .create('default', boundPod('ok', 'sim-node-0', { 'sim.kite.dev/complete-after': '5s' }));
    await client
      .resource(PODS)
      .create(
        'default',
        boundPod('bad', 'sim-node-1', { 'sim.kite.dev/fail-after': '8s', 'sim.kite.dev/exit-code': '2' }),
      );
    await settle();
    clock.advance(0);
    await settle();
    assert.equal(await phase('ok'), 'Running');
    clock.advance(5000);
    await settle();
    assert.equal(await phase('ok'), 'Succeeded');
    assert.equal(await phase('bad'), 'Running');
    clock.advance(3000);
    await settle();
    assert.equal(await phase('bad'), 'Failed');
    assert.deepEqual([sim.stats().podsSucceeded, sim.stats().podsFailed, sim.stats().podsTracked], [1, 1, 0]);
    ac.abort();
    await sim.done;
  });

  it('removes a pod marked for deletion with grace period 0 and a uid precondition', async () => {
    const { clock, client, ac, sim } = await setup({ honourGracePeriod: true });
    await client.resource(PODS).create('default', boundPod('d', 'sim-node-0'));
    await settle();
    // A finalizer keeps the pod, marked with a deletionTimestamp, as the server would while graceful.
    await client.resource(PODS).patch('default', 'd', 'merge', { metadata: { finalizers: ['x/hold'] } });
    await client.resource(PODS).delete('default', 'd');
    await settle();
    const marked = await client.resource(PODS).get('default', 'd');
    assert.ok(marked.metadata?.deletionTimestamp !== undefined);
    client.clearActions();
    clock.advance(Date.parse(marked.metadata!.deletionTimestamp!) - clock.now());
    await settle();
    const del = client.actions().find((a) => a.verb === 'delete' && a.resource === 'pods');
    assert.deepEqual(del?.options, { gracePeriodSeconds: 0, preconditions: { uid: marked.metadata?.uid } });
    assert.equal(sim.stats().podsDeleted, 1);
    ac.abort();
    await sim.done;
  });
});
