import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultObject } from './index.js';
import type { JsonObject } from './json.js';

interface Case {
  name: string;
  resources: JsonObject | undefined;
  containers: JsonObject[];
  initContainers?: JsonObject[];
  expected: JsonObject | undefined;
}

function container(name: string, resources?: JsonObject, restartPolicy?: string): JsonObject {
  const c: JsonObject = { name, image: 'x:1' };
  if (resources) c['resources'] = resources;
  if (restartPolicy) c['restartPolicy'] = restartPolicy;
  return c;
}

test('pod-level resources are completed from the pod and its containers', () => {
  const cases: Case[] = [
    {
      name: 'no pod-level resources: nothing added',
      resources: undefined,
      containers: [container('a', { limits: { cpu: '1' } })],
      expected: undefined,
    },
    {
      name: 'pod limits only: requests equal the limits',
      resources: { limits: { cpu: '2', memory: '1Gi' } },
      containers: [container('a')],
      expected: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '2', memory: '1Gi' } },
    },
    {
      name: 'container requests add up into pod requests',
      resources: { limits: { cpu: '2' } },
      containers: [
        container('a', { requests: { cpu: '100m' } }),
        container('b', { requests: { cpu: '250m' } }),
      ],
      expected: { limits: { cpu: '2' }, requests: { cpu: '350m' } },
    },
    {
      name: 'explicit pod requests are kept',
      resources: { limits: { cpu: '2' }, requests: { cpu: '1' } },
      containers: [container('a', { requests: { cpu: '100m' } })],
      expected: { limits: { cpu: '2' }, requests: { cpu: '1' } },
    },
    {
      name: 'unsupported pod-level resources are not defaulted',
      resources: { limits: { cpu: '1', 'ephemeral-storage': '1Gi' } },
      containers: [container('a', { requests: { 'example.com/gpu': '1' } })],
      expected: { limits: { cpu: '1', 'ephemeral-storage': '1Gi' }, requests: { cpu: '1' } },
    },
    {
      name: 'init containers count at their peak, sidecars add up',
      resources: { limits: { cpu: '4' } },
      containers: [container('main', { requests: { cpu: '1' } })],
      initContainers: [
        container('side', { requests: { cpu: '500m' } }, 'Always'),
        container('init', { requests: { cpu: '2' } }),
      ],
      // main + side = 1.5; init runs beside side = 2.5, the larger.
      expected: { limits: { cpu: '4' }, requests: { cpu: '2500m' } },
    },
    {
      name: 'pod requests only, every container limited: pod limits are the total',
      resources: { requests: { memory: '1Gi' } },
      containers: [
        container('a', { limits: { memory: '512Mi' } }),
        container('b', { limits: { memory: '512Mi' } }),
      ],
      expected: { requests: { memory: '1Gi' }, limits: { memory: '1Gi' } },
    },
    {
      name: 'pod requests only, one container unlimited: no pod limit',
      resources: { requests: { memory: '1Gi' } },
      containers: [container('a', { limits: { memory: '512Mi' } }), container('b')],
      expected: { requests: { memory: '1Gi' } },
    },
    {
      name: 'derived pod limits also give the missing pod requests',
      resources: { requests: { cpu: '1' } },
      containers: [container('a', { limits: { cpu: '2', memory: '1Gi' } })],
      expected: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } },
    },
    {
      name: 'hugepage limits come from the containers',
      resources: { limits: { memory: '2Gi' } },
      containers: [container('a', { limits: { 'hugepages-2Mi': '100Mi', memory: '1Gi' } })],
      expected: {
        limits: { memory: '2Gi', 'hugepages-2Mi': '100Mi' },
        // The container's memory request (defaulted from its limit) is the pod's request total.
        requests: { memory: '1Gi', 'hugepages-2Mi': '100Mi' },
      },
    },
    {
      name: 'a pod hugepage request blocks the hugepage limit default',
      resources: { requests: { 'hugepages-1Gi': '1Gi' } },
      containers: [container('a', { limits: { 'hugepages-1Gi': '2Gi' } })],
      expected: { requests: { 'hugepages-1Gi': '1Gi' } },
    },
    {
      name: 'unparsable container quantities are ignored',
      resources: { limits: { cpu: '1' } },
      containers: [container('a', { requests: { cpu: 'lots' } })],
      expected: { limits: { cpu: '1' }, requests: { cpu: '1' } },
    },
  ];
  for (const c of cases) {
    const spec: JsonObject = { containers: structuredClone(c.containers) };
    if (c.initContainers) spec['initContainers'] = structuredClone(c.initContainers);
    if (c.resources) spec['resources'] = structuredClone(c.resources);
    const pod: JsonObject = { spec };
    defaultObject('v1', 'Pod', pod);
    assert.deepEqual((pod['spec'] as JsonObject)['resources'], c.expected, c.name);
    const again = structuredClone(pod);
    defaultObject('v1', 'Pod', again);
    assert.deepEqual(again, pod, `${c.name} (idempotent)`);
  }
});

test('pod templates never get pod-level resource defaults', () => {
  const tpl: JsonObject = { template: { spec: { containers: [], resources: { limits: { cpu: '1' } } } } };
  defaultObject('v1', 'PodTemplate', tpl);
  assert.deepEqual(((tpl['template'] as JsonObject)['spec'] as JsonObject)['resources'], {
    limits: { cpu: '1' },
  });
});
