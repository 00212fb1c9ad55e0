import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  BEHAVIOR_ANNOTATION,
  CONDITIONS_ANNOTATION,
  type ConversionResult,
  hpaV1ToV2,
  hpaV2ToV1,
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
} from './hpa.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk published JSON documents freely
type Json = Record<string, any>;
const ok = (r: ConversionResult): Json => {
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.object;
};
const ref = { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' };
const cpu = (n: number) => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: n } },
});
const memory = {
  type: 'Resource',
  resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 60 } },
};
const v2 = (
  spec: Json,
  status: Json = { currentReplicas: 0, desiredReplicas: 0 },
  annotations?: Json,
): Json => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'h', namespace: 'd', ...(annotations ? { annotations } : {}) },
  spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, ...spec },
  status,
});

describe('hpaV2ToV1', () => {
  it('a cpu utilization metric is the target percentage, nothing annotated', () => {
    const out = ok(hpaV2ToV1(v2({ metrics: [cpu(55)] })));
    assert.equal(out['apiVersion'], 'autoscaling/v1');
    assert.deepEqual(out['spec'], {
      scaleTargetRef: ref,
      minReplicas: 1,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 55,
    });
    assert.equal(out['metadata'].annotations, undefined);
    assert.deepEqual(out['status'], { currentReplicas: 0, desiredReplicas: 0 });
  });
  it('the first cpu metric with a utilization wins over an earlier average-value cpu metric', () => {
    const avg = {
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '300m' } },
    };
    const out = ok(hpaV2ToV1(v2({ metrics: [avg, cpu(70)] })));
    assert.equal(out['spec'].targetCPUUtilizationPercentage, 70);
    assert.equal(
      out['metadata'].annotations[METRIC_SPECS_ANNOTATION],
      '[{"type":"Resource","resource":{"name":"cpu","targetAverageValue":"300m"}}]',
    );
  });
  it('other metrics go to the annotation in the v1 field names', () => {
    const external = {
      type: 'External',
      external: {
        metric: { name: 'queue', selector: { matchLabels: { q: 'a&b' } } },
        target: { type: 'AverageValue', averageValue: '30' },
      },
    };
    const out = ok(hpaV2ToV1(v2({ metrics: [memory, external] })));
    assert.equal(out['spec'].targetCPUUtilizationPercentage, undefined);
    assert.equal(
      out['metadata'].annotations[METRIC_SPECS_ANNOTATION],
      '[{"type":"Resource","resource":{"name":"memory","targetAverageUtilization":60}},' +
        '{"type":"External","external":{"metricName":"queue","metricSelector":{"matchLabels":{"q":"a\\u0026b"}},"targetAverageValue":"30"}}]',
    );
  });
  it('current metrics are all annotated and the last cpu utilization is reported', () => {
    const current = [
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: 10, averageValue: '100m' } },
      },
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: 20, averageValue: '200m' } },
      },
    ];
    const out = ok(
      hpaV2ToV1(
        v2({ metrics: [cpu(50)] }, { currentReplicas: 2, desiredReplicas: 3, currentMetrics: current }),
      ),
    );
    assert.equal(out['status'].currentCPUUtilizationPercentage, 20);
    assert.equal(
      out['metadata'].annotations[METRIC_STATUSES_ANNOTATION],
      '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":10,"currentAverageValue":"100m"}},' +
        '{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":20,"currentAverageValue":"200m"}}]',
    );
  });
  it('behavior is annotated with Go field names and nulls', () => {
    const behavior = {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }],
      },
    };
    const out = ok(hpaV2ToV1(v2({ metrics: [cpu(50)], behavior })));
    assert.equal(
      out['metadata'].annotations[BEHAVIOR_ANNOTATION],
      '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15}],"Tolerance":null},"ScaleDown":null}',
    );
  });
  it('conditions are annotated; a missing time is null', () => {
    const conditions = [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' }];
    const out = ok(
      hpaV2ToV1(v2({ metrics: [cpu(50)] }, { currentReplicas: 1, desiredReplicas: 1, conditions })),
    );
    assert.equal(
      out['metadata'].annotations[CONDITIONS_ANNOTATION],
      '[{"type":"AbleToScale","status":"True","lastTransitionTime":null,"reason":"ReadyForNewScale"}]',
    );
  });
  it('stale round-trip annotations are dropped, others kept', () => {
    const out = ok(
      hpaV2ToV1(v2({ metrics: [cpu(50)] }, undefined, { [METRIC_SPECS_ANNOTATION]: '[]', keep: 'me' })),
    );
    assert.deepEqual(out['metadata'].annotations, { keep: 'me' });
  });
  it('does not modify its input', () => {
    const input = v2({ metrics: [memory] }, undefined, { a: 'b' });
    const copy = structuredClone(input);
    hpaV2ToV1(input);
    assert.deepEqual(input, copy);
  });
  it('rejects a non-object', () => assert.equal(hpaV2ToV1('x').ok, false));
});

