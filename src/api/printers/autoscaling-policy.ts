/**
 * Printers of horizontalpodautoscalers (autoscaling v1 and v2) and poddisruptionbudgets.
 */
import { hpaV1ToV2 } from '../conversion/index.js';
import { AGE, column, NAME, simplePrinter } from './columns.js';
import { age, intOrString, name, quantityPtr } from './format.js';
import { int, isSet, type Obj, obj, objList, optInt, str } from './json.js';
import type { Printer } from './types.js';

const MAX_METRICS = 2;

/** `cur/target` of a metric whose target is a value or an average value. */
function valueOrAverage(spec: Obj, status: Obj | undefined): string {
  if (isSet(spec, 'target', 'averageValue')) {
    const current =
      status !== undefined && isSet(status, 'current', 'averageValue')
        ? quantityPtr(status, 'current', 'averageValue')
        : '<unknown>';
    return `${current}/${quantityPtr(spec, 'target', 'averageValue')} (avg)`;
  }
  const current = status !== undefined ? quantityPtr(status, 'current', 'value') : '<unknown>';
  return `${current}/${quantityPtr(spec, 'target', 'value')}`;
}

/** `name: cur/target` of a (container) resource metric, as a value or a utilization. */
function resourceMetric(spec: Obj, status: Obj | undefined): string {
  const resource = str(spec, 'name');
  if (isSet(spec, 'target', 'averageValue')) {
    const current = status !== undefined ? quantityPtr(status, 'current', 'averageValue') : '<unknown>';
    return `${resource}: ${current}/${quantityPtr(spec, 'target', 'averageValue')}`;
  }
  const utilization = status === undefined ? undefined : optInt(status, 'current', 'averageUtilization');
  const current = utilization === undefined ? '<unknown>' : `${utilization}%`;
  const targetUtilization = optInt(spec, 'target', 'averageUtilization');
  const target = targetUtilization === undefined ? '<auto>' : `${targetUtilization}%`;
  return `${resource}: ${current}/${target}`;
}

/** TARGETS of an autoscaling/v2 HPA: the first two metrics, then `+ N more...`. */
export function formatHPAMetrics(hpa: Obj): string {
  const specs = objList(hpa, 'spec', 'metrics');
  if (specs.length === 0) return '<none>';
  const statuses = objList(hpa, 'status', 'currentMetrics');
  const shown = specs.map((spec, i) => {
    const status = statuses[i];
    const part = (key: string) => obj(spec, key) ?? {};
    const statusPart = (key: string) => (status === undefined ? undefined : obj(status, key));
    switch (str(spec, 'type')) {
      case 'External':
        return valueOrAverage(part('external'), statusPart('external'));
      case 'Pods': {
        const current = statusPart('pods');
        const cur = current === undefined ? '<unknown>' : quantityPtr(current, 'current', 'averageValue');
        return `${cur}/${quantityPtr(part('pods'), 'target', 'averageValue')}`;
      }
      case 'Object':
        return valueOrAverage(part('object'), statusPart('object'));
      case 'Resource':
        return resourceMetric(part('resource'), statusPart('resource'));
      case 'ContainerResource':
        return resourceMetric(part('containerResource'), statusPart('containerResource'));
      default:
        return '<unknown type>';
    }
  });
  if (shown.length > MAX_METRICS) {
    return `${shown.slice(0, MAX_METRICS).join(', ')} + ${shown.length - MAX_METRICS} more...`;
  }
  return shown.join(', ');
}

/** An HPA read as autoscaling/v2 (a v1 object is converted as upstream converts it). */
function asV2(o: Obj): Obj {
  if (str(o, 'apiVersion') !== 'autoscaling/v1') return o;
  const converted = hpaV1ToV2(o);
  return converted.ok ? converted.object : o;
}

/** HorizontalPodAutoscalers: REFERENCE, TARGETS, MINPODS, MAXPODS, REPLICAS. */
export const horizontalPodAutoscalerPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Reference', 'string', 'The scaled object, as kind/name.'),
    column('Targets', 'string', 'Current and target values of the metrics.'),
    column('MinPods', 'string', 'Lower bound of the replica count.'),
    column('MaxPods', 'string', 'Upper bound of the replica count.'),
    column('Replicas', 'string', 'Current replica count.'),
    AGE,
  ],
  (original, ctx) => {
    const o = asV2(original);
    const min = optInt(o, 'spec', 'minReplicas');
    return [
      name(o),
      `${str(o, 'spec', 'scaleTargetRef', 'kind')}/${str(o, 'spec', 'scaleTargetRef', 'name')}`,
      formatHPAMetrics(o),
      min === undefined ? '<unset>' : String(min),
      int(o, 'spec', 'maxReplicas'),
      int(o, 'status', 'currentReplicas'),
      age(o, ctx),
    ];
  },
);

/** PodDisruptionBudgets: MIN AVAILABLE, MAX UNAVAILABLE (`N/A` when unset), ALLOWED DISRUPTIONS. */
export const podDisruptionBudgetPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Min Available', 'string', 'Pods that must stay available.'),
    column('Max Unavailable', 'string', 'Pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Pods that may be disrupted now.'),
    AGE,
  ],
  (o, ctx) => [
    name(o),
    intOrString(o, 'spec', 'minAvailable') ?? 'N/A',
    intOrString(o, 'spec', 'maxUnavailable') ?? 'N/A',
    int(o, 'status', 'disruptionsAllowed'),
    age(o, ctx),
  ],
);

/** The `scale` subresource (autoscaling/v1 Scale): DESIRED, AVAILABLE. Its Name column has no format. */
export const scalePrinter: Printer = simplePrinter(
  [
    column('Name', 'string', 'Name of the scaled object.'),
    column('Desired', 'integer', 'Desired number of replicas.'),
    column('Available', 'integer', 'Current number of replicas.'),
    AGE,
  ],
  (o, ctx) => [name(o), int(o, 'spec', 'replicas'), int(o, 'status', 'replicas'), age(o, ctx)],
);
