// The shared Store conformance suite against a real single-member etcd, a fresh member per test.
import { after } from 'node:test';
import { runStoreConformance } from '../../src/storage/conformance.js';
import { openEtcdStore } from '../../src/storage/etcd/index.js';
import { type EtcdCluster, startEtcd } from '../support/etcd-cluster.js';
import { offsetRevisions } from '../support/etcd-revision-offset.js';

// A fresh etcd member starts at revision 1 (see offsetRevisions).
const FRESH_MEMBER_REVISION = 1;

// Starting a member takes most of a second; keep the next one warming up while a test runs.
let next: Promise<EtcdCluster> | undefined;
const running = new Set<EtcdCluster>();

function take(): Promise<EtcdCluster> {
  const got = next ?? startEtcd({ members: 1 });
  next = startEtcd({ members: 1 });
  next.catch(() => undefined);
  return got;
}

after(async () => {
  const spare = next;
  next = undefined;
  await Promise.all([...running].map((c) => c.stop()));
  await spare?.then((c) => c.stop()).catch(() => undefined);
});

async function open(cluster: EtcdCluster) {
  const store = await openEtcdStore({ endpoints: cluster.endpoints, compactionIntervalMs: 0 });
  return offsetRevisions(store, FRESH_MEMBER_REVISION);
}

runStoreConformance('etcd', async () => {
  const cluster = await take();
  running.add(cluster);
  return {
    store: await open(cluster),
    // Reopening kills the member outright and starts it again on the same data directory, so
    // durability is judged on what etcd recovered from its write-ahead log.
    reopen: async () => {
      await cluster.restart(0);
      return open(cluster);
    },
    cleanup: async () => {
      running.delete(cluster);
      await cluster.stop();
    },
  };
});
