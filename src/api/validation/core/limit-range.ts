import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { newQuantity, type Quantity } from '../../../apimachinery/quantity/index.js';
import { isQualifiedName, nameIsDNSSubdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { createMeta, updateMeta } from './meta.js';
import { isOvercommitAllowed, validateContainerResourceName, validateResourceName } from '../resources.js';
import { type Dict, objList, resourceList, str, topObj } from './shape.js';

const limitTypes = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

function validateTypeName(value: string, p: FieldPath): FieldError[] {
  const errs = isQualifiedName(value).map((m) => invalid(p, value, m));
  if (errs.length > 0) return errs;
  if (!value.includes('/') && !limitTypes.has(value)) {
    return [invalid(p, value, 'must be a standard limit type or fully qualified')];
  }
  return [];
}

function resourceNameFor(type: string): (value: string, p: FieldPath) => FieldError[] {
  return type === 'Pod' || type === 'Container' ? validateContainerResourceName : validateResourceName;
}

const maxMilli = 2n ** 63n / 1000n;

// The quotient max/min as upstream computes it, printed like Go's %f (six decimals).
function ratioLimit(min: Quantity, max: Quantity, ratio: Quantity): { limit: number; ratio: number } {
  const inMilli = ratio.value() < maxMilli && min.value() < maxMilli && max.value() < maxMilli;
  const minV = inMilli ? min.milliValue() : min.value();
  const maxV = inMilli ? max.milliValue() : max.value();
  const r = inMilli ? Number(ratio.milliValue()) / 1000 : Number(ratio.value());
  return { limit: Number(maxV) / Number(minV), ratio: r };
}

function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  return x.toFixed(6);
}

function validateItem(limit: Dict, p: FieldPath, seenTypes: Set<string>, errs: FieldError[]): void {
  const type = str(limit, 'type', p, errs);
  errs.push(...validateTypeName(type, p.child('type')));
  if (seenTypes.has(type)) errs.push(duplicate(p.child('type'), type));
  seenTypes.add(type);
  const nameRule = resourceNameFor(type);
  const keys = new Set<string>();
  const read = (field: string): Map<string, Quantity> => {
    const m = new Map<string, Quantity>();
    for (const [k, q] of resourceList(limit, field, p, errs)) {
      errs.push(...nameRule(k, p.child(field).key(k)));
      keys.add(k);
      m.set(k, q);
    }
    return m;
  };
  const max = read('max');
  const min = read('min');
  let defaults = new Map<string, Quantity>();
  let defaultRequests = new Map<string, Quantity>();
  if (type === 'Pod') {
    for (const field of ['default', 'defaultRequest']) {
      if (resourceList(limit, field, p, []).length > 0) {
        errs.push(forbidden(p.child(field), "may not be specified when `type` is 'Pod'"));
      }
    }
  } else {
    defaults = read('default');
    defaultRequests = read('defaultRequest');
  }
  if (type === 'PersistentVolumeClaim' && !min.has('storage') && !max.has('storage')) {
    errs.push(
      required(
        p.child('limits'),
        'either minimum or maximum storage value is required, but neither was provided',
      ),
    );
  }
  const ratios = read('maxLimitRequestRatio');
  const one = newQuantity(1, 'DecimalSI');
  for (const k of keys) {
    const [mn, mx, df, dr, ra] = [
      min.get(k),
      max.get(k),
      defaults.get(k),
      defaultRequests.get(k),
      ratios.get(k),
    ];
    const at = (field: string): FieldPath => p.child(field).key(k);
    if (mn && mx && mn.cmp(mx) > 0) {
      errs.push(invalid(at('min'), mn.toString(), `min value ${mn} is greater than max value ${mx}`));
    }
    if (dr && mn && mn.cmp(dr) > 0) {
      errs.push(
        invalid(
          at('defaultRequest'),
          dr.toString(),
          `min value ${mn} is greater than default request value ${dr}`,
        ),
      );
    }
    if (dr && mx && dr.cmp(mx) > 0) {
      errs.push(
        invalid(
          at('defaultRequest'),
          dr.toString(),
          `default request value ${dr} is greater than max value ${mx}`,
        ),
      );
    }
    if (dr && df && dr.cmp(df) > 0) {
      errs.push(
        invalid(
          at('defaultRequest'),
          dr.toString(),
          `default request value ${dr} is greater than default limit value ${df}`,
        ),
      );
    }
    if (df && mn && mn.cmp(df) > 0) {
      errs.push(invalid(at('default'), mn.toString(), `min value ${mn} is greater than default value ${df}`));
    }
    if (df && mx && df.cmp(mx) > 0) {
      errs.push(invalid(at('default'), mx.toString(), `default value ${df} is greater than max value ${mx}`));
    }
    if (ra && ra.cmp(one) < 0) {
      errs.push(invalid(at('maxLimitRequestRatio'), ra.toString(), `ratio ${ra} is less than 1`));
    }
    if (ra && mn && mx) {
      const r = ratioLimit(mn, mx, ra);
      if (r.ratio > r.limit) {
        errs.push(
          invalid(
            at('maxLimitRequestRatio'),
            ra.toString(),
            `ratio ${ra} is greater than max/min = ${goFloat(r.limit)}`,
          ),
        );
      }
    }
    if (!isOvercommitAllowed(k) && df && dr && df.cmp(dr) !== 0) {
      errs.push(
        invalid(
          at('defaultRequest'),
          dr.toString(),
          `default value ${df} must equal to defaultRequest value ${dr} in ${k}`,
        ),
      );
    }
  }
}

/**
 * Upstream's ValidateLimitRange: metadata, and per item a known or qualified type (no repeats),
 * resource names valid for the type, no defaults for `Pod`, a storage bound for
 * `PersistentVolumeClaim`, min ≤ defaultRequest ≤ default ≤ max, ratios ≥ 1 and ≤ max/min, and
 * equal default and defaultRequest for resources that cannot be overcommitted. Pure.
 */
export function validateLimitRange(lr: JsonObject): FieldError[] {
  const errs = createMeta(lr, true, nameIsDNSSubdomain);
  const spec = topObj(lr, 'spec', errs);
  const seen = new Set<string>();
  objList(spec, 'limits', path('spec'), errs).forEach((item, i) => {
    validateItem(item, path('spec', 'limits').index(i), seen, errs);
  });
  return errs;
}

/** LimitRange updates: metadata update rules plus every create rule. Pure. */
export function validateLimitRangeUpdate(lr: JsonObject, old: JsonObject): FieldError[] {
  return [...updateMeta(lr, old), ...validateLimitRange(lr)];
}
