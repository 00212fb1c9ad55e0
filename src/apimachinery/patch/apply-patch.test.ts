import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplyPatchResult } from './apply-patch.js';
import {
  APPLY_YAML_PATCH_TYPE,
  applyPatch,
  CUSTOM_RESOURCE_PATCH_TYPES,
  JSON_PATCH_TYPE,
  MERGE_PATCH_TYPE,
  STRATEGIC_MERGE_PATCH_TYPE,
} from './apply-patch.js';
import { referenceDefinitions } from './fixtures.js';
import { patchSchemaFromOpenAPI } from './schema.js';
import type { JsonObject } from './values.js';

const pod = patchSchemaFromOpenAPI(referenceDefinitions(), 'io.k8s.api.core.v1.Pod');
const current: JsonObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { a: '1' } },
  spec: { containers: [{ name: 'c', image: 'i:1' }] },
};

type Expect =
  | { object: JsonObject; warnings?: string[] }
  | { reason: string; code: number; message: string; cause?: string };

const cases: {
  name: string;
  type: string;
  body: string;
  want: Expect;
  options?: Parameters<typeof applyPatch>[4];
}[] = [
  {
    name: 'json patch',
    type: JSON_PATCH_TYPE,
    body: '[{"op":"replace","path":"/metadata/labels/a","value":"2"}]',
    want: { object: { ...current, metadata: { name: 'p', labels: { a: '2' } } } },
  },
  {
    name: 'charset parameter is ignored',
    type: `${MERGE_PATCH_TYPE}; charset=utf-8`,
    body: '{"metadata":{"labels":null}}',
    want: { object: { ...current, metadata: { name: 'p' } } },
  },
  {
    name: 'strategic merge patch uses the schema',
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: '{"spec":{"containers":[{"name":"c","image":"i:2"}]}}',
    want: { object: { ...current, spec: { containers: [{ name: 'c', image: 'i:2' }] } } },
  },
  {
    name: 'strategic null patch changes nothing',
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: 'null',
    want: { object: current },
  },
  {
    name: 'unsupported media type',
    type: 'application/json',
    body: '{}',
    want: {
      reason: 'UnsupportedMediaType',
      code: 415,
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    },
  },
  {
    name: 'strategic merge patch is not offered for custom resources',
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: '{}',
    options: { patchTypes: CUSTOM_RESOURCE_PATCH_TYPES },
    want: {
      reason: 'UnsupportedMediaType',
      code: 415,
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    },
  },
  {
    name: 'merge patch body that is not JSON',
    type: MERGE_PATCH_TYPE,
    body: '{"a":',
    want: { reason: 'BadRequest', code: 400, message: 'error decoding patch: unexpected end of JSON input' },
  },
  {
    name: 'merge patch body that is not JSON, without strict decoding',
    type: MERGE_PATCH_TYPE,
    body: '{"a":',
    options: { fieldValidation: 'Ignore' },
    want: { reason: 'BadRequest', code: 400, message: 'Invalid JSON Patch' },
  },
  {
    name: 'empty body',
    type: JSON_PATCH_TYPE,
    body: '',
    want: { reason: 'BadRequest', code: 400, message: 'error decoding patch: unexpected end of JSON input' },
  },
  {
    name: 'json patch body that is not JSON',
    type: JSON_PATCH_TYPE,
    body: '[{"op":"add",}]',
    want: {
      reason: 'BadRequest',
      code: 400,
      message: "error decoding patch: invalid character '}' looking for beginning of object key string",
    },
  },
  {
    name: 'json patch body that is not JSON, without strict decoding',
    type: JSON_PATCH_TYPE,
    body: '[1 2]',
    options: { fieldValidation: 'Ignore' },
    want: { reason: 'BadRequest', code: 400, message: "invalid character '2' after array element" },
  },
  {
    name: 'strategic merge patch body that is not JSON',
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: '{"a":tru}',
    want: {
      reason: 'BadRequest',
      code: 400,
      message: "invalid character '}' in literal true (expecting 'e')",
    },
  },
  {
    name: 'patch nested past the body depth limit',
    type: MERGE_PATCH_TYPE,
    body: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
    want: {
      reason: 'BadRequest',
      code: 400,
      message: "error decoding patch: invalid character '{' exceeded max depth",
    },
  },
  {
    name: 'json patch that is an object',
    type: JSON_PATCH_TYPE,
    body: '{"op":"add"}',
    want: {
      reason: 'BadRequest',
      code: 400,
      message:
        'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    },
  },
  {
    name: 'json patch that is an object, fieldValidation=Ignore',
    type: JSON_PATCH_TYPE,
    body: '{"op":"add"}',
    options: { fieldValidation: 'Ignore' },
    want: {
      reason: 'BadRequest',
      code: 400,
      message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    },
  },
  {
    name: 'json patch op of the wrong type',
    type: JSON_PATCH_TYPE,
    body: '[{"op":1,"path":"/a"}]',
    want: {
      reason: 'BadRequest',
      code: 400,
      message:
        'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string',
    },
  },
  {
    name: 'json patch that does not apply',
    type: JSON_PATCH_TYPE,
    body: '[{"op":"test","path":"/metadata/name","value":"q"}]',
    want: {
      reason: 'Invalid',
      code: 422,
      message: 'the server rejected our request due to an error in our request',
      cause: 'testing value /metadata/name failed: test failed',
    },
  },
  {
    name: 'json patch unknown op fields warn',
    type: JSON_PATCH_TYPE,
    body: '[{"op":"add","path":"/x","value":1,"extra":true}]',
    want: { object: { ...current, x: 1 }, warnings: ['json patch unknown field "extra"'] },
  },
  {
    name: 'json patch unknown op fields fail when strict',
    type: JSON_PATCH_TYPE,
    body: '[{"op":"remove","path":"/spec","extra":true}]',
    options: { fieldValidation: 'Strict' },
    want: {
      reason: 'Invalid',
      code: 422,
      message: ` "" is invalid: patch: Invalid value: "{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Pod\\",\\"metadata\\":{\\"name\\":\\"p\\",\\"labels\\":{\\"a\\":\\"1\\"}}}": strict decoding error: json patch unknown field "extra"`,
    },
  },
  {
    name: 'too many json patch operations',
    type: JSON_PATCH_TYPE,
    body: JSON.stringify(Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'Pod' }))),
    want: {
      reason: 'RequestEntityTooLarge',
      code: 413,
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    },
  },
  {
    name: 'merge patch that is null',
    type: MERGE_PATCH_TYPE,
    body: 'null',
    want: { reason: 'BadRequest', code: 400, message: 'Invalid JSON Patch' },
  },
  {
    name: 'merge patch that is an array',
    type: MERGE_PATCH_TYPE,
    body: '[1]',
    want: {
      reason: 'BadRequest',
      code: 400,
      message:
        'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    },
  },
  {
    name: 'merge patch array with fieldValidation=Ignore replaces the document',
    type: MERGE_PATCH_TYPE,
    body: '[1]',
    options: { fieldValidation: 'Ignore' },
    want: {
      reason: 'Invalid',
      code: 422,
      message:
        ' "" is invalid: patch: Invalid value: "[1]": couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
    },
  },
  {
    name: 'strategic merge patch that is a string',
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: '"x"',
    want: {
      reason: 'BadRequest',
      code: 400,
      message: 'json: cannot unmarshal string into Go value of type map[string]interface {}',
    },
  },
  {
    name: 'directive keys other than $patch stay in newly added items',
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: '{"spec":{"volumes":[{"name":"v","$retainKeys":"x"}]}}',
    want: {
      object: {
        ...current,
        spec: { ...(current['spec'] as JsonObject), volumes: [{ name: 'v', $retainKeys: 'x' }] },
      },
    },
  },
  {
    name: 'strategic merge patch with an unknown directive',
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: '{"metadata":{"$patch":"nope"}}',
    want: { reason: 'Unknown', code: 500, message: 'unknown patch type: nope in map: map[$patch:nope]' },
  },
  {
    name: 'a new list is taken as sent',
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: '{"metadata":{"finalizers":[["a"]]}}',
    want: { object: { ...current, metadata: { name: 'p', labels: { a: '1' }, finalizers: [['a']] } } },
  },
  {
    name: 'merging lists with different element types',
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: '{"spec":{"containers":["x"]}}',
    want: {
      reason: 'Unknown',
      code: 500,
      message: 'list element types are not identical: [[map[image:i:1 name:c]] [x]]',
    },
  },
  {
    name: 'strategic merge patch with a bad $setElementOrder key',
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: '{"spec":{"$setElementOrder":[]}}',
    want: { reason: 'BadRequest', code: 400, message: 'invalid patch format of setElementOrder list' },
  },
  {
    name: 'apply patches belong to server-side apply',
    type: APPLY_YAML_PATCH_TYPE,
    body: '{}',
    want: { reason: 'Unknown', code: 500, message: 'application/apply-patch+yaml: unimplemented patch type' },
  },
];

