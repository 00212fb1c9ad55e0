import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type FieldError, FieldErrorType, errorString, path } from '../field/index.js';
import * as v from './index.js';

const strs = (errs: readonly FieldError[]): string[] => errs.map(errorString);
const namePart = (msg: string): string => `name part ${msg}`;
const qnameRule =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const subdomainRule =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('name functions', () => {
  const cases: Array<[string, v.NameFn, string, boolean, number]> = [
    ['subdomain name', v.nameIsDNSSubdomain, 'a.b-c', false, 0],
    ['subdomain rejects upper case', v.nameIsDNSSubdomain, 'A', false, 1],
    ['prefix may end in a dash', v.nameIsDNSSubdomain, 'foo-', true, 0],
    ['a name may not end in a dash', v.nameIsDNSSubdomain, 'foo-', false, 1],
    ['lone dash prefix is invalid', v.nameIsDNSSubdomain, '-', true, 1],
    ['two-character prefix', v.nameIsDNSSubdomain, 'a-', true, 0],
    ['masking drops two characters: "a.-" checks as "aa"', v.nameIsDNSSubdomain, 'a.-', true, 0],
    ['masking hides the character before the dash: "A-" checks as "a"', v.nameIsDNSSubdomain, 'A-', true, 0],
    ['masked prefix is still checked', v.nameIsDNSSubdomain, 'Ab-', true, 1],
    ['label prefix with dots', v.nameIsDNSLabel, 'a.b-', true, 1],
    ['label prefix', v.nameIsDNSLabel, 'web-', true, 0],
    ['1035 label may not start with a digit', v.nameIsDNS1035Label, '1a', false, 1],
    ['1035 prefix', v.nameIsDNS1035Label, 'svc-', true, 0],
    ['namespace names are labels', v.validateNamespaceName, 'kube-system', false, 0],
    ['service account names are subdomains', v.validateServiceAccountName, 'a.b', false, 0],
    ['path segment: any characters', v.validatePathSegmentName, 'system:admin', false, 0],
    ['path segment: dot', v.validatePathSegmentName, '.', false, 1],
    ['path segment: dot dot', v.validatePathSegmentName, '..', false, 1],
    ['path segment: dot is fine as a prefix', v.validatePathSegmentName, '.', true, 0],
    ['path segment: slash', v.validatePathSegmentName, 'a/b', false, 1],
    ['path segment: slash and percent', v.validatePathSegmentName, 'a/%', true, 2],
  ];
  for (const [name, fn, input, prefix, count] of cases) {
    test(name, () => assert.equal(fn(input, prefix).length, count, JSON.stringify(fn(input, prefix))));
  }
  const masks: Array<[string, string]> = [
    ['foo-', 'foa'],
    ['a-', 'a'],
    ['-', '-'],
    ['', ''],
    ['abc', 'abc'],
  ];
  for (const [input, want] of masks)
    test(`maskTrailingDash(${JSON.stringify(input)})`, () => assert.equal(v.maskTrailingDash(input), want));
});

