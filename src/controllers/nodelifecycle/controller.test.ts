import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { LEASES, NODES, PODS } from '../../client/resources.js';
import { addObjects, newTestContext, refreshCache, settle, type TestContext } from '../testing.js';
import { NodeLifecycleController } from './controller.js';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function node(
  name: string,
  ready: string,
  at: number,
  opts: { zone?: string; unschedulable?: boolean } = {},
): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      creationTimestamp: iso(at - 3_600_000),
      ...(opts.zone === undefined ? {} : { labels: { 'topology.kubernetes.io/zone': opts.zone } }),
    },
    spec: opts.unschedulable === true ? { unschedulable: true } : {},
    status: {
      conditions: [
        { type: 'Ready', status: ready, lastHeartbeatTime: iso(at), lastTransitionTime: iso(at - 60_000) },
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: iso(at), lastTransitionTime: iso(at) },
      ],
    },
  };
}

const lease = (name: string, at: number): Lease => ({
  metadata: { name, namespace: 'kube-node-lease' },
  spec: {
    holderIdentity: name,
    leaseDurationSeconds: 40,
    renewTime: new Date(at).toISOString().replace('Z', '000Z'),
  },
});

const pod = (name: string, nodeName: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName, containers: [{ name: 'c', image: 'i' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});

async function get(t: TestContext, name: string): Promise<Node> {
  return t.client.resource(NODES).get('', name);
}

// Syncs every node until caches agree with the fake client (as informer events would).
async function syncAll(t: TestContext, c: NodeLifecycleController, names: string[]): Promise<void> {
  for (let round = 0; round < 3; round++) {
    refreshCache(t, NODES);
    for (const n of names) await c.sync(n);
    await settle();
  }
  refreshCache(t, NODES);
}

describe('NodeLifecycleController', () => {
  it('marks a silent node Unknown after the grace period, with its pods not ready', async () => {
    const t = newTestContext();
    const start = t.clock.now();
    addObjects(t, NODES, [node('a', 'True', start), node('b', 'True', start)]);
    addObjects(t, PODS, [pod('p', 'a')]);
    const c = new NodeLifecycleController(t.ctx);
    await c.sync('a');
    await c.sync('b');
    assert.equal(t.client.actions().filter((x) => x.verb === 'update').length, 0);
    t.clock.advance(39_000);
    await c.sync('a');
    assert.equal((await get(t, 'a')).status?.conditions?.[0]?.status, 'True');
    t.clock.advance(2_000);
    await c.sync('a');
    const a = await get(t, 'a');
    const conds = Object.fromEntries((a.status?.conditions ?? []).map((x) => [x.type, x]));
    assert.equal(conds['Ready']?.status, 'Unknown');
    assert.equal(conds['Ready']?.reason, 'NodeStatusUnknown');
    assert.equal(conds['Ready']?.message, 'Kubelet stopped posting node status.');
    assert.equal(conds['MemoryPressure']?.status, 'Unknown');
    assert.equal(conds['DiskPressure']?.reason, 'NodeStatusNeverUpdated');
    assert.equal(conds['PIDPressure']?.message, 'Kubelet never posted node status.');
    const p = await t.client.resource(PODS).get('default', 'p');
    assert.equal(p.status?.conditions?.find((x) => x.type === 'Ready')?.status, 'False');
    assert.deepEqual(
      t.events.events.map((e) => [e.reason, e.message]),
      [
        ['NodeNotReady', 'Node a status is now: NodeNotReady'],
        ['NodeNotReady', 'Node is not ready'],
      ],
    );
  });

  it('a renewed lease keeps a node healthy without status heartbeats', async () => {
    const t = newTestContext();
    const start = t.clock.now();
    addObjects(t, NODES, [node('a', 'True', start)]);
    addObjects(t, LEASES, [lease('a', start)]);
    const c = new NodeLifecycleController(t.ctx);
    await c.sync('a');
    for (let i = 0; i < 10; i++) {
      t.clock.advance(10_000);
      t.informers.informerFor(LEASES).indexer.update(lease('a', t.clock.now()));
      await c.sync('a');
    }
    assert.equal((await get(t, 'a')).status?.conditions?.[0]?.status, 'True');
  });

  it('taints by condition: NoSchedule at once, NoExecute through the zone queue', async () => {
    const t = newTestContext();
    const start = t.clock.now();
    addObjects(t, NODES, [node('a', 'False', start), node('b', 'True', start, { unschedulable: true })]);
    const c = new NodeLifecycleController(t.ctx);
    await syncAll(t, c, ['a', 'b']);
    t.clock.advance(1);
    await settle();
    await syncAll(t, c, ['a', 'b']);
    const a = await get(t, 'a');
    const taints = (a.spec?.taints ?? []).map((x) => `${x.key}:${x.effect}`).sort();
    assert.deepEqual(taints, [
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/not-ready:NoSchedule',
    ]);
    assert.ok(a.spec?.taints?.find((x) => x.effect === 'NoExecute')?.timeAdded);
    const b = await get(t, 'b');
    assert.deepEqual(
      (b.spec?.taints ?? []).map((x) => `${x.key}:${x.effect}`),
      ['node.kubernetes.io/unschedulable:NoSchedule'],
    );
    // Ready again: the NoExecute and NoSchedule taints go.
    await t.client.resource(NODES).updateStatus({ ...a, status: node('a', 'True', t.clock.now()).status! });
    await syncAll(t, c, ['a']);
    assert.deepEqual((await get(t, 'a')).spec?.taints ?? [], []);
  });

  it('swaps unreachable for not-ready at once', async () => {
    const t = newTestContext();
    const start = t.clock.now();
    const a = node('a', 'False', start);
    a.spec = {
      taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(start) }],
    };
    addObjects(t, NODES, [a, node('b', 'True', start)]);
    const c = new NodeLifecycleController(t.ctx);
    await syncAll(t, c, ['a', 'b']);
    const keys = ((await get(t, 'a')).spec?.taints ?? []).map((x) => `${x.key}:${x.effect}`).sort();
    assert.deepEqual(keys, [
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/not-ready:NoSchedule',
    ]);
  });

  it('stops NoExecute tainting in a small zone that is mostly down', async () => {
    const t = newTestContext();
    const start = t.clock.now();
    const names = ['z1', 'z2', 'z3', 'z4'];
    addObjects(t, NODES, [
      node('z1', 'False', start, { zone: 'A' }),
      node('z2', 'False', start, { zone: 'A' }),
      node('z3', 'False', start, { zone: 'A' }),
      node('z4', 'True', start, { zone: 'A' }),
      node('other', 'True', start, { zone: 'B' }),
    ]);
    const c = new NodeLifecycleController(t.ctx);
    await syncAll(t, c, [...names, 'other']);
    t.clock.advance(60_000);
    await settle();
    await syncAll(t, c, [...names, 'other']);
    for (const n of ['z1', 'z2', 'z3']) {
      const effects = ((await get(t, n)).spec?.taints ?? []).map((x) => x.effect);
      assert.deepEqual(effects, ['NoSchedule'], n);
    }
  });

  it('evicts nothing when every zone is fully disrupted', async () => {
    const t = newTestContext();
    const start = t.clock.now();
    addObjects(t, NODES, [
      node('a', 'False', start, { zone: 'A' }),
      node('b', 'False', start, { zone: 'B' }),
    ]);
    const c = new NodeLifecycleController(t.ctx);
    await syncAll(t, c, ['a', 'b']);
    t.clock.advance(60_000);
    await settle();
    await syncAll(t, c, ['a', 'b']);
    for (const n of ['a', 'b']) {
      const effects = ((await get(t, n)).spec?.taints ?? []).map((x) => x.effect);
      assert.deepEqual(effects, ['NoSchedule'], n);
    }
  });

  it('rate-limits first NoExecute taints to the zone eviction rate', async () => {
    const t = newTestContext();
    const start = t.clock.now();
    const down = Array.from({ length: 3 }, (_, i) => node(`d${i}`, 'False', start));
    const up = Array.from({ length: 10 }, (_, i) => node(`u${i}`, 'True', start));
    addObjects(t, NODES, [...down, ...up]);
    const c = new NodeLifecycleController(t.ctx);
    const names = [...down, ...up].map((n) => n.metadata!.name!);
    await syncAll(t, c, names);
    const tainted = async () => {
      let n = 0;
      for (const d of down)
        if ((await get(t, d.metadata!.name!)).spec?.taints?.some((x) => x.effect === 'NoExecute')) n++;
      return n;
    };
    t.clock.advance(1);
    await settle();
    assert.equal(await tainted(), 1);
    t.clock.advance(5_000);
    await settle();
    assert.equal(await tainted(), 1);
    t.clock.advance(5_000);
    await settle();
    assert.equal(await tainted(), 2);
  });
});
