// MetricSpec and MetricStatus between autoscaling/v2 and the autoscaling/v1 shapes kept in
// the round-trip annotations (the field names of the old v2beta1 API). Output objects list
// their keys in Go's struct order so that annotation text matches upstream byte for byte.
import { arr, compact, int32, isObj, type Obj, obj, objects, quantity, ShapeError, str } from './go-json.js';

const ZERO = '0';

/** A LabelSelector in Go's field order; empty parts left out. Throws ShapeError on wrong types. */
export function selector(s: Obj | undefined): Obj | undefined {
  if (s === undefined) return undefined;
  const labels = obj(s, 'matchLabels');
  if (labels !== undefined)
    for (const v of Object.values(labels))
      if (typeof v !== 'string' && v !== null) throw new ShapeError('matchLabels');
  const exprs = objects(arr(s, 'matchExpressions') ?? []).map((e) => {
    const values = arr(e, 'values');
    if (values?.some((v) => typeof v !== 'string')) throw new ShapeError('values');
    return compact([
      ['key', str(e, 'key') ?? ''],
      ['operator', str(e, 'operator') ?? ''],
      ['values', values !== undefined && values.length > 0 ? values : undefined],
    ]);
  });
  return compact([
    ['matchLabels', labels !== undefined && Object.keys(labels).length > 0 ? labels : undefined],
    ['matchExpressions', exprs.length > 0 ? exprs : undefined],
  ]);
}

/** A CrossVersionObjectReference (kind, name, apiVersion). */
export function objectRef(r: Obj | undefined): Obj {
  const ref = r ?? {};
  return compact([
    ['kind', str(ref, 'kind') ?? ''],
    ['name', str(ref, 'name') ?? ''],
    ['apiVersion', str(ref, 'apiVersion')],
  ]);
}

const part = (m: Obj, key: string) => obj(m, key);
const ident = (src: Obj) => obj(src, 'metric') ?? {};

/** v2 MetricSpec → the v1 annotation form. */
export function specToV1(m: Obj): Obj {
  const o = part(m, 'object');
  const p = part(m, 'pods');
  const r = part(m, 'resource');
  const c = part(m, 'containerResource');
  const e = part(m, 'external');
  const target = (src: Obj) => obj(src, 'target') ?? {};
  return compact([
    ['type', str(m, 'type') ?? ''],
    [
      'object',
      o &&
        compact([
          ['target', objectRef(obj(o, 'describedObject'))],
          ['metricName', str(ident(o), 'name') ?? ''],
          ['targetValue', quantity(target(o), 'value') ?? ZERO],
          ['selector', selector(obj(ident(o), 'selector'))],
          ['averageValue', quantity(target(o), 'averageValue')],
        ]),
    ],
    [
      'pods',
      p &&
        compact([
          ['metricName', str(ident(p), 'name') ?? ''],
          ['targetAverageValue', quantity(target(p), 'averageValue') ?? ZERO],
          ['selector', selector(obj(ident(p), 'selector'))],
        ]),
    ],
    [
      'resource',
      r &&
        compact([
          ['name', str(r, 'name') ?? ''],
          ['targetAverageUtilization', int32(target(r), 'averageUtilization')],
          ['targetAverageValue', quantity(target(r), 'averageValue')],
        ]),
    ],
    [
      'containerResource',
      c &&
        compact([
          ['name', str(c, 'name') ?? ''],
          ['targetAverageUtilization', int32(target(c), 'averageUtilization')],
          ['targetAverageValue', quantity(target(c), 'averageValue')],
          ['container', str(c, 'container') ?? ''],
        ]),
    ],
    [
      'external',
      e &&
        compact([
          ['metricName', str(ident(e), 'name') ?? ''],
          ['metricSelector', selector(obj(ident(e), 'selector'))],
          ['targetValue', quantity(target(e), 'value')],
          ['targetAverageValue', quantity(target(e), 'averageValue')],
        ]),
    ],
  ]);
}

const identifier = (name: string | undefined, sel: Obj | undefined) =>
  compact([
    ['name', name ?? ''],
    ['selector', selector(sel)],
  ]);

