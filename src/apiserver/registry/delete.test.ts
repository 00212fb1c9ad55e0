import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSelector } from '../../apimachinery/labels/index.js';
import { configMap, fixture, meta, pod, statusOf } from './test-helpers.js';
import type { JsonObject } from './types.js';

describe('RegistryStore.delete without finalizers', () => {
  it('removes the object and answers a Success Status for kinds that do not return it', async () => {
    const f = await fixture('', 'v1', 'configmaps');
    try {
      const { object } = await f.reg.create(f.ctx(), configMap('a'));
      const out = await f.reg.delete(f.ctx(), 'a');
      assert.equal(out.deleted, true);
      assert.deepEqual(out.object, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: 'a', kind: 'configmaps', uid: meta(object)['uid'] },
      });
      assert.equal((await statusOf(f.reg.get(f.ctx(), 'a'))).code, 404);
      const again = await statusOf(f.reg.delete(f.ctx(), 'a'));
      assert.equal(again.code, 404);
      assert.equal(again.message, 'configmaps "a" not found');
    } finally {
      await f.close();
    }
  });

  const preconditionCases: Array<{
    name: string;
    pre: (o: JsonObject) => JsonObject;
    message: (o: JsonObject) => string;
  }> = [
    {
      name: 'uid',
      pre: () => ({ uid: 'bad' }),
      message: (o) =>
        `Operation cannot be fulfilled on ConfigMap "p": the UID in the precondition (bad) does not match the UID in record (${String(meta(o)['uid'])}). The object might have been deleted and then recreated`,
    },
    {
      name: 'resourceVersion',
      pre: () => ({ resourceVersion: '1' }),
      message: (o) =>
        `Operation cannot be fulfilled on ConfigMap "p": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${String(meta(o)['resourceVersion'])}). The object might have been modified`,
    },
  ];
  for (const c of preconditionCases) {
    it(`rejects a failed ${c.name} precondition with 409 and keeps the object`, async () => {
      const f = await fixture('', 'v1', 'configmaps');
      try {
        await f.reg.create(f.ctx(), configMap('x'));
        const { object } = await f.reg.create(f.ctx(), configMap('p'));
        const err = await statusOf(f.reg.delete(f.ctx(), 'p', { preconditions: c.pre(object) }));
        assert.equal(err.code, 409);
        assert.equal(err.reason, 'Conflict');
        assert.equal(err.message, c.message(object));
        await f.reg.get(f.ctx(), 'p');
      } finally {
        await f.close();
      }
    });
  }

  it('matching preconditions delete', async () => {
    const f = await fixture('', 'v1', 'configmaps');
    try {
      const { object } = await f.reg.create(f.ctx(), configMap('m'));
      const pre = {
        uid: String(meta(object)['uid']),
        resourceVersion: String(meta(object)['resourceVersion']),
      };
      assert.equal((await f.reg.delete(f.ctx(), 'm', { preconditions: pre })).deleted, true);
    } finally {
      await f.close();
    }
  });

  it('dry run deletes nothing', async () => {
    const f = await fixture('', 'v1', 'configmaps');
    try {
      await f.reg.create(f.ctx(), configMap('d'));
      const rev = await f.store.currentRevision();
      const out = await f.reg.delete(f.ctx(), 'd', { dryRun: true });
      assert.equal(out.deleted, true);
      assert.equal(await f.store.currentRevision(), rev);
      await f.reg.get(f.ctx(), 'd');
    } finally {
      await f.close();
    }
  });
});

describe('RegistryStore.delete with finalizers', () => {
  const cases: Array<{
    name: string;
    finalizers: string[];
    policy?: string;
    orphan?: boolean;
    kept: boolean;
    expect: string[];
  }> = [
    {
      name: 'custom finalizer keeps the object',
      finalizers: ['example.com/x'],
      kept: true,
      expect: ['example.com/x'],
    },
    {
      name: 'Foreground adds foregroundDeletion',
      finalizers: [],
      policy: 'Foreground',
      kept: true,
      expect: ['foregroundDeletion'],
    },
    { name: 'Orphan adds orphan', finalizers: [], policy: 'Orphan', kept: true, expect: ['orphan'] },
    {
      name: 'orphanDependents=true adds orphan',
      finalizers: [],
      orphan: true,
      kept: true,
      expect: ['orphan'],
    },
    {
      name: 'Foreground replaces orphan',
      finalizers: ['orphan', 'example.com/x'],
      policy: 'Foreground',
      kept: true,
      expect: ['example.com/x', 'foregroundDeletion'],
    },
    {
      name: 'Background removes orphan, then nothing holds the object',
      finalizers: ['orphan'],
      policy: 'Background',
      kept: false,
      expect: [],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const f = await fixture('', 'v1', 'configmaps');
      try {
        await f.reg.create(
          f.ctx(),
          configMap('o', {}, c.finalizers.length > 0 ? { finalizers: c.finalizers } : {}),
        );
        f.advance(30);
        const out = await f.reg.delete(f.ctx(), 'o', {
          ...(c.policy === undefined ? {} : { propagationPolicy: c.policy }),
          ...(c.orphan === undefined ? {} : { orphanDependents: c.orphan }),
        });
        assert.equal(out.deleted, !c.kept);
        if (c.kept) {
          assert.deepEqual(meta(out.object)['finalizers'], c.expect);
          assert.equal(meta(out.object)['deletionTimestamp'], '2024-05-06T07:08:39Z');
          assert.equal(meta(out.object)['deletionGracePeriodSeconds'], 0);
          assert.deepEqual(await f.reg.get(f.ctx(), 'o'), out.object);
        } else {
          assert.equal((await statusOf(f.reg.get(f.ctx(), 'o'))).code, 404);
        }
      } finally {
        await f.close();
      }
    });
  }

  it('a second delete keeps the first deletionTimestamp and writes nothing', async () => {
    const f = await fixture('', 'v1', 'configmaps');
    try {
      await f.reg.create(f.ctx(), configMap('twice', {}, { finalizers: ['example.com/x'] }));
      const first = await f.reg.delete(f.ctx(), 'twice');
      const rev = await f.store.currentRevision();
      f.advance(100);
      const second = await f.reg.delete(f.ctx(), 'twice');
      assert.equal(second.deleted, false);
      assert.deepEqual(second.object, first.object);
      assert.equal(await f.store.currentRevision(), rev);
    } finally {
      await f.close();
    }
  });

  it('marking a deployment for deletion bumps its generation', async () => {
    const f = await fixture('apps', 'v1', 'deployments');
    try {
      const dep: JsonObject = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        },
      };
      await f.reg.create(f.ctx(), dep);
      const out = await f.reg.delete(f.ctx(), 'web', { propagationPolicy: 'Foreground' });
      assert.equal(out.deleted, false);
      assert.equal(meta(out.object)['generation'], 2);
    } finally {
      await f.close();
    }
  });
});

