import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import * as m from './index.js';

const pod = (): { apiVersion: string; kind: string; metadata?: ObjectMeta } => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'default',
    uid: 'u-1',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2024-01-02T03:04:05Z',
    labels: { app: 'web' },
    annotations: { note: 'x' },
    finalizers: ['example.com/a'],
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-1', controller: true },
    ],
  },
});

describe('getters', () => {
  const p = pod();
  const cases: Array<[string, unknown, unknown]> = [
    ['name', m.getName(p), 'web-1'],
    ['namespace', m.getNamespace(p), 'default'],
    ['uid', m.getUID(p), 'u-1'],
    ['resourceVersion', m.getResourceVersion(p), '42'],
    ['generation', m.getGeneration(p), 3],
    ['creationTimestamp', m.getCreationTimestamp(p), '2024-01-02T03:04:05Z'],
    ['labels', m.getLabels(p), { app: 'web' }],
    ['annotations', m.getAnnotations(p), { note: 'x' }],
    ['finalizers', m.getFinalizers(p), ['example.com/a']],
    ['ownerReferences length', m.getOwnerReferences(p).length, 1],
    ['absent generateName', m.getGenerateName(p), ''],
    ['absent deletionTimestamp', m.getDeletionTimestamp(p), undefined],
    ['absent grace period', m.getDeletionGracePeriodSeconds(p), undefined],
    ['absent managedFields', m.getManagedFields(p), []],
  ];
  for (const [name, got, want] of cases) test(name, () => assert.deepEqual(got, want));

  const odd: Array<[string, unknown]> = [
    ['no metadata', { kind: 'Pod' }],
    ['metadata is an array', { metadata: [] }],
    ['metadata is a string', { metadata: 'x' }],
    ['members of the wrong types', { metadata: { name: 1, labels: [], finalizers: 'a', generation: '3' } }],
    ['not an object', 7],
    ['null', null],
  ];
  for (const [name, obj] of odd) {
    test(`odd input reads as absent: ${name}`, () => {
      assert.equal(m.getName(obj), '');
      assert.equal(m.getGeneration(obj), 0);
      assert.equal(m.getLabels(obj), undefined);
      assert.deepEqual(m.getFinalizers(obj), []);
      assert.deepEqual(m.getOwnerReferences(obj), []);
      assert.equal(m.getControllerOf(obj), undefined);
    });
  }
});

describe('setters mutate in place', () => {
  test('creates metadata when missing', () => {
    const o: m.MetaObject = {};
    m.setName(o, 'a');
    m.setNamespace(o, 'ns');
    m.setUID(o, 'u');
    m.setGenerateName(o, 'a-');
    m.setResourceVersion(o, '1');
    m.setGeneration(o, 2);
    m.setCreationTimestamp(o, '2024-01-02T03:04:05Z');
    m.setDeletionTimestamp(o, '2024-01-02T03:04:06Z');
    m.setDeletionGracePeriodSeconds(o, 30);
    m.setLabels(o, { a: 'b' });
    m.setAnnotations(o, { c: 'd' });
    m.setFinalizers(o, ['x/y']);
    m.setOwnerReferences(o, []);
    m.setManagedFields(o, []);
    assert.deepEqual(o.metadata, {
      name: 'a',
      namespace: 'ns',
      uid: 'u',
      generateName: 'a-',
      resourceVersion: '1',
      generation: 2,
      creationTimestamp: '2024-01-02T03:04:05Z',
      deletionTimestamp: '2024-01-02T03:04:06Z',
      deletionGracePeriodSeconds: 30,
      labels: { a: 'b' },
      annotations: { c: 'd' },
      finalizers: ['x/y'],
      ownerReferences: [],
      managedFields: [],
    });
  });
  test('undefined removes the member', () => {
    const p = pod();
    m.setLabels(p, undefined);
    m.setName(p, undefined);
    assert.equal('labels' in (p.metadata ?? {}), false);
    assert.equal(m.getName(p), '');
  });
  test('replaces a metadata member that is not an object', () => {
    const o = { metadata: 'junk' } as unknown as m.MetaObject;
    m.setName(o, 'a');
    assert.deepEqual(o.metadata, { name: 'a' });
  });
  test('setLabel and setAnnotation add to existing maps or create them', () => {
    const p = pod();
    m.setLabel(p, 'tier', 'front');
    m.setAnnotation(p, 'n2', 'y');
    assert.deepEqual(m.getLabels(p), { app: 'web', tier: 'front' });
    assert.deepEqual(m.getAnnotations(p), { note: 'x', n2: 'y' });
    const o: m.MetaObject = {};
    m.setLabel(o, 'a', 'b');
    m.setAnnotation(o, 'c', 'd');
    assert.deepEqual(o.metadata, { labels: { a: 'b' }, annotations: { c: 'd' } });
  });
  test('finalizer helpers are idempotent and report changes', () => {
    const p = pod();
    assert.equal(m.addFinalizer(p, 'example.com/b'), true);
    assert.equal(m.addFinalizer(p, 'example.com/b'), false);
    assert.equal(m.hasFinalizer(p, 'example.com/b'), true);
    assert.deepEqual(m.getFinalizers(p), ['example.com/a', 'example.com/b']);
    assert.equal(m.removeFinalizer(p, 'example.com/a'), true);
    assert.equal(m.removeFinalizer(p, 'example.com/a'), false);
    assert.equal(m.removeFinalizer(p, 'example.com/b'), true);
    assert.equal('finalizers' in (p.metadata ?? {}), false, 'empty list is dropped');
  });
});

describe('controller references', () => {
  test('getControllerOf returns a copy of the controller ref', () => {
    const p = pod();
    const ref = m.getControllerOf(p);
    assert.deepEqual(ref, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'web',
      uid: 'rs-1',
      controller: true,
    });
    if (ref) ref.name = 'changed';
    assert.equal(m.getOwnerReferences(p)[0]?.name, 'web');
  });
  test('controller: false refs are not controllers', () => {
    const o = {
      metadata: {
        ownerReferences: [{ apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: false }],
      },
    };
    assert.equal(m.getControllerOf(o), undefined);
  });
  test('the first controller wins', () => {
    const o = {
      metadata: {
        ownerReferences: [
          { apiVersion: 'v1', kind: 'A', name: 'a', uid: '1' },
          { apiVersion: 'v1', kind: 'B', name: 'b', uid: '2', controller: true },
          { apiVersion: 'v1', kind: 'C', name: 'c', uid: '3', controller: true },
        ],
      },
    };
    assert.equal(m.getControllerOf(o)?.uid, '2');
  });
  test('isControlledBy compares UIDs, not names', () => {
    const p = pod();
    assert.equal(m.isControlledBy(p, { metadata: { name: 'other', uid: 'rs-1' } }), true);
    assert.equal(m.isControlledBy(p, { metadata: { name: 'web', uid: 'rs-2' } }), false);
    assert.equal(m.isControlledBy({}, { metadata: { uid: 'rs-1' } }), false);
  });
  test('newControllerRef sets controller and blockOwnerDeletion, in upstream member order', () => {
    const owner = { metadata: { name: 'web', uid: 'd-1' } };
    const ref = m.newControllerRef(owner, { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.equal(
      JSON.stringify(ref),
      '{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"d-1","controller":true,"blockOwnerDeletion":true}',
    );
    const core = m.newControllerRef(owner, { group: '', version: 'v1', kind: 'Service' });
    assert.equal(core.apiVersion, 'v1');
  });
});
