// Node IPAM, node lifecycle and taint eviction against a real API server: nodes get pod CIDRs,
// a node that stops reporting turns Unknown, is tainted unreachable, and its pods are evicted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { LEASES, NODES, PODS } from '../../src/client/resources.js';
import { nodeIPAMController } from '../../src/controllers/nodeipam/index.js';
import { nodeLifecycleController } from '../../src/controllers/nodelifecycle/index.js';
import { taintEvictionController } from '../../src/controllers/tainteviction/index.js';
import { type ControllerEnv, eventually, startControllerEnv } from '../support/controller-env.js';

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

// As a kubelet would: Ready with a fresh heartbeat (retried when a controller wrote meanwhile).
async function reportReady(env: ControllerEnv, name: string): Promise<void> {
  const nodes = env.client.resource(NODES);
  await eventually(`node ${name} reported ready`, async () => {
    const n = await nodes.get('', name);
    const t = now();
    return nodes.updateStatus({
      ...n,
      status: {
        ...n.status,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            lastHeartbeatTime: t,
            lastTransitionTime: t,
          },
        ],
      },
    });
  });
}

describe('node controllers against a real API server', { timeout: 120_000 }, () => {
  let env: ControllerEnv;
  before(async () => {
    env = await startControllerEnv({
      controllers: [nodeIPAMController, nodeLifecycleController, taintEvictionController],
      options: { nodeMonitorGracePeriodMs: 3_000 },
    });
  });
  after(() => env?.stop());

  it('gives nodes pod CIDRs; a silent node goes Unknown, is tainted, and loses its pods', async () => {
    const nodes = env.client.resource(NODES);
    for (const name of ['alive', 'silent']) {
      await nodes.create('', { apiVersion: 'v1', kind: 'Node', metadata: { name } } as Node);
      await reportReady(env, name);
    }
    const cidrs = await eventually('pod CIDRs', async () => {
      const list = await nodes.list('');
      const all = list.items.map((n) => n.spec?.podCIDR);
      return all.every((c) => c !== undefined) ? all.sort() : undefined;
    });
    assert.deepEqual(cidrs, ['10.244.0.0/24', '10.244.1.0/24']);
    // The live node renews its lease; the silent one never does.
    await env.client.resource(LEASES).create('kube-node-lease', {
      metadata: { name: 'alive' },
      spec: {
        holderIdentity: 'alive',
        leaseDurationSeconds: 40,
        renewTime: new Date().toISOString().replace('Z', '000Z'),
      },
    });
    const renew = setInterval(() => {
      void (async () => {
        const leases = env.client.resource(LEASES);
        const l = await leases.get('kube-node-lease', 'alive');
        await leases.update({
          ...l,
          spec: { ...l.spec, renewTime: new Date().toISOString().replace('Z', '000Z') },
        });
      })().catch(() => undefined);
    }, 500);
    try {
      await env.client.resource(PODS).create('default', {
        metadata: { name: 'victim' },
        // Admission would add 300 s tolerations of not-ready and unreachable; this one is shorter.
        spec: {
          nodeName: 'silent',
          containers: [{ name: 'c', image: 'busybox' }],
          tolerations: [
            {
              key: 'node.kubernetes.io/unreachable',
              operator: 'Exists',
              effect: 'NoExecute',
              tolerationSeconds: 2,
            },
          ],
        },
      } as Pod);
      const silent = await eventually(
        'silent node tainted unreachable',
        async () => {
          const n = await nodes.get('', 'silent');
          return n.spec?.taints?.some(
            (t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
          )
            ? n
            : undefined;
        },
        30_000,
      );
      assert.equal(silent.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'Unknown');
      // Deleted gracefully: without a kubelet to confirm, the pod stays Terminating.
      const victim = await eventually(
        'pod evicted',
        async () => {
          const p = await env.client.resource(PODS).get('default', 'victim');
          return p.metadata?.deletionTimestamp === undefined ? undefined : p;
        },
        30_000,
      );
      const target = victim.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
      assert.equal(target?.reason, 'DeletionByTaintManager');
      const alive = await nodes.get('', 'alive');
      assert.equal(alive.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
      assert.deepEqual(alive.spec?.taints ?? [], []);
    } finally {
      clearInterval(renew);
    }
  });
});
