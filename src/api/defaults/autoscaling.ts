/** Defaults for autoscaling/v1 and autoscaling/v2 HorizontalPodAutoscaler. */
import type { JsonObject } from './json.js';
import { child, defaultPtr, ensure, isEmptyList, own } from './json.js';

/** Target average CPU utilisation (percent) of an autoscaler that names no metric. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** Annotation in which autoscaling/v1 carries the v2 metrics it cannot express. */
const V1_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';

/**
 * autoscaling/v1 HPA: minReplicas 1 and, when no metric is given at all, 80% CPU utilisation.
 * Upstream applies the CPU target while converting through the stored v2 form; the result a
 * client reads back is the same, so it is applied here. Mutates; idempotent.
 */
export function defaultHorizontalPodAutoscalerV1(hpa: JsonObject): void {
  const spec = ensure(hpa, 'spec');
  if (!spec) return;
  defaultPtr(spec, 'minReplicas', 1);
  const metadata = child(hpa, 'metadata');
  const annotations = metadata && child(metadata, 'annotations');
  const otherMetrics = annotations !== undefined && Object.hasOwn(annotations, V1_METRICS_ANNOTATION);
  if (!otherMetrics) defaultPtr(spec, 'targetCPUUtilizationPercentage', DEFAULT_CPU_UTILIZATION);
}

function scaleUpPolicies(): JsonObject[] {
  return [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ];
}

function scaleDownPolicies(): JsonObject[] {
  return [{ type: 'Percent', value: 100, periodSeconds: 15 }];
}

/**
 * Fills one direction of `behavior`. Scale-down gets no stabilization window: the controller's
 * own flag supplies it, so defaulting must leave it unset.
 */
function defaultScalingRules(behavior: JsonObject, key: 'scaleUp' | 'scaleDown'): void {
  const rules = ensure(behavior, key);
  if (!rules) return;
  defaultPtr(rules, 'selectPolicy', 'Max');
  if (key === 'scaleUp') defaultPtr(rules, 'stabilizationWindowSeconds', 0);
  defaultPtr(rules, 'policies', key === 'scaleUp' ? scaleUpPolicies() : scaleDownPolicies());
}

/**
 * autoscaling/v2 HPA: minReplicas 1, an 80% CPU utilisation metric when none is given, and, when
 * `behavior` is present, every unset scaling rule field. Mutates; idempotent.
 */
export function defaultHorizontalPodAutoscalerV2(hpa: JsonObject): void {
  const spec = ensure(hpa, 'spec');
  if (!spec) return;
  defaultPtr(spec, 'minReplicas', 1);
  const metrics = own(spec, 'metrics');
  if (isEmptyList(metrics)) {
    spec['metrics'] = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
        },
      },
    ];
  }
  const behavior = child(spec, 'behavior');
  if (behavior) {
    defaultScalingRules(behavior, 'scaleUp');
    defaultScalingRules(behavior, 'scaleDown');
  }
}
