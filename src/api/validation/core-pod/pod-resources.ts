import { type FieldError, type FieldPath, forbidden, invalid } from '../../../apimachinery/field/index.js';
import { type Quantity, QuantityError, quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import type { PodValidationOptions } from './options.js';
import { isHugePageResourceName, validatePodResourceName } from './resource-names.js';
import { validateResourceRequirements } from './resources.js';
import { type Dict, has, isDict, obj } from './shape.js';

type Totals = Map<string, Quantity>;
type Kind = 'limits' | 'requests';

function listOf(d: unknown, kind: Kind): Totals {
  const out: Totals = new Map();
  const res = isDict(d) && isDict(d['resources']) ? d['resources'] : undefined;
  const l = res !== undefined && isDict(res[kind]) ? res[kind] : undefined;
  for (const [k, v] of Object.entries(l ?? {})) {
    try {
      out.set(k, quantityFromJSON(v));
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
    }
  }
  return out;
}

function addInto(total: Totals, more: Totals): void {
  for (const [k, q] of more) {
    const have = total.get(k);
    total.set(k, have === undefined ? q : have.add(q));
  }
}

function maxInto(total: Totals, other: Totals): void {
  for (const [k, q] of other) {
    const have = total.get(k);
    if (have === undefined || q.cmp(have) > 0) total.set(k, q);
  }
}

function ctrList(spec: Dict, key: string): unknown[] {
  return Array.isArray(spec[key]) ? spec[key] : [];
}

/**
 * What the containers need together, as upstream aggregates it: regular and sidecar containers
 * add up; an ordinary init container runs beside the sidecars started before it, and only the
 * largest such moment counts. Pure.
 */
export function aggregateContainers(spec: Dict, kind: Kind): Totals {
  const total: Totals = new Map();
  for (const c of ctrList(spec, 'containers')) addInto(total, listOf(c, kind));
  const sidecars: Totals = new Map();
  const initPeak: Totals = new Map();
  for (const c of ctrList(spec, 'initContainers')) {
    const own = listOf(c, kind);
    let moment: Totals;
    if (isDict(c) && c['restartPolicy'] === 'Always') {
      addInto(total, own);
      addInto(sidecars, own);
      moment = sidecars;
    } else {
      moment = new Map();
      addInto(moment, own);
      addInto(moment, sidecars);
    }
    maxInto(initPeak, moment);
  }
  maxInto(total, initPeak);
  return total;
}

/**
 * Pod-level `spec.resources`: no claims, names pod-level resources support, quantities and
 * requests ≤ limits as for containers, pod requests covering the containers' aggregate, pod
 * hugepage limits covering the containers' aggregate, and no container limit above the pod's.
 * Appends to `errs`.
 */
export function validatePodLevelResources(
  spec: Dict,
  claims: ReadonlySet<string>,
  specPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  const res = obj(spec, 'resources', specPath, errs);
  if (res === undefined) return;
  const fldPath = specPath.child('resources');
  if (has(res, 'claims'))
    errs.push(forbidden(fldPath.child('claims'), 'claims cannot be set for Resources at pod-level'));
  validateResourceRequirements(
    { ...res, claims: undefined },
    validatePodResourceName,
    claims,
    fldPath,
    opts,
    errs,
  );
  const podRequests = listOf(spec, 'requests');
  const podLimits = listOf(spec, 'limits');
  for (const [name, aggr] of aggregateContainers(spec, 'requests')) {
    const req = podRequests.get(name);
    if (req !== undefined && aggr.cmp(req) > 0) {
      errs.push(
        invalid(
          fldPath.child('requests').key(name),
          req.toString(),
          `must be greater than or equal to aggregate container requests of ${aggr.toString()}`,
        ),
      );
    }
  }
  for (const [name, aggr] of aggregateContainers(spec, 'limits')) {
    const limit = podLimits.get(name);
    if (isHugePageResourceName(name) && limit !== undefined && aggr.cmp(limit) > 0) {
      errs.push(
        invalid(
          fldPath.child('limits').key(name),
          limit.toString(),
          `must be greater than or equal to aggregate container limits of ${aggr.toString()}`,
        ),
      );
    }
  }
  ctrList(spec, 'containers').forEach((c, i) => {
    for (const [name, limit] of listOf(c, 'limits')) {
      const podLimit = podLimits.get(name);
      if (podLimit !== undefined && limit.cmp(podLimit) > 0) {
        // Upstream builds this path under the pod-level resources path.
        errs.push(
          invalid(
            fldPath.child('containers').index(i).key(name).child('limits'),
            limit.toString(),
            `must be less than or equal to pod limits of ${podLimit.toString()}`,
          ),
        );
      }
    }
  });
}
