import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultObject } from './index.js';
import type { JsonObject } from './json.js';
import { defaultResourceSlice } from './resource.js';

function defaulted(apiVersion: string, kind: string, obj: JsonObject): JsonObject {
  const copy = structuredClone(obj);
  defaultObject(apiVersion, kind, copy);
  return copy;
}

test('network policy types and port protocols', () => {
  const cases: Array<{ name: string; spec: JsonObject; expected: JsonObject }> = [
    {
      name: 'no rules: Ingress',
      spec: { podSelector: {} },
      expected: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      name: 'egress rules add Egress',
      spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }, { port: 53, protocol: 'UDP' }] }] },
      expected: {
        podSelector: {},
        egress: [
          {
            ports: [
              { port: 53, protocol: 'TCP' },
              { port: 53, protocol: 'UDP' },
            ],
          },
        ],
        policyTypes: ['Ingress', 'Egress'],
      },
    },
    {
      name: 'empty egress list is no egress',
      spec: { podSelector: {}, egress: [], ingress: [{ ports: [{}] }] },
      expected: {
        podSelector: {},
        egress: [],
        ingress: [{ ports: [{ protocol: 'TCP' }] }],
        policyTypes: ['Ingress'],
      },
    },
    {
      name: 'explicit policy types are kept',
      spec: { podSelector: {}, policyTypes: ['Egress'] },
      expected: { podSelector: {}, policyTypes: ['Egress'] },
    },
  ];
  for (const c of cases) {
    assert.deepEqual(
      defaulted('networking.k8s.io/v1', 'NetworkPolicy', { spec: c.spec })['spec'],
      c.expected,
      c.name,
    );
  }
});

