import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configMap, type Fixture, fixture, meta, statusOf } from './test-helpers.js';
import type { JsonObject } from './types.js';

const MERGE = 'application/merge-patch+json';
const JSONP = 'application/json-patch+json';
const SMP = 'application/strategic-merge-patch+json';

describe('RegistryStore.patch of configmaps', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture('', 'v1', 'configmaps');
    await f.reg.create(f.ctx(), configMap('a', { k: '1', gone: 'x' }));
  });
  after(() => f.close());

  it('applies a merge patch', async () => {
    const out = await f.reg.patch(f.ctx(), 'a', MERGE, '{"data":{"k":"2","gone":null}}');
    assert.deepEqual(out.object['data'], { k: '2' });
  });

  it('applies a JSON patch', async () => {
    const out = await f.reg.patch(f.ctx(), 'a', JSONP, '[{"op":"add","path":"/data/n","value":"v"}]');
    assert.deepEqual(out.object['data'], { k: '2', n: 'v' });
  });

  it('answers unknown fields of merge and strategic merge patches as warnings, or 400 under Strict', async () => {
    for (const type of [MERGE, SMP]) {
      const warned = await f.reg.patch(f.ctx(), 'a', type, '{"foo":1,"metadata":{"bar":2}}');
      assert.deepEqual(warned.warnings, ['unknown field "metadata.bar"', 'unknown field "foo"']);
      assert.equal(warned.object['foo'], undefined);
      const strict = await statusOf(
        f.reg.patch(f.ctx(), 'a', type, '{"foo":1}', { fieldValidation: 'Strict' }),
      );
      assert.equal(strict.code, 400);
      assert.equal(strict.status.message, 'strict decoding error: unknown field "foo"');
      const ignored = await f.reg.patch(f.ctx(), 'a', type, '{"foo":1}', { fieldValidation: 'Ignore' });
      assert.deepEqual(ignored.warnings, []);
    }
  });

  it('concurrent patches without resourceVersion all apply', async () => {
    await Promise.all(
      [1, 2, 3, 4].map((i) => f.reg.patch(f.ctx(), 'a', MERGE, JSON.stringify({ data: { [`p${i}`]: 'y' } }))),
    );
    const got = await f.reg.get(f.ctx(), 'a');
    for (const i of [1, 2, 3, 4]) assert.equal((got['data'] as JsonObject)[`p${i}`], 'y');
  });

  const errorCases: Array<{
    name: string;
    target?: string;
    type: string;
    body: string;
    code: number;
    message: string | RegExp;
  }> = [
    {
      name: 'missing object',
      target: 'nope',
      type: MERGE,
      body: '{}',
      code: 404,
      message: 'configmaps "nope" not found',
    },
    {
      name: 'stale resourceVersion in the patch',
      type: MERGE,
      body: '{"metadata":{"resourceVersion":"1"},"data":{"x":"y"}}',
      code: 409,
      message:
        'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    },
    {
      name: 'unsupported patch type',
      type: 'application/xml',
      body: '{}',
      code: 415,
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    },
    {
      name: 'renaming through the patch',
      type: MERGE,
      body: '{"metadata":{"name":"b"}}',
      code: 400,
      message: 'the name of the object (b) does not match the name on the URL (a)',
    },
    {
      name: 'a failing JSON patch test',
      type: JSONP,
      body: '[{"op":"test","path":"/data/k","value":"nope"}]',
      code: 422,
      message: 'the server rejected our request due to an error in our request',
    },
    {
      name: 'a patch that makes the object invalid',
      type: MERGE,
      body: '{"data":{"bad key!":"v"}}',
      code: 422,
      message: /^ConfigMap "a" is invalid: data\[bad key!\]: Invalid value: "bad key!"/,
    },
  ];
  for (const c of errorCases) {
    it(`rejects: ${c.name}`, async () => {
      const rev = await f.store.currentRevision();
      const err = await statusOf(f.reg.patch(f.ctx(), c.target ?? 'a', c.type, c.body));
      assert.equal(err.code, c.code);
      if (typeof c.message === 'string') assert.equal(err.message, c.message);
      else assert.match(err.message, c.message);
      assert.equal(await f.store.currentRevision(), rev);
    });
  }
});

describe('RegistryStore.patch of deployments', () => {
  it('strategic merge patches containers by name; status patches keep spec', async () => {
    const f = await fixture('apps', 'v1', 'deployments');
    try {
      await f.reg.create(f.ctx(), {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                { name: 'a', image: 'nginx:1' },
                { name: 'b', image: 'redis:1' },
              ],
            },
          },
        },
      });
      const out = await f.reg.patch(
        f.ctx(),
        'web',
        SMP,
        '{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"redis:2"}]}}}}',
      );
      const containers = ((out.object['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject;
      assert.deepEqual(
        (containers['containers'] as JsonObject[]).map((c) => [c['name'], c['image']]),
        [
          ['a', 'nginx:1'],
          ['b', 'redis:2'],
        ],
      );
      assert.equal(meta(out.object)['generation'], 2);
      const st = await f.reg.patch(f.ctx(), 'web', MERGE, '{"spec":{"replicas":9},"status":{"replicas":1}}', {
        subresource: 'status',
      });
      assert.deepEqual(st.object['status'], { replicas: 1 });
      assert.equal((st.object['spec'] as JsonObject)['replicas'], 1);
    } finally {
      await f.close();
    }
  });
});

describe('events', () => {
  it('are written with a one hour time to live', async () => {
    const f = await fixture('', 'v1', 'events');
    try {
      const ttls: Array<number | undefined> = [];
      const store = f.store;
      const create = store.create.bind(store);
      store.create = (key, value, opts) => {
        ttls.push(opts?.ttlSeconds);
        return create(key, value, opts);
      };
      await f.reg.create(f.ctx(), {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'e1' },
        involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
        reason: 'Started',
        message: 'hi',
        type: 'Normal',
        source: { component: 'kubelet' },
        firstTimestamp: '2024-05-06T07:08:09Z',
        lastTimestamp: '2024-05-06T07:08:09Z',
        count: 1,
      });
      assert.deepEqual(ttls, [3600]);
    } finally {
      await f.close();
    }
  });
});
