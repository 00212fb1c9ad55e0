import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type FieldError, FieldErrorType, errorString, path } from '../field/index.js';
import * as v from './index.js';

const strs = (errs: readonly FieldError[]): string[] => errs.map(errorString);
const ns = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'test',
  namespace: 'test',
  ...extra,
});
const namespaced: v.ObjectMetaOptions = { namespaced: true, nameFn: v.nameIsDNSSubdomain };
const clusterScoped: v.ObjectMetaOptions = { namespaced: false, nameFn: v.nameIsDNSSubdomain };
const subdomainRule =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('validateObjectMeta: custom name functions (upstream cases)', () => {
  // Accepts only "test", for both name and generateName.
  const fn: v.NameFn = (s) => (s === 'test' ? [] : ['wrong value']);
  const cases: Array<[string, Record<string, unknown>, number]> = [
    ['valid name, empty generateName', { name: 'test', generateName: '' }, 0],
    ['valid name and generateName', { name: 'test', generateName: 'test' }, 0],
    ['invalid name, empty generateName', { name: 'invalid', generateName: '' }, 1],
    ['invalid name, valid generateName', { name: 'invalid', generateName: 'test' }, 1],
    ['invalid name, invalid generateName', { name: 'invalid', generateName: 'invalid' }, 2],
  ];
  for (const [name, meta, count] of cases) {
    test(name, () => {
      const errs = v.validateObjectMeta(meta, { namespaced: false, nameFn: fn }, path('field'));
      assert.equal(errs.length, count, JSON.stringify(errs));
      if (count > 0) assert.ok(errorString(errs[0]!).includes('wrong value'));
    });
  }
  test('generateName errors come first and sit at generateName', () =>
    assert.deepEqual(
      strs(
        v.validateObjectMeta(
          { name: 'invalid', generateName: 'invalid' },
          { namespaced: false, nameFn: fn },
          path('field'),
        ),
      ),
      [
        'field.generateName: Invalid value: "invalid": wrong value',
        'field.name: Invalid value: "invalid": wrong value',
      ],
    ));
});

