import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type FieldError, FieldErrorType, errorString, path } from '../field/index.js';
import * as v from './index.js';

const strs = (errs: readonly FieldError[]): string[] => errs.map(errorString);

const base = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'test',
  resourceVersion: '1',
  ...extra,
});
const now = '1970-01-01T00:16:40Z';
const later = '1970-01-01T00:33:20Z';

describe('validateObjectMetaUpdate', () => {
  const f = path('field');
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, string[]]> = [
    ['nothing changed', base(), base(), []],
    [
      'creationTimestamp added',
      base({ creationTimestamp: '1970-01-01T00:00:10Z' }),
      base(),
      ['field.creationTimestamp: Invalid value: "1970-01-01T00:00:10Z": field is immutable'],
    ],
    [
      'creationTimestamp changed',
      base({ creationTimestamp: '1970-01-01T00:00:10Z' }),
      base({ creationTimestamp: '1970-01-01T00:00:11Z' }),
      ['field.creationTimestamp: Invalid value: "1970-01-01T00:00:10Z": field is immutable'],
    ],
    [
      'same instant written with an offset',
      base({ creationTimestamp: '1970-01-01T01:00:10+01:00' }),
      base({ creationTimestamp: '1970-01-01T00:00:10Z' }),
      [],
    ],
    ['zero creationTimestamp equals none', base({ creationTimestamp: '0001-01-01T00:00:00Z' }), base(), []],
    [
      'adding finalizers while deleting',
      base({ deletionTimestamp: now, finalizers: ['x/a', 'y/b'] }),
      base({ deletionTimestamp: now, finalizers: ['x/a'] }),
      [
        'field.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"y/b"}',
      ],
    ],
    [
      'changing finalizers while deleting',
      base({ deletionTimestamp: now, finalizers: ['x/b'] }),
      base({ deletionTimestamp: now, finalizers: ['x/a'] }),
      [
        'field.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"x/b"}',
      ],
    ],
    [
      'removing finalizers while deleting',
      base({ deletionTimestamp: now, finalizers: ['x/a'] }),
      base({ deletionTimestamp: now, finalizers: ['x/a', 'y/b'] }),
      [],
    ],
    [
      'adding finalizers when not deleting',
      base({ finalizers: ['x/a', 'y/b'] }),
      base({ finalizers: ['x/a'] }),
      [],
    ],
    [
      'deletion fields unchanged',
      base({ deletionTimestamp: now, deletionGracePeriodSeconds: 30 }),
      base({ deletionTimestamp: now, deletionGracePeriodSeconds: 30 }),
      [],
    ],
    [
      'setting deletionTimestamp',
      base({ deletionTimestamp: now }),
      base(),
      [`field.deletionTimestamp: Invalid value: "${now}": field is immutable`],
    ],
    [
      'changing deletionTimestamp',
      base({ deletionTimestamp: later }),
      base({ deletionTimestamp: now }),
      [`field.deletionTimestamp: Invalid value: "${later}": field is immutable`],
    ],
    [
      'setting deletionGracePeriodSeconds',
      base({ deletionGracePeriodSeconds: 30 }),
      base(),
      ['field.deletionGracePeriodSeconds: Invalid value: 30: field is immutable'],
    ],
    [
      'changing deletionGracePeriodSeconds',
      base({ deletionGracePeriodSeconds: 40 }),
      base({ deletionGracePeriodSeconds: 30 }),
      ['field.deletionGracePeriodSeconds: Invalid value: 40: field is immutable'],
    ],
    [
      'generation decremented',
      base({ generation: 4 }),
      base({ generation: 5 }),
      ['field.generation: Invalid value: 4: must not be decremented'],
    ],
    ['generation incremented', base({ generation: 2 }), base({ generation: 1 }), []],
    ['generation unchanged', base({ generation: 5 }), base({ generation: 5 }), []],
    [
      'generation decremented to zero',
      base({ generation: 0 }),
      base({ generation: 1 }),
      ['field.generation: Invalid value: 0: must not be decremented'],
    ],
    [
      'negative generation',
      base({ generation: -1 }),
      base({ generation: 0 }),
      [
        'field.generation: Invalid value: -1: must be greater than or equal to 0',
        'field.generation: Invalid value: -1: must not be decremented',
      ],
    ],
    [
      'missing resourceVersion',
      base({ resourceVersion: '' }),
      base(),
      ['field.resourceVersion: Invalid value: "": must be specified for an update'],
    ],
    [
      'missing resourceVersion on both',
      base({ resourceVersion: undefined }),
      base({ resourceVersion: undefined }),
      ['field.resourceVersion: Invalid value: "": must be specified for an update'],
    ],
    [
      'name changed',
      base({ name: 'other' }),
      base(),
      ['field.name: Invalid value: "other": field is immutable'],
    ],
    [
      'namespace changed',
      base({ namespace: 'new-ns' }),
      base({ namespace: 'old-ns' }),
      ['field.namespace: Invalid value: "new-ns": field is immutable'],
    ],
    [
      'uid changed',
      base({ uid: 'b' }),
      base({ uid: 'a' }),
      ['field.uid: Invalid value: "b": field is immutable'],
    ],
    [
      'new labels checked',
      base({ labels: { 'a b': 'c' } }),
      base(),
      [
        "field.labels: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
    [
      'owner references checked',
      base({ ownerReferences: [{ apiVersion: '', kind: 'Pod', name: 'p', uid: '1' }] }),
      base(),
      ['field.ownerReferences[0].apiVersion: Required value: must not be empty'],
    ],
    [
      'managed fields checked',
      base({ managedFields: [{ operation: 'Patch' }] }),
      base(),
      ['field.managedFields[0].operation: Unsupported value: "Patch": supported values: "Apply", "Update"'],
    ],
    [
      'unqualified finalizer',
      base({ finalizers: ['mine'] }),
      base({ finalizers: ['mine'] }),
      [
        'field.finalizers[0]: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified',
      ],
    ],
    ['names are not re-validated on update', base({ name: 'Bad_Name' }), base({ name: 'Bad_Name' }), []],
    [
      'type errors in the new object are reported',
      base({ uid: 1 }),
      base(),
      ['field.uid: Invalid value: "integer": must be of type string'],
    ],
    ['type errors in the stored object are not', base(), base({ labels: 'junk', generation: 'x' }), []],
  ];
  for (const [name, n, o, want] of cases)
    test(name, () => assert.deepEqual(strs(v.validateObjectMetaUpdate(n, o, f)), want));

  test('clearing deletion fields reports null values', () => {
    const errs = v.validateObjectMetaUpdate(
      base(),
      base({ deletionTimestamp: now, deletionGracePeriodSeconds: 30 }),
      f,
    );
    assert.deepEqual(
      errs.map((e) => [e.field, e.type, e.badValue, e.detail]),
      [
        ['field.deletionTimestamp', FieldErrorType.Invalid, null, 'field is immutable'],
        ['field.deletionGracePeriodSeconds', FieldErrorType.Invalid, null, 'field is immutable'],
      ],
    );
  });
  test('removing creationTimestamp reports a null value', () => {
    const errs = v.validateObjectMetaUpdate(base(), base({ creationTimestamp: '1970-01-01T00:00:10Z' }), f);
    assert.deepEqual(
      errs.map((e) => [e.field, e.type, e.badValue, e.detail]),
      [['field.creationTimestamp', FieldErrorType.Invalid, null, 'field is immutable']],
    );
  });
  test('an explicit zero deletionTimestamp is set, unlike a missing one', () => {
    const zero = '0001-01-01T00:00:00Z';
    assert.equal(v.validateObjectMetaUpdate(base({ deletionTimestamp: zero }), base(), f).length, 1);
    assert.equal(
      v.validateObjectMetaUpdate(
        base({ deletionTimestamp: zero, finalizers: ['a/b'] }),
        base({ deletionTimestamp: zero }),
        f,
      ).length,
      1,
    );
  });
  test('custom resources skip the standard finalizer rule', () =>
    assert.deepEqual(
      v.validateObjectMetaUpdate(base({ finalizers: ['mine'] }), base(), f, { standardFinalizers: false }),
      [],
    ));
  test('new metadata that is not an object', () =>
    assert.deepEqual(strs(v.validateObjectMetaUpdate(7, base(), f)), [
      'field: Invalid value: "integer": must be of type object',
    ]));
  test('odd inputs never throw', () => {
    const key = fc.constantFrom(
      'name',
      'namespace',
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'labels',
      'annotations',
      'finalizers',
      'ownerReferences',
      'managedFields',
    );
    const meta = fc.oneof(fc.jsonValue(), fc.dictionary(key, fc.jsonValue({ maxDepth: 3 })));
    fc.assert(
      fc.property(meta, meta, (n, o) => {
        for (const e of v.validateObjectMetaUpdate(n, o)) assert.equal(typeof errorString(e), 'string');
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('generic helpers', () => {
  test('validateNonnegativeField', () => {
    assert.deepEqual(v.validateNonnegativeField(0, path('x')), []);
    assert.deepEqual(strs(v.validateNonnegativeField(-5, path('x'))), [
      'x: Invalid value: -5: must be greater than or equal to 0',
    ]);
  });
  test('validateImmutableField compares as JSON', () => {
    assert.deepEqual(v.validateImmutableField({ a: 1, b: [1] }, { b: [1], a: 1 }, path('x')), []);
    assert.deepEqual(strs(v.validateImmutableField('b', 'a', path('x'))), [
      'x: Invalid value: "b": field is immutable',
    ]);
  });
});
