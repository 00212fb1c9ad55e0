import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { defaultedKinds, defaultObject, hasDefaulter } from './index.js';
import type { JsonObject } from './json.js';

/** One realistic, mostly unset object per defaulted kind. */
const SAMPLES: Record<string, JsonObject> = {
  'v1/Pod': {
    metadata: { name: 'p' },
    spec: {
      hostNetwork: true,
      containers: [
        {
          name: 'c',
          image: 'x',
          ports: [{ containerPort: 1 }],
          env: [{ name: 'e', valueFrom: { fieldRef: {}, fileKeyRef: {} } }],
          resources: { limits: { cpu: '1' } },
          livenessProbe: { httpGet: {}, grpc: {} },
          lifecycle: { preStop: { httpGet: {} } },
        },
      ],
      initContainers: [
        { name: 'i', resources: { limits: { memory: '1' }, requests: {} } },
        { name: 's', restartPolicy: 'Always', resources: { limits: { cpu: '1', 'hugepages-2Mi': '2Mi' } } },
      ],
      resources: { requests: { cpu: '1' }, limits: { 'hugepages-2Mi': '4Mi' } },
      ephemeralContainers: [{ name: 'e', image: 'y:1' }],
      volumes: [
        { name: 'v' },
        {
          name: 'p',
          projected: {
            sources: [{ downwardAPI: { items: [{ fieldRef: {} }] } }, { serviceAccountToken: {} }],
          },
        },
        { name: 'e', ephemeral: { volumeClaimTemplate: {} } },
        { name: 's', secret: {}, configMap: {}, downwardAPI: { items: [{ fieldRef: {} }] }, image: {} },
      ],
    },
  },
  'v1/PodTemplate': {
    template: { spec: { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'v' }] } },
  },
  'v1/ReplicationController': { spec: { template: { metadata: { labels: { a: 'b' } }, spec: {} } } },
  'v1/Service': {
    spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] },
    status: { loadBalancer: { ingress: [{ ip: '1.1.1.1' }] } },
  },
  'v1/Endpoints': { subsets: [{ ports: [{ port: 1 }] }] },
  'v1/Namespace': { metadata: { name: 'n' } },
  'v1/Node': { status: { capacity: { cpu: '1' } } },
  'v1/PersistentVolume': { spec: { azureDisk: { diskName: 'd', diskURI: 'u' } } },
  'v1/PersistentVolumeClaim': { spec: {} },
  'v1/Secret': {},
  'v1/ResourceQuota': { spec: { hard: { cpu: '100u' } }, status: { used: { memory: '0.0001' } } },
  'node.k8s.io/v1/RuntimeClass': { handler: 'runc', overhead: { podFixed: { cpu: '1n' } } },
  'v1/LimitRange': { spec: { limits: [{ type: 'Container', max: { cpu: '1' }, min: { memory: '1' } }] } },
  'apps/v1/Deployment': { spec: {} },
  'apps/v1/ReplicaSet': { spec: {} },
  'apps/v1/StatefulSet': { spec: { volumeClaimTemplates: [{ spec: {} }] } },
  'apps/v1/DaemonSet': { spec: {} },
  'batch/v1/Job': {
    spec: {
      podFailurePolicy: { rules: [{ onPodConditions: [{ type: 'X' }] }] },
      template: { metadata: { labels: { a: 'b' } } },
    },
  },
  'batch/v1/CronJob': {
    spec: { jobTemplate: { spec: { podFailurePolicy: { rules: [{ onPodConditions: [{}] }] } } } },
  },
  'autoscaling/v1/HorizontalPodAutoscaler': { spec: {} },
  'autoscaling/v2/HorizontalPodAutoscaler': { spec: { behavior: {} } },
  'networking.k8s.io/v1/NetworkPolicy': { spec: { egress: [{ ports: [{}] }] } },
  'networking.k8s.io/v1/IngressClass': { spec: { parameters: {} } },
  'rbac.authorization.k8s.io/v1/RoleBinding': { subjects: [{ kind: 'User' }] },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { subjects: [{ kind: 'Group' }] },
  'storage.k8s.io/v1/StorageClass': {},
  'storage.k8s.io/v1/CSIDriver': {},
  'storage.k8s.io/v1/VolumeAttachment': { spec: { source: { inlineVolumeSpec: { hostPath: {} } } } },
  'scheduling.k8s.io/v1/PriorityClass': {},
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': { webhooks: [{ rules: [{}] }] },
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': {
    webhooks: [{ clientConfig: { service: {} } }],
  },
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': { spec: { matchConstraints: {} } },
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': { spec: { matchResources: {} } },
  'admissionregistration.k8s.io/v1/MutatingAdmissionPolicy': { spec: {} },
  'admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding': { spec: { matchResources: {} } },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': {
    spec: { names: { kind: 'K' }, versions: [{ name: 'v1', storage: true }] },
  },
  'apiregistration.k8s.io/v1/APIService': { spec: { service: {} } },
  'flowcontrol.apiserver.k8s.io/v1/FlowSchema': { spec: {} },
  'flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration': {
    spec: { limited: { limitResponse: { queuing: {} } } },
  },
  'discovery.k8s.io/v1/EndpointSlice': { ports: [{}] },
  'resource.k8s.io/v1/ResourceClaim': { spec: { devices: { requests: [{ exactly: {} }] } } },
  'resource.k8s.io/v1/ResourceClaimTemplate': {
    spec: { spec: { devices: { requests: [{ firstAvailable: [{}] }] } } },
  },
  'resource.k8s.io/v1/ResourceSlice': { spec: { devices: [{ taints: [{}] }] } },
};

