import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ITEM_SCHEMA, referenceDefinitions } from './fixtures.js';
import type { PatchFieldLookup, PatchSchema } from './schema.js';
import { lookupSlice, lookupStruct, patchSchemaFromOpenAPI } from './schema.js';

function must(r: PatchFieldLookup): Extract<PatchFieldLookup, { ok: true }> {
  if (!r.ok) assert.fail(r.message);
  return r;
}

/** Walks `a.b[].c` style paths: `[]` steps into list items. */
function walk(schema: PatchSchema, path: string): Extract<PatchFieldLookup, { ok: true }> {
  let s: PatchSchema | undefined = schema;
  let last: Extract<PatchFieldLookup, { ok: true }> | undefined;
  for (const part of path.split('.')) {
    const slice = part.endsWith('[]');
    const name = slice ? part.slice(0, -2) : part;
    last = must(slice ? lookupSlice(s, name) : lookupStruct(s, name));
    s = last.schema;
  }
  if (last === undefined) assert.fail('empty path');
  return last;
}

describe('patchSchemaFromOpenAPI on the Kubernetes schema', () => {
  const deployment = patchSchemaFromOpenAPI(referenceDefinitions(), 'io.k8s.api.apps.v1.Deployment');
  const pod = patchSchemaFromOpenAPI(referenceDefinitions(), '#/definitions/io.k8s.api.core.v1.Pod');

  const cases: {
    name: string;
    schema: PatchSchema;
    path: string;
    strategies: string[];
    mergeKey: string;
    listType?: string;
    mapKeys?: string[];
  }[] = [
    {
      name: 'containers merge on name',
      schema: pod,
      path: 'spec.containers[]',
      strategies: ['merge'],
      mergeKey: 'name',
      listType: 'map',
      mapKeys: ['name'],
    },
    {
      name: 'volumes merge with retainKeys',
      schema: pod,
      path: 'spec.volumes[]',
      strategies: ['merge', 'retainKeys'],
      mergeKey: 'name',
      listType: 'map',
      mapKeys: ['name'],
    },
    {
      name: 'container ports merge on containerPort',
      schema: pod,
      path: 'spec.containers[].ports[]',
      strategies: ['merge'],
      mergeKey: 'containerPort',
      listType: 'map',
      mapKeys: ['containerPort', 'protocol'],
    },
    {
      name: 'container env merges on name',
      schema: pod,
      path: 'spec.containers[].env[]',
      strategies: ['merge'],
      mergeKey: 'name',
      listType: 'map',
      mapKeys: ['name'],
    },
    {
      name: 'tolerations are atomic without strategy',
      schema: pod,
      path: 'spec.tolerations[]',
      strategies: [],
      mergeKey: '',
      listType: 'atomic',
    },
    {
      name: 'finalizers merge as a set',
      schema: pod,
      path: 'metadata.finalizers[]',
      strategies: ['merge'],
      mergeKey: '',
      listType: 'set',
    },
    {
      name: 'deployment strategy retains keys',
      schema: deployment,
      path: 'spec.strategy',
      strategies: ['retainKeys'],
      mergeKey: '',
    },
    {
      name: 'template containers of a deployment',
      schema: deployment,
      path: 'spec.template.spec.containers[]',
      strategies: ['merge'],
      mergeKey: 'name',
      listType: 'map',
      mapKeys: ['name'],
    },
    {
      name: 'labels carry no metadata',
      schema: deployment,
      path: 'metadata.labels',
      strategies: [],
      mergeKey: '',
    },
    {
      name: 'owner references merge on uid',
      schema: pod,
      path: 'metadata.ownerReferences[]',
      strategies: ['merge'],
      mergeKey: 'uid',
      listType: 'map',
      mapKeys: ['uid'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = walk(c.schema, c.path);
      assert.deepStrictEqual([...got.meta.patchStrategies], c.strategies);
      assert.equal(got.meta.patchMergeKey, c.mergeKey);
      assert.equal(got.meta.listType, c.listType);
      assert.deepStrictEqual([...got.meta.listMapKeys], c.mapKeys ?? []);
    });
  }

  it('names the Go struct in unknown-field errors', () => {
    const spec = walk(pod, 'spec').schema;
    assert.deepStrictEqual(lookupStruct(spec, 'nope'), {
      ok: false,
      message: 'unable to find api field in struct PodSpec for the json field "nope"',
    });
  });

  it('treats maps as non-structs', () => {
    const labels = walk(pod, 'metadata.labels').schema;
    assert.equal(labels?.name, 'map');
    assert.deepStrictEqual(lookupStruct(labels, 'x'), {
      ok: false,
      message: 'merging an object in json but data type is not struct, instead is: map',
    });
  });

  it('treats named string types as field-less structs', () => {
    const limits = walk(pod, 'spec.containers[].resources.limits').schema;
    assert.equal(limits?.name, 'map');
    const quantity = walk(pod, 'spec.containers[].resources').schema;
    assert.equal(lookupStruct(quantity, 'limits').ok, true);
  });

  it('rejects slice lookups of scalar fields', () => {
    const container = walk(pod, 'spec.containers[]').schema;
    assert.deepStrictEqual(lookupSlice(container, 'image'), {
      ok: false,
      message: 'expected slice or array type, but got: struct',
    });
  });

  it('caches and resolves recursive definitions lazily', () => {
    const a = walk(ITEM_SCHEMA, 'mergingList[].mergingList[].itemPtr').schema;
    const b = walk(ITEM_SCHEMA, 'itemPtr').schema;
    assert.equal(a, b);
  });

  it('throws for an unknown root', () => {
    assert.throws(
      () => patchSchemaFromOpenAPI(referenceDefinitions(), 'io.k8s.api.core.v1.Nope'),
      /not found/,
    );
  });

  it('accepts a whole OpenAPI document', () => {
    const s = patchSchemaFromOpenAPI({ definitions: referenceDefinitions() }, 'io.k8s.api.core.v1.Pod');
    assert.equal(walk(s, 'spec.containers[]').meta.patchMergeKey, 'name');
  });

  it('reports extension values of the wrong type', () => {
    const s = patchSchemaFromOpenAPI(
      { t: { type: 'object', properties: { l: { type: 'array', 'x-kubernetes-patch-merge-key': 5 } } } },
      't',
    );
    assert.deepStrictEqual(s.lookupSlice('l'), {
      ok: false,
      message: 'expected a string, but received a int64',
    });
  });
});

describe('schema-less lookups', () => {
  it('answer no metadata and no schema', () => {
    const r = must(lookupStruct(undefined, 'anything'));
    assert.deepStrictEqual([...r.meta.patchStrategies], []);
    assert.equal(r.schema, undefined);
    assert.equal(must(lookupSlice(undefined, 'x')).schema, undefined);
  });
});
