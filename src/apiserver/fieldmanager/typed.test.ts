import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinTypes } from './for-resource.js';
import type { Json } from './path.js';
import { FieldSet } from './set.js';
import { compare, dropNulls, merge, removeItems, SchemaError, toFieldSet } from './typed.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON read back in assertions
type Loose = any;

const pod = builtinTypes().definition('io.k8s.api.core.v1.Pod');

function podWith(containers: Json[], extra: Record<string, Json> = {}): Json {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers, ...extra } };
}

describe('typed values', () => {
  test('field set: leaves, list items with `.`, struct fields without', () => {
    const v = podWith([{ name: 'a', image: 'x', ports: [{ containerPort: 80 }] }], {
      nodeSelector: { disk: 'ssd' },
      securityContext: {},
    });
    assert.deepEqual(toFieldSet(v, pod).toFieldsV1(), {
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:name': {} },
      'f:spec': {
        'f:containers': {
          'k:{"name":"a"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
        // nodeSelector is an atomic map: owned whole.
        'f:nodeSelector': {},
        'f:securityContext': {},
      },
    });
  });

  test('strict field sets reject undeclared fields, duplicates and missing keys', () => {
    assert.throws(() => toFieldSet(podWith([], { bogus: 1 }), pod, true), {
      name: 'SchemaError',
      message: '.spec.bogus: field not declared in schema',
    });
    assert.throws(
      () => toFieldSet(podWith([{ name: 'a' }, { name: 'a' }]), pod, true),
      (e: unknown) =>
        e instanceof SchemaError && e.message === '.spec.containers: duplicate entries for key [name="a"]',
    );
    assert.throws(() => toFieldSet(podWith([{ image: 'x' }]), pod, true), /omits key field "name"/);
    // Lenient (live objects): an undeclared field is walked as untyped.
    assert.deepEqual(toFieldSet({ spec: { bogus: { a: 1 } } }, pod).toFieldsV1(), {
      'f:spec': { 'f:bogus': { '.': {}, 'f:a': {} } },
    });
  });

  test('compare: added, modified and removed paths, with non-leaf nodes added whole', () => {
    const old = {
      ...(podWith([{ name: 'a', image: 'x' }]) as object),
      metadata: { name: 'p', labels: { a: '1' } },
    };
    const next = podWith([
      { name: 'a', image: 'y' },
      { name: 'b', image: 'z' },
    ]);
    const c = compare(old, next, pod);
    assert.deepEqual(c.modified.toFieldsV1(), {
      'f:spec': { 'f:containers': { 'k:{"name":"a"}': { 'f:image': {} } } },
    });
    assert.deepEqual(c.added.toFieldsV1(), {
      'f:spec': { 'f:containers': { 'k:{"name":"b"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
    });
    assert.deepEqual(c.removed.toFieldsV1(), { 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } });
    const same = compare(old, old, pod);
    assert.equal(same.added.isEmpty() && same.modified.isEmpty() && same.removed.isEmpty(), true);
  });

  test('merge: map lists by key keep live order, new items follow the configuration', () => {
    const live = podWith([
      { name: 'a', image: 'a1', tty: true },
      { name: 'b', image: 'b1' },
    ]);
    const config = podWith([
      { name: 'c', image: 'c1' },
      { name: 'a', image: 'a2' },
    ]);
    const out = merge(live, config, pod) as Record<string, Loose>;
    assert.deepEqual(out.spec.containers, [
      { name: 'c', image: 'c1' },
      { name: 'a', image: 'a2', tty: true },
      { name: 'b', image: 'b1' },
    ]);
  });

  test('merge: sets by value, atomic lists and atomic structs replaced', () => {
    const type = builtinTypes().definition('io.k8s.api.apps.v1.Deployment');
    const live = {
      metadata: { finalizers: ['x', 'y'] },
      spec: {
        selector: { matchLabels: { a: '1', b: '2' } },
        template: { spec: { containers: [{ name: 'm', args: ['1', '2'] }] } },
      },
    };
    const config = {
      metadata: { finalizers: ['z', 'x'] },
      spec: {
        selector: { matchLabels: { a: '1' } },
        template: { spec: { containers: [{ name: 'm', args: ['3'] }] } },
      },
    };
    const out = merge(live, config, type) as Record<string, Loose>;
    assert.deepEqual(out.metadata.finalizers, ['z', 'x', 'y']);
    assert.deepEqual(out.spec.selector, { matchLabels: { a: '1' } });
    assert.deepEqual(out.spec.template.spec.containers[0].args, ['3']);
  });

  test('removeItems drops members and empties become null', () => {
    const v = {
      ...(podWith([{ name: 'a', image: 'x' }, { name: 'b' }]) as object),
      metadata: { name: 'p', labels: { disk: 'ssd' } },
    };
    const gone = FieldSet.of(
      [
        { type: 'field', name: 'spec' },
        { type: 'field', name: 'containers' },
        { type: 'key', fields: [['name', 'b']] },
      ],
      [
        { type: 'field', name: 'metadata' },
        { type: 'field', name: 'labels' },
        { type: 'field', name: 'disk' },
      ],
    );
    const out = removeItems(v, gone, pod) as Record<string, Loose>;
    assert.deepEqual(out.spec.containers, [{ name: 'a', image: 'x' }]);
    assert.equal(out.metadata.labels, null);
    assert.deepEqual(dropNulls(out), podWith([{ name: 'a', image: 'x' }]));
  });
});
