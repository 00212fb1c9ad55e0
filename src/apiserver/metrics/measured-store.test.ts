import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyValue, Store, WatchBatch } from '../../storage/index.js';
import { StoreError } from '../../storage/index.js';
import { measuredStore } from './measured-store.js';

const kv = (key: string): KeyValue => ({ key, value: '{}', createRevision: 1, modRevision: 1 });

// A fake store: fixed answers, a failing delete, and a record of what reached it.
function fakeStore(calls: string[]): Store {
  return {
    currentRevision: async () => 7,
    compactedRevision: async () => 0,
    get: async (key) => {
      calls.push(`get ${key}`);
      return { kv: kv(key), revision: 7 };
    },
    create: async (key) => {
      calls.push(`create ${key}`);
      return { ok: true, kv: kv(key) };
    },
    update: async (key, _v, expected) => {
      calls.push(`update ${key} ${expected}`);
      return { ok: false, reason: 'not-found' };
    },
    delete: async () => {
      throw new StoreError('unavailable', 'down');
    },
    list: async (prefix) => {
      calls.push(`list ${prefix}`);
      return { kvs: [], revision: 7, more: false, remaining: 0 };
    },
    count: async () => 3,
    watch: (): AsyncIterable<WatchBatch> => ({
      async *[Symbol.asyncIterator]() {
        yield { type: 'progress', revision: 7 };
      },
    }),
    compact: async () => undefined,
    close: async () => undefined,
  };
}

describe('measuredStore', () => {
  it('reports each keyed call with upstream operation names and the resource of the key', async () => {
    const calls: string[] = [];
    const seen: [string, string, boolean][] = [];
    const s = measuredStore(fakeStore(calls), (op, type, seconds, failed) => {
      assert.ok(seconds >= 0);
      seen.push([op, type, failed]);
    });
    assert.equal((await s.get('/registry/pods/a/p')).revision, 7);
    assert.equal((await s.create('/registry/configmaps/a/c', '{}')).ok, true);
    assert.deepEqual(await s.update('/registry/deployments/a/d', '{}', 4), {
      ok: false,
      reason: 'not-found',
    });
    await assert.rejects(s.delete('/registry/secrets/a/s'), /down/);
    assert.equal((await s.list('/registry/services/specs/')).revision, 7);
    assert.equal(await s.count('/registry/minions/'), 3);
    assert.equal(await s.currentRevision(), 7);
    assert.deepEqual(seen, [
      ['get', 'pods', false],
      ['create', 'configmaps', false],
      ['update', 'deployments.apps', false],
      ['delete', 'secrets', true],
      ['list', 'services', false],
      ['listWithCount', 'nodes', false],
    ]);
    assert.deepEqual(calls, [
      'get /registry/pods/a/p',
      'create /registry/configmaps/a/c',
      'update /registry/deployments/a/d 4',
      'list /registry/services/specs/',
    ]);
  });

  it('passes watches through untouched', async () => {
    const seen: string[] = [];
    const s = measuredStore(fakeStore([]), (op) => seen.push(op));
    const batches: WatchBatch[] = [];
    for await (const b of s.watch({
      prefix: '/registry/pods/',
      afterRevision: 0,
      signal: new AbortController().signal,
    }))
      batches.push(b);
    assert.deepEqual(batches, [{ type: 'progress', revision: 7 }]);
    assert.deepEqual(seen, []);
  });
});
