import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type IPAllocator, storeIPAllocator } from './ip-allocator.js';
import { ServiceIPRange } from './ip-range.js';
import { openTestStore, type TestStore } from './test-store.js';

const svc = { namespace: 'default', name: 'web' };

describe('storeIPAllocator', () => {
  let ts: TestStore;
  let ips: IPAllocator;
  before(async () => {
    ts = await openTestStore();
    ips = storeIPAllocator(ServiceIPRange.parse('10.96.0.0/28')!, ts.store);
  });
  after(() => ts.close());

  it('records an allocation as an IPAddress object', async () => {
    await ips.allocate('10.96.0.5', svc, false);
    const kv = (await ts.store.get('/registry/ipaddresses/10.96.0.5')).kv;
    const obj = JSON.parse(kv!.value);
    assert.equal(obj.kind, 'IPAddress');
    assert.equal(obj.apiVersion, 'networking.k8s.io/v1');
    assert.deepEqual(obj.metadata.labels, {
      'ipaddress.kubernetes.io/ip-family': 'IPv4',
      'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io',
    });
    assert.deepEqual(obj.spec.parentRef, {
      resource: 'services',
      namespace: 'default',
      name: 'web',
    });
    assert.equal(typeof obj.metadata.uid, 'string');
  });

  it('refuses an allocated address and one outside the range with upstream texts', async () => {
    await assert.rejects(ips.allocate('10.96.0.5', svc, false), {
      message: 'provided IP is already allocated',
    });
    await assert.rejects(ips.allocate('10.97.0.5', svc, false), {
      message: 'the provided network does not match the current range',
    });
    await assert.rejects(ips.allocate('10.96.0.15', svc, false), {
      message: 'the provided network does not match the current range',
    });
  });

  it('checks but writes nothing on dry run, answering the network address for any', async () => {
    await ips.allocate('10.96.0.6', svc, true);
    assert.equal(await ips.has('10.96.0.6'), false);
    await assert.rejects(ips.allocate('10.96.0.5', svc, true), {
      message: 'provided IP is already allocated',
    });
    await assert.rejects(ips.allocate('10.97.0.1', svc, true), {
      message:
        'the provided IP (10.97.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/28',
    });
    assert.equal(await ips.allocateNext(svc, true), '10.96.0.0');
  });

  it('allocates each free address once, then reports the range full', async () => {
    const got = new Set<string>(['10.96.0.5']);
    for (let i = 0; i < 13; i++) got.add(await ips.allocateNext(svc, false));
    assert.equal(got.size, 14);
    await assert.rejects(ips.allocateNext(svc, false), { message: 'range is full' });
  });

  it('releases idempotently and reuses released addresses', async () => {
    await ips.release('10.96.0.9');
    await ips.release('10.96.0.9');
    assert.equal(await ips.has('10.96.0.9'), false);
    assert.equal(await ips.allocateNext(svc, false), '10.96.0.9');
  });
});

describe('storeIPAllocator across API servers', () => {
  it('never hands one address to two allocators sharing a store', async () => {
    const ts = await openTestStore();
    try {
      const range = ServiceIPRange.parse('10.96.0.0/24')!;
      const a = storeIPAllocator(range, ts.store, { random: () => 0n });
      const b = storeIPAllocator(range, ts.store, { random: () => 0n });
      const all = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).allocateNext(svc, false)),
      );
      assert.equal(new Set(all).size, 30);
      // Dynamic allocation starts in the upper band (above the 16 static addresses).
      for (const ip of all) assert.ok(Number(ip.split('.')[3]) > 16, ip);
    } finally {
      await ts.close();
    }
  });
});
