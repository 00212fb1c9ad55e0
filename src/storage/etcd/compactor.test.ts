import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StoreError } from '../store.js';
import { EtcdAnswerError } from './client.js';
import { KeyCodec } from './codec.js';
import { COMPACT_REV_KEY, Compactor } from './compactor.js';
import type { RawKeyValue, TxnRequest, UnaryMethods } from './messages.js';

/** An in-memory stand-in for the few etcd calls the compactor makes. */
class FakeEtcd {
  revision = 1;
  version = 0;
  value = '';
  key = '';
  compactions: number[] = [];
  failTxn = false;
  compactAnswer: 'ok' | 'compacted' = 'ok';

  write(): void {
    this.revision++;
  }

  async call<M extends keyof UnaryMethods>(method: M, req: UnaryMethods[M][1]): Promise<UnaryMethods[M][2]> {
    const header = { cluster_id: '1', member_id: '1', revision: String(this.revision), raft_term: '2' };
    if (method === 'Compact') {
      if (this.compactAnswer === 'compacted') throw new EtcdAnswerError({ kind: 'compacted' });
      this.compactions.push(Number((req as UnaryMethods['Compact'][1]).revision));
      return { header } as UnaryMethods[M][2];
    }
    assert.equal(method, 'Txn');
    if (this.failTxn) throw new StoreError('unavailable', 'etcd down');
    const txn = req as TxnRequest;
    const cmp = txn.compare[0];
    assert.ok(cmp?.target === 'VERSION');
    this.key = cmp.key.toString();
    if (Number(cmp.version) === this.version) {
      const put = txn.success[0];
      assert.ok(put !== undefined && 'request_put' in put);
      this.revision++;
      this.version++;
      this.value = put.request_put.value.toString();
      return {
        header: { ...header, revision: String(this.revision) },
        succeeded: true,
        responses: [],
      } as UnaryMethods[M][2];
    }
    const kv: RawKeyValue = {
      key: cmp.key,
      value: Buffer.from(this.value),
      create_revision: '2',
      mod_revision: '2',
      version: String(this.version),
      lease: '0',
    };
    const range = { header, kvs: this.version === 0 ? [] : [kv], more: false, count: '1' };
    return {
      header,
      succeeded: false,
      responses: [
        {
          response: 'response_range',
          response_range: range,
          response_put: null,
          response_delete_range: null,
        },
      ],
    } as UnaryMethods[M][2];
  }
}

describe('Compactor', () => {
  test('compacts to the revision seen one interval earlier', async () => {
    const etcd = new FakeEtcd();
    const c = new Compactor(etcd, new KeyCodec(''));
    assert.equal(await c.tick(), undefined, 'the first round only remembers the revision');
    const seen1 = etcd.revision;
    assert.equal(etcd.key, COMPACT_REV_KEY, 'the counter key sits at the root, as upstream');
    for (let i = 0; i < 5; i++) etcd.write();
    assert.equal(await c.tick(), seen1);
    const seen2 = etcd.revision;
    etcd.write();
    assert.equal(await c.tick(), seen2);
    assert.deepEqual(etcd.compactions, [seen1, seen2]);
    assert.equal(etcd.value, String(seen2), 'the counter key records the last revision claimed');
  });

  test('two servers sharing etcd: one compaction per interval, never both', async () => {
    const etcd = new FakeEtcd();
    const a = new Compactor(etcd, new KeyCodec(''));
    const b = new Compactor(etcd, new KeyCodec(''));
    const results: Array<[string, number | undefined]> = [];
    for (let round = 0; round < 4; round++) {
      etcd.write();
      results.push(['a', await a.tick()]);
      results.push(['b', await b.tick()]);
    }
    // b always finds that a already took the interval, adopts the counter and stands by.
    assert.ok(results.filter(([who]) => who === 'b').every(([, r]) => r === undefined));
    assert.equal(etcd.compactions.length, 3);
    assert.deepEqual(
      etcd.compactions,
      [...etcd.compactions].sort((x, y) => x - y),
      'compaction only moves forward',
    );
  });

  test('a server that lost the race takes over when the other stops', async () => {
    const etcd = new FakeEtcd();
    const a = new Compactor(etcd, new KeyCodec(''));
    const b = new Compactor(etcd, new KeyCodec(''));
    await a.tick();
    assert.equal(await b.tick(), undefined);
    const seenWhenLost = etcd.revision;
    etcd.write();
    // a is gone; b adopted the counter and compacts to what it saw one interval earlier.
    assert.equal(await b.tick(), seenWhenLost);
    assert.deepEqual(etcd.compactions, [seenWhenLost]);
  });

  test('a compaction already done by someone else counts as done', async () => {
    const etcd = new FakeEtcd();
    const c = new Compactor(etcd, new KeyCodec('/p'));
    await c.tick();
    etcd.compactAnswer = 'compacted';
    assert.equal(await c.tick(), undefined);
    assert.equal(etcd.key, `/p${COMPACT_REV_KEY}`, 'a store key prefix applies to the counter key');
  });

  test('a failed round rejects and the next round carries on', async () => {
    const etcd = new FakeEtcd();
    const c = new Compactor(etcd, new KeyCodec(''));
    await c.tick();
    const seen = etcd.revision;
    etcd.failTxn = true;
    await assert.rejects(c.tick(), (err: unknown) => err instanceof StoreError && err.code === 'unavailable');
    etcd.failTxn = false;
    assert.equal(await c.tick(), seen);
  });

  test('run ticks on its interval and stops on abort', async () => {
    const etcd = new FakeEtcd();
    const c = new Compactor(etcd, new KeyCodec(''));
    const ac = new AbortController();
    const errors: unknown[] = [];
    const running = c.run(20, ac.signal, (e) => errors.push(e));
    const deadline = Date.now() + 5_000;
    while (etcd.version < 3) {
      assert.ok(Date.now() < deadline, `only ${etcd.version} rounds in 5 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    ac.abort();
    await running;
    const versions = etcd.version;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(etcd.version, versions, 'no round after abort');
    assert.deepEqual(errors, []);
  });
});
