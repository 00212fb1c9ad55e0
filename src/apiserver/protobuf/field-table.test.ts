import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allResources } from '../../api/index.js';
import { type FieldSpec, mapTypes, messageSpec } from './field-table.js';
import { hasProtobufForm, protobufDefinitionFor } from './index.js';

function field(type: string, jsonName: string): FieldSpec | undefined {
  return messageSpec(type)?.fields.find((f) => f.jsonName === jsonName);
}

describe('generated field table facts', () => {
  const cases: Array<
    [name: string, type: string, json: string, number: number, fieldType: string, repeated: boolean]
  > = [
    [
      'ConfigMap.metadata',
      'io.k8s.api.core.v1.ConfigMap',
      'metadata',
      1,
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      false,
    ],
    ['ConfigMap.data', 'io.k8s.api.core.v1.ConfigMap', 'data', 2, 'map<string,string>', false],
    ['ConfigMap.binaryData', 'io.k8s.api.core.v1.ConfigMap', 'binaryData', 3, 'map<string,bytes>', false],
    ['ConfigMap.immutable', 'io.k8s.api.core.v1.ConfigMap', 'immutable', 4, 'bool', false],
    ['Time.seconds', 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'seconds', 1, 'int64', false],
    ['Time.nanos', 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'nanos', 2, 'int32', false],
    ['Quantity.string', 'io.k8s.apimachinery.pkg.api.resource.Quantity', 'string', 1, 'string', false],
    ['IntOrString.type', 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'type', 1, 'int64', false],
    ['IntOrString.intVal', 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'intVal', 2, 'int32', false],
    ['IntOrString.strVal', 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'strVal', 3, 'string', false],
    ['RawExtension.raw', 'io.k8s.apimachinery.pkg.runtime.RawExtension', 'raw', 1, 'bytes', false],
    [
      'ObjectMeta.creationTimestamp',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      'creationTimestamp',
      8,
      'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
      false,
    ],
    [
      'ListMeta.remainingItemCount',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
      'remainingItemCount',
      4,
      'int64',
      false,
    ],
    ['PodList.items', 'io.k8s.api.core.v1.PodList', 'items', 2, 'io.k8s.api.core.v1.Pod', true],
    [
      'Container.resources',
      'io.k8s.api.core.v1.Container',
      'resources',
      8,
      'io.k8s.api.core.v1.ResourceRequirements',
      false,
    ],
    [
      'ResourceRequirements.limits',
      'io.k8s.api.core.v1.ResourceRequirements',
      'limits',
      1,
      'map<string,io.k8s.apimachinery.pkg.api.resource.Quantity>',
      false,
    ],
    [
      'JSONSchemaProps.$ref (json name differs from proto name)',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
      '$ref',
      3,
      'string',
      false,
    ],
    [
      'JSONSchemaProps.x-kubernetes-list-type',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
      'x-kubernetes-list-type',
      42,
      'string',
      false,
    ],
    ['Status.code', 'io.k8s.apimachinery.pkg.apis.meta.v1.Status', 'code', 6, 'int32', false],
  ];
  for (const [name, type, json, number, fieldType, repeated] of cases) {
    it(name, () => {
      const f = field(type, json);
      assert.ok(f, `${type}.${json} missing`);
      assert.equal(f.number, number);
      assert.equal(f.type, fieldType);
      assert.equal(f.repeated, repeated);
    });
  }

  it('marks embedded structs inline (NamedRuleWithOperations → RuleWithOperations → Rule)', () => {
    const outer = messageSpec('io.k8s.api.admissionregistration.v1.NamedRuleWithOperations')!;
    assert.ok(
      outer.fields.some(
        (f) => f.inline && f.type === 'io.k8s.api.admissionregistration.v1.RuleWithOperations',
      ),
    );
    const inner = messageSpec('io.k8s.api.admissionregistration.v1.RuleWithOperations')!;
    assert.ok(inner.fields.some((f) => f.inline && f.type === 'io.k8s.api.admissionregistration.v1.Rule'));
  });
  it('marks list-wrapper messages (ExtraValue)', () => {
    assert.equal(messageSpec('io.k8s.api.authentication.v1.ExtraValue')?.wrapper, true);
  });
  it('marks non-pointer omitempty scalars, not pointer ones', () => {
    assert.equal(field('io.k8s.api.core.v1.Container', 'imagePullPolicy')?.omitZero, true);
    assert.equal(
      field('io.k8s.api.core.v1.PersistentVolumeClaimSpec', 'storageClassName')?.omitZero,
      undefined,
    );
    assert.equal(field('io.k8s.api.apps.v1.DeploymentSpec', 'replicas')?.omitZero, undefined);
  });
  it('parses map types', () => {
    assert.deepEqual(mapTypes('map<string,bytes>'), { key: 'string', value: 'bytes' });
    assert.equal(mapTypes('string'), undefined);
  });
  it('has no message for unknown names, including prototype keys', () => {
    assert.equal(messageSpec('io.k8s.api.core.v1.Nope'), undefined);
    assert.equal(messageSpec('constructor'), undefined);
  });
  it('covers every served kind and list kind of the catalogue', () => {
    for (const r of allResources()) {
      const apiVersion = r.group === '' ? r.version : `${r.group}/${r.version}`;
      assert.ok(hasProtobufForm(apiVersion, r.kind), `${apiVersion} ${r.kind}`);
      if (r.listKind !== undefined)
        assert.ok(hasProtobufForm(apiVersion, r.listKind), `${apiVersion} ${r.listKind}`);
    }
  });
  it('maps Status and DeleteOptions of any group version to meta/v1', () => {
    assert.equal(protobufDefinitionFor('apps/v1', 'Status'), 'io.k8s.apimachinery.pkg.apis.meta.v1.Status');
    assert.equal(
      protobufDefinitionFor('apps/v1', 'DeleteOptions'),
      'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
    );
    assert.equal(protobufDefinitionFor('example.com/v1', 'Widget'), undefined);
  });
});
