import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LeaseManager } from './lease-manager.js';

function fixture(opts: { maxObjectsPerLease?: number } = {}) {
  let now = 1_000_000;
  const grants: number[] = [];
  const m = new LeaseManager(
    async (ttl) => {
      grants.push(ttl);
      return String(grants.length);
    },
    { now: () => now, ...opts },
  );
  return {
    m,
    grants,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('LeaseManager', () => {
  // The extra life is min(5% of the TTL, 60 s), in whole seconds, as upstream computes it.
  const extra: Array<[number, number]> = [
    [1, 0],
    [19, 0],
    [20, 1],
    [100, 5],
    [3600, 60],
    [100_000, 60],
  ];
  for (const [ttl, want] of extra) {
    test(`a ${ttl} s TTL is granted ${ttl + want} s`, async () => {
      const f = fixture();
      await f.m.leaseFor(ttl);
      assert.deepEqual(f.grants, [ttl + want]);
    });
  }

  test('reuses the lease while it expires within the reuse window', async () => {
    const f = fixture();
    const a = await f.m.leaseFor(3600); // granted 3660 s
    f.advance(30_000);
    assert.equal(await f.m.leaseFor(3600), a, '30 s later it still outlives the TTL');
    f.advance(29_000);
    assert.equal(await f.m.leaseFor(3600), a, '59 s later');
    f.advance(1_000);
    const b = await f.m.leaseFor(3600);
    assert.notEqual(b, a, 'at 60 s it would expire before the TTL ends');
    assert.deepEqual(f.grants, [3660, 3660]);
  });

  test('a longer TTL than the lease offers gets a new lease', async () => {
    const f = fixture();
    const a = await f.m.leaseFor(100); // 105 s
    assert.notEqual(await f.m.leaseFor(3600), a);
  });

  test('a much shorter TTL gets its own lease, not one living far longer', async () => {
    const f = fixture();
    const a = await f.m.leaseFor(3600);
    assert.notEqual(await f.m.leaseFor(60), a);
  });

  test('short TTLs (no reuse window) always get a fresh lease', async () => {
    const f = fixture();
    await f.m.leaseFor(1);
    await f.m.leaseFor(1);
    assert.deepEqual(f.grants, [1, 1]);
  });

  test('a lease is shared by at most maxObjectsPerLease writes', async () => {
    const f = fixture({ maxObjectsPerLease: 3 });
    const ids = [];
    for (let i = 0; i < 7; i++) {
      f.advance(1);
      ids.push(await f.m.leaseFor(3600));
    }
    assert.deepEqual(ids, ['1', '1', '1', '2', '2', '2', '3']);
  });

  test('at the very instant of the grant the lease is not yet reusable (as upstream)', async () => {
    const f = fixture();
    const a = await f.m.leaseFor(3600);
    assert.notEqual(await f.m.leaseFor(3600), a);
  });

  test('forget drops the reused lease; concurrent callers share one grant', async () => {
    const f = fixture();
    const a = await f.m.leaseFor(3600);
    f.advance(1);
    const [b, c] = await Promise.all([f.m.leaseFor(3600), f.m.leaseFor(3600)]);
    assert.equal(a, b);
    assert.equal(b, c);
    assert.equal(f.grants.length, 1);
    f.m.forget(a);
    f.m.forget('unrelated');
    f.advance(1);
    assert.notEqual(await f.m.leaseFor(3600), a);
  });

  test('a failed grant is reported and the next call tries again', async () => {
    let fail = true;
    const m = new LeaseManager(async () => {
      if (fail) throw new Error('etcd down');
      return '7';
    });
    await assert.rejects(m.leaseFor(3600), /etcd down/);
    fail = false;
    assert.equal(await m.leaseFor(3600), '7');
  });
});
