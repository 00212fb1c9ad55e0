import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AllocationError } from './ip-allocator.js';
import {
  formatPortRange,
  NODE_PORT_PREFIX,
  type PortAllocator,
  parsePortRange,
  portRangeOffset,
  storePortAllocator,
} from './port-allocator.js';
import { openTestStore, type TestStore } from './test-store.js';

const svc = { namespace: 'default', name: 'web' };

describe('parsePortRange', () => {
  for (const [text, want] of [
    ['30000-32767', { base: 30000, size: 2768 }],
    ['30000+10', { base: 30000, size: 11 }],
    ['8080', { base: 8080, size: 1 }],
    [' 100-200 ', { base: 100, size: 101 }],
  ] as const) {
    it(`parses ${JSON.stringify(text)}`, () => assert.deepEqual(parsePortRange(text), want));
  }
  for (const text of ['', 'a-b', '200-100', '1-70000', '30000-', '-5']) {
    it(`rejects ${JSON.stringify(text)}`, () => assert.equal(parsePortRange(text), undefined));
  }
  it('prints a range as upstream', () =>
    assert.equal(formatPortRange({ base: 30000, size: 2768 }), '30000-32767'));
  it('reserves the static band as upstream', () => {
    assert.equal(portRangeOffset(2768), 86);
    assert.equal(portRangeOffset(16), 0);
    assert.equal(portRangeOffset(100), 16);
    assert.equal(portRangeOffset(10000), 128);
  });
});

describe('storePortAllocator', () => {
  let ts: TestStore;
  let ports: PortAllocator;
  before(async () => {
    ts = await openTestStore();
    ports = storePortAllocator({ base: 30000, size: 20 }, ts.store);
  });
  after(() => ts.close());

  it('reserves a requested port once', async () => {
    await ports.allocate(30005, svc, false);
    assert.equal(await ports.has(30005), true);
    const kv = (await ts.store.get(`${NODE_PORT_PREFIX}30005`)).kv;
    assert.deepEqual(JSON.parse(kv!.value), { port: 30005, service: svc });
    await assert.rejects(ports.allocate(30005, svc, false), {
      message: 'provided port is already allocated',
    });
  });

  it('refuses ports outside the range with the range in the message', async () => {
    await assert.rejects(ports.allocate(80, svc, false), (e: unknown) => {
      assert.ok(e instanceof AllocationError);
      assert.equal(
        e.message,
        'provided port is not in the valid range. The range of valid ports is 30000-30019',
      );
      return true;
    });
  });

  it('checks without reserving on dry run', async () => {
    await ports.allocate(30006, svc, true);
    assert.equal(await ports.has(30006), false);
    await assert.rejects(ports.allocate(30005, svc, true), { message: 'provided port is already allocated' });
    const p = await ports.allocateNext(svc, true);
    assert.equal(await ports.has(p), false);
  });

  it('hands out every free port once, then reports the range full', async () => {
    const got = new Set<number>([30005]);
    for (let i = 0; i < 19; i++) got.add(await ports.allocateNext(svc, false));
    assert.equal(got.size, 20);
    await assert.rejects(ports.allocateNext(svc, false), { message: 'range is full' });
    await ports.release(30010);
    assert.equal(await ports.allocateNext(svc, false), 30010);
  });

  it('releases idempotently', async () => {
    await ports.release(30011);
    await ports.release(30011);
    await ports.release(80);
    assert.equal(await ports.has(30011), false);
  });
});

describe('storePortAllocator across API servers', () => {
  it('never gives one port to two allocators sharing a store', async () => {
    const ts = await openTestStore();
    try {
      // The same random start for both: every allocation races for the same candidates.
      const same = () => 0n;
      const a = storePortAllocator({ base: 31000, size: 64 }, ts.store, same);
      const b = storePortAllocator({ base: 31000, size: 64 }, ts.store, same);
      const all = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).allocateNext(svc, false)),
      );
      assert.equal(new Set(all).size, 40);
    } finally {
      await ts.close();
    }
  });
});
