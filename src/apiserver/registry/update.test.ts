import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configMap, type Fixture, fixture, meta, statusOf } from './test-helpers.js';
import type { JsonObject } from './types.js';

const LOCK = 'the object has been modified; please apply your changes to the latest version and try again';

function withRV(obj: JsonObject, rv: unknown): JsonObject {
  const c = structuredClone(obj);
  (c['metadata'] as JsonObject)['resourceVersion'] = rv;
  return c;
}

describe('RegistryStore.update', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture('', 'v1', 'configmaps');
  });
  after(() => f.close());

  it('writes with a matching resourceVersion and keeps immutable metadata', async () => {
    const { object } = await f.reg.create(f.ctx(), configMap('a', { k: '1' }));
    const body = configMap('a', { k: '2' });
    (body['metadata'] as JsonObject)['resourceVersion'] = meta(object)['resourceVersion'];
    f.advance(60);
    const out = await f.reg.update(f.ctx(), 'a', body);
    assert.equal(out.created, false);
    assert.deepEqual(out.object['data'], { k: '2' });
    assert.notEqual(meta(out.object)['resourceVersion'], meta(object)['resourceVersion']);
    assert.equal(meta(out.object)['uid'], meta(object)['uid'], 'uid restored when absent');
    assert.equal(meta(out.object)['creationTimestamp'], meta(object)['creationTimestamp']);
  });

  const errorCases: Array<{
    name: string;
    url: string;
    body: (cur: JsonObject) => JsonObject;
    code: number;
    message: string | RegExp;
  }> = [
    {
      name: 'stale resourceVersion',
      url: 'b',
      body: (cur) => withRV(configMap('b', { x: 'y' }), String(Number(meta(cur)['resourceVersion']) - 1)),
      code: 409,
      message: `Operation cannot be fulfilled on configmaps "b": ${LOCK}`,
    },
    {
      name: 'name differs from the URL',
      url: 'b',
      body: () => configMap('c'),
      code: 400,
      message: 'the name of the object (c) does not match the name on the URL (b)',
    },
    {
      name: 'namespace differs from the URL',
      url: 'b',
      body: () => configMap('b', {}, { namespace: 'other' }),
      code: 400,
      message: 'the namespace of the object (other) does not match the namespace on the URL (default)',
    },
    {
      name: 'resourceVersion not a number',
      url: 'b',
      body: () => withRV(configMap('b'), 'abc'),
      code: 422,
      message:
        'configmaps "b" is invalid: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    },
    {
      name: 'changed uid',
      url: 'b',
      body: (cur) => configMap('b', {}, { uid: 'other', resourceVersion: meta(cur)['resourceVersion'] }),
      code: 422,
      message: 'ConfigMap "b" is invalid: metadata.uid: Invalid value: "other": field is immutable',
    },
    {
      name: 'missing object without create-on-update',
      url: 'missing',
      body: () => configMap('missing'),
      code: 404,
      message: 'configmaps "missing" not found',
    },
  ];
  for (const c of errorCases) {
    it(`rejects: ${c.name}`, async () => {
      let cur: JsonObject;
      try {
        cur = await f.reg.get(f.ctx(), 'b');
      } catch {
        cur = (await f.reg.create(f.ctx(), configMap('b'))).object;
      }
      const rev = await f.store.currentRevision();
      const err = await statusOf(f.reg.update(f.ctx(), c.url, c.body(cur)));
      assert.equal(err.code, c.code);
      if (typeof c.message === 'string') assert.equal(err.message, c.message);
      else assert.match(err.message, c.message);
      assert.equal(await f.store.currentRevision(), rev, 'nothing written');
    });
  }

  it('an unconditional update (no resourceVersion) applies to the latest object', async () => {
    await f.reg.create(f.ctx(), configMap('u', { v: '1' }));
    const out = await f.reg.update(f.ctx(), 'u', configMap('u', { v: '2' }));
    assert.deepEqual(out.object['data'], { v: '2' });
  });

  it('a no-op update writes nothing and keeps the resourceVersion', async () => {
    const { object } = await f.reg.create(f.ctx(), configMap('same', { v: '1' }));
    const rev = await f.store.currentRevision();
    f.advance(5);
    const out = await f.reg.update(
      f.ctx(),
      'same',
      withRV(configMap('same', { v: '1' }), meta(object)['resourceVersion']),
    );
    assert.equal(meta(out.object)['resourceVersion'], meta(object)['resourceVersion']);
    assert.equal(await f.store.currentRevision(), rev);
  });

  it('dry run answers the new object and writes nothing', async () => {
    const { object } = await f.reg.create(f.ctx(), configMap('dry', { v: '1' }));
    const rev = await f.store.currentRevision();
    const out = await f.reg.update(f.ctx(), 'dry', configMap('dry', { v: '2' }), { dryRun: true });
    assert.deepEqual(out.object['data'], { v: '2' });
    assert.equal(await f.store.currentRevision(), rev);
    assert.deepEqual((await f.reg.get(f.ctx(), 'dry'))['data'], object['data']);
  });

  it('two updates with the same resourceVersion: one wins, the other is a 409', async () => {
    const { object } = await f.reg.create(f.ctx(), configMap('race', { v: '0' }));
    const rv = meta(object)['resourceVersion'];
    const results = await Promise.allSettled([
      f.reg.update(f.ctx(), 'race', withRV(configMap('race', { v: '1' }), rv)),
      f.reg.update(f.ctx(), 'race', withRV(configMap('race', { v: '2' }), rv)),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(ok.length, 1);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.reason.code, 409);
    assert.equal(failed[0]?.reason.message, `Operation cannot be fulfilled on configmaps "race": ${LOCK}`);
  });

  it('concurrent unconditional updates all land (retried on store conflicts)', async () => {
    await f.reg.create(f.ctx(), configMap('many'));
    const outs = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => f.reg.update(f.ctx(), 'many', configMap('many', { [`k${i}`]: 'v' }))),
    );
    const rvs = new Set(outs.map((o) => meta(o.object)['resourceVersion']));
    assert.equal(rvs.size, 5);
  });

  it('records one managedFields entry per manager, its time moving only on change', async () => {
    await f.reg.create(f.ctx(), configMap('mf', { a: '1' }), { fieldManager: 'one' });
    f.advance(10);
    const out = await f.reg.update(f.ctx(), 'mf', configMap('mf', { a: '2' }), { fieldManager: 'two' });
    const entries = meta(out.object)['managedFields'] as JsonObject[];
    assert.deepEqual(
      entries.map((e) => e['manager']),
      ['one', 'two'],
    );
    const [t1, t2] = entries.map((e) => Date.parse(String(e['time'])));
    assert.equal((t2 ?? 0) - (t1 ?? 0), 10_000, "the first manager's time did not move");
  });
});

