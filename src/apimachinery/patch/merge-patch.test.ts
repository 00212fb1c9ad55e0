import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError, PreconditionFailedError } from './errors.js';
import {
  applyMergePatch,
  createMergePatch,
  createThreeWayJSONMergePatch,
  mergePatchesHaveConflicts,
} from './merge-patch.js';
import { requireKeyUnchanged, requireMetadataKeyUnchanged } from './preconditions.js';
import type { JsonObject, JsonValue } from './values.js';
import { deepClone } from './values.js';

describe('applyMergePatch', () => {
  const cases: { name: string; doc: JsonValue; patch: JsonValue; want: JsonValue }[] = [
    // RFC 7386 appendix A
    { name: 'replace a member', doc: { a: 'b' }, patch: { a: 'c' }, want: { a: 'c' } },
    { name: 'add a member', doc: { a: 'b' }, patch: { b: 'c' }, want: { a: 'b', b: 'c' } },
    { name: 'null removes a member', doc: { a: 'b' }, patch: { a: null }, want: {} },
    { name: 'null removes only that member', doc: { a: 'b', b: 'c' }, patch: { a: null }, want: { b: 'c' } },
    { name: 'scalar replaces an array', doc: { a: ['b'] }, patch: { a: 'c' }, want: { a: 'c' } },
    { name: 'array replaces a scalar', doc: { a: 'c' }, patch: { a: ['b'] }, want: { a: ['b'] } },
    {
      name: 'nested merge with deletion',
      doc: { a: { b: 'c' } },
      patch: { a: { b: 'd', c: null } },
      want: { a: { b: 'd' } },
    },
    { name: 'arrays are replaced whole', doc: { a: [{ b: 'c' }] }, patch: { a: [1] }, want: { a: [1] } },
    { name: 'array patch replaces an array document', doc: ['a', 'b'], patch: ['c', 'd'], want: ['c', 'd'] },
    { name: 'array patch replaces an object document', doc: { a: 'b' }, patch: ['c'], want: ['c'] },
    { name: 'existing nulls are kept', doc: { e: null }, patch: { a: 1 }, want: { e: null, a: 1 } },
    {
      name: 'object patch over an array document drops nulls',
      doc: [1, 2],
      patch: { a: 'b', c: null },
      want: { a: 'b' },
    },
    {
      name: 'nested nulls of added objects are dropped',
      doc: {},
      patch: { a: { bb: { ccc: null } } },
      want: { a: { bb: {} } },
    },
    // upstream (evanphx/json-patch v4) details
    {
      name: 'nulls inside objects of an added array are dropped',
      doc: {},
      patch: { a: [{ b: null, c: 1 }, null] },
      want: { a: [{ c: 1 }, null] },
    },
    {
      name: 'an array replacing an object keeps its nulls',
      doc: { a: { x: 1 } },
      patch: { a: [{ b: null }] },
      want: { a: [{ b: null }] },
    },
    {
      name: 'a null member of the document is replaced',
      doc: { a: null },
      patch: { a: { b: null, c: 1 } },
      want: { a: { c: 1 } },
    },
    { name: 'empty patch changes nothing', doc: { a: 1 }, patch: {}, want: { a: 1 } },
    {
      name: 'empty object value is set',
      doc: { a: { b: 1 } },
      patch: { c: {} },
      want: { a: { b: 1 }, c: {} },
    },
    { name: 'deleting a missing member is a no-op', doc: { a: 1 }, patch: { z: null }, want: { a: 1 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const doc = deepClone(c.doc);
      const patch = deepClone(c.patch);
      assert.deepStrictEqual(applyMergePatch(c.doc, c.patch), c.want);
      assert.deepStrictEqual(c.doc, doc);
      assert.deepStrictEqual(c.patch, patch);
    });
  }
  for (const patch of [null, 'bar', 1, true] as JsonValue[]) {
    it(`rejects the patch ${JSON.stringify(patch)}`, () => {
      assert.throws(
        () => applyMergePatch({ a: 'foo' }, patch),
        (e: unknown) =>
          e instanceof PatchError && e.reason === 'BadRequest' && e.message === 'Invalid JSON Patch',
      );
    });
  }
});

describe('createMergePatch', () => {
  const cases: { name: string; original: JsonObject; modified: JsonObject; want: JsonObject }[] = [
    { name: 'identical documents', original: { a: 1, b: [1] }, modified: { a: 1, b: [1] }, want: {} },
    { name: 'added member', original: {}, modified: { a: { b: 1 } }, want: { a: { b: 1 } } },
    { name: 'removed member', original: { a: 1, b: 2 }, modified: { b: 2 }, want: { a: null } },
    { name: 'changed scalar', original: { a: 1 }, modified: { a: 2 }, want: { a: 2 } },
    { name: 'changed type', original: { a: 1 }, modified: { a: '1' }, want: { a: '1' } },
    {
      name: 'nested change',
      original: { a: { b: 1, c: 2 } },
      modified: { a: { b: 1, c: 3 } },
      want: { a: { c: 3 } },
    },
    { name: 'nested removal', original: { a: { b: 1 } }, modified: { a: {} }, want: { a: { b: null } } },
    { name: 'arrays differ', original: { a: [1, 2] }, modified: { a: [2, 1] }, want: { a: [2, 1] } },
    { name: 'null to value', original: { a: null }, modified: { a: 1 }, want: { a: 1 } },
    { name: 'null stays null', original: { a: null }, modified: { a: null }, want: {} },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const patch = createMergePatch(c.original, c.modified);
      assert.deepStrictEqual(patch, c.want);
      assert.deepStrictEqual(applyMergePatch(c.original, patch), c.modified);
    });
  }
});

