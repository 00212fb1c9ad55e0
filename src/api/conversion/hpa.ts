import { timeError } from '../schema/index.js';
import {
  arr,
  compact,
  goMarshal,
  int32,
  int64,
  isObj,
  type Obj,
  obj,
  objects,
  parseJson,
  quantity,
  ShapeError,
  str,
} from './go-json.js';
import {
  isCPUUtilization,
  objectRef,
  specFromV1,
  specToV1,
  statusFromV1,
  statusToV1,
} from './hpa-metrics.js';

/** Metrics autoscaling/v1 cannot express (v1 annotation form). */
export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
/** All current metrics (v1 annotation form). */
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
/** Status conditions. */
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
/** spec.behavior, written with Go field names. */
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
/** Scale-down tolerance kept for versions without the field. */
export const TOLERANCE_SCALE_DOWN_ANNOTATION = 'autoscaling.alpha.kubernetes.io/scale-down-tolerance';
/** Scale-up tolerance kept for versions without the field. */
export const TOLERANCE_SCALE_UP_ANNOTATION = 'autoscaling.alpha.kubernetes.io/scale-up-tolerance';
/** The CPU target autoscaling/v1 implies when no metric is given. */
export const DEFAULT_CPU_UTILIZATION = 80;

const ROUND_TRIP = [
  METRIC_SPECS_ANNOTATION,
  BEHAVIOR_ANNOTATION,
  TOLERANCE_SCALE_DOWN_ANNOTATION,
  TOLERANCE_SCALE_UP_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
  CONDITIONS_ANNOTATION,
];

/** Outcome of a conversion: the converted object (a new value) or why the input is not an HPA. */
export type ConversionResult =
  | { readonly ok: true; readonly object: Obj }
  | { readonly ok: false; readonly message: string };

/** Copies metadata with the round-trip annotations removed (an emptied map is dropped). */
function metadataWithout(meta: unknown): Obj | undefined {
  if (!isObj(meta)) return undefined;
  const out: Obj = { ...meta };
  if (isObj(meta['annotations'])) {
    const annotations: Obj = { ...meta['annotations'] };
    for (const k of ROUND_TRIP) delete annotations[k];
    if (Object.keys(annotations).length > 0) out['annotations'] = annotations;
    else delete out['annotations'];
  }
  return out;
}

function setAnnotation(o: Obj, key: string, value: string): void {
  const meta: Obj = isObj(o['metadata']) ? o['metadata'] : {};
  const annotations: Obj = isObj(meta['annotations']) ? meta['annotations'] : {};
  annotations[key] = value;
  meta['annotations'] = annotations;
  o['metadata'] = meta;
}

function behaviorToGo(b: Obj): Obj {
  const rules = (r: Obj | undefined) =>
    r === undefined
      ? null
      : {
          StabilizationWindowSeconds: int32(r, 'stabilizationWindowSeconds') ?? null,
          SelectPolicy: str(r, 'selectPolicy') ?? null,
          Policies:
            arr(r, 'policies')?.map((p) => {
              const policy = isObj(p) ? p : {};
              return {
                Type: str(policy, 'type') ?? '',
                Value: int32(policy, 'value') ?? 0,
                PeriodSeconds: int32(policy, 'periodSeconds') ?? 0,
              };
            }) ?? null,
          Tolerance: quantity(r, 'tolerance') ?? null,
        };
  return { ScaleUp: rules(obj(b, 'scaleUp')), ScaleDown: rules(obj(b, 'scaleDown')) };
}

function behaviorFromGo(text: string): Obj | undefined {
  const v = parseJson(text);
  if (!isObj(v)) return undefined;
  const rules = (r: Obj | undefined) =>
    r &&
    compact([
      ['stabilizationWindowSeconds', int32(r, 'StabilizationWindowSeconds')],
      ['selectPolicy', str(r, 'SelectPolicy')],
      [
        'policies',
        arr(r, 'Policies') &&
          objects(arr(r, 'Policies')!).map((p) => ({
            type: str(p, 'Type') ?? '',
            value: int32(p, 'Value') ?? 0,
            periodSeconds: int32(p, 'PeriodSeconds') ?? 0,
          })),
      ],
      ['tolerance', quantity(r, 'Tolerance')],
    ]);
  try {
    const out = compact([
      ['scaleUp', rules(obj(v, 'ScaleUp'))],
      ['scaleDown', rules(obj(v, 'ScaleDown'))],
    ]);
    // Only a behavior with at least one rule set moves into the spec.
    return Object.keys(out).length > 0 ? out : undefined;
  } catch (e) {
    if (e instanceof ShapeError) return undefined;
    throw e;
  }
}

