import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError, type PatchErrorReason } from './errors.js';
import { ITEM_SCHEMA } from './fixtures.js';
import { strategicMergePatch } from './strategic-merge.js';
import type { JsonObject } from './values.js';
import { deepClone } from './values.js';

type Case = {
  name: string;
  original: JsonObject;
  patch: JsonObject;
  want?: JsonObject;
  error?: string;
  reason?: PatchErrorReason;
};

const item = (name: string | number, extra: JsonObject = {}): JsonObject => ({ name, ...extra });

const cases: Case[] = [
  // lists merged by merge key
  {
    name: 'merge lists of maps by merge key',
    original: { mergingList: [item('a', { value: '1' }), item('b', { value: '2' })] },
    patch: { mergingList: [item('b', { other: 'x' }), item('c')] },
    want: { mergingList: [item('a', { value: '1' }), item('b', { value: '2', other: 'x' }), item('c')] },
  },
  {
    name: 'patch order wins; a server-only item goes before the first later patch item',
    original: { mergingList: [item(1), item(2), item(3)] },
    patch: { mergingList: [item(3, { value: 'x' }), item(1, { value: 'y' })] },
    want: { mergingList: [item(2), item(3, { value: 'x' }), item(1, { value: 'y' })] },
  },
  {
    name: 'nested merging lists',
    original: { mergingList: [item('a', { mergingList: [item('x', { value: '1' })] })] },
    patch: { mergingList: [item('a', { mergingList: [item('y')] })] },
    want: { mergingList: [item('a', { mergingList: [item('y'), item('x', { value: '1' })] })] },
  },
  {
    name: 'non-merging list nested in a merging list is replaced',
    original: { mergingList: [item('a', { nonMergingList: [item('x'), item('y')] })] },
    patch: { mergingList: [item('a', { nonMergingList: [item('z')] })] },
    want: { mergingList: [item('a', { nonMergingList: [item('z')] })] },
  },
  {
    name: 'new items go before server-only items (list behind a pointer field)',
    original: { itemPtr: [item('a')] },
    patch: { itemPtr: [item('b')] },
    want: { itemPtr: [item('b'), item('a')] },
  },
  // $patch directives
  {
    name: 'delete directive in a list',
    original: { mergingList: [item('a'), item('b')] },
    patch: { mergingList: [{ name: 'a', $patch: 'delete' }] },
    want: { mergingList: [item('b')] },
  },
  {
    name: 'delete directive removes every duplicate',
    original: { mergingList: [item('a', { value: '1' }), item('b'), item('a', { value: '2' })] },
    patch: { mergingList: [{ name: 'a', $patch: 'delete' }] },
    want: { mergingList: [item('b')] },
  },
  {
    name: 'delete directive for a missing item',
    original: { mergingList: [item('a')] },
    patch: { mergingList: [{ name: 'z', $patch: 'delete' }] },
    want: { mergingList: [item('a')] },
  },
  {
    name: 'delete every item',
    original: { mergingList: [item('a'), item('b')] },
    patch: {
      mergingList: [
        { name: 'a', $patch: 'delete' },
        { name: 'b', $patch: 'delete' },
      ],
    },
    want: { mergingList: [] },
  },
  {
    name: 'replace directive in a list',
    original: { mergingList: [item('a'), item('b')] },
    patch: { mergingList: [item('x', { value: '1' }), { $patch: 'replace' }] },
    want: { mergingList: [item('x', { value: '1' })] },
  },
  {
    name: 'replace directive in a map',
    original: { simpleMap: { a: '1', b: '2' } },
    patch: { simpleMap: { c: '3', $patch: 'replace' } },
    want: { simpleMap: { c: '3' } },
  },
  {
    name: 'delete directive in a map',
    original: { simpleMap: { a: '1' }, name: 'n' },
    patch: { simpleMap: { $patch: 'delete' } },
    want: { simpleMap: {}, name: 'n' },
  },
  {
    name: 'replace directive at the root',
    original: { name: 'a', value: 'b' },
    patch: { $patch: 'replace', other: 'c' },
    want: { other: 'c' },
  },
  { name: 'delete directive at the root', original: { name: 'a' }, patch: { $patch: 'delete' }, want: {} },
  {
    name: 'directive items of a new list are dropped',
    original: {},
    patch: { mergingList: [item('a'), { name: 'b', $patch: 'delete' }] },
    want: { mergingList: [item('a')] },
  },
  {
    name: 'directive maps of a new field are dropped',
    original: {},
    patch: { simpleMap: { $patch: 'delete' }, name: 'x' },
    want: { name: 'x' },
  },
  {
    name: 'unknown directive in a map',
    original: {},
    patch: { $patch: 'foo', name: 'a' },
    error: 'unknown patch type: foo in map: map[$patch:foo name:a]',
    reason: 'Unknown',
  },
  {
    name: 'unknown directive in a list item',
    original: { mergingList: [item('a')] },
    patch: { mergingList: [{ name: 'a', $patch: 'bogus' }] },
    error: 'unknown patch type: bogus in map: map[$patch:bogus name:a]',
    reason: 'Unknown',
  },
  {
    name: 'merge directive in a list',
    original: { mergingList: [item('a')] },
    patch: { mergingList: [{ name: 'a', $patch: 'merge' }] },
    error: 'merging lists cannot yet be specified in the patch',
    reason: 'Unknown',
  },
  {
    name: 'delete directive without the merge key',
    original: { mergingList: [item('a')] },
    patch: { mergingList: [{ $patch: 'delete' }] },
    error: 'map: map[$patch:delete] does not contain declared merge key: name',
  },
  {
    name: 'patch item without the merge key',
    original: { mergingList: [item('a')] },
    patch: { mergingList: [{ value: 'x' }] },
    error: 'map: map[value:x] does not contain declared merge key: name',
  },
  // primitive lists
  {
    name: 'primitive merge list is a set, live items first',
    original: { mergingIntList: [1, 2] },
    patch: { mergingIntList: [2, 3] },
    want: { mergingIntList: [1, 2, 3] },
  },
  {
    name: 'primitive merge list follows the patch order',
    original: { mergingIntList: [1, 2, 3] },
    patch: { mergingIntList: [3, 1] },
    want: { mergingIntList: [2, 3, 1] },
  },
  {
    name: 'duplicates in the patch are merged once',
    original: { mergingIntList: [1] },
    patch: { mergingIntList: [2, 2] },
    want: { mergingIntList: [2, 1] },
  },
  {
    name: 'non-merging primitive list is replaced',
    original: { nonMergingIntList: [1, 2] },
    patch: { nonMergingIntList: [3] },
    want: { nonMergingIntList: [3] },
  },
  {
    name: '$deleteFromPrimitiveList removes items',
    original: { mergingIntList: [1, 2, 3, 2] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [2] },
    want: { mergingIntList: [1, 3] },
  },
  {
    name: '$deleteFromPrimitiveList together with additions',
    original: { mergingIntList: [1, 2] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [1], mergingIntList: [3] },
    want: { mergingIntList: [3, 2] },
  },
  {
    name: '$deleteFromPrimitiveList on a list without merge strategy',
    original: { nonMergingIntList: [1, 2] },
    patch: { '$deleteFromPrimitiveList/nonMergingIntList': [1] },
    want: { nonMergingIntList: [2] },
  },
  {
    name: '$deleteFromPrimitiveList of a missing item',
    original: { mergingIntList: [1] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [5] },
    want: { mergingIntList: [1] },
  },
  {
    name: '$deleteFromPrimitiveList on an empty list',
    original: { mergingIntList: [] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [5] },
    want: { mergingIntList: [] },
  },
  {
    name: '$deleteFromPrimitiveList on a missing list',
    original: {},
    patch: { '$deleteFromPrimitiveList/mergingIntList': [5] },
    want: {},
  },
  {
    name: '$deleteFromPrimitiveList without a field name',
    original: {},
    patch: { $deleteFromPrimitiveList: [5] },
    error: 'invalid patch format of primitive list',
    reason: 'BadRequest',
  },
  // $setElementOrder
  {
    name: '$setElementOrder reorders a merging list',
    original: { mergingList: [item('a'), item('b'), item('c')] },
    patch: { '$setElementOrder/mergingList': [{ name: 'c' }, { name: 'a' }, { name: 'b' }] },
    want: { mergingList: [item('c'), item('a'), item('b')] },
  },
  {
    name: '$setElementOrder with server-only items',
    original: { mergingIntList: [1, 2, 7, 9, 8, 3, 4] },
    patch: { '$setElementOrder/mergingIntList': [2, 1, 4, 3] },
    want: { mergingIntList: [2, 1, 7, 9, 8, 4, 3] },
  },
  {
    // The live order seen after upstream deletes in place and appends into the freed slot decides this order.
    name: '$setElementOrder with additions and a deletion',
    original: { mergingList: [item(1), item(2, { other: 'b' }), item(4, { other: 'c' })] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 2 }, { name: 3 }],
      mergingList: [item(3), { name: 1, $patch: 'delete' }],
    },
    want: { mergingList: [item(2, { other: 'b' }), item(4, { other: 'c' }), item(3)] },
  },
  {
    name: '$setElementOrder for a list the object lacks',
    original: {},
    patch: {
      '$setElementOrder/mergingList': [{ name: 'b' }, { name: 'a' }],
      mergingList: [item('b'), item('a')],
    },
    want: { mergingList: [item('b'), item('a')] },
  },
  {
    name: '$setElementOrder naming an item the list lacks',
    original: { mergingList: [item(1), item(3)] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 3 }, { name: 2 }, { name: 1 }],
      mergingList: [item(3, { value: '3' }), item(1, { value: '1' })],
    },
    want: { mergingList: [item(3, { value: '3' }), item(1, { value: '1' })] },
  },
  {
    name: '$setElementOrder naming an item the int list lacks',
    original: { mergingIntList: [1, 3] },
    patch: { '$setElementOrder/mergingIntList': [3, 2, 1] },
    want: { mergingIntList: [3, 1] },
  },
  {
    name: '$setElementOrder disagreeing with the patch list',
    original: { mergingList: [item('a'), item('b')] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 'a' }, { name: 'b' }],
      mergingList: [item('b'), item('a')],
    },
    error:
      "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n",
  },
  {
    name: '$setElementOrder missing an item of the patch list',
    original: { mergingIntList: [1] },
    patch: { '$setElementOrder/mergingIntList': [1], mergingIntList: [1, 2] },
    error: "The order in patch list:\n[1 2]\n doesn't match $setElementOrder list:\n[1]\n",
  },
  {
    name: '$setElementOrder that is not a list',
    original: { mergingList: [item('a')] },
    patch: { '$setElementOrder/mergingList': 'a' },
    error: 'expected a []interface {}, but received a string',
  },
  {
    name: '$setElementOrder item without the merge key',
    original: { mergingList: [item('a')] },
    patch: { '$setElementOrder/mergingList': [{ value: 'a' }], mergingList: [item('a')] },
    error: 'map: map[value:a] does not contain declared merge key: name',
  },
];

