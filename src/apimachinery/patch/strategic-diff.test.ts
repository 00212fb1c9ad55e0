import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PatchConflictError, PatchError, PreconditionFailedError } from './errors.js';
import { ITEM_SCHEMA, referenceDefinitions } from './fixtures.js';
import { requireKeyUnchanged } from './preconditions.js';
import { patchSchemaFromOpenAPI } from './schema.js';
import {
  createThreeWayMergePatch,
  createTwoWayMergePatch,
  mergingMapsHaveConflicts,
} from './strategic-diff.js';
import { strategicMergePatch } from './strategic-merge.js';
import type { JsonObject, JsonValue } from './values.js';
import { deepClone } from './values.js';

const n = (name: string | number, extra: JsonObject = {}): JsonObject => ({ name, ...extra });

describe('createTwoWayMergePatch', () => {
  const cases: {
    name: string;
    original: JsonObject;
    modified: JsonObject;
    want: JsonObject;
    result?: JsonObject;
  }[] = [
    {
      name: 'no change',
      original: { name: 'a', mergingList: [n('x')] },
      modified: { name: 'a', mergingList: [n('x')] },
      want: {},
    },
    {
      name: 'added field',
      original: { name: 'a' },
      modified: { name: 'a', value: 'x' },
      want: { value: 'x' },
    },
    {
      name: 'deleted field becomes null',
      original: { name: 'a', value: 'x' },
      modified: { name: 'a' },
      want: { value: null },
    },
    {
      name: 'nested map change',
      original: { simpleMap: { a: '1', b: '2' } },
      modified: { simpleMap: { a: '1', c: '3' } },
      want: { simpleMap: { b: null, c: '3' } },
    },
    {
      name: 'item added to a merging list',
      original: { mergingList: [n('a')] },
      modified: { mergingList: [n('a'), n('b')] },
      want: { mergingList: [n('b')], '$setElementOrder/mergingList': [{ name: 'a' }, { name: 'b' }] },
    },
    {
      name: 'item deleted from a merging list',
      original: { mergingList: [n('a'), n('b')] },
      modified: { mergingList: [n('a')] },
      want: {
        mergingList: [{ name: 'b', $patch: 'delete' }],
        '$setElementOrder/mergingList': [{ name: 'a' }],
      },
    },
    {
      name: 'item changed in a merging list',
      original: { mergingList: [n('a', { value: '1' }), n('b')] },
      modified: { mergingList: [n('a', { value: '2' }), n('b')] },
      want: {
        mergingList: [n('a', { value: '2' })],
        '$setElementOrder/mergingList': [{ name: 'a' }, { name: 'b' }],
      },
    },
    {
      name: 'merging list reordered only',
      original: { mergingList: [n('a'), n('b')] },
      modified: { mergingList: [n('b'), n('a')] },
      want: { '$setElementOrder/mergingList': [{ name: 'b' }, { name: 'a' }] },
    },
    {
      name: 'additions follow the modified order, deletions go last',
      original: { mergingList: [n(1), n(2), n(3)] },
      modified: { mergingList: [n(4), n(2), n(1, { value: 'x' })] },
      want: {
        mergingList: [n(4), n(1, { value: 'x' }), { name: 3, $patch: 'delete' }],
        '$setElementOrder/mergingList': [{ name: 4 }, { name: 2 }, { name: 1 }],
      },
    },
    {
      name: 'item added to a primitive merging list',
      original: { mergingIntList: [1, 2] },
      modified: { mergingIntList: [1, 2, 3] },
      want: { mergingIntList: [3], '$setElementOrder/mergingIntList': [1, 2, 3] },
    },
    {
      name: 'item deleted from a primitive merging list',
      original: { mergingIntList: [1, 2, 3] },
      modified: { mergingIntList: [1, 3] },
      want: { '$deleteFromPrimitiveList/mergingIntList': [2], '$setElementOrder/mergingIntList': [1, 3] },
    },
    {
      name: 'primitive list reordered against the sort order',
      original: { mergingIntList: [1, 2] },
      modified: { mergingIntList: [2, 1] },
      want: { '$setElementOrder/mergingIntList': [2, 1] },
    },
    {
      // Upstream compares the modified list with the original after sorting it, so this yields no patch.
      name: 'primitive list reordered into sort order gives no patch',
      original: { mergingIntList: [2, 1] },
      modified: { mergingIntList: [1, 2] },
      want: {},
      result: { mergingIntList: [2, 1] },
    },
    {
      name: 'non-merging list is sent whole',
      original: { nonMergingList: [n('a'), n('b')] },
      modified: { nonMergingList: [n('a')] },
      want: { nonMergingList: [n('a')] },
    },
    {
      name: 'merging list created',
      original: {},
      modified: { mergingList: [n('a')] },
      want: { mergingList: [n('a')] },
    },
    {
      name: 'merging list was empty',
      original: { mergingList: [] },
      modified: { mergingList: [n('a')] },
      want: { mergingList: [n('a')] },
    },
    {
      name: 'merging list removed',
      original: { mergingList: [n('a')] },
      modified: {},
      want: { mergingList: null },
    },
    {
      name: 'retainKeys map gets the directive',
      original: { retainKeysMap: { name: 'a', value: 'b' } },
      modified: { retainKeysMap: { name: 'a', other: 'c' } },
      want: { retainKeysMap: { other: 'c', value: null, $retainKeys: ['name', 'other'] } },
    },
    {
      name: 'retainKeys map unchanged',
      original: { retainKeysMap: { name: 'a' } },
      modified: { retainKeysMap: { name: 'a' } },
      want: {},
    },
    {
      name: 'retainKeys merging list items get the directive',
      original: { retainKeysMergingList: [n('a', { value: '1' })] },
      modified: { retainKeysMergingList: [n('a', { other: '2' })] },
      want: {
        retainKeysMergingList: [{ name: 'a', other: '2', value: null, $retainKeys: ['name', 'other'] }],
        '$setElementOrder/retainKeysMergingList': [{ name: 'a' }],
      },
    },
    {
      name: 'replace strategy sends the whole map',
      original: { replacingItem: { a: 1 } },
      modified: { replacingItem: { a: 1, b: 2 } },
      want: { replacingItem: { a: 1, b: 2 } },
    },
    {
      name: 'type change sends the new value',
      original: { mergingList: [n('a')] },
      modified: { mergingList: 'x' },
      want: { mergingList: 'x' },
    },
    {
      name: 'unknown field with equal maps',
      original: { foo: { a: 1 } },
      modified: { foo: { a: 1 } },
      want: {},
    },
    {
      name: 'null in modified is sent',
      original: {},
      modified: { simpleMap: { a: null } },
      want: { simpleMap: { a: null } },
      result: { simpleMap: {} },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const original = deepClone(c.original);
      const modified = deepClone(c.modified);
      const patch = createTwoWayMergePatch(c.original, c.modified, ITEM_SCHEMA);
      assert.deepStrictEqual(patch, c.want);
      assert.deepStrictEqual(c.original, original);
      assert.deepStrictEqual(c.modified, modified);
      assert.deepStrictEqual(strategicMergePatch(c.original, patch, ITEM_SCHEMA), c.result ?? c.modified);
    });
  }

  it('fails for an unknown field holding different maps', () => {
    assert.throws(
      () => createTwoWayMergePatch({ foo: { a: 1 } }, { foo: { a: 2 } }, ITEM_SCHEMA),
      (e: unknown) =>
        e instanceof PatchError &&
        e.message === 'unable to find api field in struct Item for the json field "foo"',
    );
  });

  it('fails for merging list items without the merge key', () => {
    assert.throws(
      () => createTwoWayMergePatch({ mergingList: [n('a')] }, { mergingList: [{ value: 'x' }] }, ITEM_SCHEMA),
      (e: unknown) =>
        e instanceof PatchError &&
        e.message === 'map: map[value:x] does not contain declared merge key: name',
    );
  });

  it('applies preconditions', () => {
    assert.throws(
      () => createTwoWayMergePatch({ kind: 'A' }, { kind: 'B' }, undefined, [requireKeyUnchanged('kind')]),
      (e: unknown) =>
        e instanceof PreconditionFailedError && e.message === 'precondition failed for: map[kind:B]',
    );
  });
});