function conditionToV1(c: Obj): Obj {
  return compact([
    ['type', str(c, 'type') ?? ''],
    ['status', str(c, 'status') ?? ''],
    ['lastTransitionTime', str(c, 'lastTransitionTime') ?? null],
    ['reason', str(c, 'reason') || undefined],
    ['message', str(c, 'message') || undefined],
    // Newer releases add the generation a condition was computed for; carried when present.
    ['observedGeneration', int64(c, 'observedGeneration') || undefined],
  ]);
}

function conditionFromV1(c: Obj): Obj {
  const time = str(c, 'lastTransitionTime');
  if (time !== undefined && timeError(time, false) !== undefined) throw new ShapeError('lastTransitionTime');
  return compact([
    ['type', str(c, 'type') ?? ''],
    ['status', str(c, 'status') ?? ''],
    ['lastTransitionTime', time],
    ['reason', str(c, 'reason') || undefined],
    ['message', str(c, 'message') || undefined],
    // Newer releases add the generation a condition was computed for; carried when present.
    ['observedGeneration', int64(c, 'observedGeneration') || undefined],
  ]);
}

/** Decodes a list annotation; undefined when absent, malformed or of the wrong shape (upstream keeps only well-formed data). */
function listAnnotation(annotations: Obj, key: string, each: (o: Obj) => Obj): Obj[] | undefined {
  const text = annotations[key];
  if (typeof text !== 'string') return undefined;
  const v = parseJson(text);
  if (v === null) return [];
  if (!Array.isArray(v)) return undefined;
  try {
    return objects(v).map(each);
  } catch (e) {
    if (e instanceof ShapeError) return undefined;
    throw e;
  }
}

function wrap(convert: () => Obj): ConversionResult {
  try {
    return { ok: true, object: convert() };
  } catch (e) {
    if (e instanceof ShapeError)
      return { ok: false, message: `HorizontalPodAutoscaler field ${e.message} has the wrong type` };
    throw e;
  }
}

/**
 * autoscaling/v2 HorizontalPodAutoscaler → autoscaling/v1, as upstream converts: the first
 * cpu Utilization metric becomes targetCPUUtilizationPercentage; the other metrics, all
 * current metrics, the behavior and the conditions go to round-trip annotations (any stale
 * ones are dropped first). Pure: the input is not modified.
 */
export function hpaV2ToV1(v2: unknown): ConversionResult {
  if (!isObj(v2)) return { ok: false, message: 'HorizontalPodAutoscaler must be an object' };
  return wrap(() => {
    const spec = obj(v2, 'spec') ?? {};
    const status = obj(v2, 'status') ?? {};
    const metrics = objects(arr(spec, 'metrics') ?? []);
    const currentMetrics = objects(arr(status, 'currentMetrics') ?? []);
    const conditions = objects(arr(status, 'conditions') ?? []);
    const cpu = metrics.find(isCPUUtilization);
    let currentCPU: number | undefined;
    for (const m of currentMetrics) {
      const r = obj(m, 'resource');
      if (str(m, 'type') === 'Resource' && r !== undefined && str(r, 'name') === 'cpu')
        currentCPU = int32(obj(r, 'current') ?? {}, 'averageUtilization') ?? currentCPU;
    }
    const out: Obj = { ...v2, apiVersion: 'autoscaling/v1' };
    const meta = metadataWithout(v2['metadata']);
    if (meta === undefined) delete out['metadata'];
    else out['metadata'] = meta;
    out['spec'] = compact([
      ['scaleTargetRef', objectRef(obj(spec, 'scaleTargetRef'))],
      ['minReplicas', int32(spec, 'minReplicas')],
      ['maxReplicas', int32(spec, 'maxReplicas') ?? 0],
      [
        'targetCPUUtilizationPercentage',
        cpu && int32(obj(obj(cpu, 'resource') ?? {}, 'target') ?? {}, 'averageUtilization'),
      ],
    ]);
    out['status'] = compact([
      ['observedGeneration', int64(status, 'observedGeneration')],
      ['lastScaleTime', str(status, 'lastScaleTime')],
      ['currentReplicas', int32(status, 'currentReplicas') ?? 0],
      ['desiredReplicas', int32(status, 'desiredReplicas') ?? 0],
      ['currentCPUUtilizationPercentage', currentCPU],
    ]);
    const others = metrics.filter((m) => !isCPUUtilization(m)).map(specToV1);
    if (others.length > 0) setAnnotation(out, METRIC_SPECS_ANNOTATION, goMarshal(others));
    if (currentMetrics.length > 0)
      setAnnotation(out, METRIC_STATUSES_ANNOTATION, goMarshal(currentMetrics.map(statusToV1)));
    const behavior = obj(spec, 'behavior');
    if (behavior !== undefined) setAnnotation(out, BEHAVIOR_ANNOTATION, goMarshal(behaviorToGo(behavior)));
    if (conditions.length > 0)
      setAnnotation(out, CONDITIONS_ANNOTATION, goMarshal(conditions.map(conditionToV1)));
    return out;
  });
}