describe('strategicMergePatch', () => {
  for (const c of cases) {
    it(c.name, () => {
      const original = deepClone(c.original);
      const patch = deepClone(c.patch);
      if (c.error !== undefined) {
        assert.throws(
          () => strategicMergePatch(c.original, c.patch, ITEM_SCHEMA),
          (e: unknown) =>
            e instanceof PatchError &&
            e.message === c.error &&
            (c.reason === undefined || e.reason === c.reason),
        );
      } else {
        assert.deepStrictEqual(strategicMergePatch(c.original, c.patch, ITEM_SCHEMA), c.want);
      }
      assert.deepStrictEqual(c.original, original, 'the original is not modified');
      assert.deepStrictEqual(c.patch, patch, 'the patch is not modified');
    });
  }

  it('without schema merges like a JSON merge patch but honours directives', () => {
    const got = strategicMergePatch(
      { list: [1, 2], m: { x: 1, y: 2 }, keep: true },
      { list: [3], m: { $patch: 'replace', z: 3 }, gone: null },
      undefined,
    );
    assert.deepStrictEqual(got, { list: [3], m: { z: 3 }, keep: true });
  });

  it('treats a null patch as no change', () => {
    assert.deepStrictEqual(strategicMergePatch({ a: 1 }, null, ITEM_SCHEMA), { a: 1 });
  });
});