function simplify(r: ApplyPatchResult): Expect {
  if (r.ok)
    return r.warnings.length > 0 ? { object: r.object, warnings: [...r.warnings] } : { object: r.object };
  return { ...r.error };
}

describe('applyPatch', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepStrictEqual(simplify(applyPatch(c.type, current, c.body, pod, c.options)), c.want);
    });
  }

  it('accepts bytes', () => {
    const r = applyPatch(MERGE_PATCH_TYPE, current, new TextEncoder().encode('{"kind":"Pod"}'), pod);
    assert.equal(r.ok, true);
  });

  it('reads invalid UTF-8 in strings as U+FFFD, like Go', () => {
    const body = new Uint8Array([
      ...new TextEncoder().encode('{"x":"'),
      0xff,
      ...new TextEncoder().encode('"}'),
    ]);
    const r = applyPatch(MERGE_PATCH_TYPE, {}, body, pod);
    assert.deepStrictEqual(r, { ok: true, object: { x: '\ufffd' }, warnings: [] });
  });

  it('rejects bytes that are not JSON', () => {
    const r = applyPatch(MERGE_PATCH_TYPE, current, new Uint8Array([0x7b, 0xff, 0x7d]), pod);
    assert.deepStrictEqual(r, {
      ok: false,
      error: {
        reason: 'BadRequest',
        code: 400,
        message: "error decoding patch: invalid character 'ÿ' looking for beginning of object key string",
      },
    });
  });

  it('strategic merge without a schema merges lists as JSON merge patch', () => {
    const r = applyPatch(STRATEGIC_MERGE_PATCH_TYPE, { l: [1, 2] }, '{"l":[3]}', undefined);
    assert.deepStrictEqual(r, { ok: true, object: { l: [3] }, warnings: [] });
  });
});