describe('validateLabels', () => {
  const f = path('metadata', 'labels');
  const cases: Array<[string, unknown, string[]]> = [
    ['valid', { app: 'web', 'example.com/tier': 'front', empty: '' }, []],
    ['absent', undefined, []],
    ['null', null, []],
    ['null value reads as empty', { a: null }, []],
    ['bad key', { 'bad key': 'x' }, [`metadata.labels: Invalid value: "bad key": ${namePart(qnameRule)}`]],
    ['empty prefix', { '/a': 'x' }, ['metadata.labels: Invalid value: "/a": prefix part must be non-empty']],
    [
      'bad prefix',
      { 'Example.com/a': 'x' },
      [`metadata.labels: Invalid value: "Example.com/a": prefix part ${subdomainRule}`],
    ],
    [
      'bad value',
      { a: 'b c' },
      [
        "metadata.labels: Invalid value: \"b c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    ],
    [
      'value too long',
      { a: 'x'.repeat(64) },
      ['metadata.labels: Invalid value: "' + 'x'.repeat(64) + '": must be no more than 63 characters'],
    ],
    [
      'number value is a type error at the key',
      { a: 1 },
      ['metadata.labels[a]: Invalid value: "integer": must be of type string'],
    ],
    ['array is a type error', ['a'], ['metadata.labels: Invalid value: "array": must be of type object']],
    ['string is a type error', 'a=b', ['metadata.labels: Invalid value: "string": must be of type object']],
  ];
  for (const [name, input, want] of cases)
    test(name, () => assert.deepEqual(strs(v.validateLabels(input, f)), want));
  test('three-part keys use the label-key message', () =>
    assert.deepEqual(
      strs(v.validateLabels({ 'a/b/c': 'x' }, f)),
      v.isLabelKey('a/b/c').map((m) => `metadata.labels: Invalid value: "a/b/c": ${m}`),
    ));
});

describe('validateAnnotations (upstream cases)', () => {
  const f = path('field');
  const limit = v.TotalAnnotationSizeLimitB;
  const valid: Array<Record<string, string>> = [
    { simple: 'bar' },
    { 'now-with-dashes': 'bar' },
    { '1-starts-with-num': 'bar' },
    { '1234': 'bar' },
    { 'simple/simple': 'bar' },
    { 'now-with-dashes/simple': 'bar' },
    { 'now-with-dashes/now-with-dashes': 'bar' },
    { 'now.with.dots/simple': 'bar' },
    { 'now-with.dashes-and.dots/simple': 'bar' },
    { '1-num.2-num/3-num': 'bar' },
    { '1234/5678': 'bar' },
    { '1.2.3.4/5678': 'bar' },
    { UpperCase123: 'bar' },
    { 'Example.COM/UpperCase': 'bar' },
    { '\u0130': 'dotted capital I lowers to plain i, as in Go' },
    { a: 'b'.repeat(limit - 1) },
    { a: 'b'.repeat(limit / 2 - 1), c: 'd'.repeat(limit / 2 - 1) },
  ];
  valid.forEach((a, i) => {
    test(`valid case ${i}`, () => assert.deepEqual(v.validateAnnotations(a, f), []));
  });
  const invalid: Array<[string, Record<string, string>, string]> = [
    ['special characters', { 'nospecialchars^=@': 'bar' }, 'name part must consist of'],
    ['trailing dash', { 'cantendwithadash-': 'bar' }, 'name part must consist of'],
    ['two slashes', { 'only/one/slash': 'bar' }, 'must consist of'],
    ['too long', { ['a'.repeat(254)]: 'bar' }, 'must be no more than'],
  ];
  for (const [name, a, want] of invalid) {
    test(name, () => {
      const errs = v.validateAnnotations(a, f);
      assert.equal(errs.length, 1, JSON.stringify(errs));
      assert.ok(errs[0]!.detail.includes(want), errs[0]!.detail);
      assert.equal(errs[0]!.badValue, Object.keys(a)[0], 'the original key is reported');
    });
  }
  const tooBig: Array<Record<string, string>> = [
    { a: 'b'.repeat(limit) },
    { a: 'b'.repeat(limit / 2), c: 'd'.repeat(limit / 2) },
  ];
  tooBig.forEach((a, i) => {
    test(`total size case ${i}`, () =>
      assert.deepEqual(strs(v.validateAnnotations(a, f)), [
        'field: Too long: may not be more than 262144 bytes',
      ]));
  });
  test('size counts UTF-8 bytes', () => {
    assert.equal(v.annotationsSize({ a: 'é' }), 3);
    assert.equal(v.validateAnnotations({ a: 'é'.repeat(limit / 2) }, f).length, 1);
  });
  test('non-string value', () =>
    assert.deepEqual(strs(v.validateAnnotations({ a: true }, f)), [
      'field[a]: Invalid value: "boolean": must be of type string',
    ]));
});

describe('validateOwnerReferences (upstream cases)', () => {
  const f = path('metadata', 'ownerReferences');
  const ref = (
    kind: string,
    uid: string,
    controller?: boolean,
    apiVersion = 'customresourceVersion',
  ): Record<string, unknown> => ({
    apiVersion,
    kind,
    name: 'name',
    uid,
    ...(controller === undefined ? {} : { controller }),
  });
  const cases: Array<[string, unknown, string[]]> = [
    ['third-party extension', [ref('customresourceKind', '1')], []],
    ['legacy core group', [ref('Pod', '1', undefined, 'v1')], []],
    [
      'events may not own',
      [ref('Event', '1', undefined, 'v1')],
      [
        'metadata.ownerReferences[0]: Invalid value: {"apiVersion":"v1","kind":"Event","name":"name","uid":"1"}: /v1, Kind=Event is disallowed from being an owner',
      ],
    ],
    ['events of other groups may own', [ref('Event', '1', undefined, 'events.k8s.io/v1')], []],
    [
      'too many slashes',
      [ref('Pod', '1', undefined, 'a/b/c')],
      [
        'metadata.ownerReferences[0].apiVersion: Invalid value: "a/b/c": must be <group>/<version> or <version>',
      ],
    ],
    [
      'empty version',
      [ref('Pod', '1', undefined, 'foo/')],
      [
        'metadata.ownerReferences[0].apiVersion: Invalid value: "foo/": must be <group>/<version> or <version>',
      ],
    ],
    [
      'lone slash',
      [ref('Pod', '1', undefined, '/')],
      ['metadata.ownerReferences[0].apiVersion: Invalid value: "/": must be <group>/<version> or <version>'],
    ],
    [
      'one controller among several',
      [
        ref('customresourceKind', '1', false),
        ref('customresourceKind', '2', true),
        ref('customresourceKind', '3', false),
        ref('customresourceKind', '4'),
      ],
      [],
    ],
    [
      'empty members are required',
      [{}],
      [
        'metadata.ownerReferences[0].apiVersion: Required value: must not be empty',
        'metadata.ownerReferences[0].kind: Required value: must not be empty',
        'metadata.ownerReferences[0].name: Required value: must not be empty',
        'metadata.ownerReferences[0].uid: Required value: must not be empty',
      ],
    ],
    [
      'wrong member types',
      [{ ...ref('A', '1'), controller: 'yes', uid: 7 }],
      [
        'metadata.ownerReferences[0].uid: Invalid value: "integer": must be of type string',
        'metadata.ownerReferences[0].controller: Invalid value: "string": must be of type boolean',
        'metadata.ownerReferences[0].uid: Required value: must not be empty',
      ],
    ],
    [
      'element not an object',
      ['x'],
      ['metadata.ownerReferences[0]: Invalid value: "string": must be of type object'],
    ],
    ['not a list', { a: 1 }, ['metadata.ownerReferences: Invalid value: "object": must be of type array']],
  ];
  for (const [name, input, want] of cases)
    test(name, () => assert.deepEqual(strs(v.validateOwnerReferences(input, f)), want));

  test('two controllers', () => {
    const refs = [
      ref('customresourceKind1', '1', false),
      ref('customresourceKind2', '2', true),
      ref('customresourceKind3', '3', true),
      ref('customresourceKind4', '4'),
    ];
    const errs = v.validateOwnerReferences(refs, f);
    assert.equal(errs.length, 1);
    assert.equal(errs[0]!.field, 'metadata.ownerReferences');
    assert.equal(
      errs[0]!.detail,
      'Only one reference can have Controller set to true. Found "true" in references for customresourceKind2/name and customresourceKind3/name',
    );
    assert.deepEqual(errs[0]!.badValue, refs);
  });
  test('three controllers give two errors, each naming the first', () => {
    const refs = [ref('A', '1', true), ref('B', '2', true), ref('C', '3', true)];
    assert.deepEqual(
      v.validateOwnerReferences(refs, f).map((e) => e.detail.slice(e.detail.indexOf('for '))),
      ['for A/name and B/name', 'for A/name and C/name'],
    );
  });
});

describe('finalizers', () => {
  const f = path('metadata', 'finalizers');
  const cases: Array<[string, unknown, string[]]> = [
    ['qualified names', ['example.com/a', 'kubernetes'], []],
    ['unqualified names pass the generic rule', ['mine'], []],
    [
      'bad name, reported without an index',
      ['example.com/'],
      [
        'metadata.finalizers: Invalid value: "example.com/": name part must be non-empty',
        `metadata.finalizers: Invalid value: "example.com/": ${namePart(qnameRule)}`,
      ],
    ],
    [
      'orphan and foregroundDeletion conflict',
      ['orphan', 'foregroundDeletion'],
      [
        'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
      ],
    ],
    ['element types', ['a', 1], ['metadata.finalizers[1]: Invalid value: "integer": must be of type string']],
    ['not a list', 'a', ['metadata.finalizers: Invalid value: "string": must be of type array']],
  ];
  for (const [name, input, want] of cases)
    test(name, () => assert.deepEqual(strs(v.validateFinalizers(input, f)), want));

  const kube: Array<[string, string, number]> = [
    ['kubernetes is standard', 'kubernetes', 0],
    ['orphan is standard', 'orphan', 0],
    ['foregroundDeletion is standard', 'foregroundDeletion', 0],
    ['qualified names pass', 'example.com/x', 0],
    ['other unqualified names fail', 'externaltarget-controller', 1],
  ];
  for (const [name, input, count] of kube)
    test(`kube rule: ${name}`, () =>
      assert.equal(v.validateKubeFinalizerName(input, f.index(0)).length, count));
  test('kube rule message', () =>
    assert.deepEqual(strs(v.validateKubeFinalizerName('mine', f.index(0))), [
      'metadata.finalizers[0]: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified',
    ]));

  const updates: Array<[string, string[], string[], string[]]> = [
    [
      'adding',
      ['x/a'],
      ['x/a', 'y/b'],
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"y/b"}',
      ],
    ],
    [
      'changing',
      ['x/a'],
      ['x/b'],
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"x/b"}',
      ],
    ],
    ['removing', ['x/a', 'y/b'], ['x/a'], []],
    [
      'several new ones, sorted and deduplicated',
      [],
      ['z/c', 'a/b', 'z/c'],
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"a/b", "z/c"}',
      ],
    ],
  ];
  for (const [name, oldF, newF, want] of updates) {
    test(`no new finalizers: ${name}`, () =>
      assert.deepEqual(strs(v.validateNoNewFinalizers(newF, oldF, f)), want));
  }
});