/**
 * autoscaling/v1 HorizontalPodAutoscaler → autoscaling/v2, as upstream converts: metrics,
 * current metrics, behavior and conditions come back from the round-trip annotations (only
 * well-formed ones), the cpu target becomes the last metric, and with no metric at all the
 * implicit 80% cpu target is made explicit. The annotations are removed. Pure.
 */
export function hpaV1ToV2(v1: unknown): ConversionResult {
  if (!isObj(v1)) return { ok: false, message: 'HorizontalPodAutoscaler must be an object' };
  return wrap(() => {
    const spec = obj(v1, 'spec') ?? {};
    const status = obj(v1, 'status') ?? {};
    const meta = isObj(v1['metadata']) ? v1['metadata'] : {};
    const annotations = isObj(meta['annotations']) ? meta['annotations'] : {};
    const targetCPU = int32(spec, 'targetCPUUtilizationPercentage');
    const cpuMetric = (target: Obj) => ({ type: 'Resource', resource: { name: 'cpu', target } });
    let metrics: Obj[] =
      targetCPU === undefined ? [] : [cpuMetric({ type: 'Utilization', averageUtilization: targetCPU })];
    const others = listAnnotation(annotations, METRIC_SPECS_ANNOTATION, specFromV1);
    if (others !== undefined) metrics = [...others, ...metrics];
    if (metrics.length === 0)
      metrics = [cpuMetric({ type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION })];
    const currentCPU = int32(status, 'currentCPUUtilizationPercentage');
    let currentMetrics: Obj[] | undefined =
      currentCPU === undefined
        ? undefined
        : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCPU } } }];
    currentMetrics = listAnnotation(annotations, METRIC_STATUSES_ANNOTATION, statusFromV1) ?? currentMetrics;
    const conditions = listAnnotation(annotations, CONDITIONS_ANNOTATION, conditionFromV1);
    const behaviorText = annotations[BEHAVIOR_ANNOTATION];
    const behavior = typeof behaviorText === 'string' ? behaviorFromGo(behaviorText) : undefined;

    const out: Obj = { ...v1, apiVersion: 'autoscaling/v2' };
    const cleaned = metadataWithout(v1['metadata']);
    if (cleaned === undefined) delete out['metadata'];
    else out['metadata'] = cleaned;
    out['spec'] = compact([
      ['scaleTargetRef', objectRef(obj(spec, 'scaleTargetRef'))],
      ['minReplicas', int32(spec, 'minReplicas')],
      ['maxReplicas', int32(spec, 'maxReplicas') ?? 0],
      ['metrics', metrics],
      ['behavior', behavior],
    ]);
    out['status'] = compact([
      ['observedGeneration', int64(status, 'observedGeneration')],
      ['lastScaleTime', str(status, 'lastScaleTime')],
      ['currentReplicas', int32(status, 'currentReplicas') ?? 0],
      ['desiredReplicas', int32(status, 'desiredReplicas') ?? 0],
      [
        'currentMetrics',
        currentMetrics !== undefined && currentMetrics.length > 0 ? currentMetrics : undefined,
      ],
      ['conditions', conditions !== undefined && conditions.length > 0 ? conditions : undefined],
    ]);
    return out;
  });
}

/** Whether a value is a v1 annotation key this conversion owns (useful for tests and filters). */
export function isRoundTripAnnotation(key: string): boolean {
  return ROUND_TRIP.includes(key);
}