describe('createThreeWayMergePatch', () => {
  it('keeps server-side additions and deletes only what was applied before', () => {
    const original = { name: 'a', value: 'v', simpleMap: { k: '1' } };
    const modified = { name: 'a', simpleMap: { k: '1' } };
    const current = { name: 'a', value: 'v', other: 'server', simpleMap: { k: '1', s: '2' } };
    const patch = createThreeWayMergePatch(original, modified, current, ITEM_SCHEMA);
    assert.deepStrictEqual(patch, { value: null });
    assert.deepStrictEqual(strategicMergePatch(current, patch, ITEM_SCHEMA), {
      name: 'a',
      other: 'server',
      simpleMap: { k: '1', s: '2' },
    });
  });

  it('adds to a merging list without dropping server-only items', () => {
    const patch = createThreeWayMergePatch(
      { mergingList: [n('a')] },
      { mergingList: [n('a'), n('b')] },
      { mergingList: [n('a'), n('c')] },
      ITEM_SCHEMA,
    );
    assert.deepStrictEqual(patch, {
      mergingList: [n('b')],
      '$setElementOrder/mergingList': [{ name: 'a' }, { name: 'b' }],
    });
    assert.deepStrictEqual(strategicMergePatch({ mergingList: [n('a'), n('c')] }, patch, ITEM_SCHEMA), {
      mergingList: [n('a'), n('b'), n('c')],
    });
  });

  it('merges deletions with changes in one list', () => {
    const patch = createThreeWayMergePatch(
      { mergingList: [n(1), n(2)] },
      { mergingList: [n(2), n(3)] },
      { mergingList: [n(1), n(2, { other: 'b' }), n(4, { other: 'c' })] },
      ITEM_SCHEMA,
    );
    assert.deepStrictEqual(patch, {
      '$setElementOrder/mergingList': [{ name: 2 }, { name: 3 }],
      mergingList: [n(3), { name: 1, $patch: 'delete' }],
    });
  });

  it('deletes from a primitive list with the parallel list', () => {
    const patch = createThreeWayMergePatch(
      { mergingIntList: [1, 2] },
      { mergingIntList: [1] },
      { mergingIntList: [1, 2, 5] },
      ITEM_SCHEMA,
    );
    assert.deepStrictEqual(patch, {
      '$deleteFromPrimitiveList/mergingIntList': [2],
      '$setElementOrder/mergingIntList': [1],
    });
    assert.deepStrictEqual(strategicMergePatch({ mergingIntList: [1, 2, 5] }, patch, ITEM_SCHEMA), {
      mergingIntList: [1, 5],
    });
  });

  it('reports a conflict when overwrite is off', () => {
    const args = [{ value: 'a' }, { value: 'b' }, { value: 'c' }] as const;
    assert.throws(
      () => createThreeWayMergePatch(...args, ITEM_SCHEMA, false),
      (e: unknown) =>
        e instanceof PatchConflictError &&
        e.reason === 'Conflict' &&
        e.message ===
          'patch:\nvalue: b\n\nconflicts with changes made from original to current:\nvalue: c\n\n',
    );
    assert.deepStrictEqual(createThreeWayMergePatch(...args, ITEM_SCHEMA, true), { value: 'b' });
  });

  it('does not report changes that agree', () => {
    assert.deepStrictEqual(
      createThreeWayMergePatch(
        { value: 'a' },
        { value: 'b' },
        { value: 'b', other: 'x' },
        ITEM_SCHEMA,
        false,
      ),
      {},
    );
  });

  it('computes a kubectl apply patch for a Deployment', () => {
    const schema = patchSchemaFromOpenAPI(referenceDefinitions(), 'io.k8s.api.apps.v1.Deployment');
    const container = (image: string, extra: JsonObject = {}) => ({ name: 'web', image, ...extra });
    const original = {
      metadata: { name: 'd', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
        template: { spec: { containers: [container('nginx:1')] } },
      },
    };
    const modified = {
      metadata: { name: 'd', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        strategy: { type: 'Recreate' },
        template: { spec: { containers: [container('nginx:2')] } },
      },
    };
    const current = {
      metadata: { name: 'd', labels: { app: 'web' }, uid: 'u' },
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
        template: { spec: { containers: [container('nginx:1', { imagePullPolicy: 'IfNotPresent' })] } },
      },
    };
    const patch = createThreeWayMergePatch(original, modified, current, schema);
    assert.deepStrictEqual(patch, {
      spec: {
        replicas: 3,
        strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null },
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [{ name: 'web', image: 'nginx:2' }],
          },
        },
      },
    });
    const result = strategicMergePatch(current, patch, schema);
    assert.deepStrictEqual(result['spec'], {
      replicas: 3,
      strategy: { type: 'Recreate' },
      template: { spec: { containers: [container('nginx:2', { imagePullPolicy: 'IfNotPresent' })] } },
    });
  });
});

