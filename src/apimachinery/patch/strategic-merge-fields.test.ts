import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError, type PatchErrorReason } from './errors.js';
import { ITEM_SCHEMA, referenceDefinitions } from './fixtures.js';
import { patchSchemaFromOpenAPI } from './schema.js';
import { strategicMergePatch } from './strategic-merge.js';
import type { JsonObject } from './values.js';
import { deepClone } from './values.js';

// Field-level behaviour of strategic merge patch: $retainKeys, nulls, empty values,
// patch strategies and value types, and patches of real Kubernetes objects.

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
  // $retainKeys
  {
    name: '$retainKeys clears fields not listed',
    original: { retainKeysMap: { name: 'a', value: 'b', other: 'c' } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'value'], value: 'x' } },
    want: { retainKeysMap: { name: 'a', value: 'x' } },
  },
  {
    name: 'retainKeys field without the directive merges normally',
    original: { retainKeysMap: { name: 'a', value: 'b' } },
    patch: { retainKeysMap: { other: 'c' } },
    want: { retainKeysMap: { name: 'a', value: 'b', other: 'c' } },
  },
  {
    name: '$retainKeys in items of a merging list',
    original: { retainKeysMergingList: [item('a', { value: '1', other: '2' }), item('b', { value: '3' })] },
    patch: { retainKeysMergingList: [{ name: 'a', $retainKeys: ['name', 'other'] }] },
    want: { retainKeysMergingList: [item('a', { other: '2' }), item('b', { value: '3' })] },
  },
  {
    name: '$retainKeys ignores nulls and parallel lists of the patch',
    original: { retainKeysMap: { name: 'a', mergingIntList: [1, 2], value: 'v' } },
    patch: {
      retainKeysMap: {
        $retainKeys: ['mergingIntList', 'name'],
        value: null,
        '$deleteFromPrimitiveList/mergingIntList': [1],
      },
    },
    want: { retainKeysMap: { name: 'a', mergingIntList: [2] } },
  },
  {
    // Upstream keys a Go map by these entries and panics; kube-apiserver answers a 500.
    name: '$retainKeys holding a map',
    original: { retainKeysMap: { name: 'a' } },
    patch: { retainKeysMap: { $retainKeys: [{ name: 'x' }] } },
    error: 'This request caused apiserver to panic. Look in the logs for details.',
    reason: 'Unknown',
  },
  {
    name: '$retainKeys missing a patched field',
    original: { retainKeysMap: { name: 'a' } },
    patch: { retainKeysMap: { $retainKeys: ['name'], value: 'x' } },
    error: 'invalid patch format of retainKeys',
    reason: 'BadRequest',
  },
  {
    name: '$retainKeys that is not a list',
    original: { retainKeysMap: { name: 'a' } },
    patch: { retainKeysMap: { $retainKeys: 'name' } },
    error: 'invalid patch format of retainKeys',
    reason: 'BadRequest',
  },
  // nulls
  {
    name: 'null deletes a field',
    original: { name: 'a', value: 'b' },
    patch: { name: null },
    want: { value: 'b' },
  },
  {
    name: 'null for a missing field adds nothing',
    original: { name: 'a' },
    patch: { value: null },
    want: { name: 'a' },
  },
  {
    name: 'null deletes a nested key',
    original: { simpleMap: { a: '1', b: '2' } },
    patch: { simpleMap: { a: null } },
    want: { simpleMap: { b: '2' } },
  },
  {
    name: 'nulls inside an added value are discarded',
    original: {},
    patch: { retainKeysMap: { name: 'a', value: null } },
    want: { retainKeysMap: { name: 'a' } },
  },
  {
    name: 'nulls inside added list items are discarded',
    original: {},
    patch: { nonMergingList: [{ name: 'a', value: null }] },
    want: { nonMergingList: [{ name: 'a' }] },
  },
  {
    name: 'null list entries of a new list are kept',
    original: {},
    patch: { nonMergingIntList: [1, null] },
    want: { nonMergingIntList: [1, null] },
  },
  {
    name: 'null value of an original field is left alone',
    original: { name: null },
    patch: { value: 'x' },
    want: { name: null, value: 'x' },
  },
  // empty maps and lists
  {
    name: 'empty map patch changes nothing',
    original: { simpleMap: { a: '1' } },
    patch: { simpleMap: {} },
    want: { simpleMap: { a: '1' } },
  },
  { name: 'empty map is added', original: {}, patch: { simpleMap: {} }, want: { simpleMap: {} } },
  {
    name: 'empty merging list changes nothing',
    original: { mergingList: [item('a')] },
    patch: { mergingList: [] },
    want: { mergingList: [item('a')] },
  },
  {
    name: 'empty merging lists on both sides',
    original: { mergingList: [] },
    patch: { mergingList: [] },
    want: { mergingList: [] },
  },
  {
    name: 'empty non-merging list replaces',
    original: { nonMergingList: [item('a')] },
    patch: { nonMergingList: [] },
    want: { nonMergingList: [] },
  },
  { name: 'empty list is added', original: {}, patch: { mergingList: [] }, want: { mergingList: [] } },
  { name: 'empty patch', original: { name: 'a' }, patch: {}, want: { name: 'a' } },
  // strategies and types
  {
    name: 'replace strategy replaces a map',
    original: { replacingItem: { a: 1, b: 2 } },
    patch: { replacingItem: { c: 3 } },
    want: { replacingItem: { c: 3 } },
  },
  {
    name: 'a changed type replaces',
    original: { mergingList: [item('a')] },
    patch: { mergingList: 'x' },
    want: { mergingList: 'x' },
  },
  {
    name: 'a scalar replaces a map',
    original: { simpleMap: { a: '1' } },
    patch: { simpleMap: 5 },
    want: { simpleMap: 5 },
  },
  {
    name: 'unknown field holding maps',
    original: { foo: { a: 1 } },
    patch: { foo: { b: 2 } },
    error: 'unable to find api field in struct Item for the json field "foo"',
    reason: 'Unknown',
  },
  {
    name: 'unknown field holding a scalar is set',
    original: { foo: 1 },
    patch: { foo: 2 },
    want: { foo: 2 },
  },
  {
    name: 'lists of lists',
    original: { mergingIntList: [[1]] },
    patch: { mergingIntList: [[2]] },
    error: 'lists of lists are not supported',
    reason: 'Invalid',
  },
  {
    name: 'mixed element types',
    original: { mergingIntList: [1] },
    patch: { mergingIntList: ['a'] },
    error: 'list element types are not identical: [[1] [a]]',
  },
  {
    name: 'maps in a merge list without merge key',
    original: { mergingIntList: [{ a: 1 }] },
    patch: { mergingIntList: [{ a: 2 }] },
    error: 'cannot merge lists without merge key for int32',
  },
  {
    name: 'a patch strategy upstream cannot parse',
    original: { badStrategy: { a: 1 } },
    patch: { badStrategy: { b: 1 } },
    error: 'unexpected patch strategy: [merge replace retainKeys]',
  },
];

