// Two `kite controller-manager` processes on one API server: one leads and acts, the other stands
// by; when the leader dies without releasing its Lease, the other takes over once the lease
// expires, and no controller ever acts twice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { clientFromKubeconfig, type RestClient } from '../../src/client/rest/index.js';
import { LEASES, PODS, REPLICA_SETS } from '../../src/client/resources.js';
import { eventually } from '../support/controller-env.js';
import {
  type ControllerManagerProcess,
  startControllerManagerProcess,
} from '../support/controller-manager-process.js';
import { type KiteServer, startKiteServer } from '../support/kite-server.js';

const LEASE_MS = 4_000;
const RETRY_MS = 500;
const FLAGS = [
  '--controllers=replicaset',
  `--leader-elect-lease-duration=${LEASE_MS}ms`,
  '--leader-elect-renew-deadline=3s',
  `--leader-elect-retry-period=${RETRY_MS}ms`,
];

function replicaSet(name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'pause' }] },
      },
    },
  };
}

describe('controller-manager leader election', { timeout: 120_000 }, () => {
  let server: KiteServer;
  let client: RestClient;
  const managers: ControllerManagerProcess[] = [];
  before(async () => {
    server = await startKiteServer({ args: ['--disable-controller-manager'] });
    client = (await clientFromKubeconfig(server.kubeconfig)).client;
  });
  after(async () => {
    for (const m of managers) await m.stop();
    client?.close();
    await server?.stop();
  });

  it('one leads, the other takes over after the lease expires, and nothing is done twice', async () => {
    managers.push(startControllerManagerProcess(server.kubeconfig, FLAGS));
    managers.push(startControllerManagerProcess(server.kubeconfig, FLAGS));
    const first = await Promise.race(managers.map((m, i) => m.leading.then(() => i)));
    const leader = managers[first]!;
    const standby = managers[1 - first]!;
    const lease = await client.resource(LEASES).get('kube-system', 'kube-controller-manager');
    assert.equal(lease.spec?.leaseDurationSeconds, LEASE_MS / 1000);
    const holder = lease.spec?.holderIdentity;

    const pods = client.resource(PODS);
    const count = async (app: string) =>
      (await pods.list('default', { labelSelector: `app=${app}` })).items.length;
    await client.resource(REPLICA_SETS).create('default', replicaSet('before', 5));
    await eventually('5 pods', async () => ((await count('before')) === 5 ? true : undefined));
    assert.ok(!standby.output().includes('leading'), 'the standby must not act');

    const killedAt = Date.now();
    await leader.stop('SIGKILL');
    await standby.leading;
    const takenOver = await client.resource(LEASES).get('kube-system', 'kube-controller-manager');
    assert.notEqual(takenOver.spec?.holderIdentity, holder);
    assert.equal(takenOver.spec?.leaseTransitions, (lease.spec?.leaseTransitions ?? 0) + 1);
    // Takeover waits for the lease to expire, as observed by the standby, and no longer than that
    // plus its retry period and some scheduling slack.
    const acquired = Date.parse(takenOver.spec?.acquireTime ?? '');
    assert.ok(
      acquired - killedAt < LEASE_MS + 2 * RETRY_MS + 2_000,
      `took over after ${acquired - killedAt} ms`,
    );

    await client.resource(REPLICA_SETS).create('default', replicaSet('after', 3));
    await eventually('3 pods', async () => ((await count('after')) === 3 ? true : undefined));
    // Give a wrongly doubled controller time to show itself, then check nothing was made twice.
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(await count('before'), 5);
    assert.equal(await count('after'), 3);
  });
});
