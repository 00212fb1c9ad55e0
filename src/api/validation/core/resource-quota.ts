import {
  type FieldError,
  type FieldPath,
  invalid,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { nameIsDNSSubdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { createMeta, updateMeta } from './meta.js';
import {
  isStandardQuotaResourceName,
  validateQuotaResourceName,
  validateResourceQuantityValue,
} from '../resources.js';
import { type Dict, isDict, obj, objList, quiet, resourceList, str, strList, topObj } from './shape.js';

const scopes = new Set([
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
  'VolumeAttributesClass',
]);
const podCount = new Set(['pods']);
const podCompute = new Set([
  'cpu',
  'memory',
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
]);
const pvcResources = new Set(['persistentvolumeclaims', 'requests.storage']);

function scopeValidFor(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return podCount.has(resource) || podCompute.has(resource);
    case 'BestEffort':
      return podCount.has(resource);
    case 'VolumeAttributesClass':
      return pvcResources.has(resource);
    default:
      return true;
  }
}

const conflicting = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
] as const;

function conflicts(set: Set<string>): number {
  return conflicting.filter(([a, b]) => set.has(a) && set.has(b)).length;
}

function validateQuantities(
  d: Dict | undefined,
  key: string,
  parent: FieldPath,
  errs: FieldError[],
): string[] {
  const names: string[] = [];
  for (const [k, q] of resourceList(d, key, parent, errs)) {
    const p = parent.child(key).key(k);
    errs.push(...validateQuotaResourceName(k, p), ...validateResourceQuantityValue(k, q, p));
    names.push(k);
  }
  return names;
}

// Upstream prints its internal ScopeSelector struct, whose JSON uses Go's field names.
function internalSelector(sel: Dict): Dict {
  const exprs = objList(sel, 'matchExpressions', path('spec'), quiet()).map((e) => ({
    ScopeName: str(e, 'scopeName', path('spec'), quiet()),
    Operator: str(e, 'operator', path('spec'), quiet()),
    Values: Array.isArray(e['values']) ? strList(e, 'values', path('spec'), quiet()) : null,
  }));
  return { MatchExpressions: Array.isArray(sel['matchExpressions']) ? exprs : null };
}

function validateSpec(spec: Dict | undefined, errs: FieldError[]): void {
  const sp = path('spec');
  const hard = validateQuantities(spec, 'hard', sp, errs).sort();
  const scopeList = strList(spec, 'scopes', sp, errs);
  if (scopeList.length > 0) {
    const p = sp.child('scopes');
    const set = new Set<string>();
    for (const scope of scopeList) {
      if (!scopes.has(scope)) errs.push(invalid(p, scopeList, 'unsupported scope'));
      for (const k of hard) {
        if (isStandardQuotaResourceName(k) && !scopeValidFor(scope, k)) {
          errs.push(invalid(p, scopeList, 'unsupported scope applied to resource'));
        }
      }
      set.add(scope);
    }
    for (let i = conflicts(set); i > 0; i--) errs.push(invalid(p, scopeList, 'conflicting scopes'));
  }
  const selector = obj(spec, 'scopeSelector', sp, errs);
  if (selector === undefined) return;
  const mp = sp.child('scopeSelector', 'matchExpressions');
  const set = new Set<string>();
  for (const req of objList(selector, 'matchExpressions', sp.child('scopeSelector'), errs)) {
    const scope = str(req, 'scopeName', mp, errs);
    const op = str(req, 'operator', mp, errs);
    const values = strList(req, 'values', mp, errs);
    if (!scopes.has(scope)) errs.push(invalid(mp.child('scopeName'), scope, 'unsupported scope'));
    for (const k of hard) {
      if (isStandardQuotaResourceName(k) && !scopeValidFor(scope, k)) {
        errs.push(invalid(mp, internalSelector(selector), 'unsupported scope applied to resource'));
      }
    }
    if (
      ['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'].includes(
        scope,
      )
    ) {
      if (op !== 'Exists') {
        errs.push(
          invalid(
            mp.child('operator'),
            op,
            "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
          ),
        );
      }
    }
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) {
        errs.push(
          required(
            mp.child('values'),
            "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
          ),
        );
      }
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length !== 0) {
        errs.push(
          invalid(
            mp.child('values'),
            values,
            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
          ),
        );
      }
    } else {
      errs.push(invalid(mp.child('operator'), op, 'not a valid selector operator'));
    }
    set.add(scope);
  }
  // Upstream prints `spec.scopes` here (possibly null) even though the conflict is in the selector.
  const printed = isDict(spec) && Array.isArray(spec['scopes']) ? scopeList : null;
  for (let i = conflicts(set); i > 0; i--) errs.push(invalid(mp, printed, 'conflicting scopes'));
}

function validateStatus(status: Dict | undefined, errs: FieldError[]): void {
  validateQuantities(status, 'hard', path('status'), errs);
  validateQuantities(status, 'used', path('status'), errs);
}

/**
 * Upstream's ValidateResourceQuota: metadata, `spec.hard` names and quantities, scopes known,
 * applicable to the hard resources and not conflicting, the scope selector's expressions, and the
 * status quantities. Pure.
 */
export function validateResourceQuota(rq: JsonObject): FieldError[] {
  const errs = createMeta(rq, true, nameIsDNSSubdomain);
  validateSpec(topObj(rq, 'spec', errs), errs);
  validateStatus(topObj(rq, 'status', errs), errs);
  return errs;
}

/**
 * Upstream's ValidateResourceQuotaUpdate: metadata update rules, the spec rules, and the set of
 * scopes immutable (`field is immutable`). Status is not checked here. Pure.
 */
export function validateResourceQuotaUpdate(rq: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(rq, old);
  const spec = topObj(rq, 'spec', errs);
  validateSpec(spec, errs);
  const newScopes = strList(spec, 'scopes', path('spec'), quiet());
  const oldScopes = strList(topObj(old, 'spec', quiet()), 'scopes', path('spec'), quiet());
  const a = new Set(newScopes);
  const b = new Set(oldScopes);
  if (a.size !== b.size || [...a].some((s) => !b.has(s))) {
    const printed = Array.isArray(spec?.['scopes']) ? newScopes : null;
    errs.push(invalid(path('spec', 'scopes'), printed, 'field is immutable'));
  }
  return errs;
}

/**
 * Upstream's ValidateResourceQuotaStatusUpdate: metadata update rules, resourceVersion set, and
 * the `status.hard` and `status.used` names and quantities. Pure.
 */
export function validateResourceQuotaStatusUpdate(rq: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(rq, old);
  const meta = rq['metadata'];
  if (!isDict(meta) || typeof meta['resourceVersion'] !== 'string' || meta['resourceVersion'] === '') {
    errs.push(required(path('resourceVersion'), ''));
  }
  validateStatus(topObj(rq, 'status', errs), errs);
  return errs;
}
