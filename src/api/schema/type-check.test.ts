import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { scanJson } from './json-node.js';
import { decodeFailureMessage, typeCheck, typeCheckNode } from './type-check.js';

const POD = { group: '', version: 'v1', kind: 'Pod' };
const DEPLOY = { group: 'apps', version: 'v1', kind: 'Deployment' };
const SECRET = { group: '', version: 'v1', kind: 'Secret' };
const QUANTITY_MSG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const CRD = { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' };
const crdSchema = (schema: object) => ({
  spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: schema } }] },
});
const pod = (spec: unknown, metadata: unknown = { name: 'p' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});
const ctr = (extra: object) => pod({ containers: [{ name: 'c', image: 'i', ...extra }] });

describe('typeCheck', () => {
  const cases: { name: string; gvk: typeof POD; obj: unknown; want: string | undefined }[] = [
    { name: 'valid pod', gvk: POD, obj: ctr({ ports: [{ containerPort: 80 }] }), want: undefined },
    {
      name: 'nulls are accepted everywhere',
      gvk: POD,
      obj: pod({ containers: null, hostNetwork: null }, null),
      want: undefined,
    },
    {
      name: 'string for a list of structs',
      gvk: POD,
      obj: pod({ containers: 'nginx' }),
      want: 'json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container',
    },
    {
      name: 'list items do not appear in the field path',
      gvk: POD,
      obj: pod({ containers: [{ name: 5 }] }),
      want: 'json: cannot unmarshal number into Go struct field Container.spec.containers.name of type string',
    },
    {
      name: 'map values keep the map field as path',
      gvk: POD,
      obj: pod({ containers: [] }, { labels: { a: 1 } }),
      want: 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    },
    {
      name: 'struct given as string',
      gvk: POD,
      obj: { spec: 'x' },
      want: 'json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec',
    },
    {
      name: 'root of the wrong type',
      gvk: POD,
      obj: [1],
      want: 'json: cannot unmarshal array into Go value of type v1.Pod',
    },
    {
      name: 'string for int32',
      gvk: DEPLOY,
      obj: { spec: { replicas: '3' } },
      want: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
    {
      name: 'fraction for int32 names the literal',
      gvk: DEPLOY,
      obj: { spec: { replicas: 1.5 } },
      want: 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
    {
      name: 'int32 overflow names the literal',
      gvk: DEPLOY,
      obj: { spec: { replicas: 3000000000 } },
      want: 'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
    {
      name: 'string for bool',
      gvk: POD,
      obj: pod({ hostNetwork: 'true' }),
      want: 'json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool',
    },
    {
      name: 'int-or-string given a bool decodes as int32',
      gvk: POD,
      obj: ctr({ livenessProbe: { httpGet: { port: true } } }),
      want: 'json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.livenessProbe.httpGet.port of type int32',
    },
    {
      name: 'int-or-string accepts a string',
      gvk: POD,
      obj: ctr({ livenessProbe: { httpGet: { port: 'http' } } }),
      want: undefined,
    },
    {
      name: 'quantity accepts a number',
      gvk: POD,
      obj: ctr({ resources: { limits: { cpu: 2 } } }),
      want: undefined,
    },
    {
      name: 'bad quantity',
      gvk: POD,
      obj: ctr({ resources: { limits: { cpu: 'lots' } } }),
      want: QUANTITY_MSG,
    },
    {
      name: 'time given a number',
      gvk: POD,
      obj: pod({}, { creationTimestamp: 5 }),
      want: 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
    },
    {
      name: 'unparsable time',
      gvk: POD,
      obj: pod({}, { creationTimestamp: 'yesterday' }),
      want: 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    },
    {
      name: 'bytes given a number',
      gvk: SECRET,
      obj: { data: { k: 1 } },
      want: 'json: cannot unmarshal number into Go struct field Secret.data of type []uint8',
    },
    {
      name: 'bad base64',
      gvk: SECRET,
      obj: { data: { k: 'a$==' } },
      want: 'illegal base64 data at input byte 1',
    },
    {
      name: 'first type mismatch wins',
      gvk: POD,
      obj: pod({ hostname: 1, hostNetwork: 'x' }),
      want: 'json: cannot unmarshal number into Go struct field PodSpec.spec.hostname of type string',
    },
    {
      name: 'a failing self-decoding type beats an earlier mismatch',
      gvk: POD,
      obj: pod({ hostname: 1, containers: [{ resources: { limits: { cpu: 'x' } } }] }),
      want: QUANTITY_MSG,
    },
    {
      name: 'named string types are quoted by their Go name',
      gvk: POD,
      obj: pod({ restartPolicy: 1 }),
      want: 'json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy',
    },
    {
      name: 'named map types are quoted by their Go name',
      gvk: POD,
      obj: ctr({ resources: { limits: 'lots' } }),
      want: 'json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList',
    },
    {
      name: 'elements of named slices',
      gvk: POD,
      obj: ctr({ securityContext: { capabilities: { add: [1] } } }),
      want: 'json: cannot unmarshal number into Go struct field Capabilities.spec.containers.securityContext.capabilities.add of type v1.Capability',
    },
    {
      name: 'types from other packages',
      gvk: POD,
      obj: pod({}, { uid: 5 }),
      want: 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.uid of type types.UID',
    },
    { name: 'unknown fields are not type errors', gvk: POD, obj: pod({ bogus: 1 }), want: undefined },
    {
      name: 'schema or bool takes a bool',
      gvk: CRD,
      obj: crdSchema({ additionalProperties: false }),
      want: undefined,
    },
    {
      name: 'schema or bool rejects a string',
      gvk: CRD,
      obj: crdSchema({ additionalProperties: 'no' }),
      want: 'boolean or JSON schema expected',
    },
    {
      name: 'a nested schema failure is labelled with the outer field',
      gvk: CRD,
      obj: crdSchema({ additionalProperties: { type: 5 } }),
      want: 'json: cannot unmarshal number into Go struct field JSONSchemaProps.spec.versions.schema.openAPIV3Schema.additionalProperties of type string',
    },
    { name: 'schema or array drops scalars', gvk: CRD, obj: crdSchema({ items: 5 }), want: undefined },
    {
      name: 'schema or string array checks the strings',
      gvk: CRD,
      obj: crdSchema({ dependencies: { a: ['b', 1] } }),
      want: 'json: cannot unmarshal number into Go struct field JSONSchemaProps.spec.versions.schema.openAPIV3Schema.dependencies of type string',
    },
    {
      name: 'plain schema fields are checked in place',
      gvk: CRD,
      obj: crdSchema({ properties: { a: { type: 5 } } }),
      want: 'json: cannot unmarshal number into Go struct field JSONSchemaProps.spec.versions.schema.openAPIV3Schema.properties.type of type string',
    },
    {
      name: 'prototype names are unknown fields',
      gvk: POD,
      obj: JSON.parse('{"toString":0,"spec":{"hasOwnProperty":[]}}'),
      want: undefined,
    },
    {
      name: 'kinds not served are not checked',
      gvk: { group: 'x', version: 'v1', kind: 'Y' },
      obj: 5,
      want: undefined,
    },
    {
      name: 'raw extension takes anything',
      gvk: { group: 'apps', version: 'v1', kind: 'ControllerRevision' },
      obj: { data: 5 },
      want: undefined,
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(typeCheck(c.gvk, c.obj)?.message, c.want));
  }
  it('literal from the text is kept (1.0 is not an int32)', () => {
    const node = scanJson('{"spec":{"replicas":1.0}}');
    assert.equal(
      typeCheckNode(DEPLOY, node)?.message,
      'json: cannot unmarshal number 1.0 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });
});

describe('decodeFailureMessage', () => {
  it('with the kind of the body', () => {
    assert.equal(
      decodeFailureMessage({ kind: 'Pod', version: 'v1' }, 'Pod', 'boom', '{}'),
      'Pod in version "v1" cannot be handled as a Pod: boom',
    );
  });
  it('without a kind summarises the body', () => {
    assert.equal(
      decodeFailureMessage(undefined, 'Pod', 'boom', '{"a":1}'),
      'the object provided is unrecognized (must be of type Pod): boom ({"a":1})',
    );
    assert.equal(
      decodeFailureMessage(undefined, 'Pod', 'boom', ''),
      'the object provided is unrecognized (must be of type Pod): boom (<empty>)',
    );
    assert.equal(
      decodeFailureMessage({ kind: '', version: 'v1' }, 'Pod', 'e', 'ab'),
      'the object provided is unrecognized (must be of type Pod): e (6162)',
    );
  });
});

describe('typeCheck fuzz', () => {
  it('never throws on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = typeCheck(POD, { spec: v, metadata: v });
        assert.ok(r === undefined || typeof r.message === 'string');
        typeCheck(DEPLOY, v);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