describe('strategicMergePatch fields', () => {
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
});

describe('strategicMergePatch', () => {
  describe('on a Pod', () => {
    const pod = patchSchemaFromOpenAPI(referenceDefinitions(), 'io.k8s.api.core.v1.Pod');
    const original: JsonObject = {
      metadata: { name: 'p', labels: { app: 'a' }, finalizers: ['x'] },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.0',
            env: [{ name: 'A', value: '1' }],
            ports: [{ containerPort: 80, protocol: 'TCP' }],
          },
          { name: 'sidecar', image: 'busybox', args: ['sleep', '1'] },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
        tolerations: [{ key: 'k', operator: 'Exists' }],
      },
    };

    it('merges containers by name and their env by name', () => {
      const got = strategicMergePatch(
        original,
        {
          metadata: { labels: { tier: 'b' }, finalizers: ['y'] },
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.1', env: [{ name: 'B', value: '2' }] }],
            tolerations: [{ key: 'other', operator: 'Exists' }],
          },
        },
        pod,
      );
      const spec = got['spec'] as JsonObject;
      assert.deepStrictEqual((got['metadata'] as JsonObject)['labels'], { app: 'a', tier: 'b' });
      assert.deepStrictEqual((got['metadata'] as JsonObject)['finalizers'], ['y', 'x']);
      assert.deepStrictEqual(spec['containers'], [
        {
          name: 'web',
          image: 'nginx:1.1',
          env: [
            { name: 'B', value: '2' },
            { name: 'A', value: '1' },
          ],
          ports: [{ containerPort: 80, protocol: 'TCP' }],
        },
        { name: 'sidecar', image: 'busybox', args: ['sleep', '1'] },
      ]);
      assert.deepStrictEqual(
        spec['tolerations'],
        [{ key: 'other', operator: 'Exists' }],
        'atomic lists are replaced',
      );
    });

    it('switches a volume source with $retainKeys', () => {
      const got = strategicMergePatch(
        original,
        {
          spec: { volumes: [{ name: 'data', $retainKeys: ['hostPath', 'name'], hostPath: { path: '/d' } }] },
        },
        pod,
      );
      assert.deepStrictEqual((got['spec'] as JsonObject)['volumes'], [
        { name: 'data', hostPath: { path: '/d' } },
      ]);
    });

    it('removes a container with a delete directive', () => {
      const got = strategicMergePatch(
        original,
        { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } },
        pod,
      );
      assert.deepStrictEqual(
        ((got['spec'] as JsonObject)['containers'] as JsonObject[]).map((c) => c['name']),
        ['web'],
      );
    });

    it('rejects unknown fields holding objects', () => {
      assert.throws(
        () => strategicMergePatch({ spec: { bogus: { a: 1 } } }, { spec: { bogus: { b: 1 } } }, pod),
        (e: unknown) =>
          e instanceof PatchError &&
          e.message === 'unable to find api field in struct PodSpec for the json field "bogus"',
      );
    });
  });
});
