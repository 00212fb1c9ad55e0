import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyPatch, JSON_PATCH_TYPE, MERGE_PATCH_TYPE, STRATEGIC_MERGE_PATCH_TYPE } from './apply-patch.js';
import { PatchError } from './errors.js';
import { ITEM_SCHEMA } from './fixtures.js';
import { applyJsonPatch, decodeJsonPatch } from './json-patch.js';
import { applyMergePatch, createThreeWayJSONMergePatch } from './merge-patch.js';
import type { PatchFieldLookup, PatchSchema } from './schema.js';
import { lookupSlice, lookupStruct, patchSchemaFromOpenAPI } from './schema.js';
import { createThreeWayMergePatch, createTwoWayMergePatch } from './strategic-diff.js';
import { strategicMergePatch } from './strategic-merge.js';
import type { JsonObject, JsonValue } from './values.js';

/**
 * Every engine either returns a value or throws PatchError with a message; never a
 * TypeError, RangeError or anything else. Inputs lean towards the shapes the
 * engines look at (directive keys, merge keys, pointer paths) so that deep paths
 * are reached, not only the first type check.
 */

const RUNS = { seed: 20240601, numRuns: 2000 } as const;

const keys = fc.oneof(
  fc.constantFrom(
    'name',
    'value',
    'mergingList',
    'nonMergingList',
    'mergingIntList',
    'simpleMap',
    'retainKeysMap',
    'itemPtr',
    'replacingItem',
    'retainKeysMergingList',
    '$patch',
    '$retainKeys',
    '$setElementOrder/mergingList',
    '$setElementOrder/mergingIntList',
    '$deleteFromPrimitiveList/mergingIntList',
    '$deleteFromPrimitiveList',
    '__proto__',
  ),
  fc.string({ maxLength: 4 }),
);
const scalars = fc.oneof(
  fc.constantFrom<JsonValue>('delete', 'replace', 'merge', 'retainKeys', 'name', 'a', null, 0, 1, -1, 1.5),
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.boolean(),
);
const { value } = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalars,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keys, tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
}));
const object = fc.dictionary(keys, value, { maxKeys: 6, noNullPrototype: true }) as fc.Arbitrary<JsonObject>;

const pointer = fc
  .array(fc.oneof(keys, fc.constantFrom('0', '1', '-', '-1', '~0', '~1', '01', 'x')), { maxLength: 3 })
  .map((parts) => (parts.length === 0 ? '' : `/${parts.join('/')}`));
const operation = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test'), scalars),
    path: fc.oneof(pointer, scalars),
    from: fc.oneof(pointer, scalars),
    value,
  },
  { requiredKeys: [], noNullPrototype: true },
) as fc.Arbitrary<JsonValue>;
const jsonPatch = fc.oneof(fc.array(fc.oneof(operation, value), { maxLength: 5 }), value);

function onlyPatchErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    assert.ok(e.message.length > 0, 'errors carry a message');
  }
}

describe('fuzz', () => {
  it('JSON patch', () => {
    fc.assert(
      fc.property(value, jsonPatch, (doc, patch) => {
        onlyPatchErrors(() => applyJsonPatch(doc, decodeJsonPatch(patch), { maxCopyBytes: 4096 }));
      }),
      RUNS,
    );
  });

  it('JSON merge patch', () => {
    fc.assert(
      fc.property(value, value, (doc, patch) => onlyPatchErrors(() => applyMergePatch(doc, patch))),
      RUNS,
    );
  });

  it('three-way JSON merge patch', () => {
    fc.assert(
      fc.property(object, object, object, (o, m, c) =>
        onlyPatchErrors(() => createThreeWayJSONMergePatch(o, m, c)),
      ),
      RUNS,
    );
  });

  it('strategic merge patch with and without schema', () => {
    fc.assert(
      fc.property(object, object, (doc, patch) => {
        onlyPatchErrors(() => strategicMergePatch(doc, patch, ITEM_SCHEMA));
        onlyPatchErrors(() => strategicMergePatch(doc, patch, undefined));
      }),
      RUNS,
    );
  });

  it('strategic two-way and three-way diffs', () => {
    fc.assert(
      fc.property(object, object, object, fc.boolean(), (o, m, c, overwrite) => {
        onlyPatchErrors(() => createTwoWayMergePatch(o, m, ITEM_SCHEMA));
        onlyPatchErrors(() => createThreeWayMergePatch(o, m, c, ITEM_SCHEMA, overwrite));
      }),
      RUNS,
    );
  });

  it('applyPatch never throws on arbitrary bodies', () => {
    const body = fc.oneof(
      fc.string({ maxLength: 40 }),
      jsonPatch.map((v) => JSON.stringify(v)),
      object.map((v) => JSON.stringify(v)),
    );
    const type = fc.constantFrom(JSON_PATCH_TYPE, MERGE_PATCH_TYPE, STRATEGIC_MERGE_PATCH_TYPE, 'text/plain');
    fc.assert(
      fc.property(type, object, body, (t, doc, b) => {
        const r = applyPatch(t, doc, b, ITEM_SCHEMA);
        if (!r.ok) assert.ok(r.error.message.length > 0);
      }),
      RUNS,
    );
  });
});

