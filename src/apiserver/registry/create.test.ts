import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configMap, type Fixture, fixture, meta, pod, statusOf } from './test-helpers.js';
import type { JsonObject } from './types.js';

describe('RegistryStore.create', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture('', 'v1', 'configmaps');
  });
  after(() => f.close());

  it('fills uid, creationTimestamp, namespace, resourceVersion and managedFields', async () => {
    const { object, created } = await f.reg.create(f.ctx(), configMap('a', { k: 'v' }), {
      fieldManager: 'kubectl-create',
    });
    assert.equal(created, true);
    const m = meta(object);
    assert.equal(m['namespace'], 'default');
    assert.equal(m['uid'], '00000000-0000-4000-8000-000000000001');
    assert.equal(m['creationTimestamp'], '2024-05-06T07:08:09Z');
    assert.equal(m['resourceVersion'], String(await f.store.currentRevision()));
    assert.deepEqual(m['managedFields'], [
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2024-05-06T07:08:09Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:k': {} } },
      },
    ]);
    const got = await f.reg.get(f.ctx(), 'a');
    assert.deepEqual(got, object);
  });

  const errorCases: Array<{
    name: string;
    ns?: string;
    body: unknown;
    code: number;
    message: string | RegExp;
  }> = [
    {
      name: 'namespace differs from the request',
      body: configMap('b', {}, { namespace: 'other' }),
      code: 400,
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    },
    {
      name: 'resourceVersion set',
      body: configMap('c', {}, { resourceVersion: '5' }),
      code: 500,
      message: 'resourceVersion should not be set on objects to be created',
    },
    {
      name: 'no name nor generateName',
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
      code: 422,
      message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    },
    {
      name: 'invalid name',
      body: configMap('Not_Valid'),
      code: 422,
      message:
        /^ConfigMap "Not_Valid" is invalid: metadata\.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain/,
    },
    {
      name: 'wrong apiVersion',
      body: { ...configMap('d'), apiVersion: 'apps/v1' },
      code: 400,
      message: 'the API version in the data (apps/v1) does not match the expected API version (v1)',
    },
    {
      name: 'wrong kind',
      body: { ...configMap('d'), kind: 'Secret' },
      code: 400,
      message: 'the object provided is unrecognized (must be of type ConfigMap)',
    },
    {
      name: 'not an object',
      body: [1, 2],
      code: 400,
      message: 'the object provided is unrecognized (must be of type ConfigMap)',
    },
  ];
  for (const c of errorCases) {
    it(`rejects: ${c.name}`, async () => {
      const before = await f.store.currentRevision();
      const err = await statusOf(f.reg.create(f.ctx(c.ns), c.body));
      assert.equal(err.code, c.code);
      if (typeof c.message === 'string') assert.equal(err.message, c.message);
      else assert.match(err.message, c.message);
      assert.equal(await f.store.currentRevision(), before, 'nothing written');
    });
  }

  it('answers 409 AlreadyExists for an existing name', async () => {
    await f.reg.create(f.ctx(), configMap('dup'));
    const err = await statusOf(f.reg.create(f.ctx(), configMap('dup')));
    assert.equal(err.code, 409);
    assert.equal(err.reason, 'AlreadyExists');
    assert.equal(err.message, 'configmaps "dup" already exists');
  });

  it('takes the namespace of the request when the object has none, and keeps a matching one', async () => {
    const a = await f.reg.create(f.ctx('team'), configMap('ns1'));
    assert.equal(meta(a.object)['namespace'], 'team');
    const b = await f.reg.create(f.ctx('team'), configMap('ns2', {}, { namespace: 'team' }));
    assert.equal(meta(b.object)['namespace'], 'team');
  });

  it('drops client-set uid, deletionTimestamp, deletionGracePeriodSeconds and selfLink', async () => {
    const body = configMap(
      'sys',
      {},
      {
        uid: 'mine',
        deletionTimestamp: '2020-01-01T00:00:00Z',
        deletionGracePeriodSeconds: 5,
        selfLink: '/x',
        creationTimestamp: '2000-01-01T00:00:00Z',
      },
    );
    const { object } = await f.reg.create(f.ctx(), body);
    const m = meta(object);
    assert.notEqual(m['uid'], 'mine');
    assert.equal(m['deletionTimestamp'], undefined);
    assert.equal(m['deletionGracePeriodSeconds'], undefined);
    assert.equal(m['selfLink'], undefined);
    assert.equal(m['creationTimestamp'], '2024-05-06T07:08:09Z');
  });

  it('dry run validates and answers without writing or a resourceVersion', async () => {
    const before = await f.store.currentRevision();
    const { object } = await f.reg.create(f.ctx(), configMap('dry'), { dryRun: true });
    assert.equal(meta(object)['resourceVersion'], undefined);
    assert.equal(meta(object)['name'], 'dry');
    assert.equal(await f.store.currentRevision(), before);
    assert.equal((await statusOf(f.reg.get(f.ctx(), 'dry'))).code, 404);
    const dup = await statusOf(f.reg.create(f.ctx(), configMap('dup'), { dryRun: true }));
    assert.equal(dup.reason, 'AlreadyExists');
  });

  it('does not mutate the body it is given', async () => {
    const body = configMap('pure');
    const copy = structuredClone(body);
    await f.reg.create(f.ctx(), body);
    assert.deepEqual(body, copy);
  });
});