describe('validateObjectMeta: create', () => {
  const cases: Array<[string, unknown, v.ObjectMetaOptions, string[]]> = [
    [
      'valid namespaced',
      ns({ labels: { app: 'web' }, annotations: { 'a.b/c': 'd' }, generation: 1 }),
      namespaced,
      [],
    ],
    ['valid cluster-scoped', { name: 'n1' }, clusterScoped, []],
    [
      'no name and no generateName',
      { namespace: 'test' },
      namespaced,
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      'no metadata at all',
      undefined,
      namespaced,
      [
        'metadata.name: Required value: name or generateName is required',
        'metadata.namespace: Required value',
      ],
    ],
    ['trailing dash allowed in generateName', ns({ generateName: 'foo-' }), namespaced, []],
    [
      'generateName alone is not a name',
      { generateName: 'foo-', namespace: 'test' },
      namespaced,
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      'bad name',
      ns({ name: 'Bad_Name' }),
      namespaced,
      [`metadata.name: Invalid value: "Bad_Name": ${subdomainRule}`],
    ],
    ['namespace missing', { name: 'test' }, namespaced, ['metadata.namespace: Required value']],
    [
      'namespace on a cluster-scoped type',
      ns(),
      clusterScoped,
      ['metadata.namespace: Forbidden: not allowed on this type'],
    ],
    [
      'namespace with dots',
      ns({ namespace: 'foo.bar' }),
      namespaced,
      ['metadata.namespace: Invalid value: "foo.bar": must not contain dots'],
    ],
    [
      'negative generation',
      ns({ generation: -1 }),
      namespaced,
      ['metadata.generation: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'fractional generation',
      ns({ generation: 1.5 }),
      namespaced,
      ['metadata.generation: Invalid value: "number": must be of type integer'],
    ],
    [
      'string generation',
      ns({ generation: '1' }),
      namespaced,
      ['metadata.generation: Invalid value: "string": must be of type integer'],
    ],
    [
      'name of the wrong type',
      { name: 5, namespace: 'test' },
      namespaced,
      [
        'metadata.name: Invalid value: "integer": must be of type string',
        'metadata.name: Required value: name or generateName is required',
      ],
    ],
    [
      'null members are unset',
      ns({ labels: null, finalizers: null, uid: null, generation: null, creationTimestamp: null }),
      namespaced,
      [],
    ],
    [
      'labels as a list',
      ns({ labels: ['a'] }),
      namespaced,
      ['metadata.labels: Invalid value: "array": must be of type object'],
    ],
    [
      'label value as a number',
      ns({ labels: { a: 1 } }),
      namespaced,
      ['metadata.labels[a]: Invalid value: "integer": must be of type string'],
    ],
    [
      'bad creationTimestamp',
      ns({ creationTimestamp: 'yesterday' }),
      namespaced,
      [
        'metadata.creationTimestamp: Invalid value: "yesterday": parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
      ],
    ],
    [
      'empty deletionTimestamp is a parse error, as in JSON upstream',
      ns({ deletionTimestamp: '' }),
      namespaced,
      [
        'metadata.deletionTimestamp: Invalid value: "": parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006"',
      ],
    ],
    [
      'grace period of the wrong type',
      ns({ deletionGracePeriodSeconds: true }),
      namespaced,
      ['metadata.deletionGracePeriodSeconds: Invalid value: "boolean": must be of type integer'],
    ],
    [
      'metadata is not an object',
      'x',
      namespaced,
      ['metadata: Invalid value: "string": must be of type object'],
    ],
    ['metadata is a list', [], namespaced, ['metadata: Invalid value: "array": must be of type object']],
    [
      'unqualified finalizer on a built-in type',
      ns({ finalizers: ['mine'] }),
      namespaced,
      [
        'metadata.finalizers[0]: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified',
      ],
    ],
    [
      'unqualified finalizer on a custom resource',
      ns({ finalizers: ['mine'] }),
      { ...namespaced, standardFinalizers: false },
      [],
    ],
    [
      'standard finalizers',
      ns({ finalizers: ['kubernetes', 'foregroundDeletion', 'example.com/x'] }),
      namespaced,
      [],
    ],
    [
      'conflicting finalizers',
      ns({ finalizers: ['orphan', 'foregroundDeletion'] }),
      namespaced,
      [
        'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
      ],
    ],
    [
      'owner reference without uid',
      ns({ ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p' }] }),
      namespaced,
      ['metadata.ownerReferences[0].uid: Required value: must not be empty'],
    ],
    [
      'managedFields without operation',
      ns({ managedFields: [{ fieldsType: 'FieldsV1' }] }),
      namespaced,
      ['metadata.managedFields[0].operation: Required value: must not be empty'],
    ],
    [
      'annotations over the limit',
      ns({ annotations: { a: 'b'.repeat(v.TotalAnnotationSizeLimitB) } }),
      namespaced,
      ['metadata.annotations: Too long: may not be more than 262144 bytes'],
    ],
    [
      'invalid annotation key',
      ns({ annotations: { '-invalid': 'val' } }),
      namespaced,
      [
        "metadata.annotations: Invalid value: \"-invalid\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
  ];
  for (const [name, meta, opts, want] of cases)
    test(name, () => assert.deepEqual(strs(v.validateObjectMeta(meta, opts)), want));

  test('a 64-character namespace of mixed case fails twice', () => {
    const errs = v.validateObjectMeta(ns({ namespace: `A${'b'.repeat(63)}` }), namespaced);
    assert.equal(errs.length, 2);
    assert.ok(errs.every((e) => e.field === 'metadata.namespace' && e.type === FieldErrorType.Invalid));
  });
  test('default path is metadata; a custom one is used', () =>
    assert.deepEqual(strs(v.validateObjectMeta({}, clusterScoped, path('spec', 'template', 'metadata'))), [
      'spec.template.metadata.name: Required value: name or generateName is required',
    ]));
  test('odd inputs never throw', () => {
    const key = fc.constantFrom(
      'name',
      'generateName',
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
      'selfLink',
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }))),
        fc.boolean(),
        (meta, scoped) => {
          for (const e of v.validateObjectMeta(meta, { namespaced: scoped, nameFn: v.nameIsDNSSubdomain })) {
            assert.ok(e.field.startsWith('metadata'), e.field);
            assert.equal(typeof errorString(e), 'string');
          }
        },
      ),
      { seed: 41, numRuns: 2000 },
    );
  });
});
