import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allResources } from '../index.js';
import { effectiveDefaultStorageClass, hasPrinter, parseIncludeObject, printTable } from './index.js';
import { ago, D, NOW } from './testing.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', uid: 'u1', resourceVersion: '7', creationTimestamp: ago(D) },
  spec: { containers: [{ name: 'c', image: 'i' }] },
  status: { phase: 'Succeeded' },
};

describe('printTable envelope', () => {
  test('kind, apiVersion, columns with wide ones, rows with objects', () => {
    const t = printTable({ group: '', resource: 'pods' }, [pod], { now: NOW });
    assert.equal(t.kind, 'Table');
    assert.equal(t.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(t.metadata, {});
    assert.equal(t.columnDefinitions?.length, 9);
    assert.deepEqual(t.columnDefinitions?.[0], {
      name: 'Name',
      type: 'string',
      format: 'name',
      description: 'Name of the object, unique within its namespace.',
      priority: 0,
    });
    assert.equal(t.columnDefinitions?.[5]?.priority, 1);
    assert.equal(t.rows?.[0]?.object, pod);
    assert.equal(t.rows?.[0]?.cells.length, 9);
  });
  test('noHeaders leaves the column definitions null', () => {
    const t = printTable({ group: '', resource: 'pods' }, [pod], { now: NOW, noHeaders: true });
    assert.equal(t.columnDefinitions, null);
    assert.equal(t.rows?.length, 1);
  });
  test('includeObject Metadata carries PartialObjectMetadata', () => {
    const t = printTable({ group: '', resource: 'pods' }, [pod], { now: NOW, includeObject: 'Metadata' });
    assert.deepEqual(t.rows?.[0]?.object, {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: pod.metadata,
    });
    assert.deepEqual(t.rows?.[0]?.conditions?.[0]?.reason, 'Succeeded');
  });
  test('includeObject None carries null', () => {
    const t = printTable({ group: 'apps', resource: 'deployments' }, [{ metadata: { name: 'd' } }], {
      now: NOW,
      includeObject: 'None',
    });
    assert.equal(t.rows?.[0]?.object, null);
  });
  test('list metadata is copied, empty values left out', () => {
    const t = printTable({ group: '', resource: 'pods' }, [], {
      now: NOW,
      listMeta: { resourceVersion: '42', continue: '', remainingItemCount: 3 },
    });
    assert.deepEqual(t.metadata, { resourceVersion: '42', remainingItemCount: 3 });
    assert.deepEqual(t.rows, []);
  });
  test('the input objects are not mutated', () => {
    const copy = structuredClone(pod);
    printTable({ group: '', resource: 'pods' }, [pod], { now: NOW, includeObject: 'Metadata' });
    assert.deepEqual(pod, copy);
  });
});

describe('default table', () => {
  const cases = [
    { name: 'limitranges', group: '', resource: 'limitranges' },
    { name: 'roles', group: 'rbac.authorization.k8s.io', resource: 'roles' },
    { name: 'clusterroles', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
    { name: 'csistoragecapacities', group: 'storage.k8s.io', resource: 'csistoragecapacities' },
    {
      name: 'customresourcedefinitions',
      group: 'apiextensions.k8s.io',
      resource: 'customresourcedefinitions',
    },
    { name: 'an unknown resource', group: 'example.com', resource: 'widgets' },
  ];
  for (const c of cases) {
    test(`${c.name} get Name and Created At`, () => {
      assert.equal(hasPrinter(c.group, c.resource), false);
      const obj = { metadata: { name: 'x', creationTimestamp: '2025-03-04T05:06:07+02:00' } };
      const t = printTable(c, [obj], { now: NOW });
      assert.deepEqual(
        t.columnDefinitions?.map((col) => [col.name, col.type, col.format, col.priority]),
        [
          ['Name', 'string', 'name', 0],
          ['Created At', 'date', '', 0],
        ],
      );
      assert.deepEqual(t.rows?.[0]?.cells, ['x', '2025-03-04T03:06:07Z']);
    });
  }
  test('an object without creation time shows the zero time', () => {
    const t = printTable({ group: '', resource: 'limitranges' }, [{ metadata: { name: 'x' } }], { now: NOW });
    assert.deepEqual(t.rows?.[0]?.cells, ['x', '0001-01-01T00:00:00Z']);
  });
  test('an empty list has null rows', () => {
    assert.equal(printTable({ group: '', resource: 'limitranges' }, [], { now: NOW }).rows, null);
  });
  test('noHeaders applies to the default table too', () => {
    assert.equal(
      printTable({ group: '', resource: 'limitranges' }, [], { now: NOW, noHeaders: true }).columnDefinitions,
      null,
    );
  });
});

describe('printer coverage of the catalogue', () => {
  // Listable resources upstream serves through the default table convertor.
  const defaultTable = new Set([
    '/limitranges',
    'rbac.authorization.k8s.io/roles',
    'rbac.authorization.k8s.io/clusterroles',
    'storage.k8s.io/csistoragecapacities',
    'apiextensions.k8s.io/customresourcedefinitions',
  ]);
  for (const r of allResources()) {
    if (r.listKind === undefined) continue;
    const key = `${r.group}/${r.plural}`;
    test(`${key} ${defaultTable.has(key) ? 'uses the default table' : 'has a printer'}`, () => {
      assert.equal(hasPrinter(r.group, r.plural), !defaultTable.has(key));
    });
  }
});

describe('parseIncludeObject', () => {
  const cases = [
    { name: 'absent defaults to Metadata', raw: undefined, want: { ok: true, value: 'Metadata' } },
    { name: 'empty defaults to Metadata', raw: '', want: { ok: true, value: 'Metadata' } },
    { name: 'None', raw: 'None', want: { ok: true, value: 'None' } },
    { name: 'Object', raw: 'Object', want: { ok: true, value: 'Object' } },
    {
      name: 'other values are rejected with upstream text',
      raw: 'object',
      want: { ok: false, message: 'unrecognized includeObject value: "object"' },
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(parseIncludeObject(c.raw), c.want));
});

test('effectiveDefaultStorageClass over a full list', () => {
  const sc = (name: string, created: string, isDefault: boolean) => ({
    metadata: {
      name,
      creationTimestamp: created,
      annotations: { 'storageclass.kubernetes.io/is-default-class': String(isDefault) },
    },
  });
  assert.equal(effectiveDefaultStorageClass([sc('a', ago(2 * D), true), sc('b', ago(D), true)]), 'b');
  assert.equal(effectiveDefaultStorageClass([sc('a', ago(D), false)]), undefined);
  const t = printTable({ group: 'storage.k8s.io', resource: 'storageclasses' }, [sc('a', ago(D), true)], {
    now: NOW,
    defaultStorageClass: '',
  });
  assert.equal(t.rows?.[0]?.cells[0], 'a', 'an empty known default marks nothing');
});

test('the scale subresource prints Scale objects', () => {
  const scale = {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: 'web', creationTimestamp: ago(D) },
    spec: { replicas: 3 },
    status: { replicas: 2, selector: 'app=web' },
  };
  const t = printTable({ group: 'apps', resource: 'deployments', subresource: 'scale' }, [scale], {
    now: NOW,
  });
  assert.deepEqual(
    t.columnDefinitions?.map((c) => [c.name, c.type, c.format]),
    [
      ['Name', 'string', ''],
      ['Desired', 'integer', ''],
      ['Available', 'integer', ''],
      ['Age', 'string', ''],
    ],
  );
  assert.deepEqual(t.rows?.[0]?.cells, ['web', 3, 2, '24h']);
});
