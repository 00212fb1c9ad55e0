import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinTypes } from './for-resource.js';
import { describe as describeType, TypeIndex, typeAt } from './schema.js';

const types = builtinTypes();
const deployment = types.definition('io.k8s.api.apps.v1.Deployment');
const pod = types.definition('io.k8s.api.core.v1.Pod');
const service = types.definition('io.k8s.api.core.v1.Service');

function at(root: typeof pod, path: string): ReturnType<typeof describeType> | undefined {
  const t = typeAt(root, path === '' ? [] : path.split('.'));
  return t === undefined ? undefined : describeType(t);
}

describe('schema walker over the OpenAPI definitions', () => {
  const cases: [string, typeof pod, string, ReturnType<typeof describeType> | undefined][] = [
    ['root struct', deployment, '', { kind: 'struct', atomic: false }],
    ['labels: granular map', deployment, 'metadata.labels', { kind: 'map', atomic: false }],
    ['label value: scalar', deployment, 'metadata.labels.app', { kind: 'scalar' }],
    ['selector: atomic struct', deployment, 'spec.selector', { kind: 'struct', atomic: true }],
    ['replicas: scalar', deployment, 'spec.replicas', { kind: 'scalar' }],
    [
      'containers: map list keyed by name',
      deployment,
      'spec.template.spec.containers',
      { kind: 'list', listType: 'map', keys: ['name'] },
    ],
    [
      'container ports: two keys',
      pod,
      'spec.containers.[].ports',
      { kind: 'list', listType: 'map', keys: ['containerPort', 'protocol'] },
    ],
    ['args: atomic list', pod, 'spec.containers.[].args', { kind: 'list', listType: 'atomic', keys: [] }],
    ['env: keyed by name', pod, 'spec.containers.[].env', { kind: 'list', listType: 'map', keys: ['name'] }],
    ['finalizers: set', pod, 'metadata.finalizers', { kind: 'list', listType: 'set', keys: [] }],
    [
      'ownerReferences: keyed by uid',
      pod,
      'metadata.ownerReferences',
      { kind: 'list', listType: 'map', keys: ['uid'] },
    ],
    // A patch merge key without a list type makes a map list, as structured-merge-diff converts it.
    [
      'imagePullSecrets: merge key only',
      pod,
      'spec.imagePullSecrets',
      { kind: 'list', listType: 'map', keys: ['name'] },
    ],
    ['tolerations: atomic', pod, 'spec.tolerations', { kind: 'list', listType: 'atomic', keys: [] }],
    ['service ports', service, 'spec.ports', { kind: 'list', listType: 'map', keys: ['port', 'protocol'] }],
    ['targetPort: int-or-string scalar', service, 'spec.ports.[].targetPort', { kind: 'scalar' }],
    [
      'resources limits: map of quantities',
      pod,
      'spec.containers.[].resources.limits',
      { kind: 'map', atomic: false },
    ],
    ['quantity: scalar', pod, 'spec.containers.[].resources.limits.cpu', { kind: 'scalar' }],
    ['creationTimestamp: scalar', pod, 'metadata.creationTimestamp', { kind: 'scalar' }],
    ['unknown field', pod, 'spec.nope', undefined],
  ];
  for (const [name, root, path, want] of cases) {
    test(name, () => {
      assert.deepEqual(at(root, path), want);
    });
  }

  test('free-form objects are untyped', () => {
    const t = types.definition('io.k8s.apimachinery.pkg.runtime.RawExtension');
    assert.equal(t.kind, 'untyped');
    assert.equal(new TypeIndex({}).definition('x').kind, 'untyped');
  });

  test('a property can make a struct atomic', () => {
    const idx = new TypeIndex({
      A: {
        type: 'object',
        properties: {
          b: { $ref: '#/definitions/B', 'x-kubernetes-map-type': 'atomic' },
          c: { $ref: '#/definitions/B' },
        },
      },
      B: { type: 'object', properties: { x: { type: 'string' } } },
    });
    const a = idx.definition('A');
    assert.deepEqual(describeType(typeAt(a, ['b'])!), { kind: 'struct', atomic: true });
    assert.deepEqual(describeType(typeAt(a, ['c'])!), { kind: 'struct', atomic: false });
  });
});