describe('fuzz OpenAPI adapter', () => {
  const names = fc.constantFrom('A', 'B', 'io.k8s.C');
  const ref = names.map((n) => ({ $ref: `#/definitions/${n}` }));
  const ext = fc.record(
    {
      'x-kubernetes-patch-strategy': fc.oneof(
        fc.constantFrom('merge', 'retainKeys', 'merge,retainKeys', 'replace'),
        value,
      ),
      'x-kubernetes-patch-merge-key': fc.oneof(fc.constantFrom('name'), value),
      'x-kubernetes-list-type': fc.oneof(fc.constantFrom('atomic', 'set', 'map'), value),
      'x-kubernetes-list-map-keys': value,
    },
    { requiredKeys: [], noNullPrototype: true },
  );
  const { node } = fc.letrec<{ node: JsonValue }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      value,
      ref,
      fc.tuple(ext, ref).map(([e, r]) => ({ ...e, ...r }) as JsonValue),
      fc.record(
        { type: fc.constantFrom('array', 'object', 'string', 'integer'), items: tie('node') },
        { requiredKeys: [] },
      ),
      fc.record({ allOf: fc.array(tie('node'), { maxLength: 2 }) }),
      fc.record({ type: fc.constant('object'), additionalProperties: tie('node') }),
      fc
        .tuple(
          ext,
          fc.dictionary(fc.constantFrom('f', 'g', 'list'), tie('node'), {
            maxKeys: 3,
            noNullPrototype: true,
          }),
        )
        .map(([e, props]) => ({ ...e, properties: props }) as JsonValue),
    ),
  }));
  const definitions = fc.dictionary(names, node, { minKeys: 1, maxKeys: 3, noNullPrototype: true });

  it('answers every lookup with metadata or an error text', () => {
    fc.assert(
      fc.property(
        definitions,
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom('f', 'g', 'list', 'x')), { maxLength: 5 }),
        (defs, path) => {
          const root = Object.keys(defs)[0] as string;
          let schema: PatchSchema | undefined = patchSchemaFromOpenAPI(defs as Record<string, unknown>, root);
          for (const [slice, field] of path) {
            const r: PatchFieldLookup = slice ? lookupSlice(schema, field) : lookupStruct(schema, field);
            if (!r.ok) {
              assert.ok(r.message.length > 0);
              return;
            }
            assert.ok(Array.isArray(r.meta.patchStrategies));
            schema = r.schema;
          }
        },
      ),
      RUNS,
    );
  });

  it('strategic merge with a random schema fails only with PatchError', () => {
    fc.assert(
      fc.property(definitions, object, object, (defs, doc, patch) => {
        const root = Object.keys(defs)[0] as string;
        const schema = patchSchemaFromOpenAPI(defs as Record<string, unknown>, root);
        onlyPatchErrors(() => strategicMergePatch(doc, patch, schema));
        onlyPatchErrors(() => createTwoWayMergePatch(doc, patch, schema));
      }),
      { seed: 77, numRuns: 1000 },
    );
  });
});