describe('update of a deleting object', () => {
  it('removing the last finalizer deletes the object', async () => {
    const f = await fixture('', 'v1', 'configmaps');
    try {
      await f.reg.create(f.ctx(), configMap('fin', {}, { finalizers: ['example.com/x'] }));
      const del = await f.reg.delete(f.ctx(), 'fin');
      assert.equal(del.deleted, false);
      const cur = await f.reg.get(f.ctx(), 'fin');
      (cur['metadata'] as JsonObject)['finalizers'] = [];
      const out = await f.reg.update(f.ctx(), 'fin', cur);
      assert.deepEqual(meta(out.object)['finalizers'], []);
      assert.equal((await statusOf(f.reg.get(f.ctx(), 'fin'))).code, 404);
    } finally {
      await f.close();
    }
  });

  it('an update cannot clear deletionTimestamp', async () => {
    const f = await fixture('', 'v1', 'configmaps');
    try {
      await f.reg.create(f.ctx(), configMap('keep', {}, { finalizers: ['example.com/x'] }));
      const { object } = await f.reg.delete(f.ctx(), 'keep');
      const body = structuredClone(object);
      delete (body['metadata'] as JsonObject)['deletionTimestamp'];
      body['data'] = { changed: 'yes' };
      const out = await f.reg.update(f.ctx(), 'keep', body);
      assert.equal(meta(out.object)['deletionTimestamp'], meta(object)['deletionTimestamp']);
      assert.equal(meta(out.object)['deletionGracePeriodSeconds'], 0);
    } finally {
      await f.close();
    }
  });
});

describe('update policies by resource', () => {
  it('leases: update without resourceVersion is a 422, update of a missing lease creates it', async () => {
    const f = await fixture('coordination.k8s.io', 'v1', 'leases');
    try {
      const lease = (name: string): JsonObject => ({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name },
        spec: { holderIdentity: 'a' },
      });
      const made = await f.reg.update(f.ctx(), 'l', lease('l'));
      assert.equal(made.created, true);
      assert.ok(meta(made.object)['uid']);
      const err = await statusOf(f.reg.update(f.ctx(), 'l', lease('l')));
      assert.equal(err.code, 422);
      assert.equal(
        err.message,
        'leases.coordination.k8s.io "l" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
      );
    } finally {
      await f.close();
    }
  });

  it('deployments: spec changes bump generation, status is kept; status updates keep spec', async () => {
    const f = await fixture('apps', 'v1', 'deployments');
    try {
      const dep: JsonObject = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', labels: { a: 'b' } },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        },
      };
      const created = (await f.reg.create(f.ctx(), dep)).object;
      const changed = structuredClone(created);
      (changed['spec'] as JsonObject)['replicas'] = 3;
      changed['status'] = { replicas: 42 };
      const up = (await f.reg.update(f.ctx(), 'web', changed)).object;
      assert.equal(meta(up)['generation'], 2);
      assert.equal(up['status'], undefined, 'status is not written through the main resource');

      const labelsOnly = structuredClone(up);
      (labelsOnly['metadata'] as JsonObject)['labels'] = { a: 'c' };
      const up2 = (await f.reg.update(f.ctx(), 'web', labelsOnly)).object;
      assert.equal(meta(up2)['generation'], 2, 'metadata changes do not bump generation');

      const st = structuredClone(up2);
      st['status'] = { replicas: 3, observedGeneration: 2 };
      (st['spec'] as JsonObject)['replicas'] = 10;
      (st['metadata'] as JsonObject)['labels'] = { z: 'z' };
      const up3 = (await f.reg.updateStatus(f.ctx(), 'web', st)).object;
      assert.deepEqual(up3['status'], { replicas: 3, observedGeneration: 2 });
      assert.equal((up3['spec'] as JsonObject)['replicas'], 3, 'spec kept by the status endpoint');
      assert.deepEqual(meta(up3)['labels'], { a: 'c' }, 'labels kept by the status endpoint');
      assert.equal(meta(up3)['generation'], 2);
      const entries = meta(up3)['managedFields'] as JsonObject[];
      assert.ok(entries.some((e) => e['subresource'] === 'status'));
    } finally {
      await f.close();
    }
  });

  it('status update of a missing object is a 404 (never creates)', async () => {
    const f = await fixture('', 'v1', 'events');
    try {
      const err = await statusOf(
        f.reg.updateStatus(f.ctx(), 'e', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' } }),
      );
      assert.equal(err.code, 404);
      assert.equal(err.message, 'events "e" not found');
    } finally {
      await f.close();
    }
  });
});
