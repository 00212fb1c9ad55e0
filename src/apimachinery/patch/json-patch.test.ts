import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError } from './errors.js';
import { applyJsonPatch, decodeJsonPatch } from './json-patch.js';
import type { JsonValue } from './values.js';
import { deepClone } from './values.js';

type Case = {
  name: string;
  doc: JsonValue;
  ops: JsonValue;
  want?: JsonValue;
  error?: string;
  reason?: 'Invalid' | 'Unknown';
  maxCopyBytes?: number;
};

const run = (c: Case) =>
  applyJsonPatch(
    c.doc,
    decodeJsonPatch(c.ops),
    c.maxCopyBytes === undefined ? {} : { maxCopyBytes: c.maxCopyBytes },
  );

const cases: Case[] = [
  // RFC 6902 appendix A
  {
    name: 'add an object member',
    doc: { foo: 'bar' },
    ops: [{ op: 'add', path: '/baz', value: 'qux' }],
    want: { foo: 'bar', baz: 'qux' },
  },
  {
    name: 'add an array element',
    doc: { foo: ['bar', 'baz'] },
    ops: [{ op: 'add', path: '/foo/1', value: 'qux' }],
    want: { foo: ['bar', 'qux', 'baz'] },
  },
  {
    name: 'remove an object member',
    doc: { baz: 'qux', foo: 'bar' },
    ops: [{ op: 'remove', path: '/baz' }],
    want: { foo: 'bar' },
  },
  {
    name: 'remove an array element',
    doc: { foo: ['bar', 'qux', 'baz'] },
    ops: [{ op: 'remove', path: '/foo/1' }],
    want: { foo: ['bar', 'baz'] },
  },
  {
    name: 'replace a value',
    doc: { baz: 'qux', foo: 'bar' },
    ops: [{ op: 'replace', path: '/baz', value: 'boo' }],
    want: { baz: 'boo', foo: 'bar' },
  },
  {
    name: 'move a value',
    doc: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    ops: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    want: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  },
  {
    name: 'move an array element',
    doc: { foo: ['all', 'grass', 'cows', 'eat'] },
    ops: [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    want: { foo: ['all', 'cows', 'eat', 'grass'] },
  },
  {
    name: 'test a value (success)',
    doc: { baz: 'qux', foo: ['a', 2, 'c'] },
    ops: [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    want: { baz: 'qux', foo: ['a', 2, 'c'] },
  },
  {
    name: 'test a value (error)',
    doc: { baz: 'qux' },
    ops: [{ op: 'test', path: '/baz', value: 'bar' }],
    error: 'testing value /baz failed: test failed',
  },
  {
    name: 'add a nested member object',
    doc: { foo: 'bar' },
    ops: [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    want: { foo: 'bar', child: { grandchild: {} } },
  },
  {
    name: 'ignore unrecognized members',
    doc: { foo: 'bar' },
    ops: [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
    want: { foo: 'bar', baz: 'qux' },
  },
  {
    name: 'add to a nonexistent target',
    doc: { foo: 'bar' },
    ops: [{ op: 'add', path: '/baz/bat', value: 'qux' }],
    error: 'add operation does not apply: doc is missing path: "/baz/bat": missing value',
  },
  {
    name: '~01 escapes ~1 and ~1 escapes /',
    doc: { '/': 9, '~1': 10 },
    ops: [{ op: 'test', path: '/~01', value: 10 }],
    want: { '/': 9, '~1': 10 },
  },
  {
    name: 'strings do not equal numbers',
    doc: { '/': 9, '~1': 10 },
    ops: [{ op: 'test', path: '/~01', value: '10' }],
    error: 'testing value /~01 failed: test failed',
  },
  {
    name: 'add an array value with -',
    doc: { foo: ['bar'] },
    ops: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    want: { foo: ['bar', ['abc', 'def']] },
  },
  {
    name: 'slash in a key',
    doc: { 'a/b': 1 },
    ops: [{ op: 'replace', path: '/a~1b', value: 2 }],
    want: { 'a/b': 2 },
  },
  // evanphx/json-patch v4 behaviours kube-apiserver exposes
  {
    name: 'negative index reads from the end',
    doc: { a: [1, 2, 3] },
    ops: [{ op: 'replace', path: '/a/-1', value: 9 }],
    want: { a: [1, 2, 9] },
  },
  {
    name: 'negative index removes from the end',
    doc: { a: [1, 2, 3] },
    ops: [{ op: 'remove', path: '/a/-3' }],
    want: { a: [2, 3] },
  },
  {
    name: 'add at -1 appends',
    doc: { a: [1, 2] },
    ops: [{ op: 'add', path: '/a/-1', value: 3 }],
    want: { a: [1, 2, 3] },
  },
  {
    name: 'add at the array length appends',
    doc: { a: [1] },
    ops: [{ op: 'add', path: '/a/1', value: 2 }],
    want: { a: [1, 2] },
  },
  {
    name: 'add past the end',
    doc: { a: [1] },
    ops: [{ op: 'add', path: '/a/5', value: 2 }],
    error: "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced",
  },
  {
    name: 'add below the start',
    doc: { a: [1] },
    ops: [{ op: 'add', path: '/a/-3', value: 2 }],
    error: "error in add for path: '/a/-3': Unable to access invalid index: -3: invalid index referenced",
  },
  {
    name: 'add with a non-numeric index',
    doc: { a: [1] },
    ops: [{ op: 'add', path: '/a/x', value: 2 }],
    error: `error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
  },
  {
    name: 'remove with -',
    doc: { a: [1] },
    ops: [{ op: 'remove', path: '/a/-' }],
    error: `error in remove for path: '/a/-': strconv.Atoi: parsing "-": invalid syntax`,
  },
  {
    name: 'remove past the end',
    doc: { a: [1] },
    ops: [{ op: 'remove', path: '/a/1' }],
    error: "error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index referenced",
  },
  {
    name: 'remove a missing key',
    doc: { a: {} },
    ops: [{ op: 'remove', path: '/a/b' }],
    error: "error in remove for path: '/a/b': Unable to remove nonexistent key: b: missing value",
  },
  { name: 'remove a null-valued key', doc: { a: null }, ops: [{ op: 'remove', path: '/a' }], want: {} },
  {
    name: 'replace of a missing object key adds it',
    doc: {},
    ops: [{ op: 'replace', path: '/a', value: 1 }],
    want: { a: 1 },
  },
  {
    name: 'replace past the end',
    doc: { a: [1] },
    ops: [{ op: 'replace', path: '/a/3', value: 1 }],
    error: 'replace operation does not apply: doc is missing key: /a/3: missing value',
  },
  {
    name: 'replace under a missing parent',
    doc: {},
    ops: [{ op: 'replace', path: '/a/b', value: 1 }],
    error: 'replace operation does not apply: doc is missing path: /a/b: missing value',
  },
  {
    name: 'replace the whole document',
    doc: { a: 1 },
    ops: [{ op: 'replace', path: '', value: { b: 2 } }],
    want: { b: 2 },
  },
  {
    name: 'replace the whole document with a scalar',
    doc: { a: 1 },
    ops: [{ op: 'replace', path: '', value: 3 }],
    error: 'replace operation value must be object or array: %!w(<nil>)',
  },
  {
    name: 'replace of the whole document without value',
    doc: { a: 1 },
    ops: [{ op: 'replace', path: '' }],
    error: 'This request caused apiserver to panic. Look in the logs for details.',
    reason: 'Unknown',
  },
  { name: 'add without value adds null', doc: {}, ops: [{ op: 'add', path: '/a' }], want: { a: null } },
  {
    name: 'test of a missing key against null passes',
    doc: {},
    ops: [{ op: 'test', path: '/a', value: null }],
    want: {},
  },
  {
    name: 'test of a missing key without value passes',
    doc: {},
    ops: [{ op: 'test', path: '/a' }],
    want: {},
  },
  {
    name: 'test of a present key without value fails',
    doc: { a: 1 },
    ops: [{ op: 'test', path: '/a' }],
    error: 'testing value /a failed: test failed',
  },
  {
    name: 'test of the whole document',
    doc: { a: [1, { b: 2 }] },
    ops: [{ op: 'test', path: '', value: { a: [1, { b: 2 }] } }],
    want: { a: [1, { b: 2 }] },
  },
  {
    name: 'test compares objects regardless of key order',
    doc: { a: { x: 1, y: 2 } },
    ops: [{ op: 'test', path: '/a', value: { y: 2, x: 1 } }],
    want: { a: { x: 1, y: 2 } },
  },
  {
    name: 'test under a missing parent',
    doc: {},
    ops: [{ op: 'test', path: '/a/b', value: 1 }],
    error: 'test operation does not apply: is missing path: /a/b: missing value',
  },
  {
    name: 'copy an object deep',
    doc: { a: { b: [1] } },
    ops: [{ op: 'copy', from: '/a', path: '/c' }],
    want: { a: { b: [1] }, c: { b: [1] } },
  },
  {
    name: 'copy from a missing key copies null',
    doc: {},
    ops: [{ op: 'copy', from: '/x', path: '/y' }],
    want: { y: null },
  },
  {
    name: 'copy beyond the size limit',
    doc: { a: 'xxxxxxxxxx' },
    ops: [
      { op: 'copy', from: '/a', path: '/b' },
      { op: 'copy', from: '/a', path: '/c' },
    ],
    maxCopyBytes: 20,
    error: 'Unable to complete the copy, the accumulated size increase of copy is 24, exceeding the limit 20',
  },
  {
    name: 'copy counts HTML escapes as Go does',
    doc: { a: '<>' },
    ops: [{ op: 'copy', from: '/a', path: '/b' }],
    maxCopyBytes: 13,
    error: 'Unable to complete the copy, the accumulated size increase of copy is 14, exceeding the limit 13',
  },
  {
    name: 'move from a missing key',
    doc: {},
    ops: [{ op: 'move', from: '/x', path: '/y' }],
    error: "error in move for path: 'x': Unable to remove nonexistent key: x: missing value",
  },
  {
    name: 'move into its own child',
    doc: { a: { b: 1 } },
    ops: [{ op: 'move', from: '/a', path: '/a/c' }],
    error: 'move operation does not apply: doc is missing destination path: /a/c: missing value',
  },
  {
    name: 'path without a leading slash uses its last segment',
    doc: { b: 1 },
    ops: [{ op: 'replace', path: 'a/b', value: 2 }],
    want: { b: 2 },
  },
  {
    name: 'path without any slash',
    doc: {},
    ops: [{ op: 'add', path: 'a', value: 1 }],
    error: 'add operation does not apply: doc is missing path: "a": missing value',
  },
  {
    name: 'add to the root path',
    doc: {},
    ops: [{ op: 'add', path: '', value: 1 }],
    error: 'add operation does not apply: doc is missing path: "": missing value',
  },
  {
    name: 'traversal through null is a missing path',
    doc: { a: null },
    ops: [{ op: 'add', path: '/a/b', value: 1 }],
    error: 'add operation does not apply: doc is missing path: "/a/b": missing value',
  },
  {
    name: 'traversal through a scalar is a missing path',
    doc: { a: 'x' },
    ops: [{ op: 'add', path: '/a/b', value: 1 }],
    error: 'add operation does not apply: doc is missing path: "/a/b": missing value',
  },
  { name: 'missing op', doc: {}, ops: [{ path: '/a' }], error: 'Unexpected kind: unknown' },
  { name: 'unknown op', doc: {}, ops: [{ op: 'bogus', path: '/a' }], error: 'Unexpected kind: bogus' },
  { name: 'null operation', doc: {}, ops: [null], error: 'Unexpected kind: unknown' },
  {
    name: 'add without path',
    doc: {},
    ops: [{ op: 'add', value: 1 }],
    error: 'add operation failed to decode path: missing value',
  },
  {
    name: 'replace with a numeric path',
    doc: {},
    ops: [{ op: 'replace', path: 5, value: 1 }],
    error:
      'replace operation failed to decode path: json: cannot unmarshal number into Go value of type string',
  },
  {
    name: 'test without path',
    doc: {},
    ops: [{ op: 'test', value: 1 }],
    error: 'test operation failed to decode path: operation missing path field: missing value',
  },
  {
    name: 'move without from',
    doc: {},
    ops: [{ op: 'move', path: '/a' }],
    error: 'move operation failed to decode from: operation, missing from field: missing value',
  },
  {
    name: 'copy without path',
    doc: { a: 1 },
    ops: [{ op: 'copy', from: '/a' }],
    error: 'copy operation failed to decode path: missing value',
  },
  { name: 'null patch is empty', doc: { a: 1 }, ops: null, want: { a: 1 } },
  { name: 'empty patch', doc: { a: 1 }, ops: [], want: { a: 1 } },
];

describe('applyJsonPatch', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = deepClone(c.doc);
      if (c.error !== undefined) {
        assert.throws(
          () => run(c),
          (e: unknown) =>
            e instanceof PatchError && e.reason === (c.reason ?? 'Invalid') && e.message === c.error,
        );
      } else {
        assert.deepStrictEqual(run(c), c.want);
      }
      assert.deepStrictEqual(c.doc, before, 'the input document is never modified');
    });
  }

  it('is atomic: a failing operation after successful ones changes nothing', () => {
    const doc = { a: [1, 2], b: { c: 1 } };
    const ops = decodeJsonPatch([
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'remove', path: '/b/c' },
      { op: 'test', path: '/a/0', value: 42 },
    ]);
    assert.throws(() => applyJsonPatch(doc, ops), PatchError);
    assert.deepStrictEqual(doc, { a: [1, 2], b: { c: 1 } });
  });

  it('does not share values between the patch and the result', () => {
    const value = { x: [1] };
    const out = applyJsonPatch({}, decodeJsonPatch([{ op: 'add', path: '/v', value }])) as {
      v: { x: number[] };
    };
    const copied = applyJsonPatch(out, decodeJsonPatch([{ op: 'copy', from: '/v', path: '/w' }])) as Record<
      string,
      { x: number[] }
    >;
    copied['w']?.x.push(2);
    assert.deepStrictEqual(copied['v'], { x: [1] });
  });
});

describe('decodeJsonPatch', () => {
  const bad: { name: string; body: JsonValue; error: string }[] = [
    {
      name: 'object body',
      body: { op: 'add' },
      error: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    },
    {
      name: 'string body',
      body: 'x',
      error: 'json: cannot unmarshal string into Go value of type jsonpatch.Patch',
    },
    {
      name: 'number element',
      body: [1],
      error: 'json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    },
    {
      name: 'array element',
      body: [[]],
      error: 'json: cannot unmarshal array into Go value of type jsonpatch.Operation',
    },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}`, () => {
      assert.throws(
        () => decodeJsonPatch(c.body),
        (e: unknown) => e instanceof PatchError && e.reason === 'BadRequest' && e.message === c.error,
      );
    });
  }
});
