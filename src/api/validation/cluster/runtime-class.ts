import { duplicate, invalid, notSupported, path } from '../../../apimachinery/field/index.js';
import { quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import {
  isDNS1123Label,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateImmutableField,
  validateLabelName,
  validateLabels,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach, nodeLabelDeprecation } from './common.js';
import { defineKind } from './kind.js';
import { isObj, type Reader } from './shape.js';

const containerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);

// Overhead reuses the container resource rules upstream, limits included in the path.
function validateOverhead(obj: JsonObject, r: Reader): void {
  const overhead = r.obj(obj, 'overhead', path('overhead'));
  if (overhead === undefined) return;
  const p = path('overhead', 'limits');
  const fixed = r.obj(overhead, 'podFixed', path('overhead', 'podFixed')) ?? {};
  for (const [name, raw] of Object.entries(fixed)) {
    const rp = p.key(name);
    r.errs.push(...invalidEach(rp, name, isQualifiedName(name)));
    if (!name.includes('/') && !containerResources.has(name) && !name.startsWith('hugepages-')) {
      r.errs.push(invalid(rp, name, 'must be a standard resource for containers'));
    }
    try {
      const q = quantityFromJSON(raw);
      if (q.sign() < 0) r.errs.push(invalid(rp, q.toString(), 'must be greater than or equal to 0'));
    } catch (e) {
      r.errs.push(invalid(rp, raw, e instanceof Error ? e.message : 'invalid quantity'));
    }
  }
}

function validateTolerations(scheduling: JsonObject, r: Reader): void {
  // The list path repeats "tolerations": upstream appends it once more inside the shared check.
  const listPath = path('scheduling', 'tolerations');
  const p = listPath.child('tolerations');
  const seen = new Set<string>();
  for (const [t, i] of r.objs(scheduling, 'tolerations', listPath)) {
    const tp = p.index(i);
    const key = r.str(t, 'key', tp.child('key'));
    const operator = r.str(t, 'operator', tp.child('operator'));
    const value = r.str(t, 'value', tp.child('value'));
    const effect = r.str(t, 'effect', tp.child('effect'));
    const seconds = r.int(t, 'tolerationSeconds', tp.child('tolerationSeconds'));
    if (key !== '') r.errs.push(...validateLabelName(key, tp.child('key')));
    if (key === '' && operator !== 'Exists') {
      r.errs.push(
        invalid(
          tp.child('operator'),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (seconds !== undefined && effect !== 'NoExecute') {
      r.errs.push(
        invalid(tp.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    }
    const goValue = {
      Key: key,
      Operator: operator,
      Value: value,
      Effect: effect,
      TolerationSeconds: seconds ?? null,
    };
    if (operator === 'Equal' || operator === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) r.errs.push(invalid(tp.child('operator'), value, msgs.join(';')));
    } else if (operator === 'Exists') {
      if (value !== '')
        r.errs.push(
          invalid(tp.child('operator'), goValue, "value must be empty when `operator` is 'Exists'"),
        );
    } else {
      r.errs.push(notSupported(tp.child('operator'), operator, ['Equal', 'Exists']));
    }
    if (effect !== '' && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) {
      r.errs.push(notSupported(tp.child('effect'), effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
    }
    const listKey = JSON.stringify([key, operator, value, effect]);
    if (seen.has(listKey)) r.errs.push(duplicate(listPath.index(i), goValue));
    seen.add(listKey);
  }
}

/** node.k8s.io/v1 RuntimeClass. */
export const runtimeClassValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  warnings(obj) {
    const scheduling = isObj(obj['scheduling']) ? obj['scheduling'] : {};
    const selector = isObj(scheduling['nodeSelector']) ? scheduling['nodeSelector'] : {};
    return Object.keys(selector).flatMap((key) => {
      const note = nodeLabelDeprecation(key);
      return note === undefined ? [] : [`scheduling.nodeSelector: ${note}`];
    });
  },
  createOnly(obj, r) {
    const handler = r.str(obj, 'handler', path('handler'));
    r.errs.push(...invalidEach(path('handler'), handler, isDNS1123Label(handler)));
    validateOverhead(obj, r);
    const scheduling = r.obj(obj, 'scheduling', path('scheduling'));
    if (scheduling !== undefined) {
      r.errs.push(...validateLabels(scheduling['nodeSelector'], path('scheduling', 'nodeSelector')));
      validateTolerations(scheduling, r);
    }
  },
  update(obj, old, r) {
    r.errs.push(...validateImmutableField(obj['handler'] ?? '', old['handler'] ?? '', path('handler')));
  },
});