describe('createThreeWayJSONMergePatch', () => {
  type Case = {
    name: string;
    original: JsonObject | null;
    modified: JsonObject;
    current: JsonObject;
    want: JsonObject;
    result: JsonObject;
  };
  const cases: Case[] = [
    {
      name: 'no original',
      original: null,
      modified: { name: 1, value: 1 },
      current: { name: 1, other: 'a' },
      want: { value: 1 },
      result: { name: 1, value: 1, other: 'a' },
    },
    {
      name: 'no change',
      original: { name: 1 },
      modified: { name: 1 },
      current: { name: 1 },
      want: {},
      result: { name: 1 },
    },
    {
      name: 'field changed on the server is set again',
      original: { name: 1 },
      modified: { name: 1, value: 1 },
      current: { name: 'a', other: 'a' },
      want: { name: 1, value: 1 },
      result: { name: 1, value: 1, other: 'a' },
    },
    {
      name: 'add and delete',
      original: { name: 1 },
      modified: { value: 1 },
      current: { name: 1, other: 'a' },
      want: { name: null, value: 1 },
      result: { value: 1, other: 'a' },
    },
    {
      name: 'delete from a nested map',
      original: { m: { k1: 1, k2: 1 } },
      modified: { m: { k1: 1 } },
      current: { m: { k1: 'a', k2: 1, other: 'a' } },
      want: { m: { k1: 1, k2: null } },
      result: { m: { k1: 1, other: 'a' } },
    },
    {
      name: 'delete everything',
      original: { name: 1, value: 1 },
      modified: {},
      current: { name: 1, value: 'a', other: 'a' },
      want: { name: null, value: null },
      result: { other: 'a' },
    },
    {
      name: 'lists replaced whole',
      original: { l: [1, 2] },
      modified: { l: [2, 3] },
      current: { l: [1, 4] },
      want: { l: [2, 3] },
      result: { l: [2, 3] },
    },
    {
      name: 'scalar to map',
      original: { foo: 0 },
      modified: { foo: { baz: 1 } },
      current: { foo: 0, bar: 2 },
      want: { foo: { baz: 1 } },
      result: { foo: { baz: 1 }, bar: 2 },
    },
    {
      name: 'map to list',
      original: { foo: { baz: 1 } },
      modified: { foo: [1, 2] },
      current: { foo: { baz: 1 }, bar: 2 },
      want: { foo: [1, 2] },
      result: { foo: [1, 2], bar: 2 },
    },
    {
      name: 'lists holding nulls are sent whole',
      original: { foo: [{ a: true }, null, false], bar: [], drop: [1] },
      modified: { foo: [1, false, { b: 1 }], bar: ['c', null, null, 'a'], drop: [null] },
      current: { foo: [{ a: true }, 2, false], bar: ['c', null, null, 'a'], drop: null },
      want: { foo: [1, false, { b: 1 }], drop: [null] },
      result: { foo: [1, false, { b: 1 }], drop: [null], bar: ['c', null, null, 'a'] },
    },
    {
      name: 'explicit empty map is a value',
      original: {},
      modified: { m: {} },
      current: {},
      want: { m: {} },
      result: { m: {} },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const patch = createThreeWayJSONMergePatch(c.original, c.modified, c.current);
      assert.deepStrictEqual(patch, c.want);
      assert.deepStrictEqual(applyMergePatch(c.current, patch), c.result);
    });
  }

  it('deletions and additions never overlap, so server-side changes do not conflict', () => {
    // Upstream only checks additions against deletions; a value changed on the server is simply set again.
    const patch = createThreeWayJSONMergePatch({ a: 1, b: 1 }, { a: 2 }, { a: 3, b: 4, c: 5 });
    assert.deepStrictEqual(patch, { a: 2, b: null });
  });

  it('applies preconditions', () => {
    assert.throws(
      () =>
        createThreeWayJSONMergePatch({ kind: 'A' }, { kind: 'B', metadata: { name: 'x' } }, { kind: 'A' }, [
          requireKeyUnchanged('kind'),
        ]),
      (e: unknown) =>
        e instanceof PreconditionFailedError &&
        e.message === 'precondition failed for: map[kind:B metadata:map[name:x]]',
    );
    assert.throws(
      () =>
        createThreeWayJSONMergePatch({}, { metadata: { name: 'y' } }, { metadata: { name: 'x' } }, [
          requireMetadataKeyUnchanged('name'),
        ]),
      PreconditionFailedError,
    );
    assert.deepStrictEqual(
      createThreeWayJSONMergePatch({}, { metadata: { labels: { a: 'b' } } }, {}, [
        requireMetadataKeyUnchanged('name'),
      ]),
      { metadata: { labels: { a: 'b' } } },
    );
  });
});

describe('mergePatchesHaveConflicts', () => {
  const cases: { name: string; left: JsonValue; right: JsonValue; want: boolean }[] = [
    { name: 'disjoint keys', left: { a: 1 }, right: { b: 2 }, want: false },
    { name: 'same scalar', left: { a: 1 }, right: { a: 1 }, want: false },
    { name: 'different scalar', left: { a: 1 }, right: { a: 2 }, want: true },
    { name: 'map against scalar', left: { a: { b: 1 } }, right: { a: 1 }, want: true },
    { name: 'nested disjoint', left: { a: { b: 1 } }, right: { a: { c: 1 } }, want: false },
    { name: 'lists of different length', left: { a: [1] }, right: { a: [1, 2] }, want: true },
    { name: 'equal lists', left: { a: [1, { b: 2 }] }, right: { a: [1, { b: 2 }] }, want: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(mergePatchesHaveConflicts(c.left, c.right), c.want));
});
