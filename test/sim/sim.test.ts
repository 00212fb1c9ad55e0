import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { LEASES, NODES, PODS } from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';
import { parseIPv4CIDR } from '../../src/sim/index.js';
import { eventually } from '../support/controller-env.js';
import { type KiteServer, startKiteServer } from '../support/kite-server.js';
import { type RunningSim, startTestSim } from '../support/sim.js';

function inCIDR(ip: string, cidr: string): boolean {
  const r = parseIPv4CIDR(cidr);
  assert.ok(r !== undefined, `parse ${cidr}`);
  const n = ip.split('.').reduce((a, b) => a * 256 + Number(b), 0);
  return n >= r.base && n < r.base + r.size;
}

describe('kite sim against a real server', () => {
  let server: KiteServer;
  let running: RunningSim;
  let client: Client;

  before(async () => {
    // The test binds pods itself: no scheduler may race it.
    server = await startKiteServer({ args: ['--disable-scheduler'] });
    running = await startTestSim(server.kubeconfig, {
      nodes: 3,
      template: { namePrefix: 'simt-', zones: ['za', 'zb'] },
    });
    client = running.client;
  });
  after(async () => {
    await running?.stop();
    await server?.stop();
  });

  async function createBound(name: string, node: string, annotations: Record<string, string> = {}) {
    const pods = client.resource(PODS);
    await pods.create('default', {
      metadata: { name, annotations },
      spec: { containers: [{ name: 'c', image: 'example.com/app:1' }], restartPolicy: 'Never' },
    });
    await pods.createSubresource('default', name, 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    });
  }

  it('registers Ready nodes with labels, addresses and a lease', async () => {
    const node = await client.resource(NODES).get('', 'simt-1');
    assert.equal(node.metadata?.labels?.['kubernetes.io/hostname'], 'simt-1');
    assert.equal(node.metadata?.labels?.['kubernetes.io/os'], 'linux');
    assert.equal(node.metadata?.labels?.['topology.kubernetes.io/zone'], 'zb');
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    assert.equal(ready?.status, 'True');
    assert.equal(ready?.reason, 'KubeletReady');
    assert.equal(node.status?.allocatable?.['cpu'], '32');
    assert.ok(
      node.status?.addresses?.some((a) => a.type === 'InternalIP' && a.address.startsWith('10.254.')),
    );
    const lease: Lease = await client.resource(LEASES).get('kube-node-lease', 'simt-1');
    assert.equal(lease.spec?.holderIdentity, 'simt-1');
    assert.equal(lease.metadata?.ownerReferences?.[0]?.uid, node.metadata?.uid);
  });

  it('runs a bound pod with an IP from the node pod CIDR', async () => {
    const node: Node = await eventually('pod CIDR', async () => {
      const n = await client.resource(NODES).get('', 'simt-0');
      return n.spec?.podCIDR === undefined ? undefined : n;
    });
    await createBound('run', 'simt-0');
    const pod: Pod = await eventually('pod running', async () => {
      const p = await client.resource(PODS).get('default', 'run');
      return p.status?.phase === 'Running' ? p : undefined;
    });
    assert.ok(
      inCIDR(pod.status?.podIP ?? '', node.spec!.podCIDR!),
      `${pod.status?.podIP} in ${node.spec?.podCIDR}`,
    );
    assert.equal(pod.status?.hostIP, node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address);
    const types = pod.status?.conditions?.map((c) => `${c.type}=${c.status}`).sort();
    assert.deepEqual(types, [
      'ContainersReady=True',
      'Initialized=True',
      'PodReadyToStartContainers=True',
      'PodScheduled=True',
      'Ready=True',
    ]);
    const cs = pod.status?.containerStatuses?.[0];
    assert.equal(cs?.ready, true);
    assert.equal(cs?.restartCount, 0);
    assert.ok(cs?.containerID?.startsWith('sim://'));
    assert.ok(cs?.state?.running?.startedAt);
    assert.equal(pod.status?.qosClass, 'BestEffort');
  });

  it('completes a pod annotated complete-after and fails one annotated fail-after', async () => {
    await createBound('job', 'simt-1', { 'sim.kite.dev/complete-after': '1s' });
    await createBound('bad', 'simt-2', { 'sim.kite.dev/fail-after': '1s', 'sim.kite.dev/exit-code': '3' });
    const done = await eventually('succeeded', async () => {
      const p = await client.resource(PODS).get('default', 'job');
      return p.status?.phase === 'Succeeded' ? p : undefined;
    });
    assert.equal(done.status?.containerStatuses?.[0]?.state?.terminated?.reason, 'Completed');
    const bad = await eventually('failed', async () => {
      const p = await client.resource(PODS).get('default', 'bad');
      return p.status?.phase === 'Failed' ? p : undefined;
    });
    assert.equal(bad.status?.containerStatuses?.[0]?.state?.terminated?.exitCode, 3);
  });

  it('removes a deleted pod', async () => {
    await createBound('gone', 'simt-2');
    await eventually('running', async () => {
      const p = await client.resource(PODS).get('default', 'gone');
      return p.status?.phase === 'Running' ? true : undefined;
    });
    await client.resource(PODS).delete('default', 'gone');
    await eventually('pod removed', async () => {
      try {
        await client.resource(PODS).get('default', 'gone');
        return undefined;
      } catch (err) {
        return (err as { status?: { code?: number } }).status?.code === 404 ? true : undefined;
      }
    });
    assert.ok(running.sim.stats().podsDeleted >= 1);
  });
});
