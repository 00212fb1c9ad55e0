import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultObject } from './index.js';
import type { JsonObject } from './json.js';

function specOf(apiVersion: string, obj: JsonObject): JsonObject {
  const copy = structuredClone(obj);
  defaultObject(apiVersion, 'HorizontalPodAutoscaler', copy);
  return copy['spec'] as JsonObject;
}

const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const cpu80 = [
  { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
];
const upDefaults = {
  selectPolicy: 'Max',
  stabilizationWindowSeconds: 0,
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
const downDefaults = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

test('autoscaling/v1 min replicas and CPU target', () => {
  assert.deepEqual(specOf('autoscaling/v1', { spec: { scaleTargetRef: target, maxReplicas: 5 } }), {
    scaleTargetRef: target,
    maxReplicas: 5,
    minReplicas: 1,
    targetCPUUtilizationPercentage: 80,
  });
  assert.deepEqual(
    specOf('autoscaling/v1', {
      spec: { scaleTargetRef: target, maxReplicas: 5, minReplicas: 2, targetCPUUtilizationPercentage: 50 },
    }),
    { scaleTargetRef: target, maxReplicas: 5, minReplicas: 2, targetCPUUtilizationPercentage: 50 },
  );
  const withOtherMetrics = specOf('autoscaling/v1', {
    metadata: { annotations: { 'autoscaling.alpha.kubernetes.io/metrics': '[]' } },
    spec: { scaleTargetRef: target, maxReplicas: 5 },
  });
  assert.equal(withOtherMetrics['targetCPUUtilizationPercentage'], undefined);
});

test('autoscaling/v2 metrics and behavior', () => {
  const cases: Array<{ name: string; input: JsonObject; expected: JsonObject }> = [
    {
      name: 'no metrics: CPU 80%, no behavior',
      input: { maxReplicas: 3 },
      expected: { maxReplicas: 3, minReplicas: 1, metrics: cpu80 },
    },
    {
      name: 'empty metrics list is replaced',
      input: { maxReplicas: 3, metrics: [] },
      expected: { maxReplicas: 3, minReplicas: 1, metrics: cpu80 },
    },
    {
      name: 'empty behavior gets both directions',
      input: { maxReplicas: 3, behavior: {} },
      expected: {
        maxReplicas: 3,
        minReplicas: 1,
        metrics: cpu80,
        behavior: { scaleUp: upDefaults, scaleDown: downDefaults },
      },
    },
    {
      name: 'partial rules keep what is set; scale-down window is left to the controller',
      input: {
        maxReplicas: 3,
        behavior: {
          scaleUp: { selectPolicy: 'Min' },
          scaleDown: {
            policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
            stabilizationWindowSeconds: 60,
          },
        },
      },
      expected: {
        maxReplicas: 3,
        minReplicas: 1,
        metrics: cpu80,
        behavior: {
          scaleUp: { ...upDefaults, selectPolicy: 'Min' },
          scaleDown: {
            selectPolicy: 'Max',
            stabilizationWindowSeconds: 60,
            policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
          },
        },
      },
    },
    {
      name: 'an explicit empty policy list is kept',
      input: { maxReplicas: 3, behavior: { scaleUp: { policies: [] } } },
      expected: {
        maxReplicas: 3,
        minReplicas: 1,
        metrics: cpu80,
        behavior: { scaleUp: { ...upDefaults, policies: [] }, scaleDown: downDefaults },
      },
    },
  ];
  for (const c of cases) assert.deepEqual(specOf('autoscaling/v2', { spec: c.input }), c.expected, c.name);
});
