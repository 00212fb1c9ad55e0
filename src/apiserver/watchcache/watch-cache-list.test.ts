import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatusError } from '../../apimachinery/errors/index.js';
import { k, labelIs, P, seeded, startCache, summary } from './fixtures.js';
import { FakeClock, MemoryStore, podJSON, settle } from './testing.js';
import { retryAfterForUnreadyCache, WatchCache } from './watch-cache.js';

describe('WatchCache list', () => {
  test('initial list decodes objects and stamps resourceVersion from modRevision', async () => {
    const { cache, stop } = await startCache(await seeded());
    const r = await cache.list({ resourceVersion: '0' });
    assert.equal(r.type, 'list');
    if (r.type !== 'list') return;
    assert.equal(r.resourceVersion, 3);
    assert.deepEqual(summary(r.items.map((object) => ({ type: 'ADDED', object }))), [
      'ADDED a@1',
      'ADDED b@2',
    ]);
    assert.ok(Object.isFrozen(r.items[0]));
    await stop();
  });

  const delegated: {
    name: string;
    rv: string;
    match?: '' | 'Exact' | 'NotOlderThan';
    limit?: number;
    cont?: boolean;
    reason: string;
  }[] = [
    { name: 'exact match always goes to the store', rv: '2', match: 'Exact', reason: 'exact' },
    { name: 'legacy exact: limit with a revision', rv: '2', limit: 1, reason: 'exact' },
    { name: 'a continue token is read from the store', rv: '', cont: true, reason: 'continue' },
  ];
  for (const c of delegated) {
    test(`delegates: ${c.name}`, async () => {
      const { cache, stop } = await startCache(await seeded());
      const r = await cache.list({
        resourceVersion: c.rv,
        resourceVersionMatch: c.match,
        limit: c.limit,
        hasContinue: c.cont,
      });
      assert.deepEqual(r, { type: 'delegate', reason: c.reason });
      await stop();
    });
  }

  test('resourceVersion 0 is served whole from the cache: its limit is ignored', async () => {
    const { cache, stop } = await startCache(await seeded());
    for (const match of ['', 'NotOlderThan'] as const) {
      const r = await cache.list({ resourceVersion: '0', resourceVersionMatch: match, limit: 1 });
      assert.ok(r.type === 'list', match);
      assert.equal(r.items.length, 2);
      assert.equal(r.continueKey, undefined);
    }
    // "000" is revision 0 too, but only the literal "0" drops the limit.
    const r = await cache.list({ resourceVersion: '000', limit: 1 });
    assert.ok(r.type === 'list');
    assert.equal(r.items.length, 1);
    await stop();
  });

  const unready: { name: string; limit?: number; filtered?: boolean; want: 'delegate' | 429 }[] = [
    { name: 'an unfiltered page goes to the store', limit: 5, want: 'delegate' },
    { name: 'a whole list is refused', want: 429 },
    { name: 'a filtered page is refused', limit: 5, filtered: true, want: 429 },
  ];
  for (const c of unready) {
    test(`not ready: ${c.name}`, async () => {
      const cache = new WatchCache({
        store: new MemoryStore(),
        prefix: P,
        type: { apiVersion: 'v1', kind: 'Pod' },
        clock: new FakeClock(),
      });
      const req = {
        resourceVersion: '0',
        limit: c.limit,
        predicate: c.filtered === true ? labelIs('x') : undefined,
      };
      if (c.want === 'delegate') {
        assert.deepEqual(await cache.list(req), { type: 'delegate', reason: 'not-ready' });
        return;
      }
      await assert.rejects(cache.list(req), (e: unknown) => {
        assert.ok(e instanceof StatusError);
        assert.deepEqual(e.status, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'storage is (re)initializing',
          reason: 'TooManyRequests',
          details: { retryAfterSeconds: 1 },
          code: 429,
        });
        return true;
      });
    });
  }

  const retries: { name: string; downtimeMs: number; want: number }[] = [
    { name: 'just went down', downtimeMs: 0, want: 1 },
    { name: 'ten seconds', downtimeMs: 10_000, want: 1 },
    { name: 'twelve seconds', downtimeMs: 12_000, want: 2 },
    { name: 'thirty seconds', downtimeMs: 30_000, want: 6 },
    { name: 'a minute', downtimeMs: 60_000, want: 30 },
    { name: 'an hour is capped', downtimeMs: 3_600_000, want: 30 },
  ];
  for (const c of retries) {
    test(`retry-after of an unready cache: ${c.name}`, () => {
      assert.equal(retryAfterForUnreadyCache(c.downtimeMs), c.want);
    });
  }

  test('consistent read waits for the store revision, served once progress arrives', async () => {
    const store = await seeded();
    const { cache, stop } = await startCache(store);
    await store.create('/registry/services/ns/t', '{}');
    const pending = cache.list({ resourceVersion: '' });
    await settle();
    store.progress();
    const r = await pending;
    assert.equal(r.type === 'list' && r.resourceVersion, 4);
    await stop();
  });

  test('consistent read falls back to the store when the cache does not catch up in time', async () => {
    const store = await seeded();
    const { cache, clock, stop } = await startCache(store);
    await store.create('/registry/services/ns/t', '{}');
    const pending = cache.list({ resourceVersion: '' });
    await settle();
    clock.advance(3_000);
    assert.deepEqual(await pending, { type: 'delegate', reason: 'stale' });
    await stop();
  });

  test('NotOlderThan a future revision: 504 Too large resource version after the block timeout', async () => {
    const { cache, clock, stop } = await startCache(await seeded());
    const pending = cache.list({ resourceVersion: '10', resourceVersionMatch: 'NotOlderThan' });
    await settle();
    clock.advance(2_999);
    await settle();
    clock.advance(1);
    const err = await pending.then(
      () => assert.fail('no error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof StatusError);
    assert.deepEqual(err.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Timeout: Too large resource version: 10, current: 3',
      reason: 'Timeout',
      details: {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      },
      code: 504,
    });
    await stop();
  });

  test('NotOlderThan a revision reached while waiting is served at the new revision', async () => {
    const store = await seeded();
    const { cache, stop } = await startCache(store);
    const pending = cache.list({ resourceVersion: '4', resourceVersionMatch: 'NotOlderThan' });
    await store.create(k('c'), podJSON('c'));
    const r = await pending;
    assert.equal(r.type === 'list' && r.resourceVersion, 4);
    assert.equal(r.type === 'list' && r.items.length, 3);
    await stop();
  });

  test('malformed resourceVersion is a 400 with upstream text', async () => {
    const { cache, stop } = await startCache(await seeded());
    await assert.rejects(cache.list({ resourceVersion: 'abc' }), {
      message:
        'invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    });
    await stop();
  });

  test('predicate, key prefix, limit and continuation', async () => {
    const store = new MemoryStore();
    for (const n of ['a', 'b', 'c', 'd', 'e'])
      await store.create(k(n), podJSON(n, { app: n < 'd' ? 'x' : 'y' }));
    await store.create(`${P}other/z`, podJSON('z', { app: 'x' }));
    const { cache, stop } = await startCache(store);
    const page1 = await cache.list({ resourceVersion: '', keyPrefix: `${P}ns/`, limit: 2 });
    assert.ok(page1.type === 'list');
    assert.deepEqual(summary(page1.items.map((object) => ({ type: 'ADDED', object }))), [
      'ADDED a@1',
      'ADDED b@2',
    ]);
    assert.equal(page1.continueKey, `${k('b')}\x00`);
    assert.equal(page1.remainingItemCount, 3);
    const filtered = await cache.list({ resourceVersion: '', predicate: labelIs('x'), limit: 3 });
    assert.ok(filtered.type === 'list');
    assert.deepEqual(
      filtered.items.map((o) => (o.metadata as { name: string }).name),
      ['a', 'b', 'c'],
    );
    assert.equal(filtered.continueKey, `${k('c')}\x00`);
    assert.equal(filtered.remainingItemCount, undefined, 'never counted for filtered lists');
    const all = await cache.list({ resourceVersion: '0', predicate: labelIs('x') });
    assert.ok(all.type === 'list');
    assert.equal(all.items.length, 4);
    assert.equal(all.continueKey, undefined);
    await stop();
  });
});