describe('mergingMapsHaveConflicts', () => {
  const cases: { name: string; left: JsonObject; right: JsonObject; want: boolean }[] = [
    { name: 'disjoint', left: { a: 1 }, right: { b: 1 }, want: false },
    { name: 'same value', left: { a: 1 }, right: { a: 1 }, want: false },
    { name: 'different value', left: { a: 1 }, right: { a: 2 }, want: true },
    {
      name: 'directive on one side only',
      left: { simpleMap: { $patch: 'delete' } },
      right: { simpleMap: { a: '1' } },
      want: true,
    },
    {
      name: 'same directive',
      left: { simpleMap: { $patch: 'replace' } },
      right: { simpleMap: { $patch: 'replace' } },
      want: false,
    },
    {
      name: 'merging list items with different keys',
      left: { mergingList: [n('a', { value: '1' })] },
      right: { mergingList: [n('b', { value: '2' })] },
      want: false,
    },
    {
      name: 'merging list items with the same key',
      left: { mergingList: [n('a', { value: '1' })] },
      right: { mergingList: [n('a', { value: '2' })] },
      want: true,
    },
    {
      name: 'primitive merging lists never conflict',
      left: { mergingIntList: [1] },
      right: { mergingIntList: [2] },
      want: false,
    },
    {
      name: 'non-merging lists compared sorted',
      left: { nonMergingIntList: [2, 1] },
      right: { nonMergingIntList: [1, 2] },
      want: false,
    },
    {
      name: 'non-merging lists of different length',
      left: { nonMergingIntList: [1] },
      right: { nonMergingIntList: [1, 2] },
      want: true,
    },
    {
      name: 'replace strategy ignores contents',
      left: { replacingItem: { a: 1 } },
      right: { replacingItem: { a: 2 } },
      want: false,
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.equal(mergingMapsHaveConflicts(c.left, c.right, ITEM_SCHEMA), c.want));
});

// ---- round-trip properties ----

const key = fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !k.startsWith('$'));
const scalar = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const { tree } = fc.letrec<{ tree: JsonValue }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('tree'), { maxLength: 3 }),
    fc.dictionary(key, tie('tree'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));