/** The v1 annotation form → v2 MetricSpec. Throws ShapeError when the JSON does not fit. */
export function specFromV1(m: Obj): Obj {
  const o = part(m, 'object');
  const p = part(m, 'pods');
  const resource = (src: Obj | undefined, container: boolean) => {
    if (src === undefined) return undefined;
    const utilization = int32(src, 'targetAverageUtilization');
    return compact([
      ['name', str(src, 'name') ?? ''],
      ['container', container ? (str(src, 'container') ?? '') : undefined],
      [
        'target',
        compact([
          ['type', utilization === undefined ? 'AverageValue' : 'Utilization'],
          ['averageValue', quantity(src, 'targetAverageValue')],
          ['averageUtilization', utilization],
        ]),
      ],
    ]);
  };
  const e = part(m, 'external');
  return compact([
    ['type', str(m, 'type') ?? ''],
    [
      'object',
      o &&
        compact([
          ['describedObject', objectRef(obj(o, 'target'))],
          [
            'target',
            compact([
              ['type', quantity(o, 'averageValue') === undefined ? 'Value' : 'AverageValue'],
              ['value', quantity(o, 'targetValue') ?? ZERO],
              ['averageValue', quantity(o, 'averageValue')],
            ]),
          ],
          ['metric', identifier(str(o, 'metricName'), obj(o, 'selector'))],
        ]),
    ],
    [
      'pods',
      p && {
        metric: identifier(str(p, 'metricName'), obj(p, 'selector')),
        target: { type: 'AverageValue', averageValue: quantity(p, 'targetAverageValue') ?? ZERO },
      },
    ],
    ['resource', resource(part(m, 'resource'), false)],
    ['containerResource', resource(part(m, 'containerResource'), true)],
    [
      'external',
      e && {
        metric: identifier(str(e, 'metricName'), obj(e, 'metricSelector')),
        target: compact([
          ['type', quantity(e, 'targetValue') === undefined ? 'AverageValue' : 'Value'],
          ['value', quantity(e, 'targetValue')],
          ['averageValue', quantity(e, 'targetAverageValue')],
        ]),
      },
    ],
  ]);
}

/** v2 MetricStatus → the v1 annotation form. */
export function statusToV1(m: Obj): Obj {
  const o = part(m, 'object');
  const p = part(m, 'pods');
  const e = part(m, 'external');
  const current = (src: Obj) => obj(src, 'current') ?? {};
  const resource = (src: Obj | undefined, container: boolean) =>
    src &&
    compact([
      ['name', str(src, 'name') ?? ''],
      ['currentAverageUtilization', int32(current(src), 'averageUtilization')],
      ['currentAverageValue', quantity(current(src), 'averageValue') ?? ZERO],
      ['container', container ? (str(src, 'container') ?? '') : undefined],
    ]);
  return compact([
    ['type', str(m, 'type') ?? ''],
    [
      'object',
      o &&
        compact([
          ['target', objectRef(obj(o, 'describedObject'))],
          ['metricName', str(ident(o), 'name') ?? ''],
          ['currentValue', quantity(current(o), 'value') ?? ZERO],
          ['selector', selector(obj(ident(o), 'selector'))],
          ['averageValue', quantity(current(o), 'averageValue')],
        ]),
    ],
    [
      'pods',
      p &&
        compact([
          ['metricName', str(ident(p), 'name') ?? ''],
          ['currentAverageValue', quantity(current(p), 'averageValue') ?? ZERO],
          ['selector', selector(obj(ident(p), 'selector'))],
        ]),
    ],
    ['resource', resource(part(m, 'resource'), false)],
    ['containerResource', resource(part(m, 'containerResource'), true)],
    [
      'external',
      e &&
        compact([
          ['metricName', str(ident(e), 'name') ?? ''],
          ['metricSelector', selector(obj(ident(e), 'selector'))],
          ['currentValue', quantity(current(e), 'value') ?? ZERO],
          ['currentAverageValue', quantity(current(e), 'averageValue')],
        ]),
    ],
  ]);
}

/** The v1 annotation form → v2 MetricStatus. Throws ShapeError when the JSON does not fit. */
export function statusFromV1(m: Obj): Obj {
  const o = part(m, 'object');
  const p = part(m, 'pods');
  const e = part(m, 'external');
  const resource = (src: Obj | undefined, container: boolean) =>
    src &&
    compact([
      ['name', str(src, 'name') ?? ''],
      ['container', container ? (str(src, 'container') ?? '') : undefined],
      [
        'current',
        compact([
          ['averageValue', quantity(src, 'currentAverageValue') ?? ZERO],
          ['averageUtilization', int32(src, 'currentAverageUtilization')],
        ]),
      ],
    ]);
  return compact([
    ['type', str(m, 'type') ?? ''],
    [
      'object',
      o && {
        metric: identifier(str(o, 'metricName'), obj(o, 'selector')),
        current: compact([
          ['value', quantity(o, 'currentValue') ?? ZERO],
          ['averageValue', quantity(o, 'averageValue')],
        ]),
        describedObject: objectRef(obj(o, 'target')),
      },
    ],
    [
      'pods',
      p && {
        metric: identifier(str(p, 'metricName'), obj(p, 'selector')),
        current: { averageValue: quantity(p, 'currentAverageValue') ?? ZERO },
      },
    ],
    ['resource', resource(part(m, 'resource'), false)],
    ['containerResource', resource(part(m, 'containerResource'), true)],
    [
      'external',
      e && {
        metric: identifier(str(e, 'metricName'), obj(e, 'metricSelector')),
        current: compact([
          ['value', quantity(e, 'currentValue') ?? ZERO],
          ['averageValue', quantity(e, 'currentAverageValue')],
        ]),
      },
    ],
  ]);
}

/** Whether a v2 MetricSpec is a cpu Resource metric with a utilization target. */
export function isCPUUtilization(m: unknown): boolean {
  if (!isObj(m) || m['type'] !== 'Resource' || !isObj(m['resource'])) return false;
  const r = m['resource'];
  return r['name'] === 'cpu' && isObj(r['target']) && typeof r['target']['averageUtilization'] === 'number';
}
