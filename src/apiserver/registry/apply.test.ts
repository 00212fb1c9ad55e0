import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configMap, type Fixture, fixture, meta, statusOf } from './test-helpers.js';
import type { JsonObject } from './types.js';

const APPLY = 'application/apply-patch+yaml';
const MERGE = 'application/merge-patch+json';

function entries(obj: JsonObject): JsonObject[] {
  return (meta(obj)['managedFields'] ?? []) as JsonObject[];
}

describe('RegistryStore.patch with server-side apply', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture('', 'v1', 'configmaps');
  });
  after(() => f.close());

  it('creates a missing object (created: true) and records the Apply entry', async () => {
    const out = await f.reg.patch(
      f.ctx(),
      'cm',
      APPLY,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: "1"\n  b: "2"\n',
      { fieldManager: 'tool' },
    );
    assert.equal(out.created, true);
    assert.deepEqual(out.object['data'], { a: '1', b: '2' });
    assert.deepEqual(
      entries(out.object).map((e) => [e['manager'], e['operation'], e['fieldsV1']]),
      [['tool', 'Apply', { 'f:data': { 'f:a': {}, 'f:b': {} } }]],
    );
  });

  it('an unchanged apply writes nothing', async () => {
    const before = await f.reg.get(f.ctx(), 'cm');
    f.advance(10);
    const out = await f.reg.patch(
      f.ctx(),
      'cm',
      APPLY,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1","b":"2"}}',
      { fieldManager: 'tool' },
    );
    assert.equal(out.created, false);
    assert.equal(meta(out.object)['resourceVersion'], meta(before)['resourceVersion']);
  });

  it('updates through other endpoints take ownership; apply then conflicts or forces', async () => {
    const patched = await f.reg.patch(f.ctx(), 'cm', MERGE, '{"data":{"a":"9"}}', { fieldManager: 'editor' });
    assert.deepEqual(
      entries(patched.object).map((e) => [e['manager'], e['operation'], e['fieldsV1']]),
      [
        ['tool', 'Apply', { 'f:data': { 'f:b': {} } }],
        ['editor', 'Update', { 'f:data': { 'f:a': {} } }],
      ],
    );
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1","b":"2"}}';
    const e = await statusOf(f.reg.patch(f.ctx(), 'cm', APPLY, body, { fieldManager: 'tool' }));
    assert.equal(e.status.code, 409);
    assert.equal(e.status.message, 'Apply failed with 1 conflict: conflict with "editor" using v1: .data.a');
    const forced = await f.reg.patch(f.ctx(), 'cm', APPLY, body, { fieldManager: 'tool', force: true });
    assert.deepEqual(forced.object['data'], { a: '1', b: '2' });
    assert.deepEqual(
      entries(forced.object).map((e) => e['manager']),
      ['tool'],
    );
  });

  it('dropping a field from the configuration removes it', async () => {
    const out = await f.reg.patch(
      f.ctx(),
      'cm',
      APPLY,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"b":"2"}}',
      { fieldManager: 'tool' },
    );
    assert.deepEqual(out.object['data'], { b: '2' });
  });

  it('answers upstream errors for bad bodies and names', async () => {
    const yaml = await statusOf(f.reg.patch(f.ctx(), 'cm', APPLY, 'a: [', { fieldManager: 'tool' }));
    assert.equal(yaml.status.code, 400);
    assert.match(yaml.status.message ?? '', /^error decoding YAML: /);
    const list = await statusOf(f.reg.patch(f.ctx(), 'cm', APPLY, '[1]', { fieldManager: 'tool' }));
    assert.equal(
      list.status.message,
      'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    const name = await statusOf(
      f.reg.patch(
        f.ctx(),
        'cm',
        APPLY,
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"}}',
        {
          fieldManager: 'tool',
        },
      ),
    );
    assert.equal(name.status.code, 400);
    assert.equal(
      name.status.message,
      'the name of the object (other) does not match the name on the URL (cm)',
    );
    const status = await statusOf(
      f.reg.patch(
        f.ctx(),
        'missing',
        APPLY,
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"missing"}}',
        {
          fieldManager: 'tool',
          subresource: 'status',
        },
      ),
    );
    assert.equal(status.status.code, 404);
  });

  it('create and update record Update entries with the fields they set', async () => {
    const made = await f.reg.create(f.ctx(), configMap('u', { x: '1' }), { fieldManager: 'creator' });
    assert.deepEqual(
      entries(made.object).map((e) => [e['manager'], e['operation'], e['fieldsV1']]),
      [['creator', 'Update', { 'f:data': { '.': {}, 'f:x': {} } }]],
    );
    f.advance(5);
    const next = structuredClone(made.object);
    (next['data'] as JsonObject)['y'] = '2';
    const put = await f.reg.update(f.ctx(), 'u', next, { fieldManager: 'putter' });
    assert.deepEqual(
      entries(put.object).map((e) => [e['manager'], e['fieldsV1']]),
      [
        ['creator', { 'f:data': { '.': {}, 'f:x': {} } }],
        ['putter', { 'f:data': { 'f:y': {} } }],
      ],
    );
  });
});

describe('RegistryStore.update through the scale subresource', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture('apps', 'v1', 'deployments');
  });
  after(() => f.close());

  it('records a `subresource: scale` entry owning spec.replicas', async () => {
    const body =
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1,' +
      '"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},' +
      '"spec":{"containers":[{"name":"c","image":"x"}]}}}}';
    const applied = await f.reg.patch(f.ctx(), 'd', APPLY, body, { fieldManager: 'kubectl' });
    const next = structuredClone(applied.object);
    (next['spec'] as JsonObject)['replicas'] = 4;
    const scaled = await f.reg.update(f.ctx(), 'd', next, { fieldManager: 'kubectl', subresource: 'scale' });
    const scale = entries(scaled.object).find((e) => e['subresource'] === 'scale');
    assert.deepEqual(
      [scale?.['manager'], scale?.['operation'], scale?.['apiVersion'], scale?.['fieldsV1']],
      ['kubectl', 'Update', 'apps/v1', { 'f:spec': { 'f:replicas': {} } }],
    );
    const e = await statusOf(f.reg.patch(f.ctx(), 'd', APPLY, body, { fieldManager: 'kubectl' }));
    assert.equal(
      e.status.message,
      'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
    );
  });
});
