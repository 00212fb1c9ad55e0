// Failover: a 3-member etcd cluster loses its leader to SIGKILL while writers and watchers run.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openEtcdStore } from '../../src/storage/etcd/index.js';
import type { Store, WatchEvent } from '../../src/storage/index.js';
import { StoreError } from '../../src/storage/index.js';
import { type EtcdCluster, startEtcd } from '../support/etcd-cluster.js';

const PREFIX = '/registry/leaderkill/';
const WRITERS = 8;

interface Ack {
  readonly key: string;
  readonly value: string;
  readonly modRevision: number;
  readonly startedAt: number;
  readonly at: number;
}

/** Records every batch of a watch; fails the test on any error other than the abort. */
class Recorder {
  readonly events: WatchEvent[] = [];
  error: unknown;
  private readonly ac = new AbortController();
  private readonly done: Promise<void>;

  constructor(store: Store, afterRevision: number) {
    this.done = (async () => {
      try {
        for await (const b of store.watch({ prefix: PREFIX, afterRevision, signal: this.ac.signal })) {
          if (b.type === 'events') this.events.push(...b.events);
        }
      } catch (err) {
        this.error = err;
      }
    })();
  }

  lastRevision(): number {
    const e = this.events[this.events.length - 1];
    return e === undefined ? 0 : e.type === 'delete' ? e.revision : e.kv.modRevision;
  }

  async stop(): Promise<void> {
    this.ac.abort();
    await this.done;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let cluster: EtcdCluster;
before(async () => {
  cluster = await startEtcd({ members: 3 });
});
after(async () => {
  await cluster?.stop();
});

test('killing the leader loses no acknowledged write and no watch event', { timeout: 60_000 }, async (t) => {
  const leader = await cluster.leaderIndex();
  const follower = (leader + 1) % 3;
  const order = (first: number): string[] => [0, 1, 2].map((i) => cluster.endpoints[(first + i) % 3]!);
  const opts = { compactionIntervalMs: 0, requestTimeoutMs: 1_000, retryBudgetMs: 10_000 };
  // Writers and one watch start on the leader and must fail over; the other watch sits on a
  // follower that survives and must simply keep going.
  const onLeader = await openEtcdStore({ endpoints: order(leader), ...opts });
  const onFollower = await openEtcdStore({ endpoints: order(follower), ...opts });
  const start = await onLeader.currentRevision();
  const watches = [new Recorder(onLeader, start), new Recorder(onFollower, start)];

  const acks: Ack[] = [];
  const failures: string[] = [];
  let killedAt = 0;
  let stopAt = Number.POSITIVE_INFINITY;
  const writer = async (w: number): Promise<void> => {
    for (let seq = 0; Date.now() < stopAt; seq++) {
      const key = `${PREFIX}w${w}/k${seq}`;
      const value = `writer ${w} write ${seq}`;
      const startedAt = Date.now();
      try {
        const r = await onLeader.create(key, value);
        assert.ok(r.ok, `fresh key ${key} already existed`);
        acks.push({ key, value, modRevision: r.kv.modRevision, startedAt, at: Date.now() });
      } catch (err) {
        // An unacknowledged write may or may not have happened; it is not checked below.
        assert.ok(err instanceof StoreError, `unexpected error ${String(err)}`);
        failures.push(`${err.code}: ${err.message}`);
        await sleep(20);
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));

  try {
    await sleep(1_500);
    const before = acks.length;
    assert.ok(before > 0, 'writers made progress before the kill');
    killedAt = Date.now();
    await cluster.kill(leader, 'SIGKILL');
    stopAt = killedAt + 5_000;
    await Promise.all(writers);

    const afterKill = acks.filter((a) => a.startedAt > killedAt);
    assert.ok(
      afterKill.length > 0,
      `no write succeeded after the kill; failures: ${failures.slice(-3).join(' | ')}`,
    );
    const resumedIn = Math.min(...afterKill.map((a) => a.at)) - killedAt;
    assert.ok(resumedIn < 4_000, `writes resumed only after ${resumedIn} ms`);
    t.diagnostic(
      `${before} writes before the kill, ${afterKill.length} after; resumed in ${resumedIn} ms; ` +
        `${failures.length} unacknowledged (${[...new Set(failures.map((f) => f.slice(0, 60)))].join(' | ')})`,
    );
    const newLeader = await cluster.leaderIndex();
    assert.notEqual(newLeader, leader);

    // Every acknowledged write is there, with the value and revision it was acknowledged with.
    const listed = await onFollower.list(PREFIX);
    const byKey = new Map(listed.kvs.map((kv) => [kv.key, kv]));
    for (const a of acks) {
      const kv = byKey.get(a.key);
      assert.ok(kv !== undefined, `acknowledged write ${a.key}@${a.modRevision} is lost`);
      assert.equal(kv.value, a.value);
      assert.equal(kv.modRevision, a.modRevision);
    }

    // Only these writers touch the cluster, so the prefix holds every revision after `start`:
    // each watch must deliver exactly that sequence, whichever member it ended up on.
    const end = await onFollower.currentRevision();
    const deadline = Date.now() + 10_000;
    while (watches.some((w) => w.lastRevision() < end && w.error === undefined) && Date.now() < deadline) {
      await sleep(50);
    }
    const want = Array.from({ length: end - start }, (_, i) => start + 1 + i);
    for (const [i, w] of watches.entries()) {
      assert.equal(w.error, undefined, `watch ${i} failed: ${String(w.error)}`);
      const revs = w.events.map((e) => (e.type === 'delete' ? e.revision : e.kv.modRevision));
      assert.deepEqual(revs, want, `watch ${i} (${i === 0 ? 'on the killed leader' : 'on a follower'})`);
      const seen = new Map(w.events.map((e) => [e.type === 'delete' ? e.key : e.kv.key, e]));
      for (const a of acks) {
        const e = seen.get(a.key);
        assert.ok(e?.type === 'put' && e.kv.value === a.value, `watch ${i} missed ${a.key}`);
      }
    }
    assert.ok(acks.length > before, 'writes continued after the kill');
  } finally {
    stopAt = 0;
    await Promise.allSettled(writers);
    await Promise.all(watches.map((w) => w.stop()));
    await onLeader.close();
    await onFollower.close();
  }
});
