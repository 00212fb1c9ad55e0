import {
  duplicate,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';
import {
  isQualifiedName,
  nameIsDNSSubdomain,
  validateImmutableField,
  validateLabelName,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach, nodeLabelDeprecation } from './common.js';
import { defineKind } from './kind.js';
import { byteLen, quietReader, type Reader } from './shape.js';

const maxParameterCount = 512;
const maxParameterSize = 256 * 1024;

/** A provisioner or driver name: required, then a qualified name once lower-cased. */
function validateProvisioner(value: string, p: FieldPath): ReturnType<typeof invalidEach> {
  if (value === '') return [required(p)];
  return invalidEach(p, value.toLowerCase(), isQualifiedName(value.toLowerCase()));
}

function validateParameters(obj: JsonObject, r: Reader, allowEmpty: boolean): void {
  const p = path('parameters');
  const params = r.strMap(obj, 'parameters', p);
  if (params.length > maxParameterCount) {
    r.errs.push(tooLong(p, '', maxParameterCount));
    return;
  }
  let total = 0;
  for (const [k, v] of params) {
    if (k === '') r.errs.push(invalid(p, k, 'field can not be empty.'));
    total += byteLen(k) + byteLen(v);
  }
  if (total > maxParameterSize) r.errs.push(tooLong(p, '', maxParameterSize));
  if (!allowEmpty && params.length === 0)
    r.errs.push(required(p, 'must contain at least one key/value pair'));
}

// Upstream compares each term's key→values map with every earlier one, starting from a list
// pre-filled with as many empty maps as there are terms; so an empty term reports itself as a
// duplicate once per term. Kept, because it decides which objects are rejected.
function validateAllowedTopologies(obj: JsonObject, r: Reader): void {
  const p = path('allowedTopologies');
  const terms = r.objs(obj, 'allowedTopologies', p);
  if (terms.length === 0) return;
  const seen: Array<Map<string, Set<string>>> = terms.map(() => new Map());
  for (const [term, i] of terms) {
    const tp = p.index(i).child('matchLabelExpressions');
    const exprs = new Map<string, Set<string>>();
    for (const [req, j] of r.objs(term, 'matchLabelExpressions', tp)) {
      const rp = tp.index(j);
      const key = r.str(req, 'key', rp.child('key'));
      const values = r.strs(req, 'values', rp.child('values'));
      const set = new Set<string>();
      if (values.length === 0) r.errs.push(required(rp.child('values')));
      values.forEach((v, k) => {
        if (set.has(v)) r.errs.push(duplicate(rp.child('values').index(k), v));
        set.add(v);
      });
      r.errs.push(...validateLabelName(key, rp.child('key')));
      if (exprs.has(key)) r.errs.push(duplicate(rp.child('key'), key));
      exprs.set(key, set);
    }
    for (const prev of seen) if (sameTermMap(prev, exprs)) r.errs.push(duplicate(tp, ''));
    seen.push(exprs);
  }
}

function sameTermMap(a: Map<string, Set<string>>, b: Map<string, Set<string>>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, va] of a) {
    const vb = b.get(k);
    if (vb === undefined || vb.size !== va.size) return false;
    for (const v of va) if (!vb.has(v)) return false;
  }
  return true;
}

/** storage.k8s.io/v1 StorageClass. */
export const storageClassValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  warnings(obj) {
    const out: string[] = [];
    const q = quietReader();
    for (const [term, i] of q.objs(obj, 'allowedTopologies', path('allowedTopologies'))) {
      for (const [req, j] of q.objs(term, 'matchLabelExpressions', path('m'))) {
        const note = nodeLabelDeprecation(q.str(req, 'key', path('k')));
        const at = path('allowedTopologies').index(i).child('matchLabelExpressions').index(j).child('key');
        if (note !== undefined) out.push(`${at.toString()}: ${note}`);
      }
    }
    return out;
  },
  createOnly(obj, r) {
    r.errs.push(...validateProvisioner(r.str(obj, 'provisioner', path('provisioner')), path('provisioner')));
    validateParameters(obj, r, true);
    const reclaim = r.str(obj, 'reclaimPolicy', path('reclaimPolicy'));
    if (reclaim !== '' && reclaim !== 'Delete' && reclaim !== 'Retain') {
      r.errs.push(notSupported(path('reclaimPolicy'), reclaim, ['Delete', 'Retain']));
    }
    const mode = r.optStr(obj, 'volumeBindingMode', path('volumeBindingMode'));
    if (mode === undefined) r.errs.push(required(path('volumeBindingMode')));
    else if (mode !== 'Immediate' && mode !== 'WaitForFirstConsumer') {
      r.errs.push(notSupported(path('volumeBindingMode'), mode, ['Immediate', 'WaitForFirstConsumer']));
    }
    validateAllowedTopologies(obj, r);
  },
  update(obj, old, r) {
    if (!deepEqual(obj['parameters'] ?? {}, old['parameters'] ?? {})) {
      r.errs.push(forbidden(path('parameters'), 'updates to parameters are forbidden.'));
    }
    if ((obj['provisioner'] ?? '') !== (old['provisioner'] ?? '')) {
      r.errs.push(forbidden(path('provisioner'), 'updates to provisioner are forbidden.'));
    }
    if ((obj['reclaimPolicy'] ?? '') !== (old['reclaimPolicy'] ?? '')) {
      r.errs.push(forbidden(path('reclaimPolicy'), 'updates to reclaimPolicy are forbidden.'));
    }
    r.errs.push(
      ...validateImmutableField(
        obj['volumeBindingMode'] ?? null,
        old['volumeBindingMode'] ?? null,
        path('volumeBindingMode'),
      ),
    );
  },
});

/** storage.k8s.io/v1 VolumeAttributesClass. */
export const volumeAttributesClassValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create(obj, r) {
    r.errs.push(...validateProvisioner(r.str(obj, 'driverName', path('driverName')), path('driverName')));
    validateParameters(obj, r, false);
  },
  update(obj, old, r) {
    if ((obj['driverName'] ?? '') !== (old['driverName'] ?? '')) {
      r.errs.push(forbidden(path('driverName'), 'updates to driverName are forbidden.'));
    }
    if (!deepEqual(obj['parameters'] ?? {}, old['parameters'] ?? {})) {
      r.errs.push(forbidden(path('parameters'), 'updates to parameters are forbidden.'));
    }
  },
});