describe('hpaV1ToV2', () => {
  const v1 = (
    spec: Json,
    annotations?: Json,
    status: Json = { currentReplicas: 0, desiredReplicas: 0 },
  ): Json => ({
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'h', ...(annotations ? { annotations } : {}) },
    spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, ...spec },
    status,
  });
  it('no target means the implicit 80% cpu target', () => {
    const out = ok(hpaV1ToV2(v1({})));
    assert.deepEqual(out['spec'].metrics, [cpu(80)]);
    assert.equal(out['apiVersion'], 'autoscaling/v2');
  });
  it('the cpu target becomes a Utilization metric', () => {
    assert.deepEqual(ok(hpaV1ToV2(v1({ targetCPUUtilizationPercentage: 40 })))['spec'].metrics, [cpu(40)]);
  });
  it('annotated metrics come first, the cpu target last', () => {
    const annotations = {
      [METRIC_SPECS_ANNOTATION]:
        '[{"type":"Resource","resource":{"name":"memory","targetAverageUtilization":60}}]',
    };
    const out = ok(hpaV1ToV2(v1({ targetCPUUtilizationPercentage: 40 }, annotations)));
    assert.deepEqual(out['spec'].metrics, [memory, cpu(40)]);
    assert.equal(out['metadata'].annotations, undefined);
  });
  it('annotated current metrics replace the cpu percentage', () => {
    const annotations = {
      [METRIC_STATUSES_ANNOTATION]: '[{"type":"Pods","pods":{"metricName":"rps","currentAverageValue":"5"}}]',
    };
    const out = ok(
      hpaV1ToV2(
        v1({}, annotations, { currentReplicas: 1, desiredReplicas: 1, currentCPUUtilizationPercentage: 9 }),
      ),
    );
    assert.deepEqual(out['status'].currentMetrics, [
      { type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '5' } } },
    ]);
  });
  it('the cpu percentage alone becomes a current metric', () => {
    const out = ok(
      hpaV1ToV2(
        v1({}, undefined, { currentReplicas: 1, desiredReplicas: 1, currentCPUUtilizationPercentage: 9 }),
      ),
    );
    assert.deepEqual(out['status'].currentMetrics, [
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 9 } } },
    ]);
  });
  const ignored: { name: string; annotations: Json; check: (o: Json) => void }[] = [
    {
      name: 'malformed metrics',
      annotations: { [METRIC_SPECS_ANNOTATION]: 'abc' },
      check: (o) => assert.deepEqual(o['spec'].metrics, [cpu(80)]),
    },
    {
      name: 'metrics of the wrong shape',
      annotations: { [METRIC_SPECS_ANNOTATION]: '{"a":1}' },
      check: (o) => assert.deepEqual(o['spec'].metrics, [cpu(80)]),
    },
    {
      name: 'empty behavior',
      annotations: { [BEHAVIOR_ANNOTATION]: '{}' },
      check: (o) => assert.equal(o['spec'].behavior, undefined),
    },
    {
      name: 'behavior with a wrong type',
      annotations: { [BEHAVIOR_ANNOTATION]: '{"ScaleUp":{"SelectPolicy":5}}' },
      check: (o) => assert.equal(o['spec'].behavior, undefined),
    },
    {
      name: 'conditions with a bad time',
      annotations: { [CONDITIONS_ANNOTATION]: '[{"type":"A","status":"True","lastTransitionTime":"x"}]' },
      check: (o) => assert.equal(o['status'].conditions, undefined),
    },
  ];
  for (const c of ignored) {
    it(`ignores ${c.name} and drops the annotation`, () => {
      const out = ok(hpaV1ToV2(v1({}, c.annotations)));
      c.check(out);
      assert.equal(out['metadata'].annotations, undefined);
    });
  }
  it('behavior keys match case-insensitively', () => {
    const out = ok(hpaV1ToV2(v1({}, { [BEHAVIOR_ANNOTATION]: '{"scaledown":{"selectpolicy":"Min"}}' })));
    assert.deepEqual(out['spec'].behavior, { scaleDown: { selectPolicy: 'Min' } });
  });
});

