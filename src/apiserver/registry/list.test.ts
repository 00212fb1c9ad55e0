import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseFieldSelector } from '../../apimachinery/fields/index.js';
import { parseSelector } from '../../apimachinery/labels/index.js';
import { configMap, type Fixture, fixture, meta, statusOf } from './test-helpers.js';
import type { JsonObject } from './types.js';

const names = (items: JsonObject[]): string[] => items.map((i) => String(meta(i)['name']));

describe('RegistryStore.list', () => {
  let f: Fixture;
  let createdAt: string;
  before(async () => {
    f = await fixture('', 'v1', 'configmaps');
    for (const [i, n] of ['a', 'b', 'c', 'd', 'e'].entries()) {
      await f.reg.create(f.ctx(), configMap(n, {}, { labels: { parity: i % 2 === 0 ? 'even' : 'odd' } }));
    }
    await f.reg.create(f.ctx('other'), configMap('z'));
    createdAt = String(await f.store.currentRevision());
  });
  after(() => f.close());

  it('lists a namespace at the store revision, with the list kind', async () => {
    const l = await f.reg.list(f.ctx());
    assert.equal(l['kind'], 'ConfigMapList');
    assert.equal(l['apiVersion'], 'v1');
    assert.deepEqual(l['metadata'], { resourceVersion: createdAt });
    assert.deepEqual(names(l.items), ['a', 'b', 'c', 'd', 'e']);
  });

  it('lists all namespaces', async () => {
    assert.deepEqual(names((await f.reg.list(f.ctx(''))).items), ['a', 'b', 'c', 'd', 'e', 'z']);
  });

  it('filters by label and field selectors', async () => {
    assert.deepEqual(
      names((await f.reg.list(f.ctx(), { labelSelector: parseSelector('parity=odd') })).items),
      ['b', 'd'],
    );
    const fs = parseFieldSelector('metadata.name!=c');
    assert.deepEqual(names((await f.reg.list(f.ctx(), { fieldSelector: fs })).items), ['a', 'b', 'd', 'e']);
  });

  it('pages with continue tokens and remainingItemCount, consistently at the first revision', async () => {
    const p1 = await f.reg.list(f.ctx(), { limit: 2 });
    assert.deepEqual(names(p1.items), ['a', 'b']);
    const m1 = p1['metadata'] as JsonObject;
    assert.equal(m1['remainingItemCount'], 3);
    assert.equal(typeof m1['continue'], 'string');
    await f.reg.create(f.ctx(), configMap('bb'));
    const p2 = await f.reg.list(f.ctx(), { limit: 2, continue: String(m1['continue']) });
    assert.deepEqual(names(p2.items), ['c', 'd'], 'the object created after the first page is not seen');
    const m2 = p2['metadata'] as JsonObject;
    assert.equal(m2['resourceVersion'], createdAt);
    const p3 = await f.reg.list(f.ctx(), { limit: 2, continue: String(m2['continue']) });
    assert.deepEqual(names(p3.items), ['e']);
    assert.equal((p3['metadata'] as JsonObject)['continue'], undefined);
    await f.reg.delete(f.ctx(), 'bb');
  });

  it('pages of a filtered list carry no remainingItemCount', async () => {
    const p1 = await f.reg.list(f.ctx(), { limit: 1, labelSelector: parseSelector('parity=even') });
    assert.deepEqual(names(p1.items), ['a']);
    const m1 = p1['metadata'] as JsonObject;
    assert.equal(m1['remainingItemCount'], undefined);
    const p2 = await f.reg.list(f.ctx(), {
      limit: 5,
      labelSelector: parseSelector('parity=even'),
      continue: String(m1['continue']),
    });
    assert.deepEqual(names(p2.items), ['c', 'e']);
  });

  it('reads at an exact resourceVersion', async () => {
    const l = await f.reg.list(f.ctx(), { resourceVersion: '2', resourceVersionMatch: 'Exact' });
    assert.deepEqual(names(l.items), ['a', 'b']);
    assert.equal((l['metadata'] as JsonObject)['resourceVersion'], '2');
  });

  const errorCases: Array<{
    name: string;
    opts: Record<string, unknown>;
    code: number;
    message: string | RegExp;
  }> = [
    {
      name: 'garbage continue token',
      opts: { continue: '%%%' },
      code: 400,
      message: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 0',
    },
    {
      name: 'continue with resourceVersion',
      opts: {
        continue: Buffer.from('{"v":"meta.k8s.io/v1","rv":3,"start":"a"}').toString('base64url'),
        resourceVersion: '5',
      },
      code: 400,
      message: 'specifying resource version is not allowed when using continue',
    },
    {
      name: 'resourceVersion not a number',
      opts: { resourceVersion: 'x' },
      code: 400,
      message: /^invalid resource version: resourceVersion: Invalid value: "x": strconv\.ParseUint/,
    },
    {
      name: 'resourceVersion in the future',
      opts: { resourceVersion: '99999' },
      code: 504,
      message: /^Timeout: Too large resource version: 99999, current: \d+$/,
    },
  ];
  for (const c of errorCases) {
    it(`rejects: ${c.name}`, async () => {
      const err = await statusOf(f.reg.list(f.ctx(), c.opts));
      assert.equal(err.code, c.code);
      if (typeof c.message === 'string') assert.equal(err.message, c.message);
      else assert.match(err.message, c.message);
    });
  }

  it('a compacted revision is 410 Expired; a compacted continue token offers a fresh one', async () => {
    const p1 = await f.reg.list(f.ctx(), { limit: 2 });
    await f.reg.create(f.ctx(), configMap('later'));
    await f.store.compact(await f.store.currentRevision());
    const exact = await statusOf(
      f.reg.list(f.ctx(), { resourceVersion: '2', resourceVersionMatch: 'Exact' }),
    );
    assert.equal(exact.code, 410);
    assert.equal(exact.message, 'The resourceVersion for the provided list is too old.');
    const cont = await statusOf(
      f.reg.list(f.ctx(), { limit: 2, continue: String((p1['metadata'] as JsonObject)['continue']) }),
    );
    assert.equal(cont.code, 410);
    assert.equal(cont.reason, 'Expired');
    assert.equal(typeof cont.status.metadata?.continue, 'string');
  });
});

describe('RegistryStore.get', () => {
  it('404s with the resource in the message and rejects a future resourceVersion', async () => {
    const f = await fixture('', 'v1', 'configmaps');
    try {
      const nf = await statusOf(f.reg.get(f.ctx(), 'nope'));
      assert.equal(nf.code, 404);
      assert.equal(nf.reason, 'NotFound');
      assert.equal(nf.message, 'configmaps "nope" not found');
      assert.deepEqual(nf.status.details, { name: 'nope', kind: 'configmaps' });
      const { object } = await f.reg.create(f.ctx(), configMap('yes'));
      assert.deepEqual(await f.reg.get(f.ctx(), 'yes', { resourceVersion: '0' }), object);
      const tl = await statusOf(f.reg.get(f.ctx(), 'yes', { resourceVersion: '100' }));
      assert.equal(tl.code, 504);
    } finally {
      await f.close();
    }
  });
});
