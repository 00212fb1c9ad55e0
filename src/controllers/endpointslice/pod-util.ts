// Pod and Service facts shared by the Endpoints, EndpointSlice and mirroring controllers: which pods
// belong in endpoints, which port a service port targets on a pod, which services a pod change
// concerns.
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { objectKey } from '../../client/informers/keys.js';
import type { Lister } from '../../client/informers/types.js';
import { selectorFromSet } from '../../apimachinery/labels/index.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import { isPodReady, isPodTerminal, podReadyCondition } from '../util/index.js';

/** The lastTransitionTime of the pod's Ready condition, or undefined. Pure. */
export function podReadyTransitionTime(pod: Pod): string | undefined {
  return podReadyCondition(pod)?.lastTransitionTime;
}

/**
 * Whether `pod` belongs in an Endpoints or EndpointSlice object: not terminal (Succeeded/Failed),
 * has an IP, and is not terminating unless `includeTerminating`. Pure.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp != null) return false;
  return true;
}

/** Whether an endpoint of `pod` carries its hostname: hostname set and subdomain = service name. Pure. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return (
    (pod.spec?.hostname ?? '') !== '' &&
    pod.spec?.subdomain === svc.metadata?.name &&
    svc.metadata?.namespace === pod.metadata?.namespace
  );
}

/**
 * The container port `svcPort` targets on `pod`: the number itself, or the port of that name and
 * protocol in the pod's containers or restartable (sidecar) init containers. Undefined when a
 * named port is not found. An absent targetPort (never the case once the API server defaulted it
 * to `port`) means `port`. Pure.
 */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  const proto = svcPort.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === proto) return p.containerPort;
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === proto) return p.containerPort;
  }
  return undefined;
}

/**
 * Whether the service selects pods. An empty selector counts as none: the API omits empty maps,
 * so upstream's controllers never see one.
 */
export function hasSelector(svc: Service): boolean {
  const sel = svc.spec?.selector;
  return sel != null && Object.keys(sel).length > 0;
}

/** Whether the service has a cluster IP (neither headless nor unset). Pure. */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP ?? '';
  return ip !== 'None' && ip !== '';
}

/**
 * How an update of a pod may change endpoints: `podChanged` when its endpoint content may differ
 * (deletion, readiness, IPs), `labelsChanged` when the services it matches may differ (labels,
 * hostname, subdomain). Pure.
 */
export function podEndpointsChanged(
  oldPod: Pod,
  newPod: Pod,
): { podChanged: boolean; labelsChanged: boolean } {
  const labelsChanged =
    !deepEqual(newPod.metadata?.labels ?? {}, oldPod.metadata?.labels ?? {}) ||
    newPod.spec?.hostname !== oldPod.spec?.hostname ||
    newPod.spec?.subdomain !== oldPod.spec?.subdomain;
  if (newPod.metadata?.deletionTimestamp !== oldPod.metadata?.deletionTimestamp)
    return { podChanged: true, labelsChanged };
  if (isPodReady(oldPod) !== isPodReady(newPod)) return { podChanged: true, labelsChanged };
  const oldIPs = oldPod.status?.podIPs ?? [];
  const newIPs = newPod.status?.podIPs ?? [];
  if (oldIPs.length !== newIPs.length) return { podChanged: true, labelsChanged };
  for (let i = 0; i < oldIPs.length; i++)
    if (oldIPs[i]?.ip !== newIPs[i]?.ip) return { podChanged: true, labelsChanged };
  return { podChanged: false, labelsChanged };
}

/**
 * Keys of the services in `pod`'s namespace whose selector matches its labels (services without
 * a selector match nothing). Pure over the lister's content.
 */
export function podServiceMemberships(services: Lister<Service>, pod: Pod): Set<string> {
  const out = new Set<string>();
  const labels = pod.metadata?.labels ?? {};
  for (const svc of services.listNamespace(pod.metadata?.namespace ?? '')) {
    if (!hasSelector(svc)) continue;
    if (selectorFromSet(svc.spec?.selector).matches(labels)) out.add(objectKey(svc));
  }
  return out;
}

/**
 * Keys of the services to resync after a pod update: none when nothing relevant changed; the
 * current memberships when only endpoint content changed; when labels changed, the union of old
 * and new memberships if the content changed too, else only the services it joined or left.
 */
export function servicesToUpdateOnPodChange(
  services: Lister<Service>,
  oldPod: Pod,
  newPod: Pod,
): Set<string> {
  if (newPod.metadata?.resourceVersion === oldPod.metadata?.resourceVersion) return new Set();
  const { podChanged, labelsChanged } = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const now = podServiceMemberships(services, newPod);
  if (!labelsChanged) return now;
  const before = podServiceMemberships(services, oldPod);
  if (podChanged) return new Set([...now, ...before]);
  const out = new Set<string>();
  for (const k of now) if (!before.has(k)) out.add(k);
  for (const k of before) if (!now.has(k)) out.add(k);
  return out;
}
