import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  path,
} from '../../../apimachinery/field/index.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';
import { type Quantity, QuantityError, quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import { validateObjectMetaUpdate } from '../../../apimachinery/validation/index.js';
import type { PodValidationOptions } from './options.js';
import { annotationsOf, mirrorPodAnnotation } from './pod-annotations.js';
import { specOf, validatePodMetadataAndSpec } from './pod.js';
import { normalize, updateOptions } from './pod-update.js';
import { type Dict, isDict } from './shape.js';

function list(d: Dict, key: string): unknown[] {
  return Array.isArray(d[key]) ? d[key] : [];
}

function resourceList(ctr: unknown, kind: 'limits' | 'requests'): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  const res = isDict(ctr) && isDict(ctr['resources']) ? ctr['resources'] : undefined;
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

/**
 * The QoS class upstream computes from container requests and limits (cpu and memory only):
 * BestEffort with none, Guaranteed when every container limits both and requests equal limits,
 * Burstable otherwise. Pure.
 */
export function computePodQOS(spec: Dict): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...list(spec, 'containers'), ...list(spec, 'initContainers')]) {
    for (const [name, q] of resourceList(c, 'requests')) {
      if ((name === 'cpu' || name === 'memory') && q.sign() > 0) {
        const prev = requests.get(name);
        requests.set(name, prev === undefined ? q : prev.add(q));
      }
    }
    const found = new Set<string>();
    for (const [name, q] of resourceList(c, 'limits')) {
      if ((name === 'cpu' || name === 'memory') && q.sign() > 0) {
        found.add(name);
        const prev = limits.get(name);
        limits.set(name, prev === undefined ? q : prev.add(q));
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim === undefined || lim.cmp(req) !== 0) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

function validateContainerResize(n: unknown, o: unknown, fldPath: FieldPath, errs: FieldError[]): void {
  const removed = (kind: 'limits' | 'requests'): boolean => {
    const nl = resourceList(n, kind);
    return [...resourceList(o, kind).keys()].some((k) => !nl.has(k));
  };
  if (removed('requests'))
    errs.push(forbidden(fldPath.child('requests'), 'resource requests cannot be removed'));
  if (removed('limits')) errs.push(forbidden(fldPath.child('limits'), 'resource limits cannot be removed'));
  const policies = isDict(n) && Array.isArray(n['resizePolicy']) ? n['resizePolicy'] : [];
  const mem = policies.find((p: unknown) => isDict(p) && p['resourceName'] === 'memory');
  const memPolicy = isDict(mem) && typeof mem['restartPolicy'] === 'string' ? mem['restartPolicy'] : '';
  if (memPolicy !== 'NotRequired' && memPolicy !== '') return;
  const newLimit = resourceList(n, 'limits').get('memory');
  const oldLimit = resourceList(o, 'limits').get('memory');
  const p = fldPath.child('limits').key('memory');
  if (newLimit !== undefined && oldLimit !== undefined) {
    if (newLimit.cmp(oldLimit) < 0) {
      errs.push(forbidden(p, 'memory limits cannot be decreased unless resizePolicy is RestartContainer'));
    }
  } else if (newLimit !== undefined) {
    errs.push(forbidden(p, 'memory limits cannot be added unless resizePolicy is RestartContainer'));
  }
}

// A container with its cpu and memory taken from the stored one, to see what else changed.
function withoutCPUMemory(c: unknown, old: unknown): unknown {
  if (!isDict(c)) return c;
  const munge = (kind: 'limits' | 'requests'): Dict | undefined => {
    const oldRes = isDict(old) && isDict(old['resources']) ? old['resources'] : {};
    const oldList = isDict(oldRes[kind]) ? oldRes[kind] : undefined;
    if (oldList === undefined) return undefined;
    const res = isDict(c['resources']) ? c['resources'] : {};
    const out: Dict = { ...(isDict(res[kind]) ? res[kind] : {}) };
    delete out['cpu'];
    delete out['memory'];
    for (const k of ['cpu', 'memory']) if (k in oldList) out[k] = oldList[k];
    return out;
  };
  return { ...c, resources: { limits: munge('limits'), requests: munge('requests') } };
}

function isSidecar(c: unknown): boolean {
  return isDict(c) && c['restartPolicy'] === 'Always';
}

function podLevelResourcesSet(spec: Dict): boolean {
  const r = spec['resources'];
  if (!isDict(r)) return false;
  const size = (k: string): number => (isDict(r[k]) ? Object.keys(r[k]).length : 0);
  return size('requests') + size('limits') > 0;
}

/**
 * Upstream's ValidatePodResize (the `resize` subresource): the new pod valid; no pod-level
 * resources, static or windows pods; the QoS class unchanged; resources not removed; memory
 * limits not lowered or added without a RestartContainer policy; and only the cpu and memory of
 * regular and sidecar containers changed. Pure.
 */
export function validatePodResize(
  pod: Dict,
  old: Dict,
  opts: PodValidationOptions = updateOptions(old),
): FieldError[] {
  const errs = validateObjectMetaUpdate(pod['metadata'], old['metadata'], path('metadata'));
  errs.push(...validatePodMetadataAndSpec(pod, opts));
  const n = specOf(pod);
  const o = specOf(old);
  if (podLevelResourcesSet(o) || podLevelResourcesSet(n))
    return [forbidden('', 'pods with pod-level resources cannot be resized')];
  if (mirrorPodAnnotation in annotationsOf(old['metadata']))
    return [forbidden('', 'static pods cannot be resized')];
  if (isDict(o['os']) && o['os']['name'] === 'windows')
    return [forbidden('', 'windows pods cannot be resized')];
  const specPath = path('spec');
  const oldStatus = isDict(old['status']) ? old['status'] : {};
  const oldQOS =
    typeof oldStatus['qosClass'] === 'string' && oldStatus['qosClass'] !== ''
      ? oldStatus['qosClass']
      : computePodQOS(o);
  if (oldQOS !== computePodQOS(n)) {
    const newStatus = isDict(pod['status']) ? pod['status'] : {};
    errs.push(
      invalid(specPath, newStatus['qosClass'] ?? '', 'Pod QOS Class may not change as a result of resizing'),
    );
  }
  const running = list(oldStatus, 'containerStatuses').find(
    (s) => isDict(s) && isDict(s['state']) && isDict(s['state']['running']),
  );
  if (running !== undefined && !isDict((running as Dict)['resources'])) {
    errs.push(forbidden(specPath, 'Pod running on node without support for resize'));
  }
  const nInit = list(n, 'initContainers');
  const oInit = list(o, 'initContainers');
  oInit.forEach((oc, i) => {
    if (isSidecar(oc))
      validateContainerResize(
        nInit[i],
        oc,
        specPath.child('initContainers').index(i).child('resources'),
        errs,
      );
  });
  const nCtrs = list(n, 'containers');
  const oCtrs = list(o, 'containers');
  oCtrs.forEach((oc, i) => {
    validateContainerResize(nCtrs[i], oc, specPath.child('containers').index(i).child('resources'), errs);
  });
  const munged: Dict = { ...n };
  munged['containers'] = nCtrs.map((c, i) => {
    const m = withoutCPUMemory(c, oCtrs[i]);
    if (!deepEqual(normalize(m), normalize(oCtrs[i])))
      errs.push(forbidden(specPath, 'only cpu and memory resources are mutable'));
    return m;
  });
  munged['initContainers'] = nInit.map((c, i) => {
    if (isSidecar(c)) {
      const m = withoutCPUMemory(c, oInit[i]);
      if (!deepEqual(normalize(m), normalize(oInit[i]))) {
        errs.push(forbidden(specPath, 'only cpu and memory resources for sidecar containers are mutable'));
      }
      return m;
    }
    if (!deepEqual(normalize(c), normalize(oInit[i]))) {
      errs.push(forbidden(specPath, 'resources for non-sidecar init containers are immutable'));
    }
    return c;
  });
  if (errs.length > 0) return errs;
  if (!deepEqual(normalize(munged), normalize(o)))
    errs.push(forbidden(specPath, 'only cpu and memory resources are mutable'));
  return errs;
}