describe('validateManagedFields', () => {
  const f = path('metadata', 'managedFields');
  const good = {
    manager: 'kubectl',
    operation: 'Apply',
    apiVersion: 'v1',
    time: '2024-01-02T03:04:05Z',
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  };
  const cases: Array<[string, unknown, string[]]> = [
    ['valid', [good, { ...good, operation: 'Update', subresource: 'status' }], []],
    [
      'empty operation',
      [{ ...good, operation: '' }],
      ['metadata.managedFields[0].operation: Required value: must not be empty'],
    ],
    [
      'unknown operation',
      [{ ...good, operation: 'Bogus' }],
      [
        'metadata.managedFields[0].operation: Unsupported value: "Bogus": supported values: "Apply", "Update"',
      ],
    ],
    [
      'fieldsType',
      [{ ...good, fieldsType: 'FieldsV2' }],
      ['metadata.managedFields[0].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`'],
    ],
    [
      'manager too long',
      [{ ...good, manager: 'm'.repeat(129) }],
      ['metadata.managedFields[0].manager: Too long: may not be more than 128 bytes'],
    ],
    ['manager at the limit', [{ ...good, manager: 'm'.repeat(128) }], []],
    [
      'unprintable manager',
      [{ ...good, manager: 'é\u0007' }],
      ['metadata.managedFields[0].manager: Invalid value: "é\\a": invalid character U+0007 (at position 2)'],
    ],
    [
      'subresource too long',
      [{ ...good, subresource: 's'.repeat(257) }],
      ['metadata.managedFields[0].subresource: Too long: may not be more than 256 bytes'],
    ],
    [
      'bad time',
      [{ ...good, time: 'soon' }],
      [
        'metadata.managedFields[0].time: Invalid value: "soon": parsing time "soon" as "2006-01-02T15:04:05Z07:00": cannot parse "soon" as "2006"',
      ],
    ],
    [
      'fieldsV1 not an object',
      [{ ...good, fieldsV1: 'x' }],
      ['metadata.managedFields[0].fieldsV1: Invalid value: "string": must be of type object'],
    ],
    [
      'entry not an object',
      [1],
      ['metadata.managedFields[0]: Invalid value: "integer": must be of type object'],
    ],
  ];
  for (const [name, input, want] of cases)
    test(name, () => assert.deepEqual(strs(v.validateManagedFields(input, f)), want));
  test('field manager non-printables are each reported', () => {
    const errs = v.validateFieldManager('a\u0000b\u200b', path('fieldManager'));
    assert.deepEqual(
      errs.map((e) => e.detail),
      ['invalid character U+0000 (at position 1)', 'invalid character U+200B (at position 3)'],
    );
    assert.ok(errs.every((e) => e.type === FieldErrorType.Invalid));
  });
});

describe('validators never throw on random JSON', () => {
  const fns: Array<[string, (x: unknown) => FieldError[]]> = [
    ['labels', (x) => v.validateLabels(x, path('l'))],
    ['annotations', (x) => v.validateAnnotations(x, path('a'))],
    ['ownerReferences', (x) => v.validateOwnerReferences(x, path('o'))],
    ['finalizers', (x) => v.validateFinalizers(x, path('f'))],
    ['managedFields', (x) => v.validateManagedFields(x, path('m'))],
  ];
  for (const [name, fn] of fns) {
    test(name, () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.jsonValue(),
            fc.array(
              fc.dictionary(
                fc.constantFrom(
                  'apiVersion',
                  'kind',
                  'name',
                  'uid',
                  'controller',
                  'operation',
                  'manager',
                  'time',
                  'fieldsV1',
                  'subresource',
                ),
                fc.jsonValue({ maxDepth: 1 }),
              ),
            ),
          ),
          (x) => {
            for (const e of fn(x)) {
              assert.equal(typeof e.field, 'string');
              assert.equal(typeof errorString(e), 'string');
            }
          },
        ),
        { seed: 31, numRuns: 2000 },
      );
    });
  }
});