describe('RegistryStore.delete of pods (graceful)', () => {
  it('an unscheduled pod goes at once and the pod is answered', async () => {
    const f = await fixture('', 'v1', 'pods');
    try {
      await f.reg.create(f.ctx(), pod('p'));
      const out = await f.reg.delete(f.ctx(), 'p');
      assert.equal(out.deleted, true);
      assert.equal(out.object['kind'], 'Pod');
      assert.equal(meta(out.object)['deletionGracePeriodSeconds'], 0);
      assert.equal((await statusOf(f.reg.get(f.ctx(), 'p'))).code, 404);
    } finally {
      await f.close();
    }
  });

  it('a scheduled pod is kept for its grace period; only a shorter period replaces it', async () => {
    const f = await fixture('', 'v1', 'pods');
    try {
      await f.reg.create(f.ctx(), pod('p', 'node-1'));
      const first = await f.reg.delete(f.ctx(), 'p');
      assert.equal(first.deleted, false);
      assert.equal(meta(first.object)['deletionGracePeriodSeconds'], 30);
      assert.equal(meta(first.object)['deletionTimestamp'], '2024-05-06T07:08:39Z');
      assert.equal(meta(first.object)['generation'], 2);

      const longer = await f.reg.delete(f.ctx(), 'p', { gracePeriodSeconds: 60 });
      assert.equal(longer.deleted, false);
      assert.deepEqual(longer.object, first.object);

      const shorter = await f.reg.delete(f.ctx(), 'p', { gracePeriodSeconds: 10 });
      assert.equal(shorter.deleted, false);
      assert.equal(meta(shorter.object)['deletionGracePeriodSeconds'], 10);
      assert.equal(meta(shorter.object)['deletionTimestamp'], '2024-05-06T07:08:19Z');

      const now = await f.reg.delete(f.ctx(), 'p', { gracePeriodSeconds: 0 });
      assert.equal(now.deleted, true);
      assert.equal((await statusOf(f.reg.get(f.ctx(), 'p'))).code, 404);
    } finally {
      await f.close();
    }
  });

  it('a second delete of a zero-grace pod with finalizers keeps it', async () => {
    const f = await fixture('', 'v1', 'pods');
    try {
      const p = pod('h');
      (p['metadata'] as JsonObject)['finalizers'] = ['example.com/hold'];
      await f.reg.create(f.ctx(), p);
      const first = await f.reg.delete(f.ctx(), 'h');
      assert.equal(first.deleted, false);
      const second = await f.reg.delete(f.ctx(), 'h');
      assert.equal(second.deleted, false);
      assert.deepEqual(meta(second.object)['finalizers'], ['example.com/hold']);
      await f.reg.get(f.ctx(), 'h');
    } finally {
      await f.close();
    }
  });

  it('a negative grace period counts as one second', async () => {
    const f = await fixture('', 'v1', 'pods');
    try {
      await f.reg.create(f.ctx(), pod('n', 'node-1'));
      const out = await f.reg.delete(f.ctx(), 'n', { gracePeriodSeconds: -5 });
      assert.equal(meta(out.object)['deletionGracePeriodSeconds'], 1);
    } finally {
      await f.close();
    }
  });
});

describe('RegistryStore.deleteCollection', () => {
  it('deletes the selected objects only and answers them', async () => {
    const f = await fixture('', 'v1', 'configmaps');
    try {
      await f.reg.create(f.ctx(), configMap('a', {}, { labels: { app: 'x' } }));
      await f.reg.create(f.ctx(), configMap('b', {}, { labels: { app: 'y' } }));
      await f.reg.create(f.ctx(), configMap('c', {}, { labels: { app: 'x' } }));
      await f.reg.create(f.ctx('other'), configMap('d', {}, { labels: { app: 'x' } }));
      const out = await f.reg.deleteCollection(f.ctx(), { labelSelector: parseSelector('app=x') });
      assert.deepEqual(
        out.items.map((i) => meta(i)['name']),
        ['a', 'c'],
      );
      const left = await f.reg.list(f.ctx(''));
      assert.deepEqual(
        left.items.map((i) => `${String(meta(i)['namespace'])}/${String(meta(i)['name'])}`),
        ['default/b', 'other/d'],
      );
    } finally {
      await f.close();
    }
  });
});