test('ingress class parameter scope', () => {
  const params = { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p' };
  assert.deepEqual(
    defaulted('networking.k8s.io/v1', 'IngressClass', { spec: { controller: 'x/y', parameters: params } }),
    {
      spec: { controller: 'x/y', parameters: { ...params, scope: 'Cluster' } },
    },
  );
  assert.deepEqual(defaulted('networking.k8s.io/v1', 'IngressClass', { spec: { controller: 'x/y' } }), {
    spec: { controller: 'x/y' },
  });
});

test('rbac binding api groups', () => {
  const out = defaulted('rbac.authorization.k8s.io/v1', 'RoleBinding', {
    roleRef: { kind: 'Role', name: 'r' },
    subjects: [
      { kind: 'User', name: 'alice' },
      { kind: 'Group', name: 'devs' },
      { kind: 'ServiceAccount', name: 'sa', namespace: 'default' },
      { kind: 'User', name: 'bob', apiGroup: 'custom' },
    ],
  });
  assert.deepEqual(out, {
    roleRef: { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' },
    subjects: [
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'sa', namespace: 'default' },
      { kind: 'User', name: 'bob', apiGroup: 'custom' },
    ],
  });
  const crb = defaulted('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', {
    roleRef: { kind: 'ClusterRole', name: 'c' },
  });
  assert.deepEqual(crb, {
    roleRef: { kind: 'ClusterRole', name: 'c', apiGroup: 'rbac.authorization.k8s.io' },
  });
});

test('storage kinds', () => {
  assert.deepEqual(defaulted('storage.k8s.io/v1', 'StorageClass', { provisioner: 'p' }), {
    provisioner: 'p',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
  assert.deepEqual(defaulted('storage.k8s.io/v1', 'CSIDriver', { metadata: { name: 'd' } }), {
    metadata: { name: 'd' },
    spec: {
      attachRequired: true,
      podInfoOnMount: false,
      storageCapacity: false,
      fsGroupPolicy: 'ReadWriteOnceWithFSType',
      volumeLifecycleModes: ['Persistent'],
      requiresRepublish: false,
      seLinuxMount: false,
    },
  });
  const va = defaulted('storage.k8s.io/v1', 'VolumeAttachment', {
    spec: {
      attacher: 'a',
      nodeName: 'n',
      source: { inlineVolumeSpec: { rbd: { monitors: ['m'], image: 'i' } } },
    },
  });
  assert.deepEqual(va, {
    spec: {
      attacher: 'a',
      nodeName: 'n',
      source: {
        inlineVolumeSpec: {
          rbd: { monitors: ['m'], image: 'i', pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' },
        },
      },
    },
  });
});

test('priority class preemption policy', () => {
  assert.deepEqual(defaulted('scheduling.k8s.io/v1', 'PriorityClass', { value: 10 }), {
    value: 10,
    preemptionPolicy: 'PreemptLowerPriority',
  });
  assert.deepEqual(
    defaulted('scheduling.k8s.io/v1', 'PriorityClass', { value: 10, preemptionPolicy: 'Never' }),
    {
      value: 10,
      preemptionPolicy: 'Never',
    },
  );
});

test('webhook configurations', () => {
  const webhook = {
    name: 'w.example.com',
    clientConfig: { service: { name: 's', namespace: 'n' } },
    rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
  };
  const expected = {
    ...webhook,
    clientConfig: { service: { name: 's', namespace: 'n', port: 443 } },
    rules: [{ ...webhook.rules[0], scope: '*' }],
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    namespaceSelector: {},
    objectSelector: {},
    timeoutSeconds: 10,
  };
  assert.deepEqual(
    defaulted('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', { webhooks: [webhook] })[
      'webhooks'
    ],
    [expected],
  );
  assert.deepEqual(
    defaulted('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', { webhooks: [webhook] })[
      'webhooks'
    ],
    [{ ...expected, reinvocationPolicy: 'Never' }],
  );
  const url = { name: 'u', clientConfig: { url: 'https://x' }, failurePolicy: 'Ignore', timeoutSeconds: 3 };
  const out = defaulted('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', {
    webhooks: [url],
  });
  assert.deepEqual(out['webhooks'], [
    { ...url, matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {} },
  ]);
});

test('admission policies and bindings', () => {
  const rules = [
    { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] },
  ];
  const match = {
    matchPolicy: 'Equivalent',
    namespaceSelector: {},
    objectSelector: {},
    resourceRules: [{ ...rules[0], scope: '*' }],
  };
  for (const kind of ['ValidatingAdmissionPolicy', 'MutatingAdmissionPolicy']) {
    const out = defaulted('admissionregistration.k8s.io/v1', kind, {
      spec: { matchConstraints: { resourceRules: rules } },
    });
    assert.deepEqual(out['spec'], { failurePolicy: 'Fail', matchConstraints: match }, kind);
  }
  for (const kind of ['ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicyBinding']) {
    const out = defaulted('admissionregistration.k8s.io/v1', kind, {
      spec: { policyName: 'p', matchResources: { resourceRules: rules } },
    });
    assert.deepEqual(out['spec'], { policyName: 'p', matchResources: match }, kind);
    const bare = defaulted('admissionregistration.k8s.io/v1', kind, { spec: { policyName: 'p' } });
    assert.deepEqual(bare['spec'], { policyName: 'p' }, `${kind} without matchResources`);
  }
});

test('custom resource definition names, conversion and stored versions', () => {
  const crd = defaulted('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
    spec: {
      group: 'example.com',
      names: { kind: 'CronTab', plural: 'crontabs' },
      scope: 'Namespaced',
      versions: [
        { name: 'v1beta1', served: true, storage: false },
        { name: 'v1', served: true, storage: true },
      ],
    },
  });
  assert.deepEqual(crd['spec'], {
    group: 'example.com',
    names: { kind: 'CronTab', plural: 'crontabs', singular: 'crontab', listKind: 'CronTabList' },
    scope: 'Namespaced',
    versions: [
      { name: 'v1beta1', served: true, storage: false },
      { name: 'v1', served: true, storage: true },
    ],
    conversion: { strategy: 'None' },
  });
  assert.deepEqual(crd['status'], { storedVersions: ['v1'] });
  const webhook = defaulted('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
    spec: {
      names: { kind: 'A', singular: 'aa', listKind: 'AItems' },
      conversion: {
        strategy: 'Webhook',
        webhook: {
          clientConfig: { service: { name: 's', namespace: 'n' } },
          conversionReviewVersions: ['v1'],
        },
      },
    },
    status: { storedVersions: ['v0'] },
  });
  assert.deepEqual(webhook, {
    spec: {
      names: { kind: 'A', singular: 'aa', listKind: 'AItems' },
      conversion: {
        strategy: 'Webhook',
        webhook: {
          clientConfig: { service: { name: 's', namespace: 'n', port: 443 } },
          conversionReviewVersions: ['v1'],
        },
      },
    },
    status: { storedVersions: ['v0'] },
  });
});

test('api service port', () => {
  const out = defaulted('apiregistration.k8s.io/v1', 'APIService', {
    spec: { group: 'metrics.k8s.io', version: 'v1beta1', service: { name: 'm', namespace: 'kube-system' } },
  });
  assert.deepEqual((out['spec'] as JsonObject)['service'], {
    name: 'm',
    namespace: 'kube-system',
    port: 443,
  });
  const local = { spec: { group: 'apps', version: 'v1' } };
  assert.deepEqual(defaulted('apiregistration.k8s.io/v1', 'APIService', local), local);
});

test('flow control', () => {
  const cases: Array<{ name: string; spec: JsonObject; expected: JsonObject }> = [
    {
      name: 'limited with queuing',
      spec: { type: 'Limited', limited: { limitResponse: { type: 'Queue', queuing: {} } } },
      expected: {
        type: 'Limited',
        limited: {
          nominalConcurrencyShares: 30,
          lendablePercent: 0,
          limitResponse: { type: 'Queue', queuing: { handSize: 8, queues: 64, queueLengthLimit: 50 } },
        },
      },
    },
    {
      name: 'limited with explicit zero shares and reject',
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 0, limitResponse: { type: 'Reject' } } },
      expected: {
        type: 'Limited',
        limited: { nominalConcurrencyShares: 0, lendablePercent: 0, limitResponse: { type: 'Reject' } },
      },
    },
    {
      name: 'exempt',
      spec: { type: 'Exempt', exempt: {} },
      expected: { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } },
    },
  ];
  for (const c of cases) {
    const out = defaulted('flowcontrol.apiserver.k8s.io/v1', 'PriorityLevelConfiguration', { spec: c.spec });
    assert.deepEqual(out['spec'], c.expected, c.name);
  }
  for (const [input, expected] of [
    [undefined, 1000],
    [0, 1000],
    [500, 500],
  ] as const) {
    const fs = defaulted('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', {
      spec: { matchingPrecedence: input },
    });
    assert.equal((fs['spec'] as JsonObject)['matchingPrecedence'], expected, `matchingPrecedence ${input}`);
  }
});

