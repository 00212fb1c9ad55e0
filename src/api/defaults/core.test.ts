import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultObject } from './index.js';
import type { JsonObject } from './json.js';

function defaulted(kind: string, obj: JsonObject): JsonObject {
  const copy = structuredClone(obj);
  defaultObject('v1', kind, copy);
  return copy;
}

test('replication controller selector, labels and replicas', () => {
  const labels = { app: 'web' };
  const cases: Array<{
    name: string;
    input: JsonObject;
    selector: unknown;
    labels: unknown;
    replicas: unknown;
  }> = [
    {
      name: 'selector and labels from template',
      input: { spec: { template: { metadata: { labels } } } },
      selector: labels,
      labels,
      replicas: 1,
    },
    {
      name: 'explicit selector and labels are kept',
      input: {
        metadata: { labels: { own: 'x' } },
        spec: { selector: { sel: 'y' }, replicas: 0, template: { metadata: { labels } } },
      },
      selector: { sel: 'y' },
      labels: { own: 'x' },
      replicas: 0,
    },
    {
      name: 'no template: nothing to copy',
      input: { spec: { replicas: 3 } },
      selector: undefined,
      labels: undefined,
      replicas: 3,
    },
  ];
  for (const c of cases) {
    const out = defaulted('ReplicationController', c.input);
    const spec = out['spec'] as JsonObject;
    assert.deepEqual(spec['selector'], c.selector, c.name);
    assert.deepEqual((out['metadata'] as JsonObject | undefined)?.['labels'], c.labels, c.name);
    assert.equal(spec['replicas'], c.replicas, c.name);
  }
  const out = defaulted('ReplicationController', { spec: { template: { metadata: { labels } } } });
  (out['spec'] as { selector: JsonObject }).selector['changed'] = 'yes';
  assert.deepEqual((out['metadata'] as { labels: JsonObject }).labels, labels, 'copies do not alias');
});

test('namespace name label and phase', () => {
  const cases: Array<{ name: string; input: JsonObject; expected: JsonObject }> = [
    {
      name: 'named namespace',
      input: { metadata: { name: 'dev' } },
      expected: {
        metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev' } },
        status: { phase: 'Active' },
      },
    },
    {
      name: 'a wrong name label is corrected',
      input: { metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'prod', team: 'a' } } },
      expected: {
        metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev', team: 'a' } },
        status: { phase: 'Active' },
      },
    },
    {
      name: 'generateName only: no label yet',
      input: { metadata: { generateName: 'ns-' }, status: { phase: 'Terminating' } },
      expected: { metadata: { generateName: 'ns-' }, status: { phase: 'Terminating' } },
    },
  ];
  for (const c of cases) assert.deepEqual(defaulted('Namespace', c.input), c.expected, c.name);
});

test('node allocatable defaults to capacity', () => {
  const capacity = { cpu: '4', memory: '8Gi', pods: '110' };
  assert.deepEqual(defaulted('Node', { status: { capacity } }), {
    status: { capacity, allocatable: capacity },
  });
  const explicit = { status: { capacity, allocatable: { cpu: '3' } } };
  assert.deepEqual(defaulted('Node', explicit), explicit);
  assert.deepEqual(defaulted('Node', { spec: {} }), { spec: {} });
});

test('persistent volumes and claims', () => {
  assert.deepEqual(
    defaulted('PersistentVolume', { spec: { hostPath: { path: '/d' }, capacity: { storage: '1Gi' } } }),
    {
      spec: {
        hostPath: { path: '/d', type: '' },
        capacity: { storage: '1Gi' },
        persistentVolumeReclaimPolicy: 'Retain',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Pending' },
    },
  );
  const explicitPv = {
    spec: {
      persistentVolumeReclaimPolicy: 'Delete',
      volumeMode: 'Block',
      csi: { driver: 'd', volumeHandle: 'h' },
    },
    status: { phase: 'Bound' },
  };
  assert.deepEqual(defaulted('PersistentVolume', explicitPv), explicitPv);
  assert.deepEqual(defaulted('PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'] } }), {
    spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
    status: { phase: 'Pending' },
  });
});