describe('RegistryStore.create with generateName', () => {
  it('generates a name from the prefix', async () => {
    const f = await fixture('', 'v1', 'configmaps', { random: () => 0 });
    try {
      const { object } = await f.reg.create(f.ctx(), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { generateName: 'web-' },
      });
      assert.equal(meta(object)['name'], 'web-bbbbb');
      assert.equal(meta(object)['generateName'], 'web-');
    } finally {
      await f.close();
    }
  });

  it('retries a colliding generated name, then answers the generateName conflict', async () => {
    let calls = 0;
    const f = await fixture('', 'v1', 'configmaps', {
      random: () => {
        calls++;
        return 0;
      },
    });
    try {
      const body: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-' } };
      await f.reg.create(f.ctx(), body);
      calls = 0;
      const err = await statusOf(f.reg.create(f.ctx(), body));
      assert.equal(err.code, 409);
      assert.equal(err.reason, 'AlreadyExists');
      assert.equal(
        err.message,
        'configmaps "web-bbbbb" already exists, the server was not able to generate a unique name for the object',
      );
      assert.equal(err.status.details?.retryAfterSeconds, 1);
      assert.equal(calls, 8 * 5, 'eight attempts of five random characters');
    } finally {
      await f.close();
    }
  });

  it('a colliding generated name succeeds once a fresh one is free', async () => {
    const seq = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    let i = 0;
    const f = await fixture('', 'v1', 'configmaps', { random: () => seq[i++] ?? 2 });
    try {
      const body: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-' } };
      await f.reg.create(f.ctx(), body);
      const { object } = await f.reg.create(f.ctx(), body);
      assert.equal(meta(object)['name'], 'x-ccccc');
    } finally {
      await f.close();
    }
  });
});

describe('RegistryStore.create of kinds with generation and defaults', () => {
  it('sets generation 1 on deployments and applies defaults', async () => {
    const f = await fixture('apps', 'v1', 'deployments');
    try {
      const body: JsonObject = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', generation: 7 },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        },
        status: { replicas: 9 },
      };
      const { object } = await f.reg.create(f.ctx(), body);
      assert.equal(meta(object)['generation'], 1);
      assert.equal((object['spec'] as JsonObject)['replicas'], 1, 'defaulted');
      assert.equal(object['status'], undefined, 'status is cleared on create');
    } finally {
      await f.close();
    }
  });

  it('creates pods Pending with their QoS class, whatever status the client sent', async () => {
    const f = await fixture('', 'v1', 'pods');
    try {
      const body = pod('p');
      body['status'] = { phase: 'Running', podIP: '10.0.0.1' };
      const { object } = await f.reg.create(f.ctx(), body);
      assert.deepEqual(object['status'], { phase: 'Pending', qosClass: 'BestEffort' });
      assert.equal(meta(object)['generation'], 1);
      const limited = pod('q');
      const c0 = ((limited['spec'] as JsonObject)['containers'] as JsonObject[])[0] as JsonObject;
      c0['resources'] = { limits: { cpu: '1', memory: '1Gi' } };
      const out = await f.reg.create(f.ctx(), limited);
      assert.equal(
        (out.object['status'] as JsonObject)['qosClass'],
        'Guaranteed',
        'requests default to limits',
      );
    } finally {
      await f.close();
    }
  });

  it('rejects an invalid pod with the kind in the message', async () => {
    const f = await fixture('', 'v1', 'pods');
    try {
      const body = pod('p');
      (body['spec'] as JsonObject)['containers'] = [];
      const err = await statusOf(f.reg.create(f.ctx(), body));
      assert.equal(err.code, 422);
      assert.equal(err.reason, 'Invalid');
      assert.match(err.message, /^Pod "p" is invalid: spec\.containers: Required value/);
    } finally {
      await f.close();
    }
  });
});