test('every defaulted kind has a sample that it changes, and defaulting it twice equals once', () => {
  const kinds = defaultedKinds().map(([v, k]) => `${v}/${k}`);
  assert.deepEqual([...kinds].sort(), Object.keys(SAMPLES).sort());
  for (const [apiVersion, kind] of defaultedKinds()) {
    const sample = SAMPLES[`${apiVersion}/${kind}`];
    assert.ok(sample);
    const once = structuredClone(sample);
    defaultObject(apiVersion, kind, once);
    assert.notDeepEqual(once, sample, `${kind} changes`);
    const twice = structuredClone(once);
    defaultObject(apiVersion, kind, twice);
    assert.deepEqual(twice, once, `${apiVersion} ${kind} is idempotent`);
  }
});

test('hasDefaulter knows the registered kinds only', () => {
  const cases: Array<[string, string, boolean]> = [
    ['v1', 'Pod', true],
    ['apps/v1', 'Deployment', true],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', true],
    ['v1', 'ConfigMap', false],
    ['apps/v1beta1', 'Deployment', false],
    ['policy/v1', 'PodDisruptionBudget', false],
    ['', '', false],
  ];
  for (const [apiVersion, kind, expected] of cases)
    assert.equal(hasDefaulter(apiVersion, kind), expected, `${apiVersion} ${kind}`);
});

test('non-object input and unknown kinds are left alone', () => {
  const list = [1, 2];
  defaultObject('v1', 'Pod', list);
  assert.deepEqual(list, [1, 2]);
  const obj = { spec: {} };
  defaultObject('example.com/v1', 'Widget', obj);
  assert.deepEqual(obj, { spec: {} });
});