test('secret type and endpoints protocol', () => {
  assert.deepEqual(defaulted('Secret', { data: {} }), { data: {}, type: 'Opaque' });
  assert.deepEqual(defaulted('Secret', { type: 'kubernetes.io/tls' }), { type: 'kubernetes.io/tls' });
  assert.deepEqual(
    defaulted('Endpoints', { subsets: [{ ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }] }),
    {
      subsets: [
        {
          ports: [
            { port: 80, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
        },
      ],
    },
  );
});

test('limit range container defaults', () => {
  const cases: Array<{ name: string; item: JsonObject; expected: JsonObject }> = [
    {
      name: 'default from max, request from default',
      item: { type: 'Container', max: { cpu: '2', memory: '1Gi' } },
      expected: {
        type: 'Container',
        max: { cpu: '2', memory: '1Gi' },
        default: { cpu: '2', memory: '1Gi' },
        defaultRequest: { cpu: '2', memory: '1Gi' },
      },
    },
    {
      name: 'request from min when there is no default',
      item: { type: 'Container', min: { cpu: '100m' } },
      expected: { type: 'Container', min: { cpu: '100m' }, defaultRequest: { cpu: '100m' } },
    },
    {
      name: 'explicit default wins over max; default wins over min for requests',
      item: {
        type: 'Container',
        max: { cpu: '2' },
        min: { cpu: '10m', memory: '1Mi' },
        default: { cpu: '1' },
      },
      expected: {
        type: 'Container',
        max: { cpu: '2' },
        min: { cpu: '10m', memory: '1Mi' },
        default: { cpu: '1' },
        defaultRequest: { cpu: '1', memory: '1Mi' },
      },
    },
    {
      name: 'pod items are not defaulted',
      item: { type: 'Pod', max: { cpu: '2' } },
      expected: { type: 'Pod', max: { cpu: '2' } },
    },
    {
      name: 'empty container item stays empty',
      item: { type: 'Container' },
      expected: { type: 'Container' },
    },
  ];
  for (const c of cases) {
    const out = defaulted('LimitRange', { spec: { limits: [c.item] } });
    assert.deepEqual((out['spec'] as { limits: JsonObject[] }).limits[0], c.expected, c.name);
  }
});

test('kinds without defaults are untouched', () => {
  for (const kind of [
    'ConfigMap',
    'ServiceAccount',
    'Event',
    'ResourceQuota',
    'ComponentStatus',
    'Binding',
  ]) {
    const obj = { metadata: { name: 'x', labels: { a: 'b' } } };
    assert.deepEqual(defaulted(kind, obj), obj, kind);
  }
});

test('secret stringData is merged into data and dropped, as conversion does', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  assert.deepEqual(
    defaulted('Secret', { data: { a: b64('old'), b: b64('kept') }, stringData: { a: 'new', c: 'é' } }),
    {
      data: { a: b64('new'), b: b64('kept'), c: b64('é') },
      type: 'Opaque',
    },
  );
  assert.deepEqual(defaulted('Secret', { stringData: { a: 'x' } }), {
    data: { a: b64('x') },
    type: 'Opaque',
  });
  assert.deepEqual(defaulted('Secret', { stringData: {} }), { type: 'Opaque' });
  assert.deepEqual(defaulted('Secret', { stringData: null }), { type: 'Opaque' });
  // A key that would change the prototype stays an ordinary key.
  const proto = defaulted('Secret', JSON.parse('{"stringData":{"__proto__":"p"}}') as JsonObject);
  assert.deepEqual(Object.keys(proto['data'] as object), ['__proto__']);
  assert.equal(Object.getPrototypeOf(proto['data']), Object.prototype);
  // Wrong shapes are left for validation to report.
  assert.deepEqual(defaulted('Secret', { stringData: { a: 1 } }), { stringData: { a: 1 }, type: 'Opaque' });
  assert.deepEqual(defaulted('Secret', { data: [], stringData: { a: 'x' } }), {
    data: [],
    stringData: { a: 'x' },
    type: 'Opaque',
  });
  // Idempotent.
  const once = defaulted('Secret', { stringData: { a: 'x' } });
  assert.deepEqual(defaulted('Secret', once), once);
});