describe('HPA round trips', () => {
  const cases: { name: string; obj: Json; back?: Json }[] = [
    { name: 'cpu only', obj: v2({ metrics: [cpu(55)] }) },
    {
      name: 'all metric sources',
      obj: v2({
        metrics: [
          memory,
          {
            type: 'Pods',
            pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } },
          },
          {
            type: 'Object',
            object: {
              describedObject: { kind: 'Service', name: 's' },
              target: { type: 'Value', value: '2' },
              metric: { name: 'hits' },
            },
          },
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'cpu',
              container: 'app',
              target: { type: 'Utilization', averageUtilization: 30 },
            },
          },
          { type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '7' } } },
          cpu(50),
        ],
      }),
    },
    {
      name: 'behavior, current metrics and conditions',
      obj: v2(
        {
          metrics: [cpu(50)],
          behavior: {
            scaleUp: {
              stabilizationWindowSeconds: 0,
              selectPolicy: 'Max',
              policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
            },
            scaleDown: {
              stabilizationWindowSeconds: 300,
              selectPolicy: 'Max',
              policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
              tolerance: '50m',
            },
          },
        },
        {
          currentReplicas: 2,
          desiredReplicas: 2,
          currentMetrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', current: { averageValue: '12m', averageUtilization: 3 } },
            },
          ],
          conditions: [
            {
              type: 'ScalingActive',
              status: 'True',
              lastTransitionTime: '2024-01-01T00:00:00Z',
              reason: 'ValidMetricFound',
              message: 'ok',
            },
          ],
        },
      ),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const back = ok(hpaV1ToV2(ok(hpaV2ToV1(c.obj))));
      assert.deepEqual(back, c.back ?? c.obj);
    });
  }
  it('the cpu metric moves behind the others (as upstream)', () => {
    const back = ok(hpaV1ToV2(ok(hpaV2ToV1(v2({ metrics: [cpu(50), memory] })))));
    assert.deepEqual(back['spec'].metrics, [memory, cpu(50)]);
  });
  it('an object metric gains an explicit zero value (as upstream)', () => {
    const avg = {
      type: 'Object',
      object: {
        describedObject: { kind: 'Service', name: 's' },
        target: { type: 'AverageValue', averageValue: '3' },
        metric: { name: 'hits' },
      },
    };
    const back = ok(hpaV1ToV2(ok(hpaV2ToV1(v2({ metrics: [avg] })))));
    assert.deepEqual(back['spec'].metrics[0].object.target, {
      type: 'AverageValue',
      value: '0',
      averageValue: '3',
    });
  });
  it('v1 → v2 → v1 keeps the v1 object', () => {
    const v1obj = ok(hpaV2ToV1(v2({ metrics: [memory, cpu(50)] })));
    assert.deepEqual(ok(hpaV2ToV1(ok(hpaV1ToV2(v1obj)))), v1obj);
  });
});

describe('HPA conversion fuzz', () => {
  it('never throws', () => {
    const annotation = fc.oneof(fc.json(), fc.string());
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), annotation, annotation, (spec, status, a1, a2) => {
        const obj = {
          metadata: {
            annotations: {
              [METRIC_SPECS_ANNOTATION]: a1,
              [BEHAVIOR_ANNOTATION]: a2,
              [METRIC_STATUSES_ANNOTATION]: a1,
              [CONDITIONS_ANNOTATION]: a2,
            },
          },
          spec,
          status,
        };
        for (const r of [hpaV1ToV2(obj), hpaV2ToV1(obj)]) assert.ok(r.ok || r.message.length > 0);
      }),
      { seed: 5, numRuns: 2000 },
    );
  });
});
