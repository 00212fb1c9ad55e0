import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { scanJson } from './json-node.js';
import { findStrictFieldErrors, findUnknownFields } from './unknown-fields.js';

const POD = { group: '', version: 'v1', kind: 'Pod' };

describe('findUnknownFields', () => {
  const cases: { name: string; obj: unknown; want: string[] }[] = [
    {
      name: 'known fields only',
      obj: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'a', labels: { x: 'y' } },
        spec: { containers: [] },
      },
      want: [],
    },
    { name: 'top level', obj: { foo: 1 }, want: ['unknown field "foo"'] },
    { name: 'nested', obj: { spec: { foo: 1 } }, want: ['unknown field "spec.foo"'] },
    {
      name: 'list items carry their index',
      obj: { spec: { containers: [{ name: 'a' }, { name: 'b', foo: 1 }] } },
      want: ['unknown field "spec.containers[1].foo"'],
    },
    { name: 'metadata is typed', obj: { metadata: { nmae: 'x' } }, want: ['unknown field "metadata.nmae"'] },
    { name: 'case matters', obj: { Spec: {} }, want: ['unknown field "Spec"'] },
    {
      name: 'prototype names are not fields',
      obj: JSON.parse('{"toString":1,"spec":{"constructor":1},"__proto__":{}}'),
      want: ['unknown field "toString"', 'unknown field "spec.constructor"', 'unknown field "__proto__"'],
    },
    { name: 'map keys are free', obj: { metadata: { annotations: { 'any/key': 'v' } } }, want: [] },
    {
      name: 'map of structs: keys in the path',
      obj: { spec: { overhead: { cpu: '1' } }, status: { foo: 1 } },
      want: ['unknown field "status.foo"'],
    },
    {
      name: 'document order',
      obj: { b: 1, spec: { z: 1 }, a: 1 },
      want: ['unknown field "b"', 'unknown field "spec.z"', 'unknown field "a"'],
    },
    { name: 'not descended when the type is wrong', obj: { spec: 'x' }, want: [] },
    {
      name: 'managed fields are opaque',
      obj: { metadata: { managedFields: [{ fieldsV1: { 'f:x': {} }, bogus: 1 }] } },
      want: ['unknown field "metadata.managedFields[0].bogus"'],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(
        findUnknownFields(POD, c.obj).map((e) => e.message),
        c.want,
      ),
    );
  }
  it('raw extensions are not inspected', () => {
    assert.deepEqual(
      findUnknownFields(
        { group: 'apps', version: 'v1', kind: 'ControllerRevision' },
        { data: { anything: 1 } },
      ),
      [],
    );
  });
  it('CRD schemas: plain schema fields are checked, self-decoding ones are not', () => {
    const crd = { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' };
    const schema = { properties: { a: { bogus: 1 } }, additionalProperties: { bogus: 2 } };
    assert.deepEqual(
      findUnknownFields(crd, { spec: { versions: [{ schema: { openAPIV3Schema: schema } }] } }).map(
        (e) => e.message,
      ),
      ['unknown field "spec.versions[0].schema.openAPIV3Schema.properties.a.bogus"'],
    );
  });
  it('caps at 100 findings', () => {
    const obj: Record<string, number> = {};
    for (let i = 0; i < 150; i++) obj[`f${i}`] = i;
    assert.equal(findUnknownFields(POD, obj).length, 100);
  });
  it('unknown kinds give nothing', () => {
    assert.deepEqual(findUnknownFields({ group: 'x', version: 'v1', kind: 'Y' }, { a: 1 }), []);
  });
});

describe('findStrictFieldErrors', () => {
  const cases: { name: string; text: string; want: string[] }[] = [
    {
      name: 'duplicate struct field',
      text: '{"metadata":{"name":"a","name":"b"}}',
      want: ['duplicate field "metadata.name"'],
    },
    {
      name: 'duplicate map key',
      text: '{"metadata":{"labels":{"a":"1","a":"2"}}}',
      want: ['duplicate field "metadata.labels.a"'],
    },
    { name: 'duplicate top-level', text: '{"kind":"Pod","kind":"Pod"}', want: ['duplicate field "kind"'] },
    { name: 'repeated unknown reported once', text: '{"x":1,"x":2}', want: ['unknown field "x"'] },
    {
      name: 'unknown and duplicate interleaved',
      text: '{"spec":{"containers":[{"name":"a","foo":1,"name":"b"}]}}',
      want: ['unknown field "spec.containers[0].foo"', 'duplicate field "spec.containers[0].name"'],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(
        findStrictFieldErrors(POD, scanJson(c.text)).map((e) => e.message),
        c.want,
      ),
    );
  }
});

describe('findUnknownFields fuzz', () => {
  it('never throws on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        for (const e of findUnknownFields(POD, { spec: v, metadata: v, status: v }))
          assert.equal(typeof e.message, 'string');
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});