test('endpoint slice ports', () => {
  const out = defaulted('discovery.k8s.io/v1', 'EndpointSlice', {
    addressType: 'IPv4',
    ports: [{ port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }],
  });
  assert.deepEqual(out['ports'], [
    { port: 80, name: '', protocol: 'TCP' },
    { name: 'dns', port: 53, protocol: 'UDP' },
  ]);
});

test('resource claims and slices', () => {
  const claim = defaulted('resource.k8s.io/v1', 'ResourceClaim', {
    spec: {
      devices: {
        requests: [
          { name: 'a', exactly: { deviceClassName: 'gpu', tolerations: [{ key: 'k' }] } },
          { name: 'b', exactly: { deviceClassName: 'gpu', allocationMode: 'All' } },
          {
            name: 'c',
            firstAvailable: [
              { name: 'big', deviceClassName: 'gpu' },
              { name: 'none', deviceClassName: 'gpu' },
            ],
          },
          { name: 'd', firstAvailable: [{ name: 'only', deviceClassName: 'gpu', count: 0 }] },
        ],
      },
    },
  });
  assert.deepEqual(((claim['spec'] as JsonObject)['devices'] as JsonObject)['requests'], [
    {
      name: 'a',
      exactly: {
        deviceClassName: 'gpu',
        tolerations: [{ key: 'k', operator: 'Equal' }],
        allocationMode: 'ExactCount',
        count: 1,
      },
    },
    { name: 'b', exactly: { deviceClassName: 'gpu', allocationMode: 'All' } },
    {
      name: 'c',
      firstAvailable: [
        { name: 'big', deviceClassName: 'gpu', allocationMode: 'ExactCount', count: 1 },
        { name: 'none', deviceClassName: 'gpu', allocationMode: 'ExactCount', count: 1 },
      ],
    },
    {
      name: 'd',
      firstAvailable: [{ name: 'only', deviceClassName: 'gpu', allocationMode: 'ExactCount', count: 1 }],
    },
  ]);
  const template = defaulted('resource.k8s.io/v1', 'ResourceClaimTemplate', {
    spec: { spec: { devices: { requests: [{ name: 'a', exactly: { deviceClassName: 'gpu' } }] } } },
  });
  assert.deepEqual(template, {
    spec: {
      spec: {
        devices: {
          requests: [
            { name: 'a', exactly: { deviceClassName: 'gpu', allocationMode: 'ExactCount', count: 1 } },
          ],
        },
      },
    },
  });
  const slice: JsonObject = {
    spec: {
      devices: [
        {
          name: 'd',
          taints: [
            { key: 'k', effect: 'NoSchedule' },
            { key: 'j', effect: 'NoExecute', timeAdded: 'T' },
          ],
        },
      ],
    },
  };
  defaultResourceSlice(slice, () => new Date('2026-01-02T03:04:05.678Z'));
  assert.deepEqual(slice, {
    spec: {
      devices: [
        {
          name: 'd',
          taints: [
            { key: 'k', effect: 'NoSchedule', timeAdded: '2026-01-02T03:04:05Z' },
            { key: 'j', effect: 'NoExecute', timeAdded: 'T' },
          ],
        },
      ],
    },
  });
});
