// Subresources of the in-memory client: status, scale, pods' eviction and binding, namespaces'
// finalize.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import {
  badRequest,
  conflict,
  genericServerResponse,
  OptimisticLockErrorMsg,
  type Status,
} from '../../apimachinery/errors/index.js';
import { labelSelectorAsSelector, selectorFromSet } from '../../apimachinery/labels/index.js';
import type { DeleteOptions, Resource } from '../types.js';
import type { Obj, ObjectTracker } from './fake-tracker.js';

const SCALABLE = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  '/replicationcontrollers',
]);

function unsupported(r: Resource, verb: string, name: string): Error {
  return genericServerResponse(
    { code: 404, verb, resource: { group: r.group, resource: r.resource }, name },
    '404 page not found',
    false,
  );
}

function is(r: Resource, group: string, resource: string): boolean {
  return r.group === group && r.resource === resource;
}

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The autoscaling/v1 Scale of a scalable object, as the API server computes it. */
export function scaleOf(r: Resource, obj: Obj): Record<string, unknown> {
  const spec = record(obj.spec);
  const status = record(obj.status);
  const m = obj.metadata ?? {};
  const selector =
    r.group === ''
      ? selectorFromSet(record(spec.selector) as Record<string, string>).toString()
      : labelSelectorAsSelector(spec.selector as LabelSelector | undefined).toString();
  const scaleStatus: Record<string, unknown> = { replicas: status.replicas ?? 0 };
  if (selector !== '') scaleStatus.selector = selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: scaleStatus,
  };
}

/** GET of a subresource: `status` (the object) or `scale`. */
export function getSubresource(
  t: ObjectTracker,
  r: Resource,
  ns: string,
  name: string,
  sub: string,
): unknown {
  if (sub === 'status') return t.get(r, ns, name);
  if (sub === 'scale' && SCALABLE.has(`${r.group}/${r.resource}`)) return scaleOf(r, t.get(r, ns, name));
  throw unsupported(r, 'GET', name);
}

/** PUT of a subresource: `status`, `scale` (sets spec.replicas) or namespaces' `finalize`. */
export function updateSubresource(
  t: ObjectTracker,
  r: Resource,
  ns: string,
  name: string,
  sub: string,
  body: unknown,
): unknown {
  const b = record(body);
  if (sub === 'status') {
    const obj = { ...(b as Obj), metadata: { ...record(b.metadata), name, namespace: ns } };
    return t.update(r, obj, 'status');
  }
  if (sub === 'scale' && SCALABLE.has(`${r.group}/${r.resource}`)) {
    const current = t.get(r, ns, name);
    const rv = record(b.metadata).resourceVersion;
    if (typeof rv === 'string' && rv !== '' && rv !== current.metadata?.resourceVersion)
      throw conflict({ group: r.group, resource: r.resource }, name, OptimisticLockErrorMsg);
    const replicas = record(b.spec).replicas;
    if (typeof replicas !== 'number') throw badRequest('spec.replicas must be a number');
    current.spec = { ...record(current.spec), replicas };
    return scaleOf(r, t.update(r, current, 'raw'));
  }
  if (sub === 'finalize' && is(r, '', 'namespaces')) {
    const current = t.get(r, ns, name);
    current.spec = { ...record(current.spec), finalizers: record(b.spec).finalizers ?? [] };
    return t.update(r, current, 'raw');
  }
  throw unsupported(r, 'PUT', name);
}

function success(code: number): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
}

/**
 * POST to a subresource: pods' `eviction` (deletes the pod with the eviction's deleteOptions; no
 * PodDisruptionBudget check) and `binding` (sets spec.nodeName and the PodScheduled condition).
 */
export function createSubresource(
  t: ObjectTracker,
  r: Resource,
  ns: string,
  name: string,
  sub: string,
  body: unknown,
): unknown {
  const b = record(body);
  if (is(r, '', 'pods') && sub === 'eviction') {
    t.delete(r, ns, name, record(b.deleteOptions) as DeleteOptions);
    return success(201);
  }
  if (is(r, '', 'pods') && sub === 'binding') {
    const target = record(b.target);
    const node = typeof target.name === 'string' ? target.name : '';
    if (node === '') throw badRequest('target.name must be set');
    const pod = t.get(r, ns, name);
    const spec = record(pod.spec);
    const gr = { group: '', resource: 'pods/binding' };
    if (pod.metadata?.deletionTimestamp !== undefined)
      throw conflict(gr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
    if (typeof spec.nodeName === 'string' && spec.nodeName !== '')
      throw conflict(gr, name, `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
    pod.spec = { ...spec, nodeName: node };
    const status = record(pod.status);
    const conditions = Array.isArray(status.conditions) ? status.conditions.map(record) : [];
    const idx = conditions.findIndex((c) => c.type === 'PodScheduled');
    const now = t.timestamp();
    const cond = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now };
    const prev = idx >= 0 ? conditions[idx] : undefined;
    if (prev === undefined) conditions.push(cond);
    else if (prev.status !== 'True') conditions[idx] = { ...prev, status: 'True', lastTransitionTime: now };
    pod.status = { ...status, conditions };
    t.update(r, pod, 'raw');
    return success(201);
  }
  throw unsupported(r, 'POST', name);
}