/** Field names the defaulters look at, so that random objects reach deep into each kind. */
const FIELDS = [
  'spec',
  'status',
  'metadata',
  'labels',
  'name',
  'template',
  'containers',
  'initContainers',
  'ephemeralContainers',
  'image',
  'ports',
  'port',
  'targetPort',
  'protocol',
  'containerPort',
  'hostPort',
  'hostNetwork',
  'env',
  'valueFrom',
  'fieldRef',
  'livenessProbe',
  'httpGet',
  'grpc',
  'lifecycle',
  'preStop',
  'resources',
  'limits',
  'requests',
  'volumes',
  'secret',
  'projected',
  'sources',
  'downwardAPI',
  'items',
  'ephemeral',
  'volumeClaimTemplate',
  'hostPath',
  'azureDisk',
  'type',
  'sessionAffinity',
  'sessionAffinityConfig',
  'clientIP',
  'externalIPs',
  'loadBalancer',
  'ingress',
  'ip',
  'ipMode',
  'strategy',
  'rollingUpdate',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'volumeClaimTemplates',
  'replicas',
  'selector',
  'completions',
  'parallelism',
  'backoffLimitPerIndex',
  'podFailurePolicy',
  'rules',
  'onPodConditions',
  'jobTemplate',
  'metrics',
  'behavior',
  'scaleUp',
  'scaleDown',
  'policies',
  'egress',
  'policyTypes',
  'parameters',
  'roleRef',
  'subjects',
  'kind',
  'webhooks',
  'clientConfig',
  'service',
  'matchConstraints',
  'matchResources',
  'resourceRules',
  'names',
  'versions',
  'storage',
  'conversion',
  'webhook',
  'limited',
  'exempt',
  'limitResponse',
  'queuing',
  'devices',
  'exactly',
  'firstAvailable',
  'tolerations',
  'taints',
  'subsets',
  'capacity',
  'allocatable',
  'max',
  'min',
  'default',
  'defaultRequest',
  'source',
  'inlineVolumeSpec',
  'annotations',
  '__proto__',
  'constructor',
];

const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -3, max: 70000 }),
  fc.double(),
  fc.constantFrom(
    '',
    'Container',
    'RollingUpdate',
    'LoadBalancer',
    'ClientIP',
    'None',
    'User',
    'nginx',
    'ClusterIP',
  ),
  fc.string({ maxLength: 8 }),
);

const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...FIELDS), tie('json'), { maxKeys: 5 }),
  ),
}));

/** Every object node of a JSON value, in document order. */
function objectNodes(v: unknown, out: JsonObject[] = []): JsonObject[] {
  if (Array.isArray(v)) for (const x of v) objectNodes(x, out);
  else if (typeof v === 'object' && v !== null) {
    out.push(v as JsonObject);
    for (const x of Object.values(v)) objectNodes(x, out);
  }
  return out;
}

test('defaulting never throws on mutated samples and stays idempotent (fuzz)', () => {
  const kinds = defaultedKinds();
  const mutation = fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...FIELDS), fc.nat()), json);
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: kinds.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      (i, mutations) => {
        const [apiVersion, kind] = kinds[i] ?? ['v1', 'Pod'];
        const input = structuredClone(SAMPLES[`${apiVersion}/${kind}`] ?? {});
        for (const [at, key, value] of mutations) {
          const nodes = objectNodes(input);
          const node = nodes[at % nodes.length];
          if (!node) continue;
          // A numeric key overwrites one of the node's existing fields, a name adds or replaces that field.
          const existing = Object.keys(node);
          const field = typeof key === 'number' ? existing[key % Math.max(existing.length, 1)] : key;
          if (field !== undefined)
            Object.defineProperty(node, field, {
              value: structuredClone(value),
              enumerable: true,
              writable: true,
              configurable: true,
            });
        }
        defaultObject(apiVersion, kind, input);
        const again = structuredClone(input);
        defaultObject(apiVersion, kind, again);
        assert.deepEqual(again, input, `${apiVersion} ${kind}`);
      },
    ),
    { seed: 77, numRuns: 6000 },
  );
});

test('defaulting never throws on random JSON and stays idempotent (fuzz)', () => {
  const kinds = defaultedKinds();
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: kinds.length - 1 }),
      fc.dictionary(fc.constantFrom(...FIELDS), json, { maxKeys: 6 }),
      (i, obj) => {
        const [apiVersion, kind] = kinds[i] ?? ['v1', 'Pod'];
        const input = JSON.parse(JSON.stringify(obj)) as JsonObject;
        defaultObject(apiVersion, kind, input);
        const again = structuredClone(input);
        defaultObject(apiVersion, kind, again);
        assert.deepEqual(again, input, `${apiVersion} ${kind}`);
      },
    ),
    { seed: 424242, numRuns: 4000 },
  );
});