const doc = fc.dictionary(key, tree, { maxKeys: 5, noNullPrototype: true }) as fc.Arbitrary<JsonObject>;

const names = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 5 });
const leaf = fc.record(
  { value: fc.constantFrom('1', '2'), other: fc.constantFrom('x', 'y') },
  { requiredKeys: [] },
);
const mergingList = names.chain((ns) => fc.tuple(...ns.map((name) => leaf.map((l) => ({ name, ...l })))));
const itemDoc = fc.record(
  {
    name: fc.constantFrom('p', 'q'),
    value: fc.constantFrom('1', '2'),
    mergingList,
    nonMergingList: fc.array(leaf, { maxLength: 2 }),
    mergingIntList: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 5 }),
    simpleMap: fc.dictionary(fc.constantFrom('k1', 'k2', 'k3'), fc.constantFrom('v1', 'v2'), {
      noNullPrototype: true,
    }),
    retainKeysMap: fc.record(
      { name: fc.constantFrom('r'), value: fc.constantFrom('1', '2'), other: fc.constantFrom('o') },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<JsonObject>;

/** Primitive merging lists are compared as sets: upstream may leave a pure reorder unpatched. */
function normalized(o: JsonObject): JsonObject {
  const copy = deepClone(o);
  const ints = copy['mergingIntList'];
  if (Array.isArray(ints)) copy['mergingIntList'] = [...ints].sort();
  return copy;
}

describe('two-way patch round trip', () => {
  it('reproduces the modified document without a schema', () => {
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        assert.deepStrictEqual(strategicMergePatch(a, createTwoWayMergePatch(a, b, undefined), undefined), b);
      }),
      { seed: 1234, numRuns: 2000 },
    );
  });

  it('reproduces the modified document under a schema', () => {
    fc.assert(
      fc.property(itemDoc, itemDoc, (a, b) => {
        const patch = createTwoWayMergePatch(a, b, ITEM_SCHEMA);
        assert.deepStrictEqual(normalized(strategicMergePatch(a, patch, ITEM_SCHEMA)), normalized(b));
      }),
      { seed: 4321, numRuns: 2000 },
    );
  });

  it('three-way patch onto the last applied state equals the two-way result', () => {
    fc.assert(
      fc.property(itemDoc, itemDoc, (a, b) => {
        const patch = createThreeWayMergePatch(a, b, a, ITEM_SCHEMA);
        assert.deepStrictEqual(normalized(strategicMergePatch(a, patch, ITEM_SCHEMA)), normalized(b));
      }),
      { seed: 99, numRuns: 1000 },
    );
  });
});
